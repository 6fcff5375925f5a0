"""Counter intake for a walk-in applicant: an existing account or a new one, then the dossier."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from saola.catalog.models import Procedure
from saola.core.audit import audit_record
from saola.core.exceptions import PermissionDeniedError, ValidationFailed
from saola.core.models import Organization, User
from saola.core.services import citizen_register, model_full_clean
from saola.dossiers.models import CounterRefusal, Dossier
from saola.dossiers.permissions import ensure_can_receive_at, is_officer
from saola.dossiers.services.intake import PaperUpload, applicant_info_of, dossier_create_at_counter


@dataclass(frozen=True)
class NewApplicant:
    """A citizen without an account yet, as the receiving officer enters them."""

    full_name: str
    personal_id: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class CounterIntake:
    dossier: Dossier
    account_created: bool
    login: str


def _register(new: NewApplicant, *, officer: User) -> User:
    if not new.full_name.strip():
        raise ValidationFailed(
            "Cần họ tên người nộp để tạo tài khoản mới.", fields={"full_name": ["Trường này là bắt buộc."]}
        )
    # Nobody knows this password: the applicant sets their own through password recovery.
    return citizen_register(
        full_name=new.full_name.strip(),
        password="Tk-" + secrets.token_urlsafe(24),
        email=new.email.strip() or None,
        phone=new.phone.strip() or None,
        personal_id=new.personal_id.strip() or None,
        kind=User.Kind.CITIZEN,
        actor=officer,
    )


@transaction.atomic
def dossier_receive_at_counter(
    *,
    officer: User,
    procedure: Procedure,
    applicant: User | None,
    new_applicant: NewApplicant | None,
    form_data: dict[str, Any],
    uploads: list[PaperUpload],
    checked_papers: list[int],
    address: str = "",
    organization: Organization | None = None,
) -> CounterIntake:
    """Receive a dossier at the counter for `applicant`, or for `new_applicant` after opening
    their account, in one transaction.

    The officer must hold an intake role over the receiving unit; the account is opened only
    after that check and is rolled back with everything else when the dossier is refused
    (missing papers, a form that breaks the procedure's schema...).
    """
    if not is_officer(officer):
        raise PermissionDeniedError("Chỉ cán bộ tiếp nhận được tiếp nhận hồ sơ tại quầy.")
    unit = organization or officer.organization
    if unit is None:
        raise ValidationFailed(fields={"organization": ["Cần chọn cơ quan tiếp nhận hồ sơ."]})
    ensure_can_receive_at(officer, unit)
    if applicant is not None:
        if applicant.kind == User.Kind.OFFICER:
            raise ValidationFailed(fields={"applicant": ["Người nộp phải là công dân hoặc doanh nghiệp."]})
        user, created = applicant, False
    elif new_applicant is not None:
        user, created = _register(new_applicant, officer=officer), True
    else:
        raise ValidationFailed(
            "Cần chọn người nộp hoặc nhập thông tin người nộp mới.", fields={"applicant": ["Chưa chọn người nộp."]}
        )
    info = applicant_info_of(user, address=address)
    dossier = dossier_create_at_counter(
        officer=officer,
        applicant=user,
        procedure=procedure,
        form_data=form_data,
        uploads=uploads,
        checked_papers=checked_papers,
        organization=unit,
        applicant_info=info,
    )
    return CounterIntake(dossier=dossier, account_created=created, login=user.username)


@transaction.atomic
def counter_refusal_record(
    *,
    officer: User,
    procedure: Procedure,
    applicant: User | None,
    applicant_name: str,
    reason: str,
    applicant_phone: str = "",
    applicant_address: str = "",
    missing_papers: list[str] | None = None,
    organization: Organization | None = None,
) -> CounterRefusal:
    """Record a request refused at the counter (Mẫu 03) without opening a dossier or an account.

    The officer must hold an intake role over the unit; audited.
    """
    if not is_officer(officer):
        raise PermissionDeniedError("Chỉ cán bộ tiếp nhận được từ chối tiếp nhận hồ sơ tại quầy.")
    unit = organization or officer.organization
    if unit is None:
        raise ValidationFailed(fields={"organization": ["Cần chọn cơ quan tiếp nhận hồ sơ."]})
    ensure_can_receive_at(officer, unit)
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["Cần nêu lý do từ chối."]
    name = applicant.display_name if applicant is not None else applicant_name.strip()
    if not name:
        errors["full_name"] = ["Cần họ và tên người nộp."]
    if errors:
        raise ValidationFailed("Chưa ghi nhận được việc từ chối tiếp nhận.", fields=errors)
    refusal = CounterRefusal(
        organization=unit,
        procedure=procedure,
        applicant=applicant,
        applicant_name=name,
        applicant_phone=(applicant.phone if applicant is not None else applicant_phone) or "",
        applicant_address=applicant_address.strip(),
        reason=reason.strip(),
        missing_papers=list(missing_papers or []),
        refused_at=timezone.now(),
        refused_by=officer,
    )
    model_full_clean(refusal)
    refusal.save()
    audit_record(
        actor=officer,
        action="dossier.counter_refusal",
        obj=refusal,
        after={"procedure": procedure.code, "organization": unit.code, "reason": refusal.reason},
    )
    return refusal
