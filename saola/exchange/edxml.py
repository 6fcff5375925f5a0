"""Building and parsing edXML packages and status messages.

Built packages carry the `edXML:` prefix on every element (the national gateway's .NET
deserialiser rejects children of the envelope without it). Parsing accepts the namespace under
any prefix or as the default namespace, and, for leniency towards older senders, elements in no
namespace. Unknown children of MessageHeader, OtherInfo, Bussiness and Status are kept as raw
XML in the `extra` fields and written back, at the end of their parent, when building.
"""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from lxml import etree

from saola.exchange.exceptions import InvalidPackage
from saola.exchange.package import (
    NAMESPACE,
    PREFIX,
    XLINK,
    Attachment,
    Business,
    BusinessDocType,
    DocumentCode,
    DocumentType,
    EdxmlPackage,
    EdxmlStatus,
    Organ,
    OtherInfo,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusCode,
    TraceHeader,
)
from saola.exchange.safexml import fragment, max_attachment_bytes, parse_xml

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y/%m/%d"
TIMESTAMP_FORMAT = "%Y/%m/%d %H:%M:%S"
NSMAP = {PREFIX: NAMESPACE, "xlink": XLINK}
TRACE_ACTOR = "http://schemas.xmlsoap.org/soap/actor/next"

T = TypeVar("T")


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


# ---------------------------------------------------------------------------------------------
# Building


def _add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, _q(name))
    if text is not None:
        element.text = text
    return element


def _add_optional(parent: etree._Element, name: str, value: str | int | None) -> None:
    if value is not None and value != "":
        _add(parent, name, str(value))


def _date(value: dt.date) -> str:
    return value.strftime(DATE_FORMAT)


def _timestamp(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise InvalidPackage(_("Thời điểm %(value)s thiếu múi giờ.") % {"value": value.isoformat()})
    return value.astimezone(LOCAL_TZ).strftime(TIMESTAMP_FORMAT)


def _adopt(parent: etree._Element, source: etree._Element) -> None:
    """Copy `source` under `parent`, elements of the edXML namespace taking the `edXML:` prefix."""
    qname = etree.QName(source)
    if qname.namespace == NAMESPACE:
        element = etree.SubElement(parent, source.tag)
    else:
        nsmap = {k: v for k, v in source.nsmap.items() if v != NAMESPACE and k != PREFIX}
        element = etree.SubElement(parent, source.tag, nsmap=nsmap)  # type: ignore[arg-type]
    for key, value in source.attrib.items():
        element.set(key, value)
    element.text = source.text
    for child in source:
        if isinstance(child.tag, str):
            _adopt(element, child)
            element[-1].tail = child.tail
        elif len(element):
            element[-1].tail = (element[-1].tail or "") + (child.tail or "")
        else:
            element.text = (element.text or "") + (child.tail or "")


def _add_extra(parent: etree._Element, extra: Iterable[str]) -> None:
    for raw in extra:
        _adopt(parent, fragment(raw))


def _add_organ(parent: etree._Element, name: str, organ: Organ) -> None:
    element = _add(parent, name)
    _add(element, "OrganId", organ.organ_id)
    _add(element, "OrganizationInCharge", organ.organization_in_charge)
    _add(element, "OrganName", organ.organ_name)
    _add_optional(element, "OrganAdd", organ.organ_add)
    _add_optional(element, "Email", organ.email)
    _add_optional(element, "Telephone", organ.telephone)
    _add_optional(element, "Fax", organ.fax)
    _add_optional(element, "Website", organ.website)


def _add_response_for(parent: etree._Element, response: ResponseFor) -> None:
    element = _add(parent, "ResponseFor")
    _add(element, "OrganId", response.organ_id)
    _add_optional(element, "Code", response.code)
    if response.promulgation_date is not None:
        _add(element, "PromulgationDate", _date(response.promulgation_date))
    _add_optional(element, "DocumentId", response.document_id)


def _add_staff(parent: etree._Element, staff: StaffInfo) -> None:
    element = _add(parent, "StaffInfo")
    _add(element, "Department", staff.department)
    _add(element, "Staff", staff.staff)
    _add_optional(element, "Mobile", staff.mobile)
    _add_optional(element, "Email", staff.email)


def _bool(value: bool) -> str:
    return "1" if value else "0"


def _add_other_info(parent: etree._Element, info: OtherInfo) -> None:
    element = _add(parent, "OtherInfo")
    _add_optional(element, "Priority", info.priority)
    _add_optional(element, "SphereOfPromulgation", info.sphere_of_promulgation)
    _add_optional(element, "TyperNotation", info.typer_notation)
    _add_optional(element, "PromulgationAmount", info.promulgation_amount)
    _add_optional(element, "PageAmount", info.page_amount)
    if info.direction is not None:
        _add(element, "Direction", "true" if info.direction else "false")
    if info.appendixes:
        appendixes = _add(element, "Appendixes")
        for appendix in info.appendixes:
            _add(appendixes, "Appendix", appendix)
    _add_extra(element, info.extra)


def _add_business(parent: etree._Element, business: Business) -> None:
    element = _add(parent, "Bussiness")
    _add(element, "BussinessDocType", str(int(business.doc_type)))
    _add(element, "BussinessDocReason", business.reason)
    if business.document_info:
        _adopt(element, fragment(business.document_info))
    if business.replacements:
        replacements = _add(element, "ReplacementInfoList")
        for replacement in business.replacements:
            info = _add(replacements, "ReplacementInfo")
            _add(info, "DocumentId", replacement.document_id)
            organs = _add(info, "OrganIdList")
            for organ_id in replacement.organ_ids:
                _add(organs, "OrganId", organ_id)
    if business.staff is not None:
        _add_staff(element, business.staff)
    if business.paper is not None:
        _add(element, "Paper", _bool(business.paper))
    _add_extra(element, business.extra)


def _serialise(root: etree._Element) -> bytes:
    etree.cleanup_namespaces(root, top_nsmap=NSMAP)  # type: ignore[arg-type]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def package_to_xml(package: EdxmlPackage) -> bytes:
    """The edXML package as UTF-8 bytes, attachments base64 in AttachmentEncoded."""
    root = etree.Element(_q("edXML"), nsmap=NSMAP)  # type: ignore[arg-type]
    envelope = _add(root, "edXMLEnvelope")
    header = _add(envelope, "edXMLHeader")
    message = _add(header, "MessageHeader")
    _add_organ(message, "From", package.from_organ)
    for organ in package.to_organs:
        _add_organ(message, "To", organ)
    code = _add(message, "Code")
    _add(code, "CodeNumber", package.code.number)
    _add(code, "CodeNotation", package.code.notation)
    promulgation = _add(message, "PromulgationInfo")
    _add(promulgation, "Place", package.promulgation_place)
    _add(promulgation, "PromulgationDate", _date(package.promulgation_date))
    doc_type = _add(message, "DocumentType")
    _add(doc_type, "Type", package.document_type.type)
    _add_optional(doc_type, "TypeDetail", package.document_type.type_detail)
    _add_optional(doc_type, "TypeName", package.document_type.type_name)
    _add(message, "Subject", package.subject)
    _add(message, "Content", package.content)
    if package.signer is not None:
        signer = _add(message, "SignerInfo")
        _add(signer, "Competence", package.signer.competence)
        _add(signer, "Position", package.signer.position)
        _add(signer, "FullName", package.signer.full_name)
    if package.due_date is not None:
        _add(message, "DueDate", _date(package.due_date))
    if package.to_places:
        places = _add(message, "ToPlaces")
        for place in package.to_places:
            _add(places, "Place", place)
    if package.other_info is not None:
        _add_other_info(message, package.other_info)
    for response in package.response_for:
        _add_response_for(message, response)
    _add_optional(message, "SteeringType", package.steering_type)
    _add_optional(message, "DocumentId", package.document_id)
    _add_extra(message, package.extra)

    trace = _add(header, "TraceHeaderList")
    trace.set("id", uuid.uuid4().hex)
    trace.set("version", "1.0")
    trace.set("mustUnderstand", "1")
    trace.set("actor", TRACE_ACTOR)
    for trace_header in package.trace_headers:
        item = _add(trace, "TraceHeader")
        _add(item, "OrganId", trace_header.organ_id)
        _add(item, "Timestamp", _timestamp(trace_header.timestamp))
    if package.business is not None:
        _add_business(trace, package.business)

    body = _add(envelope, "edXMLBody")
    manifest = _add(body, "edXMLManifest")
    manifest.set("version", "1.0")
    for attachment in package.attachments:
        reference = _add(manifest, "Reference")
        reference.set(f"{{{XLINK}}}href", attachment.content_id)
        reference.set(f"{{{XLINK}}}type", "simple")
        _add(reference, "Description", attachment.description)
        _add(reference, "AttachmentName", attachment.name)
        _add(reference, "ContentType", attachment.content_type)
        _add(reference, "ContentId", attachment.content_id)
    limit = max_attachment_bytes()
    for attachment in package.attachments:
        if len(attachment.data) > limit:
            raise InvalidPackage(
                _("Tệp đính kèm %(name)s lớn hơn %(limit)s byte, quá giới hạn của một gói tin edXML.")
                % {"name": attachment.name, "limit": limit}
            )
    if package.attachments:
        encoded = _add(root, "AttachmentEncoded")
        for attachment in package.attachments:
            item = _add(encoded, "Attachment")
            _add(item, "ContentType", attachment.content_type)
            _add(item, "ContentId", attachment.content_id)
            _add(item, "Description", attachment.description)
            _add(item, "AttachmentName", attachment.name)
            _add(item, "ContentTransferEncoded", base64.b64encode(attachment.data).decode("ascii"))
    return _serialise(root)


def status_to_xml(status: EdxmlStatus) -> bytes:
    """The status message as UTF-8 bytes (root `edXML:Status`)."""
    root = etree.Element(_q("Status"), nsmap=NSMAP)  # type: ignore[arg-type]
    _add_response_for(root, status.response_for)
    _add_organ(root, "From", status.from_organ)
    _add(root, "StatusCode", str(status.status_code))
    _add(root, "Description", status.description)
    _add(root, "Timestamp", _timestamp(status.timestamp))
    if status.staff is not None:
        _add_staff(root, status.staff)
    _add_extra(root, status.extra)
    return _serialise(root)


# ---------------------------------------------------------------------------------------------
# Parsing


def is_edxml(element: etree._Element, name: str) -> bool:
    """Whether `element` is `name` in the edXML namespace (any prefix) or in no namespace."""
    tag = element.tag
    # lxml spells a namespaced tag "{namespace}name": plain string comparisons, no QName object.
    return isinstance(tag, str) and tag in (name, f"{{{NAMESPACE}}}{name}")


def _children(parent: etree._Element) -> list[etree._Element]:
    return [child for child in parent if isinstance(child.tag, str)]


def _find(parent: etree._Element, name: str) -> etree._Element | None:
    return next((child for child in parent if is_edxml(child, name)), None)


def _findall(parent: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in parent if is_edxml(child, name)]


def _need(parent: etree._Element, name: str) -> etree._Element:
    element = _find(parent, name)
    if element is None:
        raise InvalidPackage(
            _("Thiếu phần tử %(name)s trong %(parent)s.") % {"name": name, "parent": etree.QName(parent).localname},
            line=parent.sourceline,
        )
    return element


def _text(parent: etree._Element, name: str, *, required: bool = False) -> str:
    element = _need(parent, name) if required else _find(parent, name)
    return "" if element is None else (element.text or "")


def _convert(parent: etree._Element, name: str, convert: Callable[[str], T], message: str) -> T | None:
    element = _find(parent, name)
    if element is None or not (element.text or "").strip():
        return None
    value = (element.text or "").strip()
    try:
        return convert(value)
    except ValueError as exc:
        raise InvalidPackage(message % {"name": name, "value": value}, line=element.sourceline) from exc


def _parse_date(value: str) -> dt.date:
    return dt.datetime.strptime(value, DATE_FORMAT).date()  # noqa: DTZ007


def _parse_timestamp(value: str) -> dt.datetime:
    return dt.datetime.strptime(value, TIMESTAMP_FORMAT).replace(tzinfo=LOCAL_TZ)


def _parse_bool(value: str) -> bool:
    lowered = value.lower()
    if lowered in ("1", "true"):
        return True
    if lowered in ("0", "false"):
        return False
    raise ValueError(value)


def _date_of(parent: etree._Element, name: str) -> dt.date | None:
    return _convert(parent, name, _parse_date, _("Ngày “%(value)s” trong %(name)s không đúng dạng yyyy/MM/dd."))


def _timestamp_of(parent: etree._Element, name: str) -> dt.datetime:
    _need(parent, name)
    value = _convert(
        parent, name, _parse_timestamp, _("Thời điểm “%(value)s” trong %(name)s không đúng dạng yyyy/MM/dd HH:mm:ss.")
    )
    if value is None:
        raise InvalidPackage(_("Phần tử %(name)s không được để trống.") % {"name": name}, line=parent.sourceline)
    return value


def _int_of(parent: etree._Element, name: str) -> int | None:
    return _convert(parent, name, int, _("Giá trị “%(value)s” của %(name)s phải là số nguyên."))


def _bool_of(parent: etree._Element, name: str) -> bool | None:
    return _convert(parent, name, _parse_bool, _("Giá trị “%(value)s” của %(name)s phải là 0/1 hoặc true/false."))


def _raw(element: etree._Element) -> str:
    """`element` as a standalone XML string, edXML-namespace elements under the `edXML:` prefix
    whatever prefix the sender used, so that a kept element compares equal after a round trip."""
    holder = etree.Element(_q("holder"), nsmap=NSMAP)  # type: ignore[arg-type]
    _adopt(holder, element)
    detached = copy.deepcopy(holder[0])
    detached.tail = None
    etree.cleanup_namespaces(detached)
    return etree.tostring(detached, encoding="unicode")


def _extra(parent: etree._Element, known: set[str]) -> tuple[str, ...]:
    return tuple(
        _raw(child)
        for child in _children(parent)
        if not (etree.QName(child).namespace in (NAMESPACE, None) and etree.QName(child).localname in known)
    )


def _organ(element: etree._Element) -> Organ:
    return Organ(
        organ_id=_text(element, "OrganId", required=True).strip(),
        organ_name=_text(element, "OrganName"),
        organization_in_charge=_text(element, "OrganizationInCharge"),
        organ_add=_text(element, "OrganAdd"),
        email=_text(element, "Email").strip(),
        telephone=_text(element, "Telephone").strip(),
        fax=_text(element, "Fax").strip(),
        website=_text(element, "Website").strip(),
    )


def _response_for(element: etree._Element) -> ResponseFor:
    return ResponseFor(
        organ_id=_text(element, "OrganId", required=True).strip(),
        code=_text(element, "Code").strip(),
        promulgation_date=_date_of(element, "PromulgationDate"),
        document_id=_text(element, "DocumentId").strip(),
    )


def _staff(element: etree._Element) -> StaffInfo:
    return StaffInfo(
        department=_text(element, "Department"),
        staff=_text(element, "Staff"),
        mobile=_text(element, "Mobile").strip(),
        email=_text(element, "Email").strip(),
    )


OTHER_INFO_KNOWN = {
    "Priority",
    "SphereOfPromulgation",
    "TyperNotation",
    "PromulgationAmount",
    "PageAmount",
    "Direction",
    "Appendixes",
}
BUSINESS_KNOWN = {
    "BussinessDocType",
    "BussinessDocReason",
    "BussinessDocumentInfo",
    "ReplacementInfoList",
    "StaffInfo",
    "Paper",
}
MESSAGE_HEADER_KNOWN = {
    "From",
    "To",
    "Code",
    "PromulgationInfo",
    "DocumentType",
    "Subject",
    "Content",
    "SignerInfo",
    "DueDate",
    "ToPlaces",
    "OtherInfo",
    "ResponseFor",
    "SteeringType",
    "DocumentId",
}
STATUS_KNOWN = {"ResponseFor", "From", "StatusCode", "Description", "Timestamp", "StaffInfo"}


def _other_info(element: etree._Element) -> OtherInfo:
    appendixes = _find(element, "Appendixes")
    return OtherInfo(
        priority=_int_of(element, "Priority"),
        sphere_of_promulgation=_text(element, "SphereOfPromulgation"),
        typer_notation=_text(element, "TyperNotation"),
        promulgation_amount=_int_of(element, "PromulgationAmount"),
        page_amount=_int_of(element, "PageAmount"),
        direction=_bool_of(element, "Direction"),
        appendixes=tuple(a.text or "" for a in _findall(appendixes, "Appendix")) if appendixes is not None else (),
        extra=_extra(element, OTHER_INFO_KNOWN),
    )


def _business(element: etree._Element) -> Business:
    doc_type = _need(element, "BussinessDocType")
    value = (doc_type.text or "").strip()
    try:
        kind = BusinessDocType(int(value))
    except ValueError as exc:
        raise InvalidPackage(
            _("Loại nghiệp vụ %(value)s không hợp lệ (0 mới, 1 thu hồi, 2 cập nhật, 3 thay thế).") % {"value": value},
            line=doc_type.sourceline,
        ) from exc
    info = _find(element, "BussinessDocumentInfo")
    replacements = _find(element, "ReplacementInfoList")
    staff = _find(element, "StaffInfo")
    return Business(
        doc_type=kind,
        reason=_text(element, "BussinessDocReason"),
        document_info=_raw(info) if info is not None else "",
        replacements=tuple(
            ReplacementInfo(
                document_id=_text(item, "DocumentId", required=True).strip(),
                organ_ids=tuple(
                    (organ.text or "").strip()
                    for organs in _findall(item, "OrganIdList")
                    for organ in _findall(organs, "OrganId")
                ),
            )
            for item in (_findall(replacements, "ReplacementInfo") if replacements is not None else [])
        ),
        staff=_staff(staff) if staff is not None else None,
        paper=_bool_of(element, "Paper"),
        extra=_extra(element, BUSINESS_KNOWN),
    )


def _root(data: bytes, name: str) -> etree._Element:
    root = parse_xml(data)
    if not is_edxml(root, name):
        raise InvalidPackage(
            _("Phần tử gốc là %(found)s, cần %(expected)s thuộc không gian tên %(ns)s.")
            % {"found": etree.QName(root).localname, "expected": name, "ns": NAMESPACE},
            line=root.sourceline,
        )
    return root


def _attachments(root: etree._Element, manifest: etree._Element | None) -> tuple[Attachment, ...]:
    attachments: list[Attachment] = []
    encoded = _find(root, "AttachmentEncoded")
    for item in _findall(encoded, "Attachment") if encoded is not None else []:
        payload = _need(item, "ContentTransferEncoded")
        try:
            data = base64.b64decode("".join((payload.text or "").split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidPackage(
                _("Nội dung tệp đính kèm không phải là base64 hợp lệ."), line=payload.sourceline
            ) from exc
        attachments.append(
            Attachment(
                name=_text(item, "AttachmentName", required=True),
                content_type=_text(item, "ContentType").strip(),
                content_id=_text(item, "ContentId", required=True).strip(),
                description=_text(item, "Description"),
                data=data,
            )
        )
    referenced = {}
    for reference in _findall(manifest, "Reference") if manifest is not None else []:
        content_id = _text(reference, "ContentId").strip() or reference.get(f"{{{XLINK}}}href", "")
        referenced[content_id] = reference
    carried = {attachment.content_id for attachment in attachments}
    for content_id, reference in referenced.items():
        if content_id not in carried:
            raise InvalidPackage(
                _("Tệp đính kèm %(cid)s có trong danh mục nhưng không có nội dung.") % {"cid": content_id},
                line=reference.sourceline,
            )
    for attachment in attachments:
        if attachment.content_id not in referenced:
            raise InvalidPackage(
                _("Tệp đính kèm %(cid)s không có trong danh mục edXMLManifest.") % {"cid": attachment.content_id},
                line=encoded.sourceline if encoded is not None else None,
            )
    return tuple(attachments)


def package_from_xml(data: bytes) -> EdxmlPackage:
    """The package in `data`; MalformedXml, UnsafeXml, XmlTooLarge or InvalidPackage otherwise."""
    return package_from_element(_root(data, "edXML"))


def package_from_element(root: etree._Element) -> EdxmlPackage:
    """The package whose root element (already parsed safely) is `root`."""
    envelope = _need(root, "edXMLEnvelope")
    header = _need(envelope, "edXMLHeader")
    message = _need(header, "MessageHeader")
    code = _need(message, "Code")
    promulgation = _need(message, "PromulgationInfo")
    promulgation_date = _date_of(promulgation, "PromulgationDate")
    if promulgation_date is None:
        raise InvalidPackage(_("Thiếu ngày ban hành (PromulgationDate)."), line=promulgation.sourceline)
    doc_type = _need(message, "DocumentType")
    signer = _find(message, "SignerInfo")
    places = _find(message, "ToPlaces")
    other = _find(message, "OtherInfo")
    trace = _find(header, "TraceHeaderList")
    business = _find(trace, "Bussiness") if trace is not None else None
    body = _find(envelope, "edXMLBody")
    manifest = _find(body, "edXMLManifest") if body is not None else None
    return EdxmlPackage(
        from_organ=_organ(_need(message, "From")),
        to_organs=tuple(_organ(element) for element in _findall(message, "To")),
        code=DocumentCode(
            number=_text(code, "CodeNumber", required=True).strip(), notation=_text(code, "CodeNotation").strip()
        ),
        promulgation_place=_text(promulgation, "Place"),
        promulgation_date=promulgation_date,
        document_type=DocumentType(
            type=_text(doc_type, "Type").strip(),
            type_detail=_text(doc_type, "TypeDetail").strip(),
            type_name=_text(doc_type, "TypeName"),
        ),
        subject=_text(message, "Subject", required=True),
        content=_text(message, "Content"),
        signer=SignerInfo(
            competence=_text(signer, "Competence"),
            position=_text(signer, "Position"),
            full_name=_text(signer, "FullName"),
        )
        if signer is not None
        else None,
        due_date=_date_of(message, "DueDate"),
        to_places=tuple(p.text or "" for p in _findall(places, "Place")) if places is not None else (),
        other_info=_other_info(other) if other is not None else None,
        response_for=tuple(_response_for(element) for element in _findall(message, "ResponseFor")),
        steering_type=_int_of(message, "SteeringType"),
        document_id=_text(message, "DocumentId").strip(),
        trace_headers=tuple(
            TraceHeader(
                organ_id=_text(item, "OrganId", required=True).strip(), timestamp=_timestamp_of(item, "Timestamp")
            )
            for item in (_findall(trace, "TraceHeader") if trace is not None else [])
        ),
        business=_business(business) if business is not None else None,
        attachments=_attachments(root, manifest),
        extra=_extra(message, MESSAGE_HEADER_KNOWN),
    )


def status_from_xml(data: bytes) -> EdxmlStatus:
    """The status message in `data`; a StatusCode outside 01–06, 13, 15, 16 is refused."""
    return status_from_element(_root(data, "Status"))


def status_from_element(root: etree._Element) -> EdxmlStatus:
    """The status message whose root element (already parsed safely) is `root`."""
    code = _need(root, "StatusCode")
    value = (code.text or "").strip()
    if value not in set(StatusCode):
        raise InvalidPackage(
            _("Mã trạng thái %(value)s không hợp lệ; chỉ nhận %(codes)s.")
            % {"value": value, "codes": ", ".join(StatusCode)},
            line=code.sourceline,
        )
    staff = _find(root, "StaffInfo")
    return EdxmlStatus(
        response_for=_response_for(_need(root, "ResponseFor")),
        from_organ=_organ(_need(root, "From")),
        status_code=StatusCode(value),
        description=_text(root, "Description"),
        timestamp=_timestamp_of(root, "Timestamp"),
        staff=_staff(staff) if staff is not None else None,
        extra=_extra(root, STATUS_KNOWN),
    )
