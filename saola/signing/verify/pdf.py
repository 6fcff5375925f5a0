"""The verification report as a PDF (WeasyPrint): A4, Liberation Serif, Vietnamese throughout."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from saola.signing.verify.report import VerificationReport
from saola.signing.verify.service import human_size


def report_pdf(*, report: VerificationReport, file_name: str) -> bytes:
    """The report as PDF bytes; the file's SHA-256 ties it to the one file that was checked."""
    # Imported here: WeasyPrint loads Pango at import, and only this download needs it.
    from weasyprint import HTML

    html = render_to_string(
        "signing/verify_report_pdf.html",
        {
            "report": report,
            "file_name": file_name,
            "size": human_size(report.size),
            "printed_at": timezone.now(),
            "portal_owner": settings.SAOLA_PORTAL_OWNER,
        },
    )
    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return pdf


def report_file_name(report: VerificationReport) -> str:
    return f"ket-qua-kiem-tra-chu-ky-{report.sha256[:12]}.pdf"
