"""Creates the demo flows, fields and procedures through catalog.services, skipping existing rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.core.files.base import ContentFile
from django.db import models

from saola.catalog.models import Field, Flow, Paper, Procedure
from saola.catalog.services import field_upsert, flow_save, procedure_save
from saola.core.models import Organization
from saola.demo.data.catalog_common import FIELDS
from saola.demo.data.flows import FLOWS
from saola.demo.data.procedures_justice import PROCEDURES as JUSTICE_PROCEDURES
from saola.demo.data.procedures_other import PROCEDURES as OTHER_PROCEDURES

DEMO_DIR = Path(__file__).resolve().parent
FLOW_DIR = DEMO_DIR / "flows"
FORM_DIR = DEMO_DIR / "forms"
PROCEDURES: list[dict[str, Any]] = [*JUSTICE_PROCEDURES, *OTHER_PROCEDURES]

_DETAILS = ("channels", "applicants", "requirements", "steps", "result", "cut_off_hour", "form_schema")


class DemoDataError(LookupError):
    """The demo data refers to something it does not define (a bug in saola/demo/data)."""


def flow_xml(file_name: str) -> str:
    return (FLOW_DIR / file_name).read_text(encoding="utf-8")


def load_flows() -> list[Flow]:
    """Each flow template not yet saved, validated by flow_save (SpiffWorkflow)."""
    created: list[Flow] = []
    for row in FLOWS:
        if Flow.objects.filter(code=row["code"]).exists():
            continue
        created.append(flow_save(actor=None, code=row["code"], name=row["name"], bpmn_xml=flow_xml(row["file"])))
    return created


def load_fields() -> list[Field]:
    """The demo fields not yet in the catalogue (an existing field keeps its name)."""
    existing = set(Field.objects.filter(code__in=FIELDS).values_list("code", flat=True))
    return [field_upsert(actor=None, code=code, name=name) for code, name in FIELDS.items() if code not in existing]


def stored_form(file_name: str) -> str:
    """The storage name of a demo form file, saved once and shared by every paper that uses it."""
    field = cast(models.FileField, Paper._meta.get_field("form_file"))
    name = field.generate_filename(None, file_name)
    if not field.storage.exists(name):
        name = field.storage.save(name, ContentFile((FORM_DIR / file_name).read_bytes()))
    return str(name)


def _paper(row: dict[str, Any]) -> dict[str, Any]:
    paper = dict(row)
    form_file = paper.pop("form_file", "")
    if form_file:
        paper["form_file"] = stored_form(form_file)
    return paper


def _agencies(codes: list[str]) -> list[Organization]:
    found = {org.code: org for org in Organization.objects.filter(code__in=codes)}
    missing = sorted(set(codes) - set(found))
    if missing:
        raise DemoDataError(f"Agencies not in the demo organisations: {', '.join(missing)}")
    return [found[code] for code in codes]


def load_procedures() -> list[Procedure]:
    """Each demo procedure not yet in the catalogue (matched by national code)."""
    existing = set(Procedure.objects.filter(code__in=[p["code"] for p in PROCEDURES]).values_list("code", flat=True))
    fields = {field.code: field for field in Field.objects.filter(code__in=FIELDS)}
    flows = {flow.code: flow for flow in Flow.objects.filter(code__in=[f["code"] for f in FLOWS])}
    created: list[Procedure] = []
    for row in PROCEDURES:
        if row["code"] in existing:
            continue
        if row["field"] not in fields or row["flow"] not in flows:
            raise DemoDataError(f"Procedure {row['code']} refers to an unknown field or flow")
        created.append(
            procedure_save(
                actor=None,
                code=row["code"],
                name=row["name"],
                field=fields[row["field"]],
                levels=row["levels"],
                processing_days=row["processing_days"],
                online_category=row["online_category"],
                agencies=_agencies(row["agencies"]),
                papers=[_paper(p) for p in row["papers"]],
                fees=[dict(f) for f in row["fees"]],
                legal_bases=[dict(b) for b in row["legal_bases"]],
                flow=flows[row["flow"]],
                **{key: row[key] for key in _DETAILS if key in row},
            )
        )
    return created
