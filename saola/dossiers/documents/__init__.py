"""Documents the one-stop system issues to applicants, as PDF (forms of the one-stop circular)."""

from saola.dossiers.documents.render import lookup_url
from saola.dossiers.documents.slips import (
    apology_of,
    apology_pdf,
    control_slip_pdf,
    has_receipt,
    receipt_pdf,
    refusal_pdf,
    stop_notice_pdf,
    supplement_request_of,
    supplement_request_pdf,
)

__all__ = [
    "apology_of",
    "apology_pdf",
    "control_slip_pdf",
    "has_receipt",
    "lookup_url",
    "receipt_pdf",
    "refusal_pdf",
    "stop_notice_pdf",
    "supplement_request_of",
    "supplement_request_pdf",
]
