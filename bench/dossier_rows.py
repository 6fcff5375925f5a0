"""The rows of a province's dossiers, generated in Python as PostgreSQL COPY text.

Each dossier gets a timeline drawn the way a one-stop desk sees them: submitted on a working day
(online at any hour, at the counter in office hours), received at once at the counter or within
hours online, due after the procedure's processing time, finished mostly on time and returned a
day or two later. What is still open at generation time (`now`) follows from that timeline: a
few per cent of a year's dossiers, the young ones, plus some late or stuck ones. Steps and
history events are derived from these rows in SQL (`dossier_volume.py`).

Times are UTC epoch seconds, written as local time (+07). Everything is seeded.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from saola.core.text import fold

DAY = 86400.0
HOUR = 3600.0
LOCAL_OFFSET = 7 * 3600  # Asia/Ho_Chi_Minh, no daylight saving

# One step of the basic one-stop flow (demo flow `mot-cua-co-ban`), by the status that leaves it open.
STEP_EXAMINE = "Thẩm định hồ sơ, dự thảo kết quả"
STEP_SIGN = "Ký duyệt kết quả"
STEP_RETURN = "Trả kết quả"
OPEN_TASK = {
    "received": ("tham_dinh", STEP_EXAMINE),
    "supplement_requested": ("tham_dinh", STEP_EXAMINE),
    "supplement_received": ("tham_dinh", STEP_EXAMINE),
    "processing": ("ky_duyet", STEP_SIGN),
    "waiting_signature": ("ky_duyet", STEP_SIGN),
    "waiting_other_unit": ("ky_duyet", STEP_SIGN),
    "payment_required": ("ky_duyet", STEP_SIGN),
    "withdrawal_requested": ("ky_duyet", STEP_SIGN),
    "stopped": ("ky_duyet", STEP_SIGN),
    "finished": ("tra_ket_qua", STEP_RETURN),
}

FAMILY = ["Nguyễn", "Trần", "Lò", "Cầm", "Lường", "Quàng", "Vì", "Hoàng", "Đinh", "Tòng", "Lê", "Phạm", "Mùa", "Sồng"]
MIDDLE = ["Văn", "Thị", "Thanh", "Đức", "Minh", "Hồng", "Ngọc", "Quang", "Thu", "A"]
GIVEN = ["An", "Bình", "Chiến", "Dung", "Hùng", "Lan", "Mai", "Nam", "Phong", "Quyết", "Sơn", "Tâm", "Uyên", "Xuân"]
STREETS = ["Bản Hòa", "Tổ 3", "Bản Mé", "Tiểu khu 2", "Bản Bó", "Tổ 7", "Bản Cọ", "Bản Phiêng Ngùa"]

DOSSIER_COLUMNS = (
    "id, code, procedure_id, organization_id, applicant_id, applicant_name, applicant_folded, applicant_id_number, "
    "applicant_phone, "
    "applicant_email, applicant_address, summary, form_data, channel, status, procedure_snapshot, submitted_at, "
    "received_at, due_at, original_due_at, paused_at, ended_at, returned_at, supplement_count, workflow_state, "
    "current_step, idempotency_key, created_by_id, updated_at"
)
USER_COLUMNS = (
    "id, password, is_superuser, username, first_name, last_name, is_staff, is_active, date_joined, kind, "
    "full_name, email, phone, personal_id, tax_code, position"
)
NULL = "\\N"


def copy_text(value: str) -> str:
    """A value escaped for COPY's text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Clock:
    """Epoch seconds as `YYYY-MM-DD HH:MM:SS+07`, with the minute part cached (most of the cost)."""

    def __init__(self) -> None:
        self._minutes: dict[int, str] = {}

    def __call__(self, t: float) -> str:
        minute = int(t // 60)
        text = self._minutes.get(minute)
        if text is None:
            text = time.strftime("%Y-%m-%d %H:%M", time.gmtime(minute * 60 + LOCAL_OFFSET))
            self._minutes[minute] = text
        return f"{text}:{int(t) % 60:02d}+07"


@dataclass(frozen=True)
class ProcedureInfo:
    id: int
    code: str
    name: str
    days: float
    commune_level: bool
    online: str  # online_category: full, partial, none
    department_id: int | None  # the receiving department of a province-level procedure
    snapshot: str  # the dossier's procedure_snapshot, COPY-escaped JSON


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str


@dataclass
class Plan:
    """What to generate: sizes, the units and procedures with their weights, the clock's end."""

    dossiers: int
    citizens: int
    days: int
    now: float
    first_user_id: int
    procedures: list[ProcedureInfo]
    procedure_weights: list[float]
    communes: list[UnitInfo]
    commune_weights: list[float]
    departments: dict[int, UnitInfo]
    password_hash: str
    # Workflow state JSON per open task id, with CODE_MARK where the dossier code goes.
    workflow_states: dict[str, str]
    seed: int = 20260102
    counters: dict[str, int] = field(default_factory=dict)


CODE_MARK = "@@CODE@@"


def citizen_name(index: int) -> str:
    mixed = (index * 2654435761) % 4294967296
    return f"{FAMILY[mixed % 14]} {MIDDLE[(mixed // 14) % 10]} {GIVEN[(mixed // 140) % 14]}"


def citizen_id_number(index: int) -> str:
    # CCCD: province of birth (014 Sơn La), century and sex digit, birth year, serial.
    return f"014{index % 2}{(60 + index % 45) % 100:02d}{index:06d}"


def citizen_phone(index: int) -> str:
    return f"09{index:08d}"


def citizen_rows(plan: Plan, clock: Clock) -> Iterator[str]:
    """Citizen accounts (core_user), one COPY line each; every one has the same password."""
    joined = clock(plan.now - plan.days * DAY - 30 * DAY)
    for i in range(plan.citizens):
        email = f"cong.dan.{i}@example.vn" if i % 3 == 0 else NULL
        yield (
            f"{plan.first_user_id + i}\t{plan.password_hash}\tf\tbench-citizen-{i}\t\t\tf\tt\t{joined}\tcitizen\t"
            f"{citizen_name(i)}\t{email}\t{citizen_phone(i)}\t{citizen_id_number(i)}\t{NULL}\t\n"
        )


def weighted(rng: random.Random, n: int, exponent: float) -> list[float]:
    """Zipf-like weights in a seeded order: a few units or procedures get most of the work."""
    ranks = list(range(1, n + 1))
    rng.shuffle(ranks)
    return [1.0 / r**exponent for r in ranks]


@dataclass
class Timeline:
    status: str
    received: float | None = None
    due: float | None = None
    paused: float | None = None
    ended: float | None = None
    returned: float | None = None
    supplements: int = 0
    updated: float = 0.0


def _open_status(rng: random.Random, progress: float) -> str:
    roll = rng.random()
    if roll < 0.015:
        return "waiting_other_unit"
    if roll < 0.025:
        return "payment_required"
    if roll < 0.03:
        return "withdrawal_requested"
    if progress < 0.5:
        return "received"
    return "waiting_signature" if roll < 0.2 else "processing"


def timeline(rng: random.Random, submitted: float, days: float, online: bool, now: float) -> Timeline:
    """Where a dossier submitted at `submitted` stands at `now`."""
    if online:
        received = submitted + min(rng.expovariate(1 / (5 * HOUR)), 3 * DAY)
        roll = rng.random()
        if roll < 0.02:  # refused or withdrawn before intake
            ended = received
            if ended > now:
                return Timeline("submitted", updated=submitted)
            return Timeline("refused" if roll < 0.014 else "withdrawn", ended=ended, updated=ended)
        if received > now:
            return Timeline("submitted", updated=submitted)
    else:
        received = submitted
    span = max(days, 0.5) * 1.4 * DAY  # working days, weekends in between
    due = received + span
    t = Timeline("received", received=received, due=due)
    roll = rng.random()
    if roll < 0.001 and now - received > 30 * DAY:  # forgotten: still open, months late
        t.status, t.updated = _open_status(rng, 0.3), received + DAY
        return t
    late = roll > 0.93
    finish = received + span * (rng.uniform(1.0, 1.8) if late else rng.uniform(0.25, 1.0))
    if rng.random() < 0.04:  # one supplement request: the clock stops while the applicant answers
        t.supplements = 1
        pause_start = received + 0.3 * (finish - received)
        pause = rng.expovariate(1 / (3 * DAY))
        t.due, finish = due + pause, finish + pause
        if pause_start <= now < pause_start + pause:
            t.paused = pause_start
            answered = now > pause_start + 0.8 * pause
            t.status = "supplement_received" if answered else "supplement_requested"
            t.updated = pause_start
            return t
    if rng.random() < 0.004:
        stop = received + 0.5 * (finish - received)
        if stop <= now:
            t.status, t.ended, t.updated = "stopped", stop, stop
            return t
    if finish > now:
        t.status, t.updated = _open_status(rng, (now - received) / (finish - received)), received
        return t
    t.ended = finish
    if rng.random() < 0.005:  # the result was never collected
        t.status, t.updated = "finished", finish
        return t
    returned = finish + rng.expovariate(1 / (0.3 * DAY if online else 1.5 * DAY))
    if returned > now:
        t.status, t.updated = "finished", finish
        return t
    t.status, t.returned, t.updated = "returned", returned, returned
    return t


def _day_counts(plan: Plan, rng: random.Random) -> list[tuple[float, int]]:
    """(local midnight as epoch, dossiers that day) from the oldest day to today."""
    today = math.floor((plan.now + LOCAL_OFFSET) / DAY) * DAY - LOCAL_OFFSET
    days = [today - d * DAY for d in range(plan.days - 1, -1, -1)]
    weights = []
    for start in days:
        weekday = time.gmtime(start + LOCAL_OFFSET).tm_wday
        base = 1.0 if weekday < 5 else 0.2 if weekday == 5 else 0.05  # Saturday mornings at some desks
        weights.append(base * rng.uniform(0.8, 1.2))
    total = sum(weights)
    counts = [int(plan.dossiers * w / total) for w in weights]
    for i in range(plan.dossiers - sum(counts)):
        counts[-1 - (i % len(counts))] += 1
    return list(zip(days, counts, strict=True))


def dossier_rows(plan: Plan, clock: Clock) -> Iterator[list[str]]:
    """COPY lines for dossiers_dossier, one list per day, ids in submission order.

    Fills `plan.counters` with the last sequence number of every code prefix (agency and day),
    as the code generator would have left them.
    """
    rng = random.Random(plan.seed)
    procedures, communes = plan.procedures, plan.communes
    proc_cum = _cumulative(plan.procedure_weights)
    commune_cum = _cumulative(plan.commune_weights)
    p_online = {"full": 0.7, "partial": 0.45, "none": 0.0}
    dossier_id = 0
    for day_start, count in _day_counts(plan, rng):
        chosen = rng.choices(procedures, cum_weights=proc_cum, k=count)
        places = rng.choices(communes, cum_weights=commune_cum, k=count)
        items: list[tuple[float, ProcedureInfo, UnitInfo, str]] = []
        for proc, commune in zip(chosen, places, strict=True):
            unit = commune if proc.commune_level or proc.department_id is None else plan.departments[proc.department_id]
            roll = rng.random()
            if roll < p_online[proc.online]:
                channel, at = "online", day_start + 6 * HOUR + rng.random() * 17 * HOUR
            else:
                channel = "post" if roll > 0.95 else "counter"
                at = day_start + 7.5 * HOUR + rng.random() * 9.5 * HOUR
            if at >= plan.now:  # today, later than now: earlier today instead
                at = day_start + rng.random() * max(plan.now - day_start, 1.0)
            items.append((at, proc, unit, channel))
        items.sort(key=lambda item: item[0])
        yymmdd = time.strftime("%y%m%d", time.gmtime(day_start + LOCAL_OFFSET))
        period = "20" + yymmdd
        lines = []
        for at, proc, unit, channel in items:
            dossier_id += 1
            prefix = f"{unit.code}|{period}"
            seq = plan.counters.get(prefix, 0) + 1
            plan.counters[prefix] = seq
            code = f"{unit.code}-{yymmdd}-{seq:04d}"
            lines.append(
                _dossier_line(
                    plan, clock, rng, dossier_id=dossier_id, code=code, at=at, proc=proc, unit=unit, channel=channel
                )
            )
        yield lines


def _cumulative(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def _dossier_line(
    plan: Plan,
    clock: Clock,
    rng: random.Random,
    *,
    dossier_id: int,
    code: str,
    at: float,
    proc: ProcedureInfo,
    unit: UnitInfo,
    channel: str,
) -> str:
    online = channel == "online"
    t = timeline(rng, at, proc.days, online, plan.now)
    citizen = rng.randrange(plan.citizens)
    applicant = plan.first_user_id + citizen
    email = f"cong.dan.{citizen}@example.vn" if citizen % 3 == 0 else ""
    address = f"{STREETS[citizen % 8]}, xã {citizen % 97 + 1}"
    task = OPEN_TASK.get(t.status)
    state = plan.workflow_states[task[0]].replace(CODE_MARK, code) if task else ""

    def ts(value: float | None) -> str:
        return NULL if value is None else clock(value)

    return (
        "\t".join(
            (
                str(dossier_id),
                code,
                str(proc.id),
                str(unit.id),
                str(applicant),
                citizen_name(citizen),
                fold(citizen_name(citizen)),
                citizen_id_number(citizen),
                citizen_phone(citizen),
                email,
                address,
                proc.name,
                "{}",
                channel,
                t.status,
                proc.snapshot,
                clock(at),
                ts(t.received),
                ts(t.due),
                ts(t.due),
                ts(t.paused),
                ts(t.ended),
                ts(t.returned),
                str(t.supplements),
                state,
                task[1] if task else "",
                "",
                str(applicant) if online else NULL,
                clock(max(t.updated, at)),
            )
        )
        + "\n"
    )


def snapshot_json(proc: dict[str, Any], papers: list[dict[str, Any]], flow_code: str) -> str:
    """The procedure as intake stores it on each dossier (`intake._snapshot`), COPY-escaped."""
    data = {
        "code": proc["code"],
        "name": proc["name"],
        "processing_days": str(proc["processing_days"]),
        "cut_off_hour": proc["cut_off_hour"],
        "online_category": proc["online_category"],
        "flow": flow_code,
        "papers": papers,
    }
    return copy_text(json.dumps(data, ensure_ascii=False))
