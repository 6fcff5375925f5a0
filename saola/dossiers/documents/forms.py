"""Which one-stop form applies to a dossier: its number and title under the circular in force.

The form sets are data (legal rule ``one_stop.forms``, one version per circular), so a dossier
keeps the numbering of the circular in force on the day it was received: TT 01/2018/TT-VPCP
numbers the process-control slip 05, TT 03/2025/TT-VPCP Phụ lục I numbers it 06 and adds the
notice of stopping as 05.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from saola.core.calendar import LOCAL_TZ
from saola.core.exceptions import NotFoundError
from saola.core.selectors import legal_rule_value
from saola.core.text import fold
from saola.dossiers.models import Dossier

RULE_KEY = "one_stop.forms"

# How each slip is recognised in a circular's list of forms (folded titles), so that a new
# circular entered as data numbers the slips without a code change. A rule version may also
# name them outright: {"kinds": {"receipt": "01", ...}}.
KEYWORDS: dict[str, str] = {
    "receipt": "giay tiep nhan",
    "supplement": "bo sung",
    "refusal": "tu choi",
    "apology": "xin loi",
    "stop": "dung giai quyet",
    "control": "kiem soat",
    "book": "so theo doi",
}

# Titles for a slip the circular in force has no form for (TT 01/2018 had no notice of
# stopping): the document is still issued, without a form number.
DEFAULT_TITLES: dict[str, str] = {
    "receipt": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "supplement": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "refusal": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "apology": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "stop": "Thông báo dừng giải quyết hồ sơ",
    "control": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "book": "Sổ theo dõi hồ sơ",
}

# Used only when no version of the rule is recorded at all (an installation without the legal
# rules loaded): the TT 03/2025/TT-VPCP Phụ lục I set, the one in force for new dossiers.
FALLBACK_FORM_SET: dict[str, Any] = {
    "circular": "03/2025/TT-VPCP",
    "forms": {
        "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
        "04": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
        "05": "Thông báo dừng giải quyết hồ sơ",
        "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "07": "Sổ theo dõi hồ sơ",
    },
}


@dataclass(frozen=True)
class FormInfo:
    kind: str
    number: str | None
    title: str
    circular: str

    @property
    def label(self) -> str:
        """ "Mẫu số 01", or "" when the circular in force has no form for this slip."""
        return f"Mẫu số {self.number}" if self.number else ""


def form_set(*, on: dt.date) -> dict[str, Any]:
    """The ``one_stop.forms`` rule value in force on `on` (the 2025 set if none is recorded)."""
    try:
        value = legal_rule_value(key=RULE_KEY, at=on)
    except NotFoundError:
        return FALLBACK_FORM_SET
    return value if isinstance(value, dict) else FALLBACK_FORM_SET


def form_info(*, kind: str, on: dt.date) -> FormInfo:
    """Number and title of slip `kind` (a key of KEYWORDS) under the circular in force on `on`."""
    value = form_set(on=on)
    forms: dict[str, str] = value.get("forms") or {}
    circular = str(value.get("circular", ""))
    number = (value.get("kinds") or {}).get(kind)
    if number is None:
        number = next((num for num, title in sorted(forms.items()) if KEYWORDS[kind] in fold(title)), None)
    if number is None or number not in forms:
        return FormInfo(kind=kind, number=None, title=DEFAULT_TITLES[kind], circular=circular)
    return FormInfo(kind=kind, number=number, title=forms[number], circular=circular)


def dossier_form_date(dossier: Dossier) -> dt.date:
    """The day whose rules apply to `dossier`: its receipt, or its submission if never received."""
    moment = dossier.received_at or dossier.submitted_at
    return moment.astimezone(LOCAL_TZ).date()


def dossier_form(dossier: Dossier, kind: str) -> FormInfo:
    return form_info(kind=kind, on=dossier_form_date(dossier))
