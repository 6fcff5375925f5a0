"""Signing a dossier's result at the flow's signing steps (the documents-and-signatures engine).

At a personal signing step (ký duyệt, phê duyệt) the leader approves by signing every PDF
result with their own signature; at the seal holder's step (phát hành) the clerk applies the
organisation's signature. The signed PDF replaces the draft: the draft is the first revision of
the signed file, so nothing is lost. Images and paper results are not signed electronically.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile

from saola.core.exceptions import ValidationFailed
from saola.core.models import User
from saola.dossiers.models import Dossier, DossierFile, DossierStep
from saola.dossiers.services.common import record_event
from saola.signing.services import sign_as_organization, sign_as_person
from saola.workflow.engine import ORGANIZATION_SIGNING_TASK_IDS, SIGNING_TASK_IDS

PDF = "application/pdf"


def results_to_sign(dossier: Dossier) -> list[DossierFile]:
    """The PDF results a signing step signs."""
    return list(dossier.files.filter(kind=DossierFile.Kind.RESULT, content_type=PDF).order_by("uploaded_at", "id"))


def step_signs(step: DossierStep) -> str:
    """ "person" or "organization" for a signing step, "" for any other step."""
    if step.task_id not in SIGNING_TASK_IDS:
        return ""
    return "organization" if step.task_id in ORGANIZATION_SIGNING_TASK_IDS else "person"


def dossier_sign_results_apply(*, dossier: Dossier, step: DossierStep, officer: User, secret: str) -> list[DossierFile]:
    """Sign the PDF results at `step` with the officer's or the unit's certificate.

    Assumes the caller holds the dossier's row lock and checked that `officer` may act on the
    step. A missing or wrong passphrase/PIN, or an unusable certificate, raises before
    anything is changed. Writes one history event naming the files signed.
    """
    kind = step_signs(step)
    files = results_to_sign(dossier) if kind else []
    if not files:
        return []
    if not secret:
        raise ValidationFailed(
            "Cần mật khẩu (mã PIN) chữ ký số để ký kết quả.",
            fields={"secret": ["Nhập mật khẩu (mã PIN) của chứng thư số để ký kết quả."]},
        )
    signed: list[tuple[DossierFile, bytes]] = []
    for row in files:
        with row.file.open("rb") as handle:
            data = handle.read()
        if kind == "organization":
            result = sign_as_organization(data, organization=dossier.organization, secret=secret, actor=officer)
        else:
            result = sign_as_person(data, user=officer, secret=secret, reason=f"Ký duyệt kết quả hồ sơ {dossier.code}")
        signed.append((row, result))
    for row, result in signed:
        digest = hashlib.sha256(result).hexdigest()
        row.file.save(f"{digest[:16]}.pdf", ContentFile(result), save=False)
        row.size, row.sha256 = len(result), digest
        row.save(update_fields=["file", "size", "sha256"])
    action = "seal_result" if kind == "organization" else "sign_result"
    record_event(dossier=dossier, action=action, actor=officer, note=", ".join(row.name for row, _ in signed))
    return [row for row, _ in signed]
