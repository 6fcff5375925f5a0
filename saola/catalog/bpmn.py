"""BPMN 2.0 validation with SpiffWorkflow: a flow is saved only when it parses and runs."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.defaults import UserTask
from SpiffWorkflow.exceptions import SpiffWorkflowException

from saola.core.exceptions import ErrorCode, ValidationFailed
from saola.core.models import RoleAssignment

MAX_BPMN_BYTES = 1024 * 1024


class InvalidFlow(ValidationFailed):
    code = ErrorCode.INVALID_FLOW


@dataclass(frozen=True)
class ParsedFlow:
    process_id: str
    user_tasks: list[dict[str, str]]


def _safe_tree(xml: str) -> etree._Element:
    data = xml.encode("utf-8")
    if len(data) > MAX_BPMN_BYTES:
        raise InvalidFlow("Tệp BPMN quá lớn (tối đa 1 MB).")
    # No DTDs, entities or network: a BPMN file is plain XML.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InvalidFlow(f"BPMN không phải XML hợp lệ: {exc}") from exc
    if root.getroottree().docinfo.doctype:
        raise InvalidFlow("BPMN không được chứa khai báo DOCTYPE.")
    return root


def parse_flow(xml: str) -> ParsedFlow:
    """Validate a BPMN 2.0 document and return its executable process and user tasks.

    The document must validate against the BPMN 2.0 schema, hold exactly one executable
    process, and put every user task in a lane named after a platform role (the role
    that performs the step, within the dossier's unit).
    """
    root = _safe_tree(xml)
    parser = BpmnParser(validator=BpmnValidator())
    try:
        parser.add_bpmn_xml(etree.ElementTree(root), filename="flow.bpmn")
        process_ids = parser.get_process_ids()
        if len(process_ids) != 1:
            raise InvalidFlow(f"BPMN cần đúng một tiến trình thực thi được (isExecutable), có {len(process_ids)}.")
        spec = parser.get_spec(process_ids[0])
    except ValidationException as exc:
        raise InvalidFlow(
            f"BPMN không hợp lệ (dòng {exc.line_number}): {exc.msg if hasattr(exc, 'msg') else exc}"
        ) from exc
    except SpiffWorkflowException as exc:
        raise InvalidFlow(f"BPMN không hợp lệ: {exc}") from exc
    roles = set(RoleAssignment.Role.values)
    user_tasks: list[dict[str, str]] = []
    for task_spec in spec.task_specs.values():
        if not isinstance(task_spec, UserTask):
            continue
        lane = task_spec.lane or ""
        if lane not in roles:
            raise InvalidFlow(
                f"Bước “{task_spec.bpmn_name or task_spec.name}” phải nằm trong làn (lane) mang tên một vai trò: "
                + ", ".join(sorted(roles)),
            )
        user_tasks.append({"id": task_spec.name, "name": task_spec.bpmn_name or task_spec.name, "role": lane})
    if not user_tasks:
        raise InvalidFlow("Quy trình cần ít nhất một bước xử lý (userTask).")
    return ParsedFlow(process_id=process_ids[0], user_tasks=user_tasks)
