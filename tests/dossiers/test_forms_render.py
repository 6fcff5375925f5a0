"""The e-form renderer: a procedure's JSON Schema as accessible HTML, and the answers read back."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from saola.dossiers.forms_render import eform_answers, eform_build, eform_check, eform_read, eform_render

SCHEMA = {
    "title": "Tờ khai đăng ký khai sinh",
    "type": "object",
    "required": ["ho_ten", "ngay_sinh", "gioi_tinh", "so_con"],
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ, chữ đệm, tên của trẻ", "maxLength": 100, "minLength": 2},
        "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày sinh", "description": "Theo giấy chứng sinh"},
        "gioi_tinh": {"type": "string", "title": "Giới tính", "enum": ["nam", "nu"], "enumNames": ["Nam", "Nữ"]},
        "dan_toc": {
            "type": "string",
            "title": "Dân tộc",
            "oneOf": [{"const": f"dt{i}", "title": f"Dân tộc {i}"} for i in range(1, 8)],
        },
        "so_con": {"type": "integer", "title": "Con thứ mấy", "minimum": 1, "maximum": 20},
        "can_nang": {"type": "number", "title": "Cân nặng (kg)"},
        "thu_dien_tu": {"type": "string", "format": "email", "title": "Thư điện tử"},
        "ghi_chu": {"type": "string", "title": "Ghi chú", "maxLength": 1000},
        "dong_y": {"type": "boolean", "title": "Nhận kết quả qua bưu điện"},
        "me": {
            "type": "object",
            "title": "Thông tin người mẹ",
            "required": ["ho_ten"],
            "properties": {"ho_ten": {"type": "string", "title": "Họ tên mẹ"}, "nam_sinh": {"type": "integer"}},
        },
        "danh_sach": {"type": "array", "items": {"type": "string"}},
    },
}


@pytest.fixture(autouse=True)
def _vietnamese() -> Iterator[None]:
    """Messages in the portal's default language, whatever an earlier test activated."""
    with translation.override("vi"):
        yield


GOOD = {
    "form.ho_ten": "  Lò   Văn An ",
    "form.ngay_sinh": "2026-11-20",
    "form.gioi_tinh": "nam",
    "form.dan_toc": "dt3",
    "form.so_con": "2",
    "form.can_nang": "3,25",
    "form.thu_dien_tu": "",
    "form.ghi_chu": "Dòng 1\nDòng 2",
    "form.dong_y": "on",
    "form.me.ho_ten": "Lò Thị Mai",
    "form.me.nam_sinh": "1.995",
}


def test_every_supported_type_gets_its_widget_and_a_label() -> None:
    html = eform_render(SCHEMA)
    assert "<legend>Tờ khai đăng ký khai sinh</legend>" in html
    assert (
        '<label for="ef-ho_ten">Họ, chữ đệm, tên của trẻ <span class="req" aria-hidden="true">*</span></label>' in html
    )
    assert re.search(r'<input id="ef-ho_ten" name="form.ho_ten" value="" type="text" maxlength="100" required', html)
    assert re.search(
        r'id="ef-ngay_sinh" name="form.ngay_sinh" value="" type="date"[^>]*aria-describedby="ef-ngay_sinh-help"', html
    )
    assert '<p class="help" id="ef-ngay_sinh-help">Theo giấy chứng sinh</p>' in html
    # Few choices are radio buttons in a fieldset; many are a list.
    assert '<fieldset class="choice-group" id="ef-gioi_tinh">' in html
    assert '<legend>Giới tính <span class="req" aria-hidden="true">*</span></legend>' in html
    assert (
        '<label class="radio" for="ef-gioi_tinh-2"><input type="radio" id="ef-gioi_tinh-2" name="form.gioi_tinh" value="nu" required> <span>Nữ</span></label>'
        in html
    )
    assert '<select id="ef-dan_toc" name="form.dan_toc">' in html and '<option value="dt7">Dân tộc 7</option>' in html
    assert 'id="ef-so_con" name="form.so_con" value="" type="text" inputmode="numeric"' in html
    assert 'id="ef-can_nang" name="form.can_nang" value="" type="text" inputmode="decimal"' in html
    assert 'type="email"' in html
    assert '<textarea id="ef-ghi_chu" name="form.ghi_chu" rows="4" maxlength="1000">' in html
    assert (
        '<input type="checkbox" id="ef-dong_y" name="form.dong_y" value="on"> <span>Nhận kết quả qua bưu điện</span></label>'
        in html
    )
    # A nested object is a fieldset of its own; a property without a title gets its name.
    assert '<fieldset class="eform-group nested" id="ef-me">' in html and "<legend>Thông tin người mẹ</legend>" in html
    assert '<label for="ef-me-nam_sinh">Nam sinh</label>' in html
    assert "danh_sach" not in html  # arrays are not offered
    # Every input has a label pointing at it.
    ids = set(re.findall(r'<(?:input|select|textarea) (?:type="\w+" )?id="([^"]+)"', html))
    labels = set(re.findall(r'<label (?:class="radio" )?for="([^"]+)"', html))
    assert ids and ids <= labels


def test_answers_are_read_into_json_types() -> None:
    answers = eform_read(SCHEMA, GOOD)
    assert answers.errors == {}
    assert answers.data == {
        "ho_ten": "Lò Văn An",
        "ngay_sinh": "2026-11-20",
        "gioi_tinh": "nam",
        "dan_toc": "dt3",
        "so_con": 2,
        "can_nang": 3.25,
        "ghi_chu": "Dòng 1\nDòng 2",
        "dong_y": True,
        "me": {"ho_ten": "Lò Thị Mai", "nam_sinh": 1995},
    }
    assert answers.values["form.ho_ten".removeprefix("form.")] == "  Lò   Văn An "


def test_unticked_checkbox_is_false_and_empty_optional_fields_are_left_out() -> None:
    data = dict(GOOD, **{"form.dong_y": "", "form.can_nang": "", "form.dan_toc": ""})
    answers = eform_read(SCHEMA, data)
    assert answers.errors == {}
    assert answers.data["dong_y"] is False
    assert "can_nang" not in answers.data and "dan_toc" not in answers.data


def test_day_first_dates_are_accepted_and_impossible_ones_refused() -> None:
    assert eform_read(SCHEMA, dict(GOOD, **{"form.ngay_sinh": "5/1/2026"})).data["ngay_sinh"] == "2026-01-05"
    for bad in ["31/02/2026", "2026-13-01", "hôm qua", "20261120"]:
        errors = eform_read(SCHEMA, dict(GOOD, **{"form.ngay_sinh": bad})).errors
        assert errors == {"ngay_sinh": ["Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."]}, bad


def test_type_errors_and_schema_limits_have_messages_people_can_act_on() -> None:
    data = dict(
        GOOD,
        **{
            "form.ho_ten": "",
            "form.gioi_tinh": "khac",
            "form.so_con": "2,5",
            "form.can_nang": "nặng",
            "form.me.ho_ten": "",
        },
    )
    errors = eform_read(SCHEMA, data).errors
    assert errors == {
        "ho_ten": ["Hãy nhập mục này."],
        "gioi_tinh": ["Hãy chọn một mục trong danh sách."],
        "so_con": ["Hãy nhập một số nguyên."],
        "can_nang": ["Hãy nhập một số."],
        "me.ho_ten": ["Hãy nhập mục này."],
    }
    errors = eform_read(SCHEMA, dict(GOOD, **{"form.so_con": "21", "form.ho_ten": "A" * 101})).errors
    assert errors == {"so_con": ["Giá trị không được lớn hơn 20."], "ho_ten": ["Tối đa 100 ký tự."]}
    assert eform_check(SCHEMA, {"ho_ten": "A"})["ho_ten"] == ["Cần ít nhất 2 ký tự."]


def test_errors_are_shown_next_to_fields_and_linked_to_them() -> None:
    answers = eform_read(SCHEMA, dict(GOOD, **{"form.ho_ten": "", "form.gioi_tinh": ""}))
    html = eform_render(SCHEMA, values=answers.values, errors=answers.errors)
    assert re.search(r'id="ef-ho_ten"[^>]*aria-invalid="true" aria-describedby="ef-ho_ten-error"', html)
    assert '<p class="error" id="ef-ho_ten-error">Hãy nhập mục này.</p>' in html
    assert '<fieldset class="choice-group has-error" id="ef-gioi_tinh" aria-describedby="ef-gioi_tinh-error">' in html
    # Values are put back as typed.
    assert 'value="Lò Thị Mai"' in html and 'value="3,25"' in html and 'value="dt3" selected' in html
    assert 'name="form.dong_y" value="on" checked' in html


def test_titles_from_the_catalogue_are_escaped() -> None:
    schema = {
        "type": "object",
        "properties": {"x": {"type": "string", "title": "<script>alert(1)</script>", "description": '"><img src=x>'}},
    }
    html = eform_render(schema)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_property_order_wins_over_stored_key_order() -> None:
    schema = {
        "type": "object",
        "properties": {
            "b": {"type": "string", "propertyOrder": 2},
            "a": {"type": "string", "propertyOrder": 1},
            "c": {"type": "string"},
        },
    }
    assert [f.key for f in eform_build(schema).fields()] == ["a", "b", "c"]


def test_non_string_choices_and_required_checkbox() -> None:
    schema = {
        "type": "object",
        "required": ["muc", "cam_ket"],
        "properties": {
            "muc": {"type": "integer", "enum": [1, 2, 3]},
            "cam_ket": {"type": "boolean", "const": True, "title": "Tôi cam kết"},
        },
    }
    html = eform_render(schema)
    assert 'value="2" required> <span>2</span></label>' in html
    assert 'name="form.cam_ket" value="on" required>' in html
    answers = eform_read(schema, {"form.muc": "2"})
    assert answers.errors == {"cam_ket": ["Hãy đánh dấu mục này."]}
    answers = eform_read(schema, {"form.muc": "2", "form.cam_ket": "on"})
    assert answers.data == {"muc": 2, "cam_ket": True}


def test_empty_and_broken_schemas() -> None:
    assert eform_read({}, {"form.x": "1"}).data == {}
    assert "không có tờ khai điện tử" in eform_render({})
    broken = {"type": "object", "properties": {"x": {"type": "string", "minLength": -1}}}
    assert eform_read(broken, {"form.x": "a"}).errors == {
        "": ["Biểu mẫu của thủ tục bị lỗi; vui lòng báo cơ quan giải quyết."]
    }


def test_lists_in_post_data_are_not_answers() -> None:
    post = MultiValueDict({"form.ho_ten": ["An", "Bình"]})
    assert eform_read({"type": "object", "properties": {"ho_ten": {"type": "string"}}}, post).data == {"ho_ten": "Bình"}


def test_answers_are_listed_with_labels_in_form_order() -> None:
    data = eform_read(SCHEMA, GOOD).data
    rows = eform_answers(SCHEMA, data)
    assert rows[:4] == [
        ("Họ, chữ đệm, tên của trẻ", "Lò Văn An"),
        ("Ngày sinh", "20/11/2026"),
        ("Giới tính", "Nam"),
        ("Dân tộc", "Dân tộc 3"),
    ]
    assert ("Nhận kết quả qua bưu điện", "Có") in rows
    assert ("Thông tin người mẹ › Họ tên mẹ", "Lò Thị Mai") in rows
    assert eform_answers({}, {"x": 1}) == []
