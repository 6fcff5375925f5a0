"""Steps and history events of the generated dossiers, derived in SQL from each dossier's row.

The services write one DossierStep per user task of the flow (demo flow `mot-cua-co-ban`:
intake, examination, signature, return) and one DossierEvent per transition. Both are
determined by the dossier's status and times, so they are expanded here from templates joined on
the status, instead of being generated in Python and sent. Times come from the dossier's own
columns: submitted, received, ended, returned, paused, and `t1` (the examination's end, 45 % of
the way from receipt to the end or to now); the offsets keep the services' order of writes.
"""

from __future__ import annotations

from dossier_rows import STEP_EXAMINE, STEP_RETURN, STEP_SIGN

STEP_INTAKE = "Tiếp nhận, kiểm tra hồ sơ"


def _at(kind: str, offset: str) -> str:
    """The moment a template row names, from the dossier `d` (and `%(now)s` for open ones)."""
    return (
        f"(CASE {kind} WHEN 'submitted' THEN d.submitted_at WHEN 'received' THEN d.received_at "
        f"WHEN 't1' THEN d.received_at + (coalesce(d.ended_at, %(now)s::timestamptz) - d.received_at) * 0.45 "
        f"WHEN 'paused' THEN d.paused_at WHEN 'ended' THEN d.ended_at WHEN 'returned' THEN d.returned_at END"
        f" + make_interval(secs => {offset}))"
    )


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _values(rows: list[tuple[object, ...]]) -> str:
    return ",\n".join("(" + ", ".join(_literal(v) for v in row) + ")" for row in rows)


# (task id, name, role, started at, offset, completed at or None while open, offset, outcome)
INTAKE = ("tiep_nhan", STEP_INTAKE, "receiving_officer", "received", 0, "received", 1, "done")
EXAMINE_OPEN = ("tham_dinh", STEP_EXAMINE, "processing_officer", "received", 2, None, 0, "")
EXAMINE_DONE = ("tham_dinh", STEP_EXAMINE, "processing_officer", "received", 2, "t1", 0, "done")
SIGN_OPEN = ("ky_duyet", STEP_SIGN, "unit_leader", "t1", 1, None, 0, "")
SIGN_DONE = ("ky_duyet", STEP_SIGN, "unit_leader", "t1", 1, "ended", -60, "approved")
RETURN_OPEN = ("tra_ket_qua", STEP_RETURN, "receiving_officer", "ended", 0, None, 0, "")
RETURN_DONE = ("tra_ket_qua", STEP_RETURN, "receiving_officer", "ended", 0, "returned", 0, "done")

STEPS: dict[str, tuple[tuple[object, ...], ...]] = {
    "received": (INTAKE, EXAMINE_OPEN),
    "supplement_requested": (INTAKE, EXAMINE_OPEN),
    "supplement_received": (INTAKE, EXAMINE_OPEN),
    # A stopped dossier keeps its open step, as `dossier_stop` leaves it.
    **dict.fromkeys(
        (
            "processing",
            "waiting_signature",
            "waiting_other_unit",
            "payment_required",
            "withdrawal_requested",
            "stopped",
        ),
        (INTAKE, EXAMINE_DONE, SIGN_OPEN),
    ),
    "finished": (INTAKE, EXAMINE_DONE, SIGN_DONE, RETURN_OPEN),
    "returned": (INTAKE, EXAMINE_DONE, SIGN_DONE, RETURN_DONE),
}


def steps_insert() -> str:
    rows = [(status, *step) for status, steps in STEPS.items() for step in steps]
    # Built from the constants above only.
    return f"""
        INSERT INTO dossiers_dossierstep
            (dossier_id, task_id, name, role, organization_id, started_at, due_at, completed_at, outcome, comment)
        SELECT d.id, s.task_id, s.name, s.role, d.organization_id, {_at("s.start_kind", "s.start_offset")}, d.due_at,
               CASE WHEN s.done_kind IS NULL THEN NULL ELSE {_at("s.done_kind", "s.done_offset")} END,
               s.outcome, ''
        FROM dossiers_dossier d
        JOIN (VALUES {_values(rows)})
            AS s(status, task_id, name, role, start_kind, start_offset, done_kind, done_offset, outcome)
            ON s.status = d.status
    """  # noqa: S608


# (channel: any, online or offline; action, from, to, step name, note, at, offset)
SUBMIT_ONLINE = ("online", "submit", "", "submitted", "", "Nộp hồ sơ trực tuyến", "submitted", 0)
SUBMIT_COUNTER = ("offline", "submit", "", "submitted", "", "Tiếp nhận trực tiếp tại Bộ phận Một cửa", "submitted", 0)
ACCEPT = ("any", "accept", "submitted", "received", "", "Tiếp nhận hồ sơ", "received", 1)
EXAMINED = ("any", "complete_step", "received", "processing", STEP_EXAMINE, "Chuyển bước tiếp theo", "t1", 0)
SIGNED = ("any", "complete_step", "processing", "processing", STEP_SIGN, "Chuyển bước tiếp theo", "ended", -60)
FINISH = ("any", "finish", "processing", "finished", "", "Đã có kết quả giải quyết", "ended", 0)
RESULT = ("online", "upload_result", "", "finished", "", "Kết quả giải quyết", "ended", 30)
RETURN = ("any", "return_result", "finished", "returned", "", "Trả kết quả", "returned", 0)
SUBMITTED = [SUBMIT_ONLINE, SUBMIT_COUNTER]
RECEIVED = [*SUBMITTED, ACCEPT]
EXAMINED_ONCE = [*RECEIVED, EXAMINED]
FINISHED = [*EXAMINED_ONCE, SIGNED, FINISH, RESULT]


def _then(action: str, to: str, note: str, *, at: str = "t1", offset: int = 60, frm: str = "processing") -> tuple:
    return ("any", action, frm, to, "", note, at, offset)


SUPPLEMENT = _then(
    "request_supplement",
    "supplement_requested",
    "Bổ sung giấy tờ theo phiếu yêu cầu",
    at="paused",
    offset=0,
    frm="received",
)
EVENTS: dict[str, list[tuple[object, ...]]] = {
    "submitted": SUBMITTED,
    "received": RECEIVED,
    "processing": EXAMINED_ONCE,
    "waiting_signature": [*EXAMINED_ONCE, _then("send_to_signature", "waiting_signature", "Trình ký")],
    "waiting_other_unit": [*EXAMINED_ONCE, _then("transfer", "waiting_other_unit", "Lấy ý kiến Sở Tài chính")],
    "payment_required": [*EXAMINED_ONCE, _then("request_payment", "payment_required", "Nộp lệ phí trước khi nhận")],
    "withdrawal_requested": [*EXAMINED_ONCE, _then("request_withdrawal", "withdrawal_requested", "Xin rút hồ sơ")],
    "supplement_requested": [*RECEIVED, SUPPLEMENT],
    "supplement_received": [
        *RECEIVED,
        SUPPLEMENT,
        _then("submit_supplement", "supplement_received", "", at="paused", frm="supplement_requested"),
    ],
    "refused": [
        *SUBMITTED,
        _then("refuse", "refused", "Hồ sơ không thuộc thẩm quyền tiếp nhận", at="ended", offset=0, frm="submitted"),
    ],
    "withdrawn": [*SUBMITTED, _then("request_withdrawal", "withdrawn", "", at="ended", offset=0, frm="submitted")],
    "stopped": [
        *EXAMINED_ONCE,
        _then("stop", "stopped", "Dừng xử lý theo đề nghị của cơ quan phối hợp", at="ended", offset=0),
    ],
    "finished": FINISHED,
    "returned": [*FINISHED, RETURN],
}


def events_insert() -> str:
    rows = [(status, *event) for status, events in EVENTS.items() for event in events]
    # Built from the constants above only.
    return f"""
        INSERT INTO dossiers_dossierevent (dossier_id, at, action, from_status, to_status, step_name, note)
        SELECT d.id, {_at("e.at_kind", "e.at_offset")}, e.action, e.from_status, e.to_status, e.step_name, e.note
        FROM dossiers_dossier d
        JOIN (VALUES {_values(rows)})
            AS e(status, channel, action, from_status, to_status, step_name, note, at_kind, at_offset)
            ON e.status = d.status AND (e.channel = 'any' OR (e.channel = 'online') = (d.channel = 'online'))
    """  # noqa: S608
