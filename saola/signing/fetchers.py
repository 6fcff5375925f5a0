"""pyhanko-certvalidator fetchers that answer the platform's own PKI URLs in-process.

Certificates issued by the platform point at CRL, OCSP and issuer URLs under
settings.SAOLA_PUBLIC_URL. Fetching those over HTTP from inside a request would make a sync
gunicorn worker wait on the pool it belongs to (and deadlock with one worker), so they are
answered by `Responder` directly. Any other URL (other authorities' CRLs and OCSP responders)
goes over HTTP with aiohttp and a short timeout (settings.SAOLA_PKI_HTTP_TIMEOUT).

The responder is loaded before pyHanko's event loop starts: Django forbids ORM calls from a
thread running an event loop, and these fetchers run inside it.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable
from typing import TypeAlias
from urllib.parse import urlsplit

from asn1crypto import cms, crl, ocsp, tsp, x509
from cryptography.hazmat.primitives import hashes
from django.conf import settings
from pyhanko.sign.timestamps import TimeStamper
from pyhanko_certvalidator import errors
from pyhanko_certvalidator.authority import Authority
from pyhanko_certvalidator.fetchers import CertificateFetcher, CRLFetcher, FetcherBackend, Fetchers, OCSPFetcher
from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
from pyhanko_certvalidator.fetchers.common_utils import (
    enumerate_delivery_point_urls,
    format_ocsp_request,
    gather_aia_issuer_urls,
    process_ocsp_response_data,
)
from pyhanko_certvalidator.util import get_ocsp_urls, get_relevant_crl_dps, issuer_serial

from saola.signing.exceptions import PKINotReady
from saola.signing.pki.responders import Responder

AnyCert: TypeAlias = x509.Certificate | cms.AttributeCertificateV2


def local_target(url: str) -> tuple[str, str] | None:
    """("crl"|"ocsp"|"ca", slug) when `url` is one of the platform's PKI endpoints, else None."""
    base = urlsplit(settings.SAOLA_PUBLIC_URL)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    prefix = base.path.rstrip("/") + "/pki/"
    if not parts.path.startswith(prefix):
        return None
    segments = parts.path[len(prefix) :].split("/")
    if len(segments) != 2 or not segments[1]:
        return None
    kind, leaf = segments
    if kind == "crl" and leaf.endswith(".crl"):
        return "crl", leaf.removesuffix(".crl")
    if kind == "ca" and leaf.endswith(".crt"):
        return "ca", leaf.removesuffix(".crt")
    if kind == "ocsp":
        return "ocsp", leaf
    return None


class LocalOCSPFetcher(OCSPFetcher):
    def __init__(self, responder: Responder | None, remote: OCSPFetcher) -> None:
        self.responder = responder
        self.remote = remote
        self._results: dict[tuple[object, object], ocsp.OCSPResponse] = {}

    async def fetch(self, cert: AnyCert, authority: Authority) -> ocsp.OCSPResponse:
        targets = [(url, local_target(url)) for url in get_ocsp_urls(cert)]
        local = [(url, target[1]) for url, target in targets if target and target[0] == "ocsp"]
        if not local:
            return await self.remote.fetch(cert, authority)
        tag = (issuer_serial(cert), authority.hashable)
        if tag in self._results:
            return self._results[tag]
        if self.responder is None:
            raise errors.OCSPFetchError("The platform's PKI is not set up")
        url, slug = local[0]
        request = format_ocsp_request(cert, authority, certid_hash_algo="sha256", request_nonces=True)
        try:
            response = process_ocsp_response_data(
                self.responder.ocsp_response(slug, request.dump()), ocsp_request=request, ocsp_url=url
            )
        except errors.OCSPValidationError as exc:
            raise errors.OCSPFetchError(f"OCSP request to {url} failed") from exc
        self._results[tag] = response
        return response

    def fetched_responses(self) -> Iterable[ocsp.OCSPResponse]:
        return {*self._results.values(), *self.remote.fetched_responses()}

    def fetched_responses_for_cert(self, cert: AnyCert) -> Iterable[ocsp.OCSPResponse]:
        target = issuer_serial(cert)
        local = {resp for (subject, _), resp in self._results.items() if subject == target}
        return local | set(self.remote.fetched_responses_for_cert(cert))


class LocalCRLFetcher(CRLFetcher):
    def __init__(self, responder: Responder | None, remote: CRLFetcher) -> None:
        self.responder = responder
        self.remote = remote
        self._by_cert: dict[object, list[crl.CertificateList]] = {}

    async def fetch(self, cert: AnyCert, *, use_deltas: bool | None = True) -> Iterable[crl.CertificateList]:
        urls = [
            url
            for point in get_relevant_crl_dps(cert, use_deltas=bool(use_deltas))
            for url in enumerate_delivery_point_urls(point)
        ]
        slugs = [target[1] for url in urls if (target := local_target(url)) and target[0] == "crl"]
        if not slugs:
            return await self.remote.fetch(cert, use_deltas=use_deltas)
        key = issuer_serial(cert)
        if key not in self._by_cert:
            found = [self.responder.crl_der(slug) for slug in slugs] if self.responder else []
            if not any(found):
                raise errors.CRLFetchError(f"No CRL for {', '.join(slugs)}")
            self._by_cert[key] = [crl.CertificateList.load(data) for data in found if data]
        return self._by_cert[key]

    def fetched_crls(self) -> Iterable[crl.CertificateList]:
        local = {item for items in self._by_cert.values() for item in items}
        return local | set(self.remote.fetched_crls())

    def fetched_crls_for_cert(self, cert: AnyCert) -> Iterable[crl.CertificateList]:
        key = issuer_serial(cert)
        if key in self._by_cert:
            return self._by_cert[key]
        return self.remote.fetched_crls_for_cert(cert)


class LocalCertificateFetcher(CertificateFetcher):
    def __init__(self, responder: Responder | None, remote: CertificateFetcher) -> None:
        self.responder = responder
        self.remote = remote
        self._fetched: dict[str, x509.Certificate] = {}

    def _local(self, urls: Iterable[str]) -> list[x509.Certificate] | None:
        slugs = [target[1] for url in urls if (target := local_target(url)) and target[0] == "ca"]
        if not slugs:
            return None
        certs = []
        for slug in slugs:
            der = self.responder.ca_certificate_der(slug) if self.responder else None
            if der:
                cert = self._fetched.setdefault(slug, x509.Certificate.load(der))
                certs.append(cert)
        return certs

    async def _yield(self, certs: list[x509.Certificate]) -> AsyncGenerator[x509.Certificate, None]:
        for cert in certs:
            yield cert

    def fetch_cert_issuers(self, cert: AnyCert) -> AsyncGenerator[x509.Certificate, None]:
        local = self._local(gather_aia_issuer_urls(cert))
        return self.remote.fetch_cert_issuers(cert) if local is None else self._yield(local)

    def fetch_crl_issuers(self, certificate_list: crl.CertificateList) -> AsyncGenerator[x509.Certificate, None]:
        local = self._local(certificate_list.issuer_cert_urls)
        return self.remote.fetch_crl_issuers(certificate_list) if local is None else self._yield(local)

    def fetched_certs(self) -> Iterable[x509.Certificate]:
        return {*self._fetched.values(), *self.remote.fetched_certs()}


class LocalFetcherBackend(FetcherBackend):
    """Fetchers answering the platform's PKI URLs from `responder`, any other URL over HTTP."""

    def __init__(self, responder: Responder | None, *, timeout: float | None = None) -> None:
        self.responder = responder
        self.remote = AIOHttpFetcherBackend(
            per_request_timeout=timeout if timeout is not None else settings.SAOLA_PKI_HTTP_TIMEOUT
        )

    def get_fetchers(self) -> Fetchers:
        remote = self.remote.get_fetchers()
        return Fetchers(
            ocsp_fetcher=LocalOCSPFetcher(self.responder, remote.ocsp_fetcher),
            crl_fetcher=LocalCRLFetcher(self.responder, remote.crl_fetcher),
            cert_fetcher=LocalCertificateFetcher(self.responder, remote.cert_fetcher),
        )

    async def close(self) -> None:
        await self.remote.close()


class LocalTimeStamper(TimeStamper):
    """The platform's RFC 3161 TSA, called in-process (the same code that answers POST /pki/tsa)."""

    def __init__(self, responder: Responder) -> None:
        if responder.tsa is None:
            raise PKINotReady()
        super().__init__(include_nonce=True)
        self.responder = responder

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return self.responder.timestamp(req)

    async def async_dummy_response(self, md_algorithm: str) -> cms.ContentInfo:
        """pyHanko asks one throw-away token per time-stamper to size the signature and find the TSA's
        certificates; tokens of one TSA certificate all have the same size, so one is kept per process."""
        tsa = self.responder.tsa
        if tsa is None:  # refused in __init__; keeps the type checker informed
            raise PKINotReady()
        key = (tsa.certificate.fingerprint(hashes.SHA256()), md_algorithm)
        cached = _DUMMY_TOKENS.get(key)
        if cached is None:
            cached = _DUMMY_TOKENS[key] = await super().async_dummy_response(md_algorithm)
        elif md_algorithm not in self._dummy_response_cache:
            self._register_dummy(md_algorithm, cached)
        return cached


_DUMMY_TOKENS: dict[tuple[bytes, str], cms.ContentInfo] = {}
