"""Writes of the procedure catalogue: procedures with their papers, fees and legal bases, and flows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from saola.catalog.bpmn import parse_flow
from saola.catalog.models import Fee, Field, Flow, LegalBasis, Paper, Procedure
from saola.core.audit import audit_record, snapshot
from saola.core.exceptions import ValidationFailed
from saola.core.models import Organization, User
from saola.core.services import model_full_clean

LEVELS = {"central", "province", "district", "commune"}


@transaction.atomic
def field_upsert(*, actor: User | None, code: str, name: str) -> Field:
    field, created = Field.objects.get_or_create(code=code, defaults={"name": name})
    if not created and field.name != name:
        before = snapshot(field)
        field.name = name
        field.save()
        audit_record(actor=actor, action="field.update", obj=field, before=before, after=snapshot(field))
    elif created:
        audit_record(actor=actor, action="field.create", obj=field, after=snapshot(field))
    return field


@transaction.atomic
def flow_save(*, actor: User | None, code: str, name: str, bpmn_xml: str) -> Flow:
    """Create or replace a flow after validating its BPMN with SpiffWorkflow (InvalidFlow otherwise)."""
    parsed = parse_flow(bpmn_xml)
    flow = Flow.objects.select_for_update().filter(code=code).first()
    before = snapshot(flow) if flow else None
    if flow is None:
        flow = Flow(code=code)
    flow.name, flow.bpmn_xml = name, bpmn_xml
    flow.process_id, flow.user_tasks = parsed.process_id, parsed.user_tasks
    model_full_clean(flow, exclude=["code"] if before else None)
    flow.save()
    audit_record(
        actor=actor,
        action="flow.update" if before else "flow.create",
        obj=flow,
        before=_without_xml(before),
        after=_without_xml(snapshot(flow)),
    )
    return flow


def _without_xml(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return {k: v for k, v in data.items() if k != "bpmn_xml"}


def _procedure_snapshot(procedure: Procedure) -> dict[str, Any]:
    data = snapshot(procedure)
    data["papers"] = [snapshot(p) for p in procedure.papers.all()]
    data["fees"] = [snapshot(f) for f in procedure.fees.all()]
    data["legal_bases"] = [snapshot(b) for b in procedure.legal_bases.all()]
    data["agencies"] = sorted(procedure.agencies.values_list("code", flat=True))
    return data


@transaction.atomic
def procedure_save(
    *,
    actor: User | None,
    code: str,
    name: str,
    field: Field,
    levels: list[str],
    processing_days: Decimal | float | int,
    online_category: str,
    agencies: list[Organization] | None = None,
    papers: list[dict[str, Any]] | None = None,
    fees: list[dict[str, Any]] | None = None,
    legal_bases: list[dict[str, Any]] | None = None,
    flow: Flow | None = None,
    **details: Any,
) -> Procedure:
    """Create or fully replace a procedure (by national code) with its papers, fees and legal bases.

    `details` may set channels, applicants, requirements, steps, result, cut_off_hour,
    form_schema and is_active. One audit entry records the whole before/after.
    """
    bad_levels = sorted(set(levels) - LEVELS)
    if not levels or bad_levels:
        raise ValidationFailed(fields={"levels": [f"Cấp thực hiện không hợp lệ: {', '.join(bad_levels) or '(trống)'}"]})
    procedure = Procedure.objects.select_for_update().filter(code=code).first()
    before = _procedure_snapshot(procedure) if procedure else None
    if procedure is None:
        procedure = Procedure(code=code)
    procedure.name, procedure.field, procedure.levels = name, field, sorted(levels)
    procedure.processing_days = Decimal(str(processing_days))
    procedure.online_category, procedure.flow = online_category, flow
    allowed = {"channels", "applicants", "requirements", "steps", "result", "cut_off_hour", "form_schema", "is_active"}
    for key, value in details.items():
        if key not in allowed:
            raise ValidationFailed(fields={key: ["Trường không được hỗ trợ."]})
        setattr(procedure, key, value)
    model_full_clean(procedure, exclude=["code"] if before else None)
    procedure.save()
    procedure.papers.all().delete()
    procedure.fees.all().delete()
    procedure.legal_bases.all().delete()
    for order, paper in enumerate(papers or []):
        row = Paper(procedure=procedure, order=order, **paper)
        model_full_clean(row)
        row.save()
    for fee in fees or []:
        fee_row = Fee(procedure=procedure, **fee)
        model_full_clean(fee_row)
        fee_row.save()
    for basis in legal_bases or []:
        basis_row = LegalBasis(procedure=procedure, **basis)
        model_full_clean(basis_row)
        basis_row.save()
    procedure.agencies.set(agencies or [])
    audit_record(
        actor=actor,
        action="procedure.update" if before else "procedure.create",
        obj=procedure,
        before=before,
        after=_procedure_snapshot(procedure),
    )
    return procedure
