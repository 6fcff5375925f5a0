"""Which roots the platform trusts, and the pyhanko-certvalidator context built from them."""

from __future__ import annotations

import datetime as dt

from asn1crypto import x509 as asn1_x509
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.fetchers import OwnedFetcherBackend

from saola.signing.exceptions import PKINotReady
from saola.signing.fetchers import LocalFetcherBackend
from saola.signing.models import CertificateAuthority, TrustedRoot
from saola.signing.pki.responders import Responder, load_responder


def trusted_root_certificates() -> list[asn1_x509.Certificate]:
    """Enabled TrustedRoot rows plus the platform's own root CA(s)."""
    ders = [bytes(der) for der in TrustedRoot.objects.filter(enabled=True).values_list("certificate_der", flat=True)]
    ders += [
        bytes(der)
        for der in CertificateAuthority.objects.filter(parent__isnull=True).values_list("certificate_der", flat=True)
    ]
    unique = {der: asn1_x509.Certificate.load(der) for der in ders}
    return list(unique.values())


def intermediate_certificates() -> list[asn1_x509.Certificate]:
    """The platform's subordinate CAs, so that chains build without fetching issuers."""
    return [
        asn1_x509.Certificate.load(bytes(der))
        for der in CertificateAuthority.objects.filter(parent__isnull=False).values_list("certificate_der", flat=True)
    ]


def _responder_or_none() -> Responder | None:
    try:
        return load_responder()
    except PKINotReady:
        return None


def validation_context(
    *, for_signing: bool = False, moment: dt.datetime | None = None, responder: Responder | None = None
) -> ValidationContext:
    """A ValidationContext trusting `trusted_root_certificates()`.

    Without `moment`: validation at the current time, fetching revocation data — the platform's
    own CRL/OCSP URLs are answered in-process from `responder` (loaded here if not given), others
    over HTTP. `for_signing=True` is strict (hard-fail: a certificate whose status cannot be
    established is refused); otherwise a failed fetch is tolerated (soft-fail).
    With `moment`: validation at that past time, from the revocation data given to or embedded in
    what is validated; nothing is fetched.

    Reads the database; call it outside any running event loop, then pass the context to pyHanko.
    """
    roots = trusted_root_certificates()
    if moment is not None:
        return ValidationContext(
            trust_roots=roots,
            other_certs=intermediate_certificates(),
            moment=moment,
            allow_fetching=False,
            revocation_mode="hard-fail" if for_signing else "soft-fail",
        )
    backend = LocalFetcherBackend(responder if responder is not None else _responder_or_none())
    return ValidationContext(
        trust_roots=roots,
        other_certs=intermediate_certificates(),
        allow_fetching=True,
        revocation_mode="hard-fail" if for_signing else "soft-fail",
        fetcher_backend=OwnedFetcherBackend(backend),
    )
