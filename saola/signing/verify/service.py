"""Verifying the signatures of a PDF: `verify_pdf(data=...)` → VerificationReport.

Reads nothing it has not checked: the size is judged before the bytes are read (callers with a
file or an upload call `ensure_verifiable_size` first), then the magic bytes, then the parse.
A file that cannot be verified at all raises UnverifiableFile with a Vietnamese message; every
other outcome, however bad, is a report whose `valid` is False. Nothing is written anywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko_certvalidator import ValidationContext

from saola.signing.verify.checks import READ_ERRORS, ContextFactory, check_signature
from saola.signing.verify.errors import FileTooLarge, UnverifiableFile
from saola.signing.verify.report import VerificationReport

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Each signature costs a validation with revocation look-ups: a file made of thousands of
# signatures must not hold a web worker for minutes. Real documents carry a handful.
MAX_SIGNATURES = 50
# ISO 32000 puts the header first; readers accept it within the first KB (junk before it).
_HEADER_WINDOW = 1024


def verify_max_bytes() -> int:
    """The largest file the platform verifies (setting SAOLA_VERIFY_MAX_BYTES)."""
    return int(getattr(settings, "SAOLA_VERIFY_MAX_BYTES", DEFAULT_MAX_BYTES))


def human_size(size: int) -> str:
    """ "1,5 MB", "800 KB", "12 byte": a byte count as people read it, Vietnamese style."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = f"{size / factor:.1f}".rstrip("0").rstrip(".")
            return f"{value.replace('.', ',')} {unit}"
    return f"{size} byte"


def ensure_verifiable_size(size: int, *, allowance: int = 0) -> None:
    """Raise FileTooLarge for a file larger than the limit, before anything reads it; a request
    may exceed the limit by `allowance` bytes (its envelope around the file)."""
    limit = verify_max_bytes()
    if size - allowance > limit:
        raise FileTooLarge(
            _("Tệp quá lớn (%(size)s); chỉ kiểm tra được tệp PDF tối đa %(limit)s.")
            % {"size": human_size(size), "limit": human_size(limit)}
        )


def verify_pdf(
    *, data: bytes, contexts: ContextFactory | None = None, now: dt.datetime | None = None
) -> VerificationReport:
    """Verify every signature of the PDF in `data`.

    `contexts` builds the certificate validation context for a moment (None: now); by default
    the platform's trust list (saola.signing.trust). Raises UnverifiableFile (400) for empty,
    non-PDF, damaged or encrypted input and FileTooLarge (413) past SAOLA_VERIFY_MAX_BYTES.
    """
    ensure_verifiable_size(len(data))
    moment = (now or timezone.now()).replace(microsecond=0)
    reader = _open(data)
    try:
        embedded = [sig for sig in reader.embedded_signatures if sig.sig_object_type == "/Sig"]
    except READ_ERRORS as exc:
        raise _damaged() from exc
    if len(embedded) > MAX_SIGNATURES:
        raise UnverifiableFile(
            _("Tệp có %(n)s chữ ký số; chỉ kiểm tra được tệp có tối đa %(max)s chữ ký.")
            % {"n": len(embedded), "max": MAX_SIGNATURES},
            reason="too_many_signatures",
        )
    factory = contexts or _platform_contexts()
    signatures = tuple(check_signature(sig, contexts=factory, now=moment) for sig in embedded)
    problems = () if signatures else (_("Tệp PDF không có chữ ký số nào"),)
    return VerificationReport(
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        verified_at=moment,
        signatures=signatures,
        problems=problems,
    )


def verify_pdf_file(
    *, path: Path, contexts: ContextFactory | None = None, now: dt.datetime | None = None
) -> VerificationReport:
    """`verify_pdf` on a file, refused by its size before it is read. OSError when unreadable."""
    ensure_verifiable_size(path.stat().st_size)
    with path.open("rb") as fh:
        # Read at most one byte past the limit: the file may have grown since stat().
        data = fh.read(verify_max_bytes() + 1)
    return verify_pdf(data=data, contexts=contexts, now=now)


def _open(data: bytes) -> PdfFileReader:
    if not data:
        raise UnverifiableFile(_("Tệp rỗng, không có nội dung để kiểm tra"), reason="empty")
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise UnverifiableFile(_("Tệp không phải là tệp PDF"), reason="not_pdf")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True)
        encrypted = reader.encrypted
    except READ_ERRORS as exc:
        raise _damaged() from exc
    if encrypted:
        raise UnverifiableFile(_("Tệp PDF được mã hoá, không kiểm tra được"), reason="encrypted")
    return reader


def _damaged() -> UnverifiableFile:
    return UnverifiableFile(_("Tệp PDF bị hỏng hoặc sai cấu trúc, không đọc được"), reason="unreadable")


def _platform_contexts() -> ContextFactory:
    """Contexts on the platform's trust list (saola.signing.trust), its OCSP/CRL responder loaded
    at the first signature and then shared by every context of this verification.

    Now: `trust.validation_context`, revocation data fetched (the platform's own URLs answered
    in-process). At a past moment (a trusted timestamp's time): the same trust list with today's
    revocation data read as valid back then (`retroactive_revinfo`), so a revocation dated
    before that moment counts and a later one does not. `trust.validation_context(moment=...)`
    fetches nothing, which would leave a certificate that has expired since unchecked.
    """
    # Imported here: the trust list and the responder read the database, and this module is
    # imported at startup.
    from pyhanko_certvalidator.fetchers import OwnedFetcherBackend

    from saola.signing import trust
    from saola.signing.exceptions import PKINotReady
    from saola.signing.fetchers import LocalFetcherBackend
    from saola.signing.pki.responders import Responder, load_responder

    loaded: list[Responder | None] = []

    def build(moment: dt.datetime | None) -> ValidationContext:
        if not loaded:
            try:
                loaded.append(load_responder())
            except PKINotReady:
                loaded.append(None)
        if moment is None:
            return trust.validation_context(for_signing=False, responder=loaded[0])
        return ValidationContext(
            trust_roots=trust.trusted_root_certificates(),
            other_certs=trust.intermediate_certificates(),
            moment=moment,
            allow_fetching=True,
            retroactive_revinfo=True,
            revocation_mode="soft-fail",
            fetcher_backend=OwnedFetcherBackend(LocalFetcherBackend(loaded[0])),
        )

    return build
