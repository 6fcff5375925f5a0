"""Reading the catalogue for export, and writing a checked import through the catalogue services."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from saola.catalog import services
from saola.catalog.interchange.common import Cell, CellError, ErrorList, ParsedRecord, ProcedureData, RawRecord
from saola.catalog.interchange.values import CHANNEL_NAMES, flow_reference, text
from saola.catalog.models import Field, Flow, Procedure
from saola.core.audit import audit_record
from saola.core.exceptions import ValidationFailed
from saola.core.models import Organization, User

MSG_UNKNOWN_AGENCY = _("Không có cơ quan, đơn vị mã %(code)s trong hệ thống.")
MSG_UNKNOWN_FLOW = _("Không có quy trình xử lý mã “%(code)s”.")
MSG_SAVE_FAILED = _("Không lưu được thủ tục: %(reason)s")
# Counter intake is open for every procedure at the one-stop department (NĐ 118/2025/NĐ-CP),
# so a procedure saved without channels is exported with that one.
DEFAULT_CHANNELS = [1]
_LOOKUP_CHUNK = 500


def export_data() -> list[ProcedureData]:
    """Every procedure (active or not) with its papers, fees, legal bases and agencies, by code."""
    procedures = (
        Procedure.objects.select_related("field", "flow")
        .prefetch_related(
            "papers", "fees", "legal_bases", Prefetch("agencies", queryset=Organization.objects.order_by("code"))
        )
        .order_by("code")
    )
    return [_procedure_data(procedure) for procedure in procedures]


def _procedure_data(procedure: Procedure) -> ProcedureData:
    channels = [c for c in procedure.channels or [] if isinstance(c, int) and c in CHANNEL_NAMES]
    return ProcedureData(
        code=procedure.code,
        name=procedure.name,
        field_code=procedure.field.code,
        field_name=procedure.field.name,
        levels=list(procedure.levels),
        online_category=procedure.online_category,
        processing_days=procedure.processing_days,
        channels=channels or list(DEFAULT_CHANNELS),
        cut_off_hour=procedure.cut_off_hour,
        applicants=procedure.applicants,
        requirements=procedure.requirements,
        steps=procedure.steps,
        result=procedure.result,
        papers=[
            {
                "code": paper.code,
                "name": paper.name,
                "originals": paper.originals,
                "copies": paper.copies,
                "required": paper.required,
                "form_name": paper.form_name,
                # An uploaded form file stays on this platform; only a public address travels.
                "form_url": paper.form_url,
            }
            for paper in procedure.papers.all()
        ],
        fees=[
            {"name": fee.name, "amount": fee.amount, "description": fee.description, "collection": fee.collection}
            for fee in procedure.fees.all()
        ],
        legal_bases=[{"number": basis.number, "title": basis.title} for basis in procedure.legal_bases.all()],
        agencies=[(agency.code, agency.name) for agency in procedure.agencies.all()],
        flow=procedure.flow.code if procedure.flow else None,
        form_schema=procedure.form_schema or {},
        is_active=procedure.is_active,
    )


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _LOOKUP_CHUNK):
        yield items[start : start + _LOOKUP_CHUNK]


def check_references(raws: list[RawRecord], errors: ErrorList) -> dict[str, Organization]:
    """Agencies must exist (by MADONVI) and a flow code must name an existing flow.

    Checked on every record, valid or not, so one refusal lists every unknown reference.
    Returns the agencies found, by code. Fields are not checked: an unknown field is created.
    """
    agency_cells = [cell for raw in raws for cell in (row["MADONVI"] for row in raw.agencies)]
    flow_cells = [raw.cell("QUYTRINH") for raw in raws]
    agency_codes = {code: cell for cell in agency_cells if (code := _valid(cell, _agency_code))}
    flow_codes = {code: cell for cell in flow_cells if (code := _valid(cell, _flow_code))}
    agencies: dict[str, Organization] = {}
    for chunk in _chunks(sorted(agency_codes)):
        agencies.update((org.code, org) for org in Organization.objects.filter(code__in=chunk))
    flows: set[str] = set()
    for chunk in _chunks(sorted(flow_codes)):
        flows.update(Flow.objects.filter(code__in=chunk).values_list("code", flat=True))
    for cell in agency_cells:
        code = _valid(cell, _agency_code)
        if code and code not in agencies:
            errors.add(cell.loc, MSG_UNKNOWN_AGENCY % {"code": code})
    for cell in flow_cells:
        code = _valid(cell, _flow_code)
        if code and code not in flows:
            errors.add(cell.loc, MSG_UNKNOWN_FLOW % {"code": code})
    return agencies


def _agency_code(value: Any) -> str:
    return text(value, required=True, max_length=13)


def _flow_code(value: Any) -> str | None:
    code, is_xml = flow_reference(value)
    return None if is_xml else code


def _valid(cell: Cell, convert: Callable[[Any], str | None]) -> str | None:
    """The cell's value when it is well formed (the checker reports it otherwise)."""
    try:
        return convert(cell.value)
    except CellError:
        return None


def embedded_flow_code(procedure_code: str) -> str:
    """The code under which a BPMN document embedded in an import is saved."""
    return "tthc-" + procedure_code.replace(".", "-")


def apply_records(
    records: list[ParsedRecord], *, agencies: dict[str, Organization], actor: User | None, errors: ErrorList
) -> int:
    """Save every record through the catalogue services (each audits its own write).

    Call inside the import's transaction: a record the services refuse is added to `errors`
    and the caller must then roll the whole import back.
    """
    fields: dict[str, Field] = {}
    saved = 0
    for record in records:
        data = record.data
        try:
            field = fields.get(data.field_code)
            if field is None:
                field = services.field_upsert(actor=actor, code=data.field_code, name=data.field_name)
                fields[data.field_code] = field
            services.procedure_save(actor=actor, flow=_flow(data, actor), **_save_arguments(data, field, agencies))
        except ValidationFailed as exc:
            errors.add(record.loc, MSG_SAVE_FAILED % {"reason": _reason(exc)})
            continue
        saved += 1
    return saved


def _flow(data: ProcedureData, actor: User | None) -> Flow | None:
    if not data.flow:
        return None
    if data.flow_is_xml:
        return services.flow_save(
            actor=actor,
            code=embedded_flow_code(data.code),
            name=f"Quy trình: {data.name}"[:255],
            bpmn_xml=data.flow,
        )
    return Flow.objects.get(code=data.flow)


def _save_arguments(data: ProcedureData, field: Field, agencies: dict[str, Organization]) -> dict[str, Any]:
    agency_codes = list(dict.fromkeys(code for code, _name in data.agencies))
    return {
        "code": data.code,
        "name": data.name,
        "field": field,
        "levels": data.levels,
        "processing_days": data.processing_days,
        "online_category": data.online_category,
        "agencies": [agencies[code] for code in agency_codes],
        "papers": data.papers,
        "fees": data.fees,
        "legal_bases": data.legal_bases,
        "channels": data.channels,
        "cut_off_hour": data.cut_off_hour,
        "applicants": data.applicants,
        "requirements": data.requirements,
        "steps": data.steps,
        "result": data.result,
        "form_schema": data.form_schema,
        "is_active": data.is_active,
    }


def _reason(exc: ValidationFailed) -> str:
    if exc.fields:
        return "; ".join(f"{key}: {' '.join(str(m) for m in messages)}" for key, messages in exc.fields.items())
    return str(exc.message)


def audit_import(*, actor: User | None, fmt: str, codes: list[str]) -> None:
    """One entry for the import as a whole, beside the per-procedure entries the services write."""
    audit_record(
        actor=actor,
        action="catalog.import",
        object_type="catalog.procedure",
        object_id="",
        after={"format": fmt, "count": len(codes), "codes": codes},
    )
