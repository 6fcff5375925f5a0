"""Signing PDFs (PAdES baseline B-LT with pyHanko) and preparing their signature and text fields.

Every signature is an approval signature (no DocMDP certification), time-stamped by the
platform's own TSA (B-T) and followed by a DSS revision holding the certificates, OCSP
responses and CRLs that validate it (B-LT). The platform's CRL/OCSP/TSA URLs are answered
in-process (see fetchers.py). Decree 30/2020/NĐ-CP fixes the layout, see appearance.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Mapping
from typing import cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.generic import ArrayObject, DictionaryObject, Reference
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields as sig_fields
from pyhanko.sign import signers
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.signers.pdf_byterange import SigSeedSubFilter
from pyhanko.stamp import BaseStampStyle
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, RevokedError

from saola.core.audit import audit_record
from saola.core.models import Organization, User
from saola.signing import appearance
from saola.signing.credentials import credential_for, ensure_usable, open_signer
from saola.signing.exceptions import CertificateUnusable, SigningError
from saola.signing.fetchers import LocalTimeStamper
from saola.signing.formfill import fill_fields
from saola.signing.models import SealImage, SignatureImage, SigningCredential
from saola.signing.pki.responders import load_responder
from saola.signing.trust import validation_context

Box = tuple[float, float, float, float]


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise SigningError(_("Tệp không phải là tài liệu PDF hợp lệ.")) from exc


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _page_count(writer: IncrementalPdfFileWriter) -> int:
    return int(writer.root["/Pages"]["/Count"])


def _page_index(writer: IncrementalPdfFileWriter, page: int) -> int:
    count = _page_count(writer)
    index = page + count if page < 0 else page
    if not 0 <= index < count:
        raise SigningError(_("Tài liệu không có trang số %(page)s.") % {"page": page + 1 if page >= 0 else page})
    return index


def _page_box(writer: IncrementalPdfFileWriter, index: int) -> Box:
    page_ref = writer.find_page_for_modification(index)[0]
    page = page_ref.get_object()
    box = page.get("/CropBox") or _inherited(page, "/MediaBox")
    x1, y1, x2, y2 = (float(v) for v in box)
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _inherited(page: DictionaryObject, key: str) -> ArrayObject:
    node: DictionaryObject | None = page
    while node is not None:
        if key in node:
            value: ArrayObject = node[key]
            return value
        node = node["/Parent"].get_object() if "/Parent" in node else None
    return ArrayObject([0, 0, 595.28, 841.89])


def _widget(writer: IncrementalPdfFileWriter, name: str) -> tuple[int, Box, bool] | None:
    """(page index, rectangle, filled?) of the signature field `name`, or None if it is absent."""
    for _name, value, ref in sig_fields.enumerate_sig_fields(writer, with_name=name):
        field = ref.get_object()
        widget = field if "/Rect" in field else field["/Kids"][0].get_object()
        x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
        page_ref = widget.raw_get("/P") if "/P" in widget else None
        index = _find_page(writer, page_ref) if isinstance(page_ref, Reference) else 0
        return index, (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)), value is not None
    return None


def _find_page(writer: IncrementalPdfFileWriter, page_ref: Reference) -> int:
    for index in range(_page_count(writer)):
        if writer.find_page_for_modification(index)[0].idnum == page_ref.idnum:
            return index
    return 0


def _field_spec(name: str, *, on_page: int, box: Box) -> sig_fields.SigFieldSpec:
    # pyHanko annotates the box as integers but writes any number: keep fractional points.
    return sig_fields.SigFieldSpec(name, on_page=on_page, box=cast("tuple[int, int, int, int]", box))


def _seal_diameter_pt(organization: Organization | None) -> float:
    seal = SealImage.objects.filter(organization=organization).first() if organization else None
    diameter_mm = float(seal.diameter_mm) if seal else settings.SAOLA_SEAL_DIAMETER_MM
    return diameter_mm * appearance.MM


@transaction.atomic
def add_signature_fields(
    pdf: bytes,
    *,
    signer_box: tuple[int, float, float, float, float],
    organization: Organization | None = None,
    actor: User | None = None,
) -> bytes:
    """Add the empty signature fields ChuKyNguoiKy and ConDauCoQuan (incremental update).

    `signer_box` is (page index — negative counts from the end — x1, y1, x2, y2) in PDF points,
    origin bottom left. ConDauCoQuan is a square of the seal's actual diameter (the
    organisation's seal image, else settings.SAOLA_SEAL_DIAMETER_MM) overlapping the left third
    of the signer box. Audited.
    """
    page, *coords = signer_box
    x1, y1, x2, y2 = coords
    if x2 - x1 <= 0 or y2 - y1 <= 0:
        raise SigningError(_("Khung chữ ký không hợp lệ."), extra={"signer_box": list(signer_box)})
    writer = _writer(pdf)
    index = _page_index(writer, page)
    for name in (appearance.SIGNER_FIELD, appearance.SEAL_FIELD):
        if _widget(writer, name) is not None:
            raise SigningError(_("Tài liệu đã có ô chữ ký “%(name)s”.") % {"name": name})
    seal = appearance.seal_box(
        (x1, y1, x2, y2), diameter_pt=_seal_diameter_pt(organization), page=_page_box(writer, index)
    )
    for name, box in ((appearance.SIGNER_FIELD, (x1, y1, x2, y2)), (appearance.SEAL_FIELD, seal)):
        sig_fields.append_signature_field(writer, _field_spec(name, on_page=index, box=box))
    out = io.BytesIO()
    writer.write(out)
    result = out.getvalue()
    audit_record(
        actor=actor,
        action="signing.fields_add",
        object_type="signing.pdf",
        object_id=_sha256(result),
        after={"input_sha256": _sha256(pdf), "signer_box": list(signer_box), "seal_box": list(seal)},
    )
    return result


@transaction.atomic
def fill_text_fields(pdf: bytes, *, values: Mapping[str, str], actor: User | None = None) -> bytes:
    """Fill existing AcroForm text fields in an incremental update, with Liberation Serif appearances.

    Only /V and the widgets' appearance streams change, which signature validators classify
    as form filling — allowed after approval signatures. Unknown field names are refused. Audited.
    """
    writer = _writer(pdf)
    fill_fields(writer, values=values, font_file=appearance.font_path())
    out = io.BytesIO()
    writer.write(out)
    result = out.getvalue()
    audit_record(
        actor=actor,
        action="signing.fields_fill",
        object_type="signing.pdf",
        object_id=_sha256(result),
        after={"input_sha256": _sha256(pdf), "fields": sorted(values)},
    )
    return result


@transaction.atomic
def sign_as_person(pdf: bytes, *, user: User, secret: str, reason: str = "") -> bytes:
    """The person's approval signature (PAdES B-LT), shown as their blue signature image.

    Placed in field ChuKyNguoiKy if the document has it, else in a new field at the bottom right
    of the last page. Refuses a revoked or expired certificate (CertificateUnusable) and a
    wrong passphrase/PIN (WrongSecret); nothing is written then. Audited.
    """
    credential = credential_for(user=user)
    image = SignatureImage.objects.filter(user=user).first()
    if image is not None:
        with image.image.open("rb") as handle:
            style: BaseStampStyle = appearance.image_style(handle.read())
    else:
        style = appearance.text_style(user.display_name)
    writer = _writer(pdf)
    existing = _widget(writer, appearance.SIGNER_FIELD)
    if existing is not None and existing[2]:
        raise SigningError(_("Ô chữ ký của người ký đã được ký."))
    new_field = None
    if existing is None:
        index = _page_index(writer, -1)
        new_field = _field_spec(
            appearance.SIGNER_FIELD, on_page=index, box=appearance.default_signer_box(_page_box(writer, index))
        )
    result = _sign(
        writer,
        credential=credential,
        secret=secret,
        field=appearance.SIGNER_FIELD,
        new_field=new_field,
        style=style,
        reason=reason,
        name=user.display_name,
    )
    _audit_signature(actor=user, action="signing.sign_person", credential=credential, pdf=pdf, result=result)
    return result


@transaction.atomic
def sign_as_organization(
    pdf: bytes,
    *,
    organization: Organization,
    secret: str,
    attachment: bool = False,
    notation: str = "",
    copy_form: str = "",
    actor: User | None = None,
) -> bytes:
    """The organisation's approval signature (PAdES B-LT) with the Decree 30/2020 appearance.

    Main document: only after the person's signature (SigningError otherwise); the red seal image
    at its actual size in field ConDauCoQuan, or — if the field is missing — over the left third
    of the person's signature widget. Attachment
    (`attachment=True`, with the main document's `notation`) or electronic copy (`copy_form`,
    e.g. "SAO Y"): no image; text at the top right of page 1 with the notation (or the copy form
    and the organisation's name) and the signing time in ISO 8601 with +07:00. Refusals as for
    sign_as_person. Audited (actor: who applied the seal, e.g. the clerk).
    """
    credential = credential_for(organization=organization)
    writer = _writer(pdf)
    if attachment or copy_form:
        signed_at = timezone.localtime().replace(microsecond=0).isoformat()
        lines = [copy_form, organization.name] if copy_form else [notation]
        style: BaseStampStyle = appearance.text_style("\n".join([*(v for v in lines if v), signed_at]))
        field = appearance.STAMP_FIELD
        new_field: sig_fields.SigFieldSpec | None
        if _widget(writer, field) is not None:
            raise SigningError(_("Tài liệu đã có chữ ký số của cơ quan."))
        new_field = _field_spec(field, on_page=0, box=appearance.stamp_box(_page_box(writer, 0)))
    else:
        # Decree 30/2020, Điều 32–33: the seal goes only on a document the competent person has
        # already signed.
        signer = _widget(writer, appearance.SIGNER_FIELD)
        if signer is None or not signer[2]:
            raise SigningError(_("Văn bản chưa có chữ ký số của người có thẩm quyền; chưa thể ký số của cơ quan."))
        seal = SealImage.objects.filter(organization=organization).first()
        if seal is None:
            raise SigningError(_("Cơ quan chưa có ảnh con dấu."))
        with seal.image.open("rb") as handle:
            style = appearance.image_style(handle.read(), centre=False)
        field = appearance.SEAL_FIELD
        new_field = _seal_field(writer, organization, signer_page=signer[0], signer_rect=signer[1])
    result = _sign(
        writer,
        credential=credential,
        secret=secret,
        field=field,
        new_field=new_field,
        style=style,
        reason="",
        name=organization.name,
    )
    _audit_signature(
        actor=actor,
        action="signing.sign_organization",
        credential=credential,
        pdf=pdf,
        result=result,
        extra={"attachment": attachment, "notation": notation, "copy_form": copy_form},
    )
    return result


def _seal_field(
    writer: IncrementalPdfFileWriter, organization: Organization, *, signer_page: int, signer_rect: Box
) -> sig_fields.SigFieldSpec | None:
    """None when ConDauCoQuan exists and is empty; else a new field over the signer's widget."""
    existing = _widget(writer, appearance.SEAL_FIELD)
    if existing is not None:
        if existing[2]:
            raise SigningError(_("Tài liệu đã có chữ ký số của cơ quan."))
        return None
    box = appearance.seal_box(
        signer_rect, diameter_pt=_seal_diameter_pt(organization), page=_page_box(writer, signer_page)
    )
    return _field_spec(appearance.SEAL_FIELD, on_page=signer_page, box=box)


def _sign(
    writer: IncrementalPdfFileWriter,
    *,
    credential: SigningCredential,
    secret: str,
    field: str,
    new_field: sig_fields.SigFieldSpec | None,
    style: BaseStampStyle,
    reason: str,
    name: str,
) -> bytes:
    ensure_usable(credential)
    # Everything that reads the database happens here, before pyHanko's event loop starts.
    responder = load_responder()
    context = validation_context(for_signing=True, responder=responder)
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        embed_validation_info=True,
        validation_context=context,
        signer_key_usage={"non_repudiation"},
        reason=reason or None,
        name=name,
        location=settings.SAOLA_PORTAL_OWNER,
    )
    out = io.BytesIO()
    with open_signer(credential, secret=secret) as signer:
        pdf_signer = signers.PdfSigner(
            meta, signer=signer, timestamper=LocalTimeStamper(responder), stamp_style=style, new_field_spec=new_field
        )
        try:
            pdf_signer.sign_pdf(writer, output=out)
        except (RevokedError, PathValidationError, PathBuildingError) as exc:
            raise CertificateUnusable(extra={"reason": str(exc)}) from exc
        except PyHankoSigningError as exc:
            if isinstance(exc.__cause__, PathValidationError | PathBuildingError):
                raise CertificateUnusable(extra={"reason": str(exc.__cause__)}) from exc
            raise SigningError(extra={"reason": str(exc)}) from exc
    return out.getvalue()


def _audit_signature(
    *,
    actor: User | None,
    action: str,
    credential: SigningCredential,
    pdf: bytes,
    result: bytes,
    extra: dict[str, object] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=credential,
        after={
            "input_sha256": _sha256(pdf),
            "output_sha256": _sha256(result),
            "certificate": credential.issued.serial if credential.issued else credential.subject,
            "signed_at": dt.datetime.now(dt.UTC),
            **(extra or {}),
        },
    )
