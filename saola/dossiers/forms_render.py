"""A procedure's e-form (its JSON Schema) as accessible HTML fields, and the answers read back.

Supported: objects (each nested object is a fieldset), strings (text, e-mail, long text, dates
with `"format": "date"`), numbers, integers, booleans (a checkbox) and choices (`enum`, with
labels from `enumNames`, or `oneOf`/`anyOf` of `{"const", "title"}`). Labels come from
"title", help from "description". Other types (arrays, `$ref`...) are not shown.

Fields appear in the order the schema lists them, or by each property's `propertyOrder` when
given: PostgreSQL's jsonb does not keep key order, so schemas that must look the same on every
database give `propertyOrder`.

Answers are read from POST as the browser sends them (strings), turned into JSON types, then
checked against the schema with messages a person can act on. The dossier service checks
them again before anything is stored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

FIELD_PREFIX = "form."
ID_PREFIX = "ef-"
MAX_DEPTH = 4
# Up to this many choices are shown as radio buttons; more become a drop-down list.
RADIO_MAX = 5
TEXTAREA_FROM = 256
FORM_ERROR = ""  # key of errors that belong to the whole form, not one field

_INTEGER_RE = re.compile(r"^-?(\d+|\d{1,3}([.,]\d{3})+)$")
_NUMBER_RE = re.compile(r"^-?\d+([.,]\d+)?$")
_DAY_FIRST_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


class _Labelled:
    """Ids and ARIA links shared by fields and groups (they carry path, id, help and errors)."""

    path: tuple[str, ...]
    id: str
    help: str
    errors: list[str]

    @property
    def key(self) -> str:
        return ".".join(self.path)

    @property
    def help_id(self) -> str:
        return f"{self.id}-help"

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"

    @property
    def describedby(self) -> str:
        ids = ([self.help_id] if self.help else []) + ([self.error_id] if self.errors else [])
        return " ".join(ids)


@dataclass
class FormField(_Labelled):
    """One input (or one radio group) of the e-form."""

    path: tuple[str, ...]
    name: str
    id: str
    label: str
    help: str
    widget: str  # text, email, date, textarea, integer, number, checkbox, radio, select
    required: bool
    value: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    max_length: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return False

    @property
    def anchor(self) -> str:
        """The id an error summary links to: the first option of a radio group."""
        return f"{self.id}-1" if self.widget == "radio" else self.id

    @property
    def checked(self) -> bool:
        return self.widget == "checkbox" and self.value not in ("", "false", "0")


@dataclass
class FormGroup(_Labelled):
    """A nested object of the e-form: a fieldset of its own fields."""

    path: tuple[str, ...]
    id: str
    legend: str
    help: str
    items: list[FormField | FormGroup] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return True

    def fields(self) -> Iterator[FormField]:
        for item in self.items:
            if isinstance(item, FormGroup):
                yield from item.fields()
            else:
                yield item


@dataclass
class Answers:
    """The e-form as read from a request: JSON data, the raw strings to re-fill, errors by field key."""

    data: dict[str, Any]
    values: dict[str, str]
    errors: dict[str, list[str]]


def _type(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind is None and ("enum" in schema or "oneOf" in schema or "anyOf" in schema):
        return "choice"
    if kind is None and "properties" in schema:
        return "object"
    return str(kind or "")


def _choices(schema: Mapping[str, Any]) -> list[tuple[Any, str]] | None:
    """(value, label) pairs when the property is a closed list, else None."""
    if isinstance(schema.get("enum"), list):
        names = schema.get("enumNames") or schema.get("x-enumNames") or []
        values = schema["enum"]
        return [(v, str(names[i]) if i < len(names) else str(v)) for i, v in enumerate(values) if v is not None]
    for keyword in ("oneOf", "anyOf"):
        options = schema.get(keyword)
        if isinstance(options, list) and options and all(isinstance(o, dict) and "const" in o for o in options):
            return [(o["const"], str(o.get("title", o["const"]))) for o in options if o["const"] is not None]
    return None


def _token(value: Any) -> str:
    """How a choice travels in HTML: strings as they are, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _properties(schema: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    props = schema.get("properties")
    if not isinstance(props, dict):
        return []
    items: list[tuple[str, Mapping[str, Any]]] = [(str(k), v) for k, v in props.items() if isinstance(v, dict)]
    order = {k: v.get("propertyOrder") for k, v in items}
    if any(isinstance(o, int | float) for o in order.values()):
        # Stable: properties without an order keep their place after those with one.
        items.sort(key=lambda kv: (0, order[kv[0]]) if isinstance(order[kv[0]], int | float) else (1, 0))
    return items


def _humanise(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _widget(schema: Mapping[str, Any]) -> str | None:
    kind = _type(schema)
    choices = _choices(schema)
    if choices is not None and kind in {"string", "integer", "number", "choice"}:
        return "radio" if len(choices) <= RADIO_MAX else "select"
    if kind == "string":
        fmt = schema.get("format")
        if fmt in {"date", "email"}:
            return str(fmt)
        max_length = schema.get("maxLength")
        return "textarea" if isinstance(max_length, int) and max_length >= TEXTAREA_FROM else "text"
    if kind in {"integer", "number", "boolean"}:
        return "checkbox" if kind == "boolean" else kind
    return None


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, path: tuple[str, ...]) -> str:
        base = ID_PREFIX + "-".join(_ID_UNSAFE.sub("-", p).strip("-") or "x" for p in path)
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate


def _build(
    schema: Mapping[str, Any],
    path: tuple[str, ...],
    values: Mapping[str, str],
    errors: Mapping[str, list[str]],
    ids: _Ids,
) -> list[FormField | FormGroup]:
    items: list[FormField | FormGroup] = []
    required = set(schema.get("required") or [])
    for name, prop in _properties(schema):
        sub = (*path, name)
        key = ".".join(sub)
        label = str(prop.get("title") or _humanise(name))
        help_text = str(prop.get("description") or "")
        if _type(prop) == "object":
            if len(sub) >= MAX_DEPTH:
                continue
            items.append(
                FormGroup(
                    path=sub,
                    id=ids.make(sub),
                    legend=label,
                    help=help_text,
                    items=_build(prop, sub, values, errors, ids),
                    errors=list(errors.get(key, [])),
                )
            )
            continue
        widget = _widget(prop)
        if widget is None:
            continue
        choices = _choices(prop) or []
        max_length = prop.get("maxLength")
        default = prop.get("default")
        value = values.get(key)
        if value is None:
            value = "" if default is None else _token(default)
            if widget == "checkbox":
                value = "on" if default is True else ""
        items.append(
            FormField(
                path=sub,
                name=FIELD_PREFIX + key,
                id=ids.make(sub),
                label=label,
                help=help_text,
                widget=widget,
                # A checkbox always answers (true or false); it must be ticked only for `"const": true`.
                required=prop.get("const") is True if widget == "checkbox" else name in required,
                value=value,
                choices=[(_token(v), text) for v, text in choices],
                max_length=max_length if isinstance(max_length, int) and max_length > 0 else None,
                errors=list(errors.get(key, [])),
            )
        )
    return items


def eform_build(
    schema: Mapping[str, Any] | None,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> FormGroup:
    """The e-form as a tree of fieldsets and fields, filled with `values` (raw strings by key)."""
    schema = schema or {}
    root = FormGroup(
        path=(),
        id=ID_PREFIX + "form",
        legend=str(schema.get("title") or _("Thông tin tờ khai")),
        help=str(schema.get("description") or ""),
        errors=list((errors or {}).get(FORM_ERROR, [])),
    )
    root.items = _build(schema, (), values or {}, errors or {}, _Ids())
    return root


def eform_render(
    schema: Mapping[str, Any] | None,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> SafeString:
    """The e-form's HTML: a fieldset per object, a label for every input, errors linked to inputs."""
    root = eform_build(schema, values=values, errors=errors)
    return render_to_string("dossiers/citizen/_eform.html", {"group": root, "root": True})


def _read_date(raw: str) -> str | None:
    """ISO date from a date input (2026-11-20) or typed day first (20/11/2026); None if not a date."""
    match = _DAY_FIRST_RE.match(raw)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(raw).isoformat() if len(raw) == 10 else None
    except ValueError:
        return None


def _read_number(raw: str, *, integer: bool) -> int | float | None:
    text = raw.replace(" ", "").replace("\u00a0", "")
    if integer:
        if not _INTEGER_RE.match(text):
            return None
        return int(text.replace(".", "").replace(",", ""))
    if not _NUMBER_RE.match(text):
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def _read_field(item: FormField, raw: str, prop: Mapping[str, Any]) -> tuple[Any, str | None]:
    """(JSON value or None when empty, error message or None)."""
    if item.widget == "checkbox":
        return raw not in ("", "false", "0"), None
    text = raw.strip()
    if not text:
        return None, None
    if item.widget in {"radio", "select"}:
        match = next((v for v, _label in (_choices(prop) or []) if _token(v) == text), None)
        return (match, None) if match is not None else (None, _("Hãy chọn một mục trong danh sách."))
    if item.widget == "date":
        value = _read_date(text)
        return (value, None) if value else (None, _("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."))
    if item.widget in {"integer", "number"}:
        number = _read_number(text, integer=item.widget == "integer")
        if number is None:
            message = _("Hãy nhập một số nguyên.") if item.widget == "integer" else _("Hãy nhập một số.")
            return None, message
        return number, None
    return (text if item.widget == "textarea" else " ".join(text.split())), None


def _schema_at(schema: Mapping[str, Any], path: tuple[str, ...]) -> Mapping[str, Any]:
    node: Mapping[str, Any] = schema
    for part in path:
        node = node.get("properties", {}).get(part, {})
    return node


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def _message(error: Any) -> str:
    limit = error.validator_value
    validator = str(error.validator)
    if validator == "maxLength":
        return _("Tối đa %(n)s ký tự.") % {"n": limit}
    if validator == "minLength":
        return _("Cần ít nhất %(n)s ký tự.") % {"n": limit}
    if validator in {"minimum", "exclusiveMinimum"}:
        return _("Giá trị phải từ %(n)s trở lên.") % {"n": limit}
    if validator in {"maximum", "exclusiveMaximum"}:
        return _("Giá trị không được lớn hơn %(n)s.") % {"n": limit}
    if validator == "const" and limit is True:
        return _("Hãy đánh dấu mục này.")
    if validator in {"enum", "const", "oneOf", "anyOf"}:
        return _("Hãy chọn một mục trong danh sách.")
    if validator in {"pattern", "format"}:
        return _("Giá trị chưa đúng định dạng.")
    if validator == "type":
        return _("Giá trị không đúng kiểu.")
    return _("Giá trị không hợp lệ.")


def eform_read(schema: Mapping[str, Any] | None, post: Mapping[str, Any]) -> Answers:
    """Read the e-form's answers from `post` and check them against the schema."""
    schema = schema or {}
    root = eform_build(schema)
    data: dict[str, Any] = {}
    values: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for item in root.fields():
        raw = post.get(item.name, "")
        raw = raw if isinstance(raw, str) else ""
        values[item.key] = raw
        prop = _schema_at(schema, item.path)
        value, error = _read_field(item, raw, prop)
        if error:
            errors.setdefault(item.key, []).append(error)
        elif value is not None:
            _set(data, item.path, value)
        elif item.required:
            message = _("Hãy chọn một mục.") if item.widget in {"radio", "select"} else _("Hãy nhập mục này.")
            errors.setdefault(item.key, []).append(message)
    if not errors:
        errors = eform_check(schema, data)
    return Answers(data=data, values=values, errors=errors)


def eform_check(schema: Mapping[str, Any], data: dict[str, Any]) -> dict[str, list[str]]:
    """Schema violations of `data` by field key, with messages naming the limit broken."""
    if not schema:
        return {}
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError:
        return {FORM_ERROR: [_("Biểu mẫu của thủ tục bị lỗi; vui lòng báo cơ quan giải quyết.")]}
    errors: dict[str, list[str]] = {}
    for error in Draft202012Validator(schema).iter_errors(data):
        path = ".".join(str(p) for p in error.path)
        if error.validator == "required":
            # Missing nested objects: name the missing property when the message allows it.
            missing = str(error.message).split("'")[1] if str(error.message).count("'") >= 2 else ""
            path = ".".join(p for p in (path, missing) if p)
            message = _("Hãy nhập mục này.")
        else:
            message = _message(error)
        errors.setdefault(path, []).append(message)
    return errors


def _shown(item: FormField, value: Any) -> str:
    if item.widget == "checkbox":
        return _("Có") if value is True else _("Không")
    if item.widget in {"radio", "select"}:
        return next((text for token, text in item.choices if token == _token(value)), str(value))
    if item.widget == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def _answers(group: FormGroup, data: Any, prefix: str) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        return rows
    for item in group.items:
        value = data.get(item.path[-1])
        if isinstance(item, FormGroup):
            rows += _answers(item, value, f"{prefix}{item.legend} › ")
        elif value is not None and value != "":
            rows.append((f"{prefix}{item.label}", _shown(item, value)))
    return rows


def eform_answers(schema: Mapping[str, Any] | None, data: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(label, answer as shown to people) for each answered field, in the form's order."""
    return _answers(eform_build(schema), dict(data or {}), "")
