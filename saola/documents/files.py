"""Files of documents: checked by content (never by name), stored privately, text extracted.

Accepted: PDF, JPEG, PNG, and Word (DOCX) drafts. Text is extracted from PDFs with pypdf for
full-text search; a damaged PDF is still stored (it may be a scan) but contributes no text.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from saola.core.exceptions import ValidationFailed
from saola.core.models import User
from saola.documents.models import Attachment, Document

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", PDF, "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"PK\x03\x04", DOCX, "docx"),
)
MAX_TEXT_CHARS = 200_000
MAX_PDF_PAGES = 200


@dataclass(frozen=True)
class CheckedUpload:
    content: bytes
    name: str
    content_type: str
    extension: str
    sha256: str


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def check_upload(upload: UploadedFile | File[bytes]) -> CheckedUpload:
    """Refuse empty, oversized or unrecognised files with a Vietnamese message (400)."""
    label = str(upload.name or _("tệp"))
    limit = int(getattr(settings, "SAOLA_DOCUMENT_FILE_MAX_BYTES", 20 * 1024 * 1024))
    size = upload.size or 0
    if size > limit:
        raise ValidationFailed(
            fields={
                "files": [
                    _("%(label)s: quá dung lượng cho phép (%(size)s MB, tối đa %(limit)s MB).")
                    % {"label": label, "size": _megabytes(size), "limit": _megabytes(limit)}
                ]
            }
        )
    upload.seek(0)
    content = upload.read()
    if not content:
        raise ValidationFailed(fields={"files": [_("%(label)s: tệp rỗng.") % {"label": label}]})
    match = next(((ct, ext) for magic, ct, ext in SIGNATURES if content.startswith(magic)), None)
    if match is None or (match[0] == DOCX and not _is_docx(content)):
        raise ValidationFailed(
            fields={
                "files": [
                    _("%(label)s: chỉ nhận PDF, DOCX, JPEG hoặc PNG (kiểm tra theo nội dung tệp).") % {"label": label}
                ]
            }
        )
    return CheckedUpload(
        content=content,
        name=label[:255],
        content_type=match[0],
        extension=match[1],
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _is_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def extract_text(content: bytes, content_type: str) -> str:
    """The text layer of a PDF (first MAX_PDF_PAGES pages); "" for other formats or damaged files."""
    if content_type != PDF:
        return ""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        parts: list[str] = []
        for page in reader.pages[:MAX_PDF_PAGES]:
            parts.append(page.extract_text() or "")
            if sum(len(p) for p in parts) > MAX_TEXT_CHARS:
                break
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        logger.info("no text extracted from an attached PDF: %s", exc)
        return ""
    return " ".join(" ".join(parts).split())[:MAX_TEXT_CHARS]


def store_attachment(
    *, document: Document, checked: CheckedUpload, kind: str, actor: User | None, signed: bool = False
) -> Attachment:
    """Save a checked file as an attachment of `document` (caller re-indexes the document)."""
    row = Attachment(
        document=document,
        kind=kind,
        name=checked.name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
        extracted_text=extract_text(checked.content, checked.content_type),
        signed=signed,
        uploaded_by=actor if actor is not None and actor.pk else None,
    )
    row.file.save(f"{checked.sha256[:16]}.{checked.extension}", ContentFile(checked.content), save=False)
    row.save()
    return row


def pdf_upload(content: bytes, name: str) -> CheckedUpload:
    """A PDF produced by the platform itself (rendered draft, signed copy), as a checked upload."""
    return CheckedUpload(
        content=content, name=name, content_type=PDF, extension="pdf", sha256=hashlib.sha256(content).hexdigest()
    )
