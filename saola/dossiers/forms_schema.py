"""Each procedure's e-form is a JSON Schema (Draft 2020-12); answers are checked against it."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from saola.core.exceptions import ValidationFailed

MAX_FORM_BYTES = 64 * 1024


def validate_form_data(schema: dict[str, Any], data: dict[str, Any]) -> None:
    """ValidationFailed listing every field that breaks the procedure's schema (none: anything goes)."""
    if not isinstance(data, dict):
        raise ValidationFailed(fields={"form_data": ["Tờ khai phải là một đối tượng JSON."]})
    if len(repr(data)) > MAX_FORM_BYTES:
        raise ValidationFailed(fields={"form_data": ["Tờ khai quá lớn."]})
    if not schema:
        return
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:  # the catalogue holds a broken schema: refuse rather than accept anything
        raise ValidationFailed("Biểu mẫu của thủ tục bị lỗi; vui lòng báo quản trị.") from exc
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    fields: dict[str, list[str]] = {}
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.path)):
        name = ".".join(str(p) for p in error.path) or _missing_name(error) or "form_data"
        fields.setdefault(f"form_data.{name}" if name != "form_data" else name, []).append(_message(error))
    if fields:
        raise ValidationFailed("Tờ khai chưa hợp lệ.", fields=fields)


def _missing_name(error: Any) -> str:
    if error.validator == "required" and isinstance(error.message, str) and "'" in error.message:
        return error.message.split("'")[1]
    return ""


def _message(error: Any) -> str:
    messages = {
        "required": "Trường này là bắt buộc.",
        "type": "Giá trị không đúng kiểu.",
        "maxLength": "Giá trị quá dài.",
        "minLength": "Giá trị quá ngắn.",
        "pattern": "Giá trị không đúng định dạng.",
        "format": "Giá trị không đúng định dạng.",
        "enum": "Giá trị không nằm trong danh sách cho phép.",
        "minimum": "Giá trị quá nhỏ.",
        "maximum": "Giá trị quá lớn.",
        "additionalProperties": "Có trường không thuộc tờ khai.",
    }
    return messages.get(str(error.validator), "Giá trị không hợp lệ.")
