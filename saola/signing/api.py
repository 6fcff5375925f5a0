"""The signing API: verification of signed PDFs (public, rate-limited)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from saola.api.errors import error_body
from saola.api.schemas import ErrorOut
from saola.core.exceptions import ErrorCode
from saola.signing.schemas import VerificationOut
from saola.signing.verify import verify_pdf
from saola.signing.verify.http import FILE_FIELD, ensure_request_size, rate_limited, rate_message, read_upload

router = Router(tags=["signing"])

_VERIFY_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": [FILE_FIELD],
                    "properties": {
                        FILE_FIELD: {"type": "string", "format": "binary", "description": "Tệp PDF đã ký số"}
                    },
                }
            }
        },
    }
}


@router.post(
    "/signatures/verify",
    response={200: VerificationOut, 400: ErrorOut, 413: ErrorOut, 429: ErrorOut},
    auth=None,
    openapi_extra=_VERIFY_BODY,
    summary="Kiểm tra chữ ký số trên tệp PDF",
)
def verify_signatures(request: HttpRequest, response: HttpResponse) -> dict[str, Any] | Status[Any]:
    """Verify every signature of an uploaded PDF (multipart field `file`); nothing is stored.

    `valid` is true only when the file has at least one signature and every signature is intact,
    trusted, not revoked at signing time, and the document was not changed after signing beyond
    form filling, further signatures and long-term validation data. A file that cannot be checked
    (not a PDF, damaged, encrypted) is a 400 with `details.reason`; a file larger than
    SAOLA_VERIFY_MAX_BYTES a 413, refused before it is read. Limited per client address
    (SAOLA_VERIFY_RATE_LIMIT)."""
    ensure_request_size(request)
    refused = rate_limited(request)
    if refused is not None:
        response["Retry-After"] = str(refused.retry_after)
        details = {"retry_after": refused.retry_after}
        return Status(429, error_body(ErrorCode.RATE_LIMITED, rate_message(refused.retry_after), details))
    data, _name = read_upload(request)
    return verify_pdf(data=data).as_dict()
