"""Intake: online submission, counter intake, acceptance, refusal, supplements, withdrawal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from saola.catalog.models import Procedure
from saola.core.exceptions import ConflictError, ValidationFailed
from saola.core.models import Organization, User
from saola.dossiers import deadlines
from saola.dossiers.codes import next_dossier_code
from saola.dossiers.files import CheckedFile, check_upload
from saola.dossiers.forms_schema import validate_form_data
from saola.dossiers.models import Dossier, DossierFile, SupplementRequest
from saola.dossiers.services.common import attach_files, ensure_transition, record_event, transition_apply
from saola.dossiers.services.steps import steps_advance, steps_start
from saola.dossiers.states import Action, Status


@dataclass
class PaperUpload:
    """An uploaded file for one paper of the procedure (`paper_id` from the catalogue)."""

    file: UploadedFile
    paper_id: int | None = None
    name: str = ""


@dataclass
class ApplicantInfo:
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _snapshot(procedure: Procedure) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "processing_days": str(procedure.processing_days),
        "cut_off_hour": procedure.cut_off_hour,
        "online_category": procedure.online_category,
        "flow": procedure.flow.code if procedure.flow else None,
        "papers": [{"id": p.pk, "name": p.name, "required": p.required} for p in procedure.papers.all()],
    }


def _check_papers(
    procedure: Procedure, uploads: list[PaperUpload], *, require_all: bool
) -> list[tuple[CheckedFile, str, int | None]]:
    papers = {p.pk: p for p in procedure.papers.all()}
    checked: list[tuple[CheckedFile, str, int | None]] = []
    errors: list[str] = []
    for upload in uploads:
        paper = papers.get(upload.paper_id) if upload.paper_id is not None else None
        if upload.paper_id is not None and paper is None:
            errors.append(f"Giấy tờ số {upload.paper_id} không thuộc thủ tục này.")
            continue
        label = paper.name if paper else (upload.name or upload.file.name or "Tệp đính kèm")
        try:
            checked.append((check_upload(upload.file, label=label), label, paper.pk if paper else None))
        except ValidationFailed as exc:
            errors.extend(exc.fields.get("files", [str(exc.message)]))
    if require_all:
        given = {u.paper_id for u in uploads}
        errors.extend(f"Thiếu giấy tờ bắt buộc: {p.name}" for p in papers.values() if p.required and p.pk not in given)
    if errors:
        raise ValidationFailed("Hồ sơ chưa hợp lệ.", fields={"files": errors})
    return checked


def _receiving_unit(procedure: Procedure, organization: Organization | None) -> Organization:
    agencies = list(procedure.agencies.all())
    if organization is None:
        if len(agencies) != 1:
            raise ValidationFailed(fields={"organization": ["Cần chọn cơ quan tiếp nhận hồ sơ."]})
        return agencies[0]
    if agencies and organization not in agencies:
        raise ValidationFailed(fields={"organization": ["Cơ quan này không thực hiện thủ tục đã chọn."]})
    return organization


def applicant_info_of(applicant: User, *, address: str = "") -> ApplicantInfo:
    """The applicant's details as their account holds them (copied onto the dossier)."""
    return ApplicantInfo(
        name=applicant.display_name,
        id_number=applicant.personal_id or applicant.tax_code or "",
        phone=applicant.phone or "",
        email=applicant.email or "",
        address=address.strip(),
    )


@transaction.atomic
def dossier_submit_online(
    *,
    applicant: User,
    procedure: Procedure,
    form_data: dict[str, Any],
    uploads: list[PaperUpload],
    organization: Organization | None = None,
    idempotency_key: str = "",
    summary: str = "",
) -> Dossier:
    """A citizen's online submission: checked form and papers, a code, status "submitted".

    The same `idempotency_key` from the same applicant returns the first dossier instead of
    creating a second. Writes the history event and audit entry; nothing is written on error.
    """
    idempotency_key = idempotency_key.strip()[:64]  # as stored, so a long key finds its dossier again
    if idempotency_key:
        existing = Dossier.objects.filter(applicant=applicant, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if procedure.online_category == Procedure.OnlineCategory.NONE or not procedure.is_active:
        raise ConflictError("Thủ tục này không tiếp nhận hồ sơ trực tuyến.")
    unit = _receiving_unit(procedure, organization)
    validate_form_data(procedure.form_schema, form_data)
    files = _check_papers(procedure, uploads, require_all=True)
    info = applicant_info_of(applicant)
    now = timezone.now()
    dossier = Dossier(
        code=next_dossier_code(agency_code=unit.code),
        procedure=procedure,
        organization=unit,
        applicant=applicant,
        applicant_name=info.name,
        applicant_id_number=info.id_number,
        applicant_phone=info.phone,
        applicant_email=info.email,
        summary=summary[:500] or procedure.name,
        form_data=form_data,
        channel=Dossier.Channel.ONLINE,
        status=Status.SUBMITTED,
        procedure_snapshot=_snapshot(procedure),
        submitted_at=now,
        idempotency_key=idempotency_key,
        created_by=applicant,
    )
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError as exc:
        # The same key submitted twice at once: the other request won, answer with its dossier.
        if idempotency_key:
            winner = Dossier.objects.filter(applicant=applicant, idempotency_key=idempotency_key).first()
            if winner is not None:
                return winner
        raise ConflictError("Hồ sơ này đã được nộp.") from exc
    attach_files(dossier=dossier, files=files, kind=DossierFile.Kind.SUBMITTED, actor=applicant)
    record_event(dossier=dossier, action="submit", actor=applicant, note="Nộp hồ sơ trực tuyến")
    return dossier


def _receive(dossier: Dossier, *, officer: User, at: dt.datetime) -> None:
    """Start the clock and the flow: appointment date, first processing step."""
    snap = dossier.procedure_snapshot
    dossier.received_at = at
    dossier.due_at = deadlines.appointment(
        at,
        processing_days=snap["processing_days"] if snap else dossier.procedure.processing_days,
        cut_off_hour=snap.get("cut_off_hour") if snap else dossier.procedure.cut_off_hour,
    )
    dossier.original_due_at = dossier.due_at
    steps_start(dossier=dossier, officer=officer)


@transaction.atomic
def dossier_create_at_counter(
    *,
    officer: User,
    applicant: User,
    procedure: Procedure,
    form_data: dict[str, Any],
    uploads: list[PaperUpload],
    checked_papers: list[int],
    organization: Organization | None = None,
    applicant_info: ApplicantInfo | None = None,
) -> Dossier:
    """Counter intake by a receiving officer: received at once, the paper checklist recorded.

    Papers may be paper originals ticked on the checklist (`checked_papers`) or scanned
    uploads; every required paper must be one or the other.
    """
    unit = _receiving_unit(procedure, organization or officer.organization)
    from saola.dossiers.permissions import ensure_can_receive_at

    ensure_can_receive_at(officer, unit)
    validate_form_data(procedure.form_schema, form_data)
    files = _check_papers(procedure, uploads, require_all=False)
    present = set(checked_papers) | {u.paper_id for u in uploads if u.paper_id is not None}
    missing = [p.name for p in procedure.papers.all() if p.required and p.pk not in present]
    if missing:
        raise ValidationFailed("Hồ sơ chưa đủ giấy tờ.", fields={"papers": [f"Thiếu: {m}" for m in missing]})
    info = applicant_info or applicant_info_of(applicant)
    now = timezone.now()
    dossier = Dossier.objects.create(
        code=next_dossier_code(agency_code=unit.code),
        procedure=procedure,
        organization=unit,
        applicant=applicant,
        applicant_name=info.name,
        applicant_id_number=info.id_number,
        applicant_phone=info.phone,
        applicant_email=info.email,
        applicant_address=info.address,
        summary=procedure.name,
        form_data=form_data,
        channel=Dossier.Channel.COUNTER,
        status=Status.SUBMITTED,
        procedure_snapshot=_snapshot(procedure),
        submitted_at=now,
        created_by=officer,
    )
    dossier.procedure_snapshot["checked_papers"] = sorted(present)
    attach_files(dossier=dossier, files=files, kind=DossierFile.Kind.SUBMITTED, actor=officer)
    record_event(dossier=dossier, action="submit", actor=officer, note="Tiếp nhận trực tiếp tại Bộ phận Một cửa")
    _receive(dossier, officer=officer, at=now)
    transition_apply(dossier=dossier, action=Action.ACCEPT, actor=officer, note="Tiếp nhận hồ sơ")
    steps_advance(dossier=dossier, officer=officer, comment="Tiếp nhận tại quầy")
    return dossier


def dossier_lock(*, code: str) -> Dossier:
    """The dossier row locked for update (inside the caller's transaction)."""
    return Dossier.objects.select_for_update().select_related("procedure", "organization").get(code=code)


@transaction.atomic
def dossier_accept(*, officer: User, dossier: Dossier, note: str = "") -> Dossier:
    """Accept an online dossier after checking it: the clock starts, the flow moves to processing."""
    from saola.dossiers.permissions import ensure_can_receive

    locked = dossier_lock(code=dossier.code)
    ensure_can_receive(officer, locked)
    ensure_transition(dossier=locked, action=Action.ACCEPT)
    _receive(locked, officer=officer, at=timezone.now())
    transition_apply(dossier=locked, action=Action.ACCEPT, actor=officer, note=note or "Tiếp nhận hồ sơ")
    steps_advance(dossier=locked, officer=officer, comment=note or "Hồ sơ hợp lệ, tiếp nhận")
    return locked


@transaction.atomic
def dossier_refuse(*, officer: User, dossier: Dossier, reason: str) -> Dossier:
    """Refuse to receive (Phiếu từ chối tiếp nhận, Mẫu 03) with a reason."""
    from saola.dossiers.permissions import ensure_can_receive

    if not reason.strip():
        raise ValidationFailed(fields={"reason": ["Cần nêu lý do từ chối."]})
    locked = dossier_lock(code=dossier.code)
    ensure_can_receive(officer, locked)
    transition_apply(dossier=locked, action=Action.REFUSE, actor=officer, note=reason.strip())
    return locked


@transaction.atomic
def dossier_request_supplement(
    *, officer: User, dossier: Dossier, reason: str, items: list[str] | None = None
) -> Dossier:
    """Ask for missing papers (Mẫu 02): the clock stops until the applicant answers."""
    from saola.dossiers.permissions import ensure_can_work_on

    if not reason.strip():
        raise ValidationFailed(fields={"reason": ["Cần nêu nội dung yêu cầu bổ sung."]})
    locked = dossier_lock(code=dossier.code)
    ensure_can_work_on(officer, locked)
    now = timezone.now()
    transition_apply(dossier=locked, action=Action.REQUEST_SUPPLEMENT, actor=officer, note=reason.strip())
    SupplementRequest.objects.create(
        dossier=locked, requested_at=now, requested_by=officer, reason=reason.strip(), items=items or []
    )
    if locked.received_at is not None:
        locked.paused_at = now
        locked.supplement_count += 1
        locked.save(update_fields=["paused_at", "supplement_count", "updated_at"])
    return locked


@transaction.atomic
def dossier_submit_supplement(
    *, applicant: User, dossier: Dossier, uploads: list[PaperUpload], note: str = ""
) -> Dossier:
    """The applicant answers a supplement request with the missing papers."""
    from saola.dossiers.permissions import ensure_applicant

    locked = dossier_lock(code=dossier.code)
    ensure_applicant(applicant, locked)
    if not uploads:
        raise ValidationFailed(fields={"files": ["Cần đính kèm giấy tờ bổ sung."]})
    files = _check_papers(locked.procedure, uploads, require_all=False)
    transition_apply(dossier=locked, action=Action.SUBMIT_SUPPLEMENT, actor=applicant, note=note)
    attach_files(dossier=locked, files=files, kind=DossierFile.Kind.SUPPLEMENT, actor=applicant)
    SupplementRequest.objects.filter(dossier=locked, answered_at__isnull=True).update(answered_at=timezone.now())
    return locked


@transaction.atomic
def dossier_accept_supplement(*, officer: User, dossier: Dossier) -> Dossier:
    """Accept the supplement: the clock restarts with the working time that was left."""
    from saola.dossiers.permissions import ensure_can_work_on

    locked = dossier_lock(code=dossier.code)
    ensure_can_work_on(officer, locked)
    now = timezone.now()
    was_received = locked.received_at is not None
    transition_apply(dossier=locked, action=Action.ACCEPT_SUPPLEMENT, actor=officer)
    SupplementRequest.objects.filter(dossier=locked, accepted_at__isnull=True).update(accepted_at=now)
    if not was_received:
        # An online dossier completed before intake: receiving it now starts the clock.
        _receive(locked, officer=officer, at=now)
        steps_advance(dossier=locked, officer=officer, comment="Hồ sơ đã bổ sung đầy đủ, tiếp nhận")
    elif locked.paused_at and locked.due_at:
        # The time the applicant took does not count: both dates move by the pause.
        paused = locked.paused_at
        locked.due_at = deadlines.resume_after_pause(paused_at=paused, due_at=locked.due_at, resumed_at=now)
        if locked.original_due_at:
            locked.original_due_at = deadlines.resume_after_pause(
                paused_at=paused, due_at=locked.original_due_at, resumed_at=now
            )
        locked.paused_at = None
    locked.save()
    return locked


@transaction.atomic
def dossier_withdraw(*, applicant: User, dossier: Dossier, reason: str = "") -> Dossier:
    """The applicant withdraws: at once before processing, as a request once processing started."""
    from saola.dossiers.permissions import ensure_applicant

    locked = dossier_lock(code=dossier.code)
    ensure_applicant(applicant, locked)
    transition_apply(dossier=locked, action=Action.REQUEST_WITHDRAWAL, actor=applicant, note=reason)
    return locked
