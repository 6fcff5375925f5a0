"""Dossier codes: pluggable, unique under concurrency on SQLite and PostgreSQL.

The national form is not confirmed (domain facts §2.5): the local generator follows the
`dossier_code.pattern` legal rule in force (default `{agency}-{yymmdd}-{seq:04d}`); the remote
one asks the province's or ministry's system for the next value (`GetNextValue?code=<agency>`).
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from saola.core.calendar import LOCAL_TZ
from saola.core.exceptions import ExternalServiceError, NotFoundError
from saola.core.selectors import legal_rule_value
from saola.dossiers.models import DossierCodeCounter

DEFAULT_RULE: dict[str, Any] = {"pattern": "{agency}-{yymmdd}-{seq:04d}", "seq_reset": "daily"}


def _rule(day: dt.date) -> dict[str, Any]:
    try:
        value = legal_rule_value(key="dossier_code.pattern", at=day)
    except NotFoundError:
        return DEFAULT_RULE
    return value if isinstance(value, dict) and "pattern" in value else DEFAULT_RULE


@transaction.atomic
def _next_sequence(prefix: str) -> int:
    """Increment the counter of `prefix` under a row lock (created race-free if missing)."""
    DossierCodeCounter.objects.bulk_create([DossierCodeCounter(prefix=prefix, last=0)], ignore_conflicts=True)
    counter = DossierCodeCounter.objects.select_for_update().get(prefix=prefix)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def local_code(*, agency_code: str, at: dt.datetime | None = None) -> str:
    moment = (at or timezone.now()).astimezone(LOCAL_TZ)
    rule = _rule(moment.date())
    reset = rule.get("seq_reset", "daily")
    period = moment.strftime("%Y") if reset == "yearly" else moment.strftime("%Y%m%d")
    seq = _next_sequence(f"{agency_code}|{period}")
    return str(rule["pattern"]).format(
        agency=agency_code, yymmdd=moment.strftime("%y%m%d"), yyyymmdd=moment.strftime("%Y%m%d"), seq=seq
    )


def remote_code(*, agency_code: str, url: str, timeout: float = 5.0) -> str:
    """Ask a remote service for the next code (`GET url?code=<agency>` → {"value": "..."})."""
    query = urllib.parse.urlencode({"code": agency_code})
    separator = "&" if "?" in url else "?"
    request = urllib.request.Request(f"{url}{separator}{query}", headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - URL from settings
            body = json.loads(response.read(4096).decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise ExternalServiceError("Không lấy được mã hồ sơ từ hệ thống cấp mã.") from exc
    value = body.get("value") if isinstance(body, dict) else None
    if not isinstance(value, str) or not 5 <= len(value) <= 40:
        raise ExternalServiceError("Hệ thống cấp mã trả về mã hồ sơ không hợp lệ.")
    return value


def next_dossier_code(*, agency_code: str) -> str:
    """The code for a new dossier received by `agency_code`, from the configured source."""
    url = getattr(settings, "SAOLA_DOSSIER_CODE_URL", "")
    if url:
        return remote_code(agency_code=agency_code, url=url)
    return local_code(agency_code=agency_code)
