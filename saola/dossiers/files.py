"""Checking uploaded papers by their content, not their names."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from saola.core.exceptions import ValidationFailed

# Magic numbers of the accepted formats.
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    content_type: str
    extension: str
    size: int
    sha256: str


def human_size(size: int) -> str:
    """A byte count as people read it, Vietnamese style: "1,5 MB", "800 KB", "12 byte"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            value = f"{size / factor:.1f}".rstrip("0").rstrip(".")
            return f"{value.replace('.', ',')} {unit}"
    return f"{size} byte"


def check_upload(upload: UploadedFile, *, label: str) -> CheckedFile:
    """Accept PDF, JPEG or PNG recognised by content, within the size limit; else ValidationFailed."""
    limit = settings.SAOLA_DOSSIER_FILE_MAX_BYTES
    size = upload.size or 0
    if size > limit:
        raise ValidationFailed(
            f"Tệp “{label}” quá lớn ({human_size(size)}); dung lượng tối đa cho mỗi tệp là {human_size(limit)}.",
            fields={"files": [f"{label}: quá dung lượng cho phép ({human_size(size)}, tối đa {human_size(limit)})"]},
        )
    if size == 0:
        raise ValidationFailed(f"Tệp “{label}” rỗng.", fields={"files": [f"{label}: tệp rỗng"]})
    upload.seek(0)
    head = upload.read(16)
    match = next(((ct, ext) for magic, ct, ext in SIGNATURES if head.startswith(magic)), None)
    if match is None:
        raise ValidationFailed(
            f"Tệp “{label}” không phải PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp).",
            fields={"files": [f"{label}: định dạng không được chấp nhận"]},
        )
    content_type, extension = match
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        upload=upload, content_type=content_type, extension=extension, size=size, sha256=digest.hexdigest()
    )
