"""What an edXML package and an edXML status message carry, as immutable values.

Element names and formats follow QCVN 102:2016/BTTTT as the public implementations use it
(see the exchange section of docs/ARCHITECTURE.md for what is unconfirmed). Dates are
`datetime.date`; timestamps are timezone-aware and travel as Asia/Ho_Chi_Minh local time.
Unknown optional elements met when parsing are kept as raw XML strings in the `extra` fields
and written back when building, so a package passes through this platform unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from django.utils.translation import gettext as _

from saola.exchange.exceptions import InvalidPackage

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
PREFIX = "edXML"
XLINK = "http://www.w3.org/1999/xlink"
# The 13-character electronic agency identifier NNN.NN.NN.XNN (QCVN 102 Phụ lục D).
ORGAN_ID = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}")


class BusinessDocType(IntEnum):
    """BussinessDocType: what the package does to the document."""

    NEW = 0
    RECALL = 1
    UPDATE = 2
    REPLACE = 3


class StatusCode(StrEnum):
    """StatusCode of a status message. 13/15/16 are confirmed by two implementations only; 14 was never seen."""

    ARRIVED = "01"
    REJECTED = "02"
    ACCEPTED = "03"
    ASSIGNED = "04"
    PROCESSING = "05"
    COMPLETED = "06"
    RECALL_REQUESTED = "13"
    RECALL_AGREED = "15"
    RECALL_REFUSED = "16"


@dataclass(frozen=True)
class Organ:
    """From / To: an agency by its electronic identifier."""

    organ_id: str
    organ_name: str
    organization_in_charge: str = ""
    organ_add: str = ""
    email: str = ""
    telephone: str = ""
    fax: str = ""
    website: str = ""


@dataclass(frozen=True)
class DocumentCode:
    """Code: the number (e.g. 7816) and the notation (e.g. VPCP-TTĐT)."""

    number: str
    notation: str

    def __str__(self) -> str:
        return f"{self.number}/{self.notation}" if self.notation else self.number


@dataclass(frozen=True)
class DocumentType:
    """DocumentType. The numeric `type` code list differs between sources: kept as text."""

    type: str
    type_name: str = ""
    type_detail: str = ""


@dataclass(frozen=True)
class SignerInfo:
    competence: str = ""
    position: str = ""
    full_name: str = ""


@dataclass(frozen=True)
class OtherInfo:
    """OtherInfo. Priority 0–3, larger is more urgent."""

    priority: int | None = None
    sphere_of_promulgation: str = ""
    typer_notation: str = ""
    promulgation_amount: int | None = None
    page_amount: int | None = None
    direction: bool | None = None
    appendixes: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResponseFor:
    """ResponseFor: the document answered (in a package) or reported on (in a status message)."""

    organ_id: str
    code: str = ""
    promulgation_date: dt.date | None = None
    document_id: str = ""


@dataclass(frozen=True)
class TraceHeader:
    organ_id: str
    timestamp: dt.datetime


@dataclass(frozen=True)
class ReplacementInfo:
    document_id: str
    organ_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class StaffInfo:
    department: str = ""
    staff: str = ""
    mobile: str = ""
    email: str = ""


@dataclass(frozen=True)
class Business:
    """Bussiness (sic): new / recall / update / replace, with the reason and what is replaced.

    `document_info` is the BussinessDocumentInfo element kept as raw XML (its content is not
    used by this platform yet).
    """

    doc_type: BusinessDocType = BusinessDocType.NEW
    reason: str = ""
    document_info: str = ""
    replacements: tuple[ReplacementInfo, ...] = ()
    staff: StaffInfo | None = None
    paper: bool | None = None
    extra: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "doc_type", BusinessDocType(int(self.doc_type)))
        except ValueError as exc:
            raise InvalidPackage(
                _("Loại nghiệp vụ %(value)s không hợp lệ (0 mới, 1 thu hồi, 2 cập nhật, 3 thay thế).")
                % {"value": self.doc_type}
            ) from exc


def new_content_id() -> str:
    return f"cid:{uuid.uuid4()}"


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes
    content_id: str = field(default_factory=new_content_id)
    description: str = ""


@dataclass(frozen=True)
class EdxmlPackage:
    """An edXML document package: the MessageHeader, the trace and business info, and attachments.

    `extra` holds the unknown children of MessageHeader.
    """

    from_organ: Organ
    to_organs: tuple[Organ, ...]
    code: DocumentCode
    promulgation_place: str
    promulgation_date: dt.date
    document_type: DocumentType
    subject: str
    content: str = ""
    signer: SignerInfo | None = None
    due_date: dt.date | None = None
    to_places: tuple[str, ...] = ()
    other_info: OtherInfo | None = None
    response_for: tuple[ResponseFor, ...] = ()
    steering_type: int | None = None
    document_id: str = ""
    trace_headers: tuple[TraceHeader, ...] = ()
    business: Business | None = None
    attachments: tuple[Attachment, ...] = ()
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class EdxmlStatus:
    """An edXML status message: what the receiver did with a document."""

    response_for: ResponseFor
    from_organ: Organ
    status_code: StatusCode
    timestamp: dt.datetime
    description: str = ""
    staff: StaffInfo | None = None
    extra: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "status_code", StatusCode(str(self.status_code)))
        except ValueError as exc:
            raise InvalidPackage(
                _("Mã trạng thái %(value)s không hợp lệ; chỉ nhận %(codes)s.")
                % {"value": self.status_code, "codes": ", ".join(StatusCode)}
            ) from exc


def document_id_for(*, organ_id: str, promulgation_date: dt.date, code: DocumentCode) -> str:
    """DocumentId: `<OrganId>,<yyyy/MM/dd>,<number>/<notation>`."""
    return f"{organ_id},{promulgation_date:%Y/%m/%d},{code}"


def split_document_id(document_id: str) -> tuple[str, dt.date, str]:
    """(organ id, promulgation date, number/notation) of a DocumentId; InvalidPackage if malformed."""
    parts = document_id.split(",", 2)
    message = _("Mã định danh văn bản “%(value)s” không đúng dạng <mã cơ quan>,<yyyy/MM/dd>,<số/ký hiệu>.") % {
        "value": document_id
    }
    if len(parts) != 3 or not parts[0] or not parts[2]:
        raise InvalidPackage(message)
    try:
        promulgated = dt.datetime.strptime(parts[1], "%Y/%m/%d").date()  # noqa: DTZ007
    except ValueError as exc:
        raise InvalidPackage(message) from exc
    return parts[0], promulgated, parts[2]
