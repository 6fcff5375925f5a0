"""One embedded signature → a SignatureReport: integrity, trust at the signing time, coverage.

The certificate is first validated now, with revocation data fetched from its authority. When
the signature carries an RFC 3161 timestamp that itself validates, that is the trustworthy
signing time: a revocation dated after it does not count, and a certificate that failed now
(expired, or revoked later) is validated again at that time. Without a valid timestamp the time
the signer's computer wrote into the signature proves nothing, so the verdict of now stands —
what Adobe's validator does with its default setting ("secure time embedded in the signature").
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable

from asn1crypto import cms, tsp, x509
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    KeyUsageConstraints,
    PdfSignatureStatus,
    validate_pdf_signature,
)
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from saola.signing.verify.report import SignatureReport

# Builds a fresh validation context (contexts cache revocation data and own their fetchers, so
# one is never reused across validations); `moment` None means now.
ContextFactory = Callable[[dt.datetime | None], ValidationContext]

# After the signed revision, a document may only gain form values, more signatures and
# long-term validation data (DSS, document timestamps) without counting as changed.
ALLOWED_AFTER_SIGNING = ModificationLevel.FORM_FILLING

# pyHanko's structure and validation errors, and what a damaged PDF, CMS or certificate makes
# pyHanko, zlib, asn1crypto and cryptography raise while decoding it. Found by feeding randomly
# damaged signed files to verify_pdf (tests/signing/test_verify_service.py does it on every run).
READ_ERRORS = (
    PdfError,
    SignatureValidationError,
    zlib.error,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    NotImplementedError,
    RecursionError,
    ArithmeticError,  # decimal.InvalidOperation from a damaged number
    AssertionError,  # pyHanko's reader asserts on the structure of what it reads
)

# pyHanko requires nonRepudiation by default; a signing certificate with digitalSignature only
# signs documents just as well (RFC 5280 §4.2.1.3), and Adobe Reader accepts either.
SIGNER_KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})

_SELF_SIGNED = {"yes", "maybe"}


def doc_changed() -> str:
    return _("Văn bản đã bị thay đổi sau khi ký")


def check_signature(embedded: EmbeddedPdfSignature, *, contexts: ContextFactory, now: dt.datetime) -> SignatureReport:
    """Validate one /Sig signature; a damaged one is reported as such, never raised."""
    try:
        cert = embedded.signer_cert
        ts_time = timestamp_time(embedded.signer_info)
    except READ_ERRORS:
        return _unreadable(embedded)
    try:
        status = _validate(embedded, contexts=contexts, moment=None)
        timestamp_ok = ts_time is None or _timestamp_trusted(status)
        trusted_time = ts_time if timestamp_ok else None
        revocation = status.revocation_details
        revoked_later = (
            revocation is not None and trusted_time is not None and revocation.revocation_date > trusted_time
        )
        if trusted_time is not None and not status.trusted and (revocation is None or revoked_later):
            # The certificate's trouble may have begun after the trusted signing time.
            status = _validate(embedded, contexts=contexts, moment=trusted_time)
    except READ_ERRORS:
        return _unreadable(embedded, cert=cert)
    signed_at = ts_time or status.signer_reported_dt
    problems = _problems(status, cert=cert, signed_at=signed_at, trusted_time=trusted_time, now=now)
    if not timestamp_ok:
        problems.append(_("Dấu thời gian của chữ ký không hợp lệ hoặc không do tổ chức tin cậy cấp"))
    level = status.modification_level
    return SignatureReport(
        field_name=str(embedded.field_name),
        signer=_common_name(cert),
        organization=_attribute(cert, "organization_name"),
        signed_at=signed_at,
        timestamped=ts_time is not None,
        trusted=status.trusted,
        revoked=status.revoked,
        revoked_at=status.revocation_details.revocation_date if status.revocation_details else None,
        intact=status.intact and status.valid,
        covers_whole_document=covers_whole_document(status),
        modification_level=level.name.lower() if level is not None else None,
        issuer=_common_name(cert, issuer=True),
        serial_number=format(cert.serial_number, "X"),
        certificate_valid_from=cert.not_valid_before,
        certificate_valid_until=cert.not_valid_after,
        problems=tuple(dict.fromkeys(problems)),
    )


def covers_whole_document(status: PdfSignatureStatus) -> bool:
    """The whole file is signed, or its signed revision was followed only by allowed updates."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return False
    level = status.modification_level
    return level is not None and level <= ALLOWED_AFTER_SIGNING and status.docmdp_ok is not False


def timestamp_time(signer_info: cms.SignerInfo) -> dt.datetime | None:
    """The time in the signature's timestamp token (unsigned attribute), if it carries one."""
    attrs = signer_info["unsigned_attrs"]
    if not attrs:
        return None
    for attr in attrs:
        if attr["type"].native != "signature_time_stamp_token":
            continue
        for token in attr["values"]:
            info = token["content"]["encap_content_info"]["content"].parsed
            if not isinstance(info, tsp.TSTInfo):
                raise TypeError("timestamp token without TSTInfo")
            gen_time: dt.datetime = info["gen_time"].native
            return gen_time
    return None


def _validate(
    embedded: EmbeddedPdfSignature, *, contexts: ContextFactory, moment: dt.datetime | None
) -> PdfSignatureStatus:
    """pyHanko's validation with the certificate judged at `moment` and the timestamp now."""
    now_context = contexts(None)
    signer_context = now_context if moment is None else contexts(moment)
    return validate_pdf_signature(
        embedded,
        signer_validation_context=signer_context,
        ts_validation_context=now_context,
        key_usage_settings=SIGNER_KEY_USAGE,
    )


def _timestamp_trusted(status: PdfSignatureStatus) -> bool:
    ts = status.timestamp_validity
    return ts is not None and ts.intact and ts.valid and ts.trusted


def _problems(
    status: PdfSignatureStatus,
    *,
    cert: x509.Certificate,
    signed_at: dt.datetime | None,
    trusted_time: dt.datetime | None,
    now: dt.datetime,
) -> list[str]:
    problems: list[str] = []
    if not status.intact or not covers_whole_document(status):
        problems.append(doc_changed())
    elif not status.valid:
        problems.append(_("Giá trị chữ ký số không khớp với chứng thư số của người ký"))
    if status.revocation_details is not None:
        if status.revocation_details.ca_revoked:
            problems.append(_("Chứng thư số của tổ chức cấp đã bị thu hồi"))
        else:
            problems.append(_("Chứng thư số đã bị thu hồi"))
    if not status.trusted and status.revocation_details is None:
        problems.extend(_trust_problems(status, cert=cert, signed_at=signed_at, trusted_time=trusted_time, now=now))
    return problems


def _trust_problems(
    status: PdfSignatureStatus,
    *,
    cert: x509.Certificate,
    signed_at: dt.datetime | None,
    trusted_time: dt.datetime | None,
    now: dt.datetime,
) -> list[str]:
    if not status.intact or not status.valid:
        return []  # the chain is not examined when the signature itself is broken
    indic = status.trust_problem_indic
    when = trusted_time or signed_at or now
    if _is_self_signed_leaf(status, cert):
        return [_("Chứng thư số tự ký")]
    if when > cert.not_valid_after:
        return [_("Chứng thư số đã hết hạn tại thời điểm ký")]
    if when < cert.not_valid_before:
        return [_("Chứng thư số chưa có hiệu lực tại thời điểm ký")]
    if trusted_time is None and now > cert.not_valid_after:
        return [
            _(
                "Chứng thư số đã hết hạn; chữ ký không có dấu thời gian tin cậy nên không chứng minh được "
                "đã ký khi chứng thư số còn hiệu lực"
            )
        ]
    if indic == AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND:
        return [_("Chứng thư số không do tổ chức tin cậy cấp")]
    if indic == AdESIndeterminate.TRY_LATER:
        return [_("Không lấy được thông tin thu hồi mới của chứng thư số; hãy kiểm tra lại sau")]
    if indic in (AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE, AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE):
        return [_("Chữ ký dùng thuật toán không còn được chấp nhận")]
    if indic == AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE:
        return [_("Chứng thư số không được phép dùng để ký văn bản hoặc chuỗi chứng thư không hợp lệ")]
    return [_("Không xác minh được chuỗi chứng thư số hoặc tình trạng thu hồi của chứng thư số")]


def _is_self_signed_leaf(status: PdfSignatureStatus, cert: x509.Certificate) -> bool:
    # A self-signed certificate that is not itself a trust anchor never gets a validation path.
    return cert.self_signed in _SELF_SIGNED and not status.trusted


def _unreadable(embedded: EmbeddedPdfSignature, *, cert: x509.Certificate | None = None) -> SignatureReport:
    return SignatureReport(
        field_name=str(embedded.field_name),
        signer=_common_name(cert) if cert is not None else "",
        organization=_attribute(cert, "organization_name") if cert is not None else None,
        signed_at=None,
        timestamped=False,
        trusted=False,
        revoked=False,
        revoked_at=None,
        intact=False,
        covers_whole_document=False,
        modification_level=None,
        issuer=_common_name(cert, issuer=True) if cert is not None else None,
        serial_number=format(cert.serial_number, "X") if cert is not None else None,
        certificate_valid_from=cert.not_valid_before if cert is not None else None,
        certificate_valid_until=cert.not_valid_after if cert is not None else None,
        problems=(_("Chữ ký số bị hỏng hoặc không đúng định dạng, không kiểm tra được"),),
    )


def _attribute(cert: x509.Certificate, name: str, *, issuer: bool = False) -> str | None:
    subject = cert.issuer if issuer else cert.subject
    value = subject.native.get(name)
    if isinstance(value, list):  # a name may repeat an attribute
        value = value[-1] if value else None
    return str(value) if value else None


def _common_name(cert: x509.Certificate, *, issuer: bool = False) -> str:
    return _attribute(cert, "common_name", issuer=issuer) or (cert.issuer if issuer else cert.subject).human_friendly
