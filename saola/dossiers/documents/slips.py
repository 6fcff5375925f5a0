"""The one-stop slips as PDF: what each one shows, read from the dossier and its history.

Callers check permissions (`saola.dossiers.selectors.dossier_get_for`); these functions only
read. A slip that does not exist for the dossier (a refusal for a dossier that was received, a
receipt before receipt) raises NotFoundError.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils import timezone

from saola.core.calendar import LOCAL_TZ
from saola.core.exceptions import NotFoundError
from saola.core.models import RoleAssignment, User
from saola.core.text import fold
from saola.dossiers import deadlines
from saola.dossiers.documents.forms import dossier_form
from saola.dossiers.documents.render import (
    letterhead,
    lookup_url,
    qr_svg_data_uri,
    render_pdf,
    short_datetime,
    vn_date,
    vn_datetime,
)
from saola.dossiers.models import Apology, Dossier, DossierEvent, DossierFile, DossierStep, SupplementRequest
from saola.dossiers.states import Action, Status

TEMPLATE_DIR = "dossiers/pdf"


@dataclass(frozen=True)
class PaperLine:
    name: str
    form: str
    count: int


def _name(user: User | None) -> str:
    return user.display_name if user is not None else ""


def _days(value: Any) -> str:
    """Working days as printed: "3", "0,5"."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value or "")
    text = f"{number.normalize():f}"
    return text.replace(".", ",")


def _common(dossier: Dossier, kind: str, *, at: dt.datetime) -> dict[str, Any]:
    snapshot = dossier.procedure_snapshot or {}
    return {
        "dossier": dossier,
        "form": dossier_form(dossier, kind),
        "head": letterhead(dossier.organization, at=at),
        "procedure_name": snapshot.get("name") or dossier.procedure.name,
        "procedure_code": snapshot.get("code") or dossier.procedure.code,
        "channel": dossier.get_channel_display(),
        "lookup_url": lookup_url(dossier.code),
        "portal_owner": settings.SAOLA_PORTAL_OWNER,
        "received": vn_datetime(dossier.received_at),
    }


def _last_event(dossier: Dossier, action: str) -> DossierEvent | None:
    return dossier.events.filter(action=action).select_related("actor").order_by("-at", "-id").first()


def received_papers(dossier: Dossier) -> list[PaperLine]:
    """Papers received: uploaded files (grouped by catalogue paper) and originals ticked at the counter."""
    snapshot = dossier.procedure_snapshot or {}
    checked = set(snapshot.get("checked_papers") or [])
    files = list(dossier.files.filter(kind__in=[DossierFile.Kind.SUBMITTED, DossierFile.Kind.SUPPLEMENT]))
    by_paper: dict[int | None, list[DossierFile]] = {}
    for f in files:
        by_paper.setdefault(f.paper_id, []).append(f)
    lines: list[PaperLine] = []
    for paper in snapshot.get("papers") or []:
        uploaded = by_paper.pop(paper["id"], [])
        if uploaded:
            lines.append(PaperLine(name=paper["name"], form="Tệp điện tử", count=len(uploaded)))
        elif paper["id"] in checked:
            lines.append(PaperLine(name=paper["name"], form="Bản giấy", count=1))
    for rest in by_paper.values():
        lines.extend(PaperLine(name=f.name, form="Tệp điện tử", count=1) for f in rest)
    return lines


def _receiver(dossier: Dossier) -> str:
    """Who received the dossier: whoever completed its first (intake) step."""
    first = dossier.steps.select_related("completed_by").order_by("started_at", "id").first()
    return _name(first.completed_by) if first else ""


# An online dossier not yet checked by the one-stop desk: the applicant gets at once the
# acknowledgement the portal owes them (Decree 61/2018 art. 14: the system confirms an online
# submission immediately), with the appointment it would get if received at submission.
AWAITING_RECEIPT = {Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED, Status.SUPPLEMENT_RECEIVED}


def has_receipt(dossier: Dossier) -> bool:
    """Whether a receipt slip exists: once received, or provisionally while awaiting receipt."""
    return dossier.received_at is not None or dossier.status in AWAITING_RECEIPT


def provisional_appointment(dossier: Dossier) -> dt.datetime:
    """The appointment date an online dossier would get if received when it was submitted."""
    snap = dossier.procedure_snapshot
    return deadlines.appointment(
        dossier.submitted_at,
        processing_days=Decimal(str(snap["processing_days"])) if snap else dossier.procedure.processing_days,
        cut_off_hour=snap.get("cut_off_hour") if snap else dossier.procedure.cut_off_hour,
    )


def receipt_pdf(dossier: Dossier) -> bytes:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01), with the lookup QR code; before the
    one-stop desk receives an online dossier, the same slip marked provisional."""
    if not has_receipt(dossier):
        raise NotFoundError("Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận.")
    provisional = dossier.received_at is None
    at = dossier.received_at or dossier.submitted_at
    url = lookup_url(dossier.code)
    context = _common(dossier, "receipt", at=at)
    due = provisional_appointment(dossier) if provisional else (dossier.original_due_at or dossier.due_at)
    context.update(
        provisional=provisional,
        submitted=vn_datetime(dossier.submitted_at),
        papers=received_papers(dossier),
        processing_days=_days((dossier.procedure_snapshot or {}).get("processing_days")),
        due=vn_datetime(due),
        receiver="" if provisional else _receiver(dossier),
        qr=qr_svg_data_uri(url),
        counter=dossier.channel == Dossier.Channel.COUNTER,
    )
    return render_pdf(f"{TEMPLATE_DIR}/receipt.html", context)


def supplement_request_of(*, dossier: Dossier, request_id: int) -> SupplementRequest:
    request = dossier.supplements.select_related("requested_by").filter(pk=request_id).first()
    if request is None:
        raise NotFoundError("Không tìm thấy phiếu yêu cầu bổ sung.")
    return request


def supplement_request_pdf(dossier: Dossier, request: SupplementRequest) -> bytes:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)."""
    if request.dossier_id != dossier.pk:
        raise NotFoundError("Không tìm thấy phiếu yêu cầu bổ sung.")
    context = _common(dossier, "supplement", at=request.requested_at)
    context.update(
        request=request,
        submitted=vn_date(dossier.submitted_at),
        requested=vn_datetime(request.requested_at),
        items=[str(item) for item in request.items or []],
        officer=_name(request.requested_by),
    )
    return render_pdf(f"{TEMPLATE_DIR}/supplement.html", context)


def refusal_pdf(dossier: Dossier) -> bytes:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03), with the reason given at refusal."""
    event = _last_event(dossier, Action.REFUSE)
    if event is None:
        raise NotFoundError("Hồ sơ này không bị từ chối tiếp nhận.")
    context = _common(dossier, "refusal", at=event.at)
    context.update(reason=event.note, officer=_name(event.actor), submitted=vn_date(dossier.submitted_at))
    return render_pdf(f"{TEMPLATE_DIR}/refusal.html", context)


def apology_of(*, dossier: Dossier, apology_id: int) -> Apology:
    apology = dossier.apologies.select_related("created_by", "dossier").filter(pk=apology_id).first()
    if apology is None:
        raise NotFoundError("Không tìm thấy văn bản xin lỗi.")
    return apology


def apology_pdf(apology: Apology) -> bytes:
    """Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Mẫu 04; under TT 01/2018 the
    "phiếu xin lỗi và hẹn lại ngày trả kết quả"): reason, old and new appointment."""
    dossier = apology.dossier
    context = _common(dossier, "apology", at=apology.created_at)
    context.update(
        apology=apology,
        previous_due=vn_datetime(apology.previous_due_at),
        new_due=vn_datetime(apology.new_due_at),
        officer=_name(apology.created_by),
        extension="gia han" in fold(context["form"].title),
    )
    return render_pdf(f"{TEMPLATE_DIR}/apology.html", context)


def stop_notice_pdf(dossier: Dossier) -> bytes:
    """Thông báo dừng giải quyết hồ sơ (Mẫu 05 of TT 03/2025; unnumbered for older dossiers)."""
    event = _last_event(dossier, Action.STOP)
    if event is None:
        raise NotFoundError("Hồ sơ này không bị dừng giải quyết.")
    context = _common(dossier, "stop", at=event.at)
    context.update(reason=event.note, officer=_name(event.actor))
    return render_pdf(f"{TEMPLATE_DIR}/stop_notice.html", context)


def _timeliness(step: DossierStep, *, now: dt.datetime) -> str:
    """Trước hạn / Đúng hạn / Quá hạn, as the control slip's result column asks."""
    if step.due_at is None:
        return "Đã xử lý" if step.completed_at else "Đang xử lý"
    if step.completed_at is None:
        return "Đang xử lý, đã quá hạn" if now > step.due_at else "Đang xử lý"
    if step.completed_at > step.due_at:
        return "Quá hạn"
    if step.completed_at.astimezone(LOCAL_TZ).date() < step.due_at.astimezone(LOCAL_TZ).date():
        return "Trước hạn"
    return "Đúng hạn"


def _role_label(role: str) -> str:
    return str(RoleAssignment.Role(role).label) if role in RoleAssignment.Role.values else role


def control_slip_pdf(dossier: Dossier) -> bytes:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06; 05 under TT 01/2018): every step,
    when it was handed over and by whom, and whether it was done on time."""
    steps = list(dossier.steps.select_related("organization", "completed_by").order_by("started_at", "id"))
    if not steps or dossier.received_at is None:
        raise NotFoundError("Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát.")
    now = timezone.now()
    rows = []
    for index, step in enumerate(steps):
        previous = steps[index - 1] if index else None
        rows.append(
            {
                "index": index + 1,
                "name": step.name,
                "unit": step.organization.name,
                "role": _role_label(step.role),
                "handed_by": _name(previous.completed_by) if previous else dossier.applicant_name,
                "received_at": short_datetime(step.started_at),
                "completed_at": short_datetime(step.completed_at),
                "handler": _name(step.completed_by),
                "due_at": short_datetime(step.due_at),
                "result": _timeliness(step, now=now),
                "note": step.comment,
            }
        )
    context = _common(dossier, "control", at=dossier.received_at)
    context.update(rows=rows, due=vn_datetime(dossier.due_at), receipt_form=dossier_form(dossier, "receipt"))
    return render_pdf(f"{TEMPLATE_DIR}/control_slip.html", context)
