"""What the page and the API share around an upload to verify: size first, rate, then the file.

A request's declared size (Content-Length) is judged before anything reads its body, so a
500 MB upload is refused with 413 without being spooled anywhere; the file's own size is
checked again once parsed. Both entry points share one rate budget per client address.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from saola.core.ratelimit import RateDecision, client_address, parse_rate, rate_limit_hit
from saola.signing.verify.errors import UnverifiableFile
from saola.signing.verify.service import ensure_verifiable_size

DEFAULT_RATE = "30/m"
RATE_SCOPE = "signature-verify"
FILE_FIELD = "file"
# Room for the multipart envelope and the form's other fields around the file itself.
_ENVELOPE_BYTES = 64 * 1024


def ensure_request_size(request: HttpRequest) -> None:
    """FileTooLarge (413) when the declared body exceeds the file limit plus the envelope."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    ensure_verifiable_size(length, allowance=_ENVELOPE_BYTES)


def rate_limited(request: HttpRequest) -> RateDecision | None:
    """The refusal when this client has used up its verifications (SAOLA_VERIFY_RATE_LIMIT)."""
    rate = parse_rate(getattr(settings, "SAOLA_VERIFY_RATE_LIMIT", DEFAULT_RATE))
    if rate is None:
        return None
    decision = rate_limit_hit(scope=RATE_SCOPE, key=client_address(request), rate=rate)
    return None if decision.allowed else decision


def read_upload(request: HttpRequest) -> tuple[bytes, str]:
    """The uploaded file's bytes and name, size-checked before they are read."""
    try:
        upload = request.FILES.get(FILE_FIELD)
    except (RequestDataTooBig, MultiPartParserError, SuspiciousOperation) as exc:
        raise UnverifiableFile(_("Không đọc được dữ liệu gửi lên."), reason="bad_request") from exc
    if not isinstance(upload, UploadedFile):
        raise UnverifiableFile(_("Hãy chọn tệp PDF cần kiểm tra."), reason="missing")
    ensure_verifiable_size(upload.size or 0)
    upload.seek(0)
    return upload.read(), upload.name or ""


def rate_message(retry_after: int) -> str:
    return _("Bạn đã kiểm tra quá nhiều tệp trong thời gian ngắn; vui lòng thử lại sau %(n)s giây.") % {
        "n": retry_after
    }
