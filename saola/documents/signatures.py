"""The one place where documents meet the signing engine (saola.signing.services).

Leader approval signs the rendered document as a person at the signer's box; issuing fills the
number and date fields in an incremental update (allowed after a signature) and applies the
organisation's signature, whose seal field overlaps the left third of the signer's (Phụ lục I,
II.7.d); attachments in separate files get the organisation's signature with the notation and no
image (II.8). The organisation's signature goes only on a document that already carries the
authorised person's signature (Decree 30/2020, Điều 32–33).

A deployment without the signing engine (`signing_available()` False) keeps unsigned PDFs,
marked `signed=False`, so nobody mistakes them for signed ones.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from saola.core.exceptions import ConflictError, NotFoundError
from saola.core.models import Organization, User
from saola.documents.drafts import SignerBox

REQUIRED = ("add_signature_fields", "fill_text_fields", "sign_as_person", "sign_as_organization")


def _engine() -> ModuleType | None:
    try:
        module = importlib.import_module("saola.signing.services")
    except ImportError:
        return None
    return module if all(callable(getattr(module, name, None)) for name in REQUIRED) else None


def signing_available() -> bool:
    return _engine() is not None


def _no_credential(exc: NotFoundError, holder: str) -> ConflictError:
    # A missing key is a state of the holder, not a missing document: answer 409, not 404.
    return ConflictError(f"{exc.message} ({holder})", extra={"holder": holder})


def sign_approval(
    *, pdf: bytes, box: SignerBox, leader: User, organization: Organization, secret: str
) -> tuple[bytes, bool]:
    """Add the signature fields at the signer's box and sign as the leader; (pdf, signed)."""
    engine = _engine()
    if engine is None:
        return pdf, False
    prepared = engine.add_signature_fields(pdf, signer_box=box.as_tuple(), organization=organization, actor=leader)
    try:
        signed = engine.sign_as_person(prepared, user=leader, secret=secret, reason="Ký duyệt văn bản")
    except NotFoundError as exc:
        raise _no_credential(exc, leader.display_name) from exc
    return signed, True


def sign_issue(
    *,
    pdf: bytes,
    values: dict[str, str],
    organization: Organization,
    secret: str,
    signed_before: bool,
    clerk: User,
) -> tuple[bytes, bool]:
    """Fill number and date, then apply the organisation's signature; (pdf, signed)."""
    engine = _engine()
    if engine is None or not signed_before:
        return pdf, False
    filled = engine.fill_text_fields(pdf, values=values, actor=clerk)
    try:
        signed = engine.sign_as_organization(filled, organization=organization, secret=secret, actor=clerk)
    except NotFoundError as exc:
        raise _no_credential(exc, organization.name) from exc
    return signed, True


def sign_attachment(
    *, pdf: bytes, organization: Organization, secret: str, notation: str, clerk: User
) -> tuple[bytes, bool]:
    engine = _engine()
    if engine is None:
        return pdf, False
    try:
        signed = engine.sign_as_organization(
            pdf, organization=organization, secret=secret, attachment=True, notation=notation, actor=clerk
        )
    except NotFoundError as exc:
        raise _no_credential(exc, organization.name) from exc
    return signed, True
