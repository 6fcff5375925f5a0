"""Verification of signed PDFs: the service, its report, and the errors for unverifiable files."""

from saola.signing.verify.errors import FileTooLarge, UnverifiableFile
from saola.signing.verify.report import SignatureReport, VerificationReport, report_from_token, report_token
from saola.signing.verify.service import ensure_verifiable_size, verify_max_bytes, verify_pdf, verify_pdf_file

__all__ = [
    "FileTooLarge",
    "SignatureReport",
    "UnverifiableFile",
    "VerificationReport",
    "ensure_verifiable_size",
    "report_from_token",
    "report_token",
    "verify_max_bytes",
    "verify_pdf",
    "verify_pdf_file",
]
