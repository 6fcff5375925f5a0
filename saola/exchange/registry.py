"""The hub's agency registry: services (writes, audited) and selectors (reads) for `Agency`."""

from __future__ import annotations

import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from saola.core.audit import audit_record, snapshot
from saola.core.exceptions import ImportRejected, NotFoundError, ValidationFailed
from saola.core.models import User
from saola.core.services import model_full_clean
from saola.core.text import search_terms
from saola.core.tokens import secret_hash
from saola.core.uploads import decode_csv, iter_csv_rows, read_path_safely, reject_file
from saola.exchange.models import Agency

SECRET_PREFIX = "hub_"  # noqa: S105 - a public prefix, not a secret
IMPORT_COLUMNS = ("code", "name", "level", "parent_hub", "mode", "endpoint")
REQUIRED_IMPORT_COLUMNS = ("code", "name", "level")
UPDATABLE_FIELDS = frozenset({"name", "level", "parent_hub", "mode", "endpoint", "certificate"})
MAX_IMPORT_ERRORS = 1000
_AUDIT_EXCLUDE = ("secret_hash", "search_text", "certificate")


def _snapshot(agency: Agency) -> dict[str, Any]:
    data = snapshot(agency, exclude=_AUDIT_EXCLUDE)
    data["certificate"] = agency.certificate_subject
    return data


# A hub looks an agency up on every request (credentials, sender, routing). Rows change rarely:
# each process keeps what it read for SAOLA_HUB_REGISTRY_CACHE_SECONDS, forgets a row at once
# when it changes it itself, and sees other processes' changes within that time.
_CACHE: dict[str, tuple[Agency | None, float]] = {}
_CACHE_MAX = 50_000


def _forget(code: str) -> None:
    _CACHE.pop(code, None)
    transaction.on_commit(lambda: _CACHE.pop(code, None))


def agency_lookup(code: str) -> Agency | None:
    """The agency with this code, active or not, or None; read through the registry cache."""
    ttl = float(getattr(settings, "SAOLA_HUB_REGISTRY_CACHE_SECONDS", 0))
    if ttl <= 0:
        return Agency.objects.filter(code=code).first()
    now = time.monotonic()
    hit = _CACHE.get(code)
    if hit is not None and now - hit[1] < ttl:
        return hit[0]
    agency = Agency.objects.filter(code=code).first()
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[code] = (agency, now)
    return agency


# --- services -------------------------------------------------------------------------------


@transaction.atomic
def agency_register(
    *,
    actor: User | None,
    code: str,
    name: str,
    level: str,
    parent_hub: str = "",
    mode: str = Agency.Mode.PULL,
    endpoint: str = "",
    certificate: str = "",
) -> Agency:
    """Add an agency to the registry; validates the code, level, endpoint and certificate."""
    agency = Agency(
        code=code.strip(),
        name=name.strip(),
        level=level,
        parent_hub=parent_hub.strip(),
        mode=mode,
        endpoint=endpoint.strip(),
        certificate=certificate.strip(),
    )
    model_full_clean(agency)
    agency.save()
    _forget(agency.code)
    audit_record(actor=actor, action="agency.register", obj=agency, after=_snapshot(agency))
    return agency


@transaction.atomic
def agency_update(*, actor: User | None, agency: Agency, **changes: Any) -> Agency:
    """Change the name, level, parent hub, delivery mode, endpoint or certificate of an agency."""
    row = Agency.objects.select_for_update().get(pk=agency.pk)
    before = _snapshot(row)
    for name, value in changes.items():
        if name not in UPDATABLE_FIELDS:
            raise ValidationFailed(fields={name: [_("Không thể sửa trường này.")]})
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    model_full_clean(row)
    row.save()
    _forget(row.code)
    audit_record(actor=actor, action="agency.update", obj=row, before=before, after=_snapshot(row))
    return row


@transaction.atomic
def agency_deactivate(*, actor: User | None, agency: Agency) -> Agency:
    """Stop serving an agency: it can no longer authenticate. Idempotent."""
    row = Agency.objects.select_for_update().get(pk=agency.pk)
    if row.is_active:
        row.is_active = False
        row.save(update_fields=["is_active", "updated_at"])
        _forget(row.code)
        audit_record(
            actor=actor, action="agency.deactivate", obj=row, before={"is_active": True}, after={"is_active": False}
        )
    return row


@transaction.atomic
def agency_activate(*, actor: User | None, agency: Agency) -> Agency:
    """Serve a deactivated agency again. Idempotent."""
    row = Agency.objects.select_for_update().get(pk=agency.pk)
    if not row.is_active:
        row.is_active = True
        row.save(update_fields=["is_active", "updated_at"])
        _forget(row.code)
        audit_record(
            actor=actor, action="agency.activate", obj=row, before={"is_active": False}, after={"is_active": True}
        )
    return row


@transaction.atomic
def agency_issue_secret(*, actor: User | None, agency: Agency) -> tuple[Agency, str]:
    """Give the agency a new credential secret (replacing any previous one); returns it in clear once."""
    row = Agency.objects.select_for_update().get(pk=agency.pk)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    before = {"secret_prefix": row.secret_prefix}
    row.secret_hash = secret_hash(secret)
    row.secret_prefix = secret[:12]
    row.save(update_fields=["secret_hash", "secret_prefix", "updated_at"])
    _forget(row.code)
    audit_record(
        actor=actor, action="agency.issue_secret", obj=row, before=before, after={"secret_prefix": row.secret_prefix}
    )
    return row, secret


# --- selectors ------------------------------------------------------------------------------


def agency_get(*, code: str) -> Agency:
    agency = Agency.objects.filter(code=code.strip()).first()
    if agency is None:
        raise NotFoundError(_("Không tìm thấy cơ quan có mã định danh %(code)s.") % {"code": code})
    return agency


def agency_list(*, q: str = "", level: str = "", active_only: bool = False) -> QuerySet[Agency]:
    """Agencies ordered by code; `q` matches code or name ignoring case and diacritics."""
    agencies = Agency.objects.all()
    for term in search_terms(q):
        agencies = agencies.filter(search_text__contains=term)
    if level:
        agencies = agencies.filter(level=level)
    if active_only:
        agencies = agencies.filter(is_active=True)
    return agencies.order_by("code")


def agency_authenticate(*, code: str, secret: str) -> Agency | None:
    """The active agency with this code whose secret matches, else None."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        return None
    agency = agency_lookup(code.strip())
    if agency is None or not agency.is_active or not agency.secret_hash:
        return None
    if not hmac.compare_digest(agency.secret_hash, secret_hash(secret)):
        return None
    return agency


# --- import ---------------------------------------------------------------------------------


@dataclass
class _Errors:
    items: list[dict[str, Any]] = field(default_factory=list)
    dropped: int = 0

    def add(self, line: int | None, field_name: str, message: str | Promise) -> None:
        if len(self.items) >= MAX_IMPORT_ERRORS:
            self.dropped += 1
            return
        self.items.append({"line": line, "field": field_name, "message": str(message)})

    def raise_if_any(self) -> None:
        if not self.items:
            return
        order = {name: index for index, name in enumerate(IMPORT_COLUMNS)}
        self.items.sort(key=lambda e: (e["line"] or 0, order.get(e["field"], -1)))
        if self.dropped:
            message = _("Còn %(count)s lỗi khác không được liệt kê.") % {"count": self.dropped}
            self.items.append({"line": None, "field": "file", "message": message})
        raise ImportRejected(errors=self.items)


def _csv_records(data: bytes) -> list[tuple[int, dict[str, str]]]:
    rows = [(line, [cell.strip() for cell in cells]) for line, cells in iter_csv_rows(data)]
    rows = [(line, cells) for line, cells in rows if any(cells)]
    if not rows:
        raise reject_file(_("Tệp không có dòng tiêu đề."))
    header = [name.lower() for name in rows[0][1]]
    missing = [name for name in REQUIRED_IMPORT_COLUMNS if name not in header]
    if missing:
        raise reject_file(_("Thiếu cột bắt buộc: %(columns)s.") % {"columns": ", ".join(missing)})
    return [(line, dict(zip(header, cells, strict=False))) for line, cells in rows[1:]]


def _json_records(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The objects of a top-level JSON array, each with the line where it starts."""
    text = decode_csv(data)
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise reject_file(
            _("Tệp JSON không hợp lệ ở dòng %(line)s: %(reason)s.") % {"line": exc.lineno, "reason": exc.msg}
        ) from None
    if not isinstance(items, list):
        raise reject_file(_("Tệp JSON phải là một mảng các cơ quan."))
    decoder = json.JSONDecoder()
    records: list[tuple[int, dict[str, str]]] = []
    position = text.index("[") + 1
    for item in items:
        while text[position] in " \t\r\n,":
            position += 1
        _value, end = decoder.raw_decode(text, position)
        line = text.count("\n", 0, position) + 1
        position = end
        if not isinstance(item, dict):
            records.append((line, {"__invalid__": "1"}))
            continue
        records.append((line, {str(k).lower(): "" if v is None else str(v).strip() for k, v in item.items()}))
    return records


def _check_record(line: int, record: dict[str, str], seen: dict[str, int], errors: _Errors) -> dict[str, str] | None:
    if "__invalid__" in record:
        errors.add(line, "file", _("Mỗi phần tử phải là một đối tượng JSON."))
        return None
    values = {name: record.get(name, "") for name in IMPORT_COLUMNS}
    values["mode"] = values["mode"].lower() or Agency.Mode.PULL
    values["level"] = values["level"].lower()
    for name in REQUIRED_IMPORT_COLUMNS:
        if not values[name]:
            errors.add(line, name, _("Không được để trống."))
    code = values["code"]
    if code in seen:
        errors.add(line, "code", _("Trùng mã định danh với dòng %(line)s.") % {"line": seen[code]})
    elif code:
        seen[code] = line
    agency = Agency(**values)
    try:
        agency.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = name if name in IMPORT_COLUMNS else "file"
            if column in REQUIRED_IMPORT_COLUMNS and not values[column]:
                continue  # already reported as empty
            for message in messages:
                errors.add(line, column, message)
    return values


def agencies_import_file(*, path: str | os.PathLike[str], actor: User | None) -> int:
    """Register every agency of a CSV or JSON file, or none: ImportRejected lists each bad row."""
    extension = os.path.splitext(os.fspath(path))[1].lower()
    if extension not in (".csv", ".json"):
        raise reject_file(_("Chỉ nhận tệp .csv hoặc .json."))
    data = read_path_safely(path)
    records = _json_records(data) if extension == ".json" else _csv_records(data)
    if not records:
        raise reject_file(_("Tệp không có cơ quan nào."))
    errors = _Errors()
    seen: dict[str, int] = {}
    checked = [_check_record(line, record, seen, errors) for line, record in records]
    errors.raise_if_any()
    with transaction.atomic():
        for values in checked:
            if values is not None:
                agency_register(actor=actor, **values)
    return len(checked)
