"""Processing and outcomes: steps, results, returning, stopping, apologies, ratings."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from saola.core.calendar import add_working_time
from saola.core.exceptions import ConflictError, ValidationFailed
from saola.core.models import User
from saola.dossiers.models import Apology, Dossier, DossierFile, Rating
from saola.dossiers.permissions import ensure_applicant, ensure_can_act_on_step, ensure_can_lead, ensure_can_work_on
from saola.dossiers.services.common import attach_files, ensure_transition, record_event, transition_apply
from saola.dossiers.services.intake import PaperUpload, _check_papers, dossier_lock
from saola.dossiers.services.signing import dossier_sign_results_apply
from saola.dossiers.services.steps import at_return_step, at_signing_step, step_open, steps_advance
from saola.dossiers.states import WORKING, Action, Status
from saola.workflow.engine import flow_task_decides


@transaction.atomic
def dossier_complete_step(
    *, officer: User, dossier: Dossier, comment: str = "", approved: bool | None = None, secret: str = ""
) -> Dossier:
    """Complete the dossier's open step: forward (approved=None/True) or send back (approved=False).

    At a signing step, going forward signs the PDF results first (`secret`: the passphrase or
    PIN of the signer's certificate; see services/signing.py). When the flow reaches the
    result-return step, the dossier is finished (result ready).
    """
    locked = dossier_lock(code=dossier.code)
    step = step_open(dossier=locked)
    if step is None or locked.status not in WORKING:
        raise ConflictError("Hồ sơ không có bước đang chờ xử lý.")
    ensure_can_act_on_step(officer, step)
    if at_return_step(locked):
        raise ConflictError("Hồ sơ đã có kết quả; hãy dùng thao tác trả kết quả.")
    flow = locked.procedure.flow
    if approved is False and (flow is None or not flow_task_decides(flow=flow, task_id=step.task_id)):
        raise ConflictError("Bước này không có lựa chọn trả lại; hãy chuyển tiếp hoặc yêu cầu bổ sung hồ sơ.")
    if approved is not False:
        dossier_sign_results_apply(dossier=locked, step=step, officer=officer, secret=secret)
    data = {} if approved is None else {"approved": approved, "complete": approved}
    outcome = "returned" if approved is False else "approved" if approved else "done"
    steps_advance(dossier=locked, officer=officer, comment=comment, outcome=outcome, data=data)
    note = comment or ("Trả lại bước trước" if approved is False else "Chuyển bước tiếp theo")
    transition_apply(dossier=locked, action=Action.COMPLETE_STEP, actor=officer, note=note, step_name=step.name)
    if at_return_step(locked):
        transition_apply(dossier=locked, action=Action.FINISH, actor=officer, note="Đã có kết quả giải quyết")
    elif at_signing_step(locked):
        transition_apply(dossier=locked, action=Action.SEND_TO_SIGNATURE, actor=officer, note="Trình ký kết quả")
    return locked


def _attach(
    *, officer: User, dossier: Dossier, uploads: list[PaperUpload], kind: str, action: str, default_name: str
) -> list[DossierFile]:
    locked = dossier_lock(code=dossier.code)
    ensure_can_work_on(officer, locked)
    if locked.status not in WORKING | {Status.FINISHED}:
        raise ConflictError("Chỉ đính kèm tệp khi hồ sơ đang xử lý hoặc đã có kết quả.")
    if not uploads:
        raise ValidationFailed(fields={"files": ["Cần chọn tệp."]})
    files = _check_papers(
        locked.procedure, [PaperUpload(file=u.file, name=u.name or default_name) for u in uploads], require_all=False
    )
    stored = attach_files(dossier=locked, files=files, kind=kind, actor=officer)
    record_event(dossier=locked, action=action, actor=officer, note=", ".join(f.name for f in stored))
    return stored


@transaction.atomic
def dossier_upload_result(*, officer: User, dossier: Dossier, uploads: list[PaperUpload]) -> list[DossierFile]:
    """Attach the result document(s) (a signed PDF once signing is available)."""
    return _attach(
        officer=officer,
        dossier=dossier,
        uploads=uploads,
        kind=DossierFile.Kind.RESULT,
        action="upload_result",
        default_name="Kết quả",
    )


@transaction.atomic
def dossier_attach_working_files(*, officer: User, dossier: Dossier, uploads: list[PaperUpload]) -> list[DossierFile]:
    """Attach working documents (minutes, appraisal notes...) seen by officers, not the applicant."""
    return _attach(
        officer=officer,
        dossier=dossier,
        uploads=uploads,
        kind=DossierFile.Kind.WORKING,
        action="attach",
        default_name="Tài liệu xử lý",
    )


@transaction.atomic
def dossier_return_result(*, officer: User, dossier: Dossier, note: str = "") -> Dossier:
    """Hand the result to the applicant (at the counter, by post or online): status "returned"."""
    locked = dossier_lock(code=dossier.code)
    ensure_can_work_on(officer, locked)
    ensure_transition(dossier=locked, action=Action.RETURN_RESULT)
    if not locked.files.filter(kind=DossierFile.Kind.RESULT).exists() and locked.channel == Dossier.Channel.ONLINE:
        raise ConflictError("Chưa có tệp kết quả để trả cho người nộp trực tuyến.")
    if at_return_step(locked):
        steps_advance(dossier=locked, officer=officer, comment=note or "Đã trả kết quả")
    locked.returned_at = timezone.now()
    transition_apply(dossier=locked, action=Action.RETURN_RESULT, actor=officer, note=note or "Trả kết quả")
    return locked


@transaction.atomic
def dossier_stop(*, officer: User, dossier: Dossier, reason: str) -> Dossier:
    """Stop processing with a notice (Thông báo dừng giải quyết hồ sơ, Mẫu 05 of TT 03/2025)."""
    if not reason.strip():
        raise ValidationFailed(fields={"reason": ["Cần nêu lý do dừng xử lý."]})
    locked = dossier_lock(code=dossier.code)
    ensure_can_lead(officer, locked)
    transition_apply(dossier=locked, action=Action.STOP, actor=officer, note=reason.strip())
    return locked


@transaction.atomic
def dossier_approve_withdrawal(*, officer: User, dossier: Dossier) -> Dossier:
    locked = dossier_lock(code=dossier.code)
    ensure_can_lead(officer, locked)
    transition_apply(dossier=locked, action=Action.APPROVE_WITHDRAWAL, actor=officer)
    return locked


@transaction.atomic
def dossier_apologize(*, officer: User, dossier: Dossier, reason: str, extra_days: float) -> Apology:
    """Apology and extension request (Mẫu 04, TT 03/2025) for a dossier at risk of being late.

    The new appointment is `extra_days` working days after the current one (or after now, if
    that has passed). The dossier still counts as late by the national rule.
    """
    if not reason.strip():
        raise ValidationFailed(fields={"reason": ["Cần nêu lý do chậm trả kết quả."]})
    if not 0 < extra_days <= 60:
        raise ValidationFailed(fields={"extra_days": ["Số ngày gia hạn phải từ 0,5 đến 60 ngày làm việc."]})
    locked = dossier_lock(code=dossier.code)
    ensure_can_work_on(officer, locked)
    if locked.status not in WORKING | {Status.PAYMENT_REQUIRED} or locked.due_at is None:
        raise ConflictError("Chỉ gửi văn bản xin lỗi cho hồ sơ đang giải quyết.")
    previous: dt.datetime = locked.due_at
    new_due = add_working_time(max(previous, timezone.now()), days=extra_days)
    apology = Apology.objects.create(
        dossier=locked, created_by=officer, reason=reason.strip(), previous_due_at=previous, new_due_at=new_due
    )
    locked.due_at = new_due
    locked.save(update_fields=["due_at", "updated_at"])
    record_event(dossier=locked, action="apologize", actor=officer, note=f"Xin lỗi, hẹn lại: {reason.strip()}")
    return apology


@transaction.atomic
def dossier_rate(*, applicant: User, dossier: Dossier, score: int, comment: str = "") -> Rating:
    """The applicant rates the service once the result is out."""
    locked = dossier_lock(code=dossier.code)
    ensure_applicant(applicant, locked)
    if locked.status not in {Status.FINISHED, Status.RETURNED}:
        raise ConflictError("Chỉ đánh giá sau khi có kết quả.")
    if not 1 <= score <= 5:
        raise ValidationFailed(fields={"score": ["Mức đánh giá từ 1 đến 5."]})
    if Rating.objects.filter(dossier=locked).exists():
        raise ConflictError("Hồ sơ này đã được đánh giá.")
    rating = Rating.objects.create(dossier=locked, score=score, comment=comment[:2000])
    record_event(dossier=locked, action="rate", actor=applicant, note=f"Đánh giá {score}/5")
    return rating
