"""Where signatures appear (Decree 30/2020/NĐ-CP, Phụ lục I): seal over the left third, text stamps top right."""

from __future__ import annotations

import re

import pytest

from saola.core.models import Organization, User
from saola.demo.loader import DEMO_PASSWORD
from saola.signing.appearance import MM
from saola.signing.exceptions import SignatureFontMissing, SigningError
from saola.signing.services import add_signature_fields, sign_as_organization, sign_as_person
from tests.signing.conftest import SIGNER_BOX
from tests.signing.pdf_inspect import appearance_text, page_size, reader, statuses, widget

pytestmark = pytest.mark.django_db

ISO_VN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")


def _assert_seal_over_left_third(seal: tuple[float, ...], signer: tuple[float, ...]) -> None:
    sx1, sy1, sx2, sy2 = seal
    x1, y1, x2, y2 = signer
    assert sx2 - sx1 == pytest.approx(36 * MM, abs=0.1)  # actual size of the 36 mm seal
    assert sy2 - sy1 == pytest.approx(36 * MM, abs=0.1)
    assert sx2 == pytest.approx(x1 + (x2 - x1) / 3, abs=0.5)  # covers the left third...
    assert sx1 < x1  # ...from outside the signature on the left
    assert (sy1 + sy2) / 2 == pytest.approx((y1 + y2) / 2, abs=0.5)


def test_add_signature_fields_places_the_seal_over_the_left_third(fielded_pdf: bytes) -> None:
    signer = widget(fielded_pdf, "ChuKyNguoiKy")
    seal = widget(fielded_pdf, "ConDauCoQuan")
    assert signer.page == seal.page == 0  # page -1 of a one-page document
    assert signer.rect == pytest.approx(SIGNER_BOX[1:], abs=0.01)
    _assert_seal_over_left_third(seal.rect, signer.rect)


def test_signed_widgets_keep_the_layout_and_show_images(fully_signed_pdf: bytes) -> None:
    signer = widget(fully_signed_pdf, "ChuKyNguoiKy")
    seal = widget(fully_signed_pdf, "ConDauCoQuan")
    _assert_seal_over_left_third(seal.rect, signer.rect)
    r = reader(fully_signed_pdf)
    for ref in r.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field["/T"] in {"ChuKyNguoiKy", "ConDauCoQuan"}:
            # The appearance draws an image with a soft mask (transparent PNG).
            images = _images(field["/AP"]["/N"])
            assert images and all("/SMask" in image for image in images)


def _images(xobject: object) -> list[object]:
    found = []
    for value in xobject.get("/Resources", {}).get("/XObject", {}).values():  # type: ignore[attr-defined]
        obj = value.get_object()
        found += [obj] if obj.get("/Subtype") == "/Image" else _images(obj)
    return found


def test_seal_is_placed_over_the_default_signature_when_the_document_has_no_fields(
    form_pdf: bytes, signing_leader: User, signing_org: Organization
) -> None:
    signed = sign_as_person(form_pdf, user=signing_leader, secret=DEMO_PASSWORD)
    signer = widget(signed, "ChuKyNguoiKy")
    width, _height = page_size(signed)
    assert signer.rect[2] == pytest.approx(width - 56, abs=0.5)  # bottom right of the last page
    sealed = sign_as_organization(signed, organization=signing_org, secret=DEMO_PASSWORD)
    _assert_seal_over_left_third(widget(sealed, "ConDauCoQuan").rect, signer.rect)
    assert all(status.bottom_line for status in statuses(sealed).values())


def test_attachment_signature_is_text_at_the_top_right_of_page_one(
    form_pdf: bytes, signing_leader: User, signing_org: Organization
) -> None:
    signed = sign_as_organization(
        form_pdf, organization=signing_org, secret=DEMO_PASSWORD, attachment=True, notation="125/QĐ-UBND"
    )
    stamp = widget(signed, "ChuKyCoQuan")
    width, height = page_size(signed)
    assert stamp.page == 0
    assert stamp.rect[2] == pytest.approx(width - 28, abs=0.5) and stamp.rect[3] == pytest.approx(height - 28, abs=0.5)
    lines = appearance_text(signed, "ChuKyCoQuan")
    assert lines[0] == "125/QĐ-UBND"
    assert ISO_VN.match(lines[1]), lines
    fields = {ref.get_object()["/T"]: ref.get_object() for ref in reader(signed).root["/AcroForm"]["/Fields"]}
    assert not _images(fields["ChuKyCoQuan"]["/AP"]["/N"])
    assert statuses(signed)["ChuKyCoQuan"].bottom_line


def test_electronic_copy_signature_shows_copy_form_and_organisation(
    form_pdf: bytes, signing_leader: User, signing_org: Organization
) -> None:
    signed = sign_as_organization(form_pdf, organization=signing_org, secret=DEMO_PASSWORD, copy_form="SAO Y")
    lines = appearance_text(signed, "ChuKyCoQuan")
    assert lines[:2] == ["SAO Y", "Văn phòng Ủy ban nhân dân tỉnh Sơn La"]
    assert ISO_VN.match(lines[2])


def test_filled_text_field_appearance_uses_the_signature_font(form_pdf: bytes) -> None:
    from saola.signing.services import fill_text_fields

    filled = fill_text_fields(form_pdf, values={"so_ky_hieu": "125/QĐ-UBND"})
    assert appearance_text(filled, "so_ky_hieu") == ["125/QĐ-UBND"]
    font = _first_font(reader(filled), "so_ky_hieu")
    assert "LiberationSerif" in str(font["/BaseFont"]) and font["/Subtype"] == "/Type0"
    assert reader(filled).root["/AcroForm"]["/NeedAppearances"] is False or not reader(filled).root["/AcroForm"].get(
        "/NeedAppearances"
    )


def _first_font(r: object, name: str) -> object:
    for ref in r.root["/AcroForm"]["/Fields"]:  # type: ignore[attr-defined]
        field = ref.get_object()
        if field["/T"] == name:
            xobject = field["/AP"]["/N"]
            inner = next(iter(xobject["/Resources"].get("/XObject", {}).values()), None)
            fonts = (inner.get_object() if inner else xobject)["/Resources"]["/Font"]
            return next(iter(fonts.values())).get_object()
    raise KeyError(name)


def test_missing_signature_font_is_a_clear_error(
    form_pdf: bytes, signing_org: Organization, settings: object, signing_leader: User
) -> None:
    settings.SAOLA_SIGNATURE_FONT = "/khong/co/phong-chu.ttf"  # type: ignore[attr-defined]
    with pytest.raises(SignatureFontMissing) as excinfo:
        sign_as_organization(form_pdf, organization=signing_org, secret=DEMO_PASSWORD, attachment=True, notation="1/TB")
    assert "SAOLA_SIGNATURE_FONT" in str(excinfo.value.message)


def test_add_signature_fields_rejects_bad_boxes_and_pages(form_pdf: bytes) -> None:
    with pytest.raises(SigningError):
        add_signature_fields(form_pdf, signer_box=(0, 300.0, 200.0, 200.0, 260.0))
    with pytest.raises(SigningError, match="trang"):
        add_signature_fields(form_pdf, signer_box=(3, 300.0, 160.0, 470.0, 230.0))
    fielded = add_signature_fields(form_pdf, signer_box=(0, 300.0, 160.0, 470.0, 230.0))
    with pytest.raises(SigningError, match="đã có"):
        add_signature_fields(fielded, signer_box=(0, 300.0, 160.0, 470.0, 230.0))


def _png(mode: str) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, (120, 60), (0, 51, 160, 0) if mode == "RGBA" else (0, 51, 160)).save(out, format="PNG")
    return out.getvalue()


def test_signature_image_must_be_a_transparent_png(signing_leader: User) -> None:
    from saola.core.models import AuditEntry
    from saola.signing.credentials import signature_image_set

    for bad in (_png("RGB"), b"GIF89a....", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40):
        with pytest.raises(SigningError):
            signature_image_set(actor=None, user=signing_leader, png=bad)
    image = signature_image_set(actor=signing_leader, user=signing_leader, png=_png("RGBA"))
    assert image.image.name.startswith("private/signing/signatures/")
    assert AuditEntry.objects.filter(action="signing.signature_image_set", actor=signing_leader).exists()


def test_seal_field_follows_the_seal_diameter(form_pdf: bytes, signing_leader: User, signing_org: Organization) -> None:
    from decimal import Decimal

    from saola.signing.credentials import seal_image_set

    with pytest.raises(SigningError):
        seal_image_set(actor=None, organization=signing_org, png=_png("RGBA"), diameter_mm=Decimal("80"))
    seal_image_set(actor=None, organization=signing_org, png=_png("RGBA"), diameter_mm=Decimal("42"))
    fielded = add_signature_fields(form_pdf, signer_box=SIGNER_BOX, organization=signing_org)
    x1, y1, x2, y2 = widget(fielded, "ConDauCoQuan").rect
    assert x2 - x1 == pytest.approx(42 * MM, abs=0.1) and y2 - y1 == pytest.approx(42 * MM, abs=0.1)
