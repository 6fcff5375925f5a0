"""Services of incoming and outgoing documents and work dossiers: states, permissions, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from saola.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from saola.core.models import AuditEntry
from saola.documents.models import Assignment, Attachment, Distribution, Document
from saola.documents.services import incoming, outgoing, work
from saola.documents.states import DossierState, Status
from tests.documents.factories import (
    PNG,
    SECRET,
    approved_document,
    build_province,
    draft_data,
    incoming_data,
    issue,
    pdf_file,
    register_incoming,
)

pytestmark = pytest.mark.django_db


def test_register_incoming_stores_checked_files_with_their_text_and_audits() -> None:
    p = build_province()
    document = register_incoming(p, files=[pdf_file("qd.pdf")])
    assert document.status == Status.REGISTERED
    assert document.number == 1
    attachment = document.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert "chuyển đổi số" in attachment.extracted_text
    assert attachment.file.name.startswith(f"private/documents/{document.pk}/")
    assert "chuyen doi so" in document.search_text
    assert AuditEntry.objects.filter(action="document.register", object_id=str(document.pk)).exists()


def test_register_incoming_refuses_disguised_files_and_takes_no_number() -> None:
    p = build_province()
    fake = SimpleUploadedFile("van-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationFailed) as caught:
        register_incoming(p, files=[fake])
    assert "chỉ nhận PDF" in caught.value.fields["files"][0]
    assert not Document.objects.exists()
    assert register_incoming(p).number == 1


def test_register_incoming_lists_every_bad_field_in_vietnamese() -> None:
    p = build_province()
    with pytest.raises(ValidationFailed) as caught:
        register_incoming(p, summary=" ", sender_name="", sender_code="G09", urgency="gấp")
    assert set(caught.value.fields) == {"summary", "sender_name", "sender_code", "urgency"}
    assert caught.value.fields["summary"] == ["Cần nhập trích yếu nội dung văn bản."]


def test_only_clerks_of_the_organisation_register() -> None:
    p = build_province()
    for person in (p.leader, p.justice_officer, p.outsider):
        with pytest.raises(PermissionDeniedError):
            incoming.document_register_incoming(clerk=person, organization=p.ubnd, data=incoming_data())


def test_incoming_flow_assign_process_complete() -> None:
    p = build_province()
    document = register_incoming(p, files=[SimpleUploadedFile("anh.png", PNG)])
    deadline = timezone.localdate() + dt.timedelta(days=5)
    main, cooperating = incoming.document_assign(
        actor=p.leader,
        document=document,
        targets=[
            incoming.AssignmentTarget(unit=p.justice, role=Assignment.Role.MAIN),
            incoming.AssignmentTarget(assignee=p.office_officer, role=Assignment.Role.COOPERATING),
        ],
        instruction="Sở Tư pháp chủ trì, tham mưu văn bản trả lời.",
        deadline=deadline,
    )
    document.refresh_from_db()
    assert document.status == Status.ASSIGNED
    assert document.due_on == deadline
    # The department's leader hands it to an officer of the department.
    (sub,) = incoming.document_assign(
        actor=p.justice_leader,
        document=document,
        targets=[incoming.AssignmentTarget(assignee=p.justice_officer)],
        instruction="Đồng chí Thu xử lý.",
    )
    assert sub.parent == main
    incoming.document_comment(actor=p.justice_officer, document=document, text="Đã dự thảo văn bản trả lời.")
    document.refresh_from_db()
    assert document.status == Status.PROCESSING
    incoming.document_complete(actor=p.office_officer, document=document, result="Đã góp ý.")
    cooperating.refresh_from_db()
    assert cooperating.status == Assignment.Status.DONE
    assert Document.objects.get(pk=document.pk).status == Status.PROCESSING
    incoming.document_complete(actor=p.justice_officer, document=document, result="Đã trả lời bằng Công văn 12/STP.")
    document.refresh_from_db()
    assert document.status == Status.COMPLETED
    assert document.completed_at is not None
    actions = list(document.events.values_list("action", flat=True))
    assert actions == ["register", "assign", "assign", "start", "complete_part", "complete"]
    assert AuditEntry.objects.filter(object_id=str(document.pk), action="document.complete").exists()


def test_assign_refuses_people_outside_the_scope_and_two_main_handlers() -> None:
    p = build_province()
    document = register_incoming(p)
    with pytest.raises(ValidationFailed) as caught:
        incoming.document_assign(
            actor=p.leader,
            document=document,
            targets=[
                incoming.AssignmentTarget(assignee=p.outsider),
                incoming.AssignmentTarget(unit=p.justice),
            ],
        )
    messages = caught.value.fields["targets"]
    assert any("không thuộc phạm vi" in m for m in messages)
    assert any("Chỉ giao một" in m for m in messages)
    with pytest.raises(ValidationFailed):
        incoming.document_assign(actor=p.leader, document=document, targets=[])
    assert not Assignment.objects.exists()


def test_outsiders_get_404_and_insiders_without_the_role_get_403() -> None:
    p = build_province()
    document = register_incoming(p)
    targets = [incoming.AssignmentTarget(unit=p.justice)]
    with pytest.raises(NotFoundError):
        incoming.document_assign(actor=p.outsider, document=document, targets=targets)
    with pytest.raises(NotFoundError):
        incoming.document_comment(actor=p.justice_officer, document=document, text="?")
    with pytest.raises(PermissionDeniedError):
        incoming.document_assign(actor=p.clerk, document=document, targets=targets)


def test_wrong_state_is_a_conflict() -> None:
    p = build_province()
    document = register_incoming(p)
    incoming.document_refuse(actor=p.clerk, document=document, reason="Văn bản gửi trùng.")
    with pytest.raises(ConflictError):
        incoming.document_assign(actor=p.leader, document=document, targets=[incoming.AssignmentTarget(unit=p.justice)])
    with pytest.raises(ConflictError):
        incoming.document_return_to_sender(actor=p.clerk, document=document, reason="Sai địa chỉ.")
    with pytest.raises(ConflictError):
        outgoing.draft_submit(author=p.clerk, document=document)


def test_return_to_sender_needs_a_reason() -> None:
    p = build_province()
    document = register_incoming(p)
    with pytest.raises(ValidationFailed) as caught:
        incoming.document_return_to_sender(actor=p.clerk, document=document, reason="  ")
    assert caught.value.fields == {"reason": ["Cần nêu lý do trả lại."]}
    returned = incoming.document_return_to_sender(actor=p.leader, document=document, reason="Không thuộc thẩm quyền.")
    assert returned.status == Status.RETURNED


def test_outgoing_flow_draft_review_return_approve_issue_distribute() -> None:
    p = build_province()
    draft = outgoing.draft_create(
        author=p.office_officer, organization=p.ubnd, data=draft_data(body="", template="quyet-dinh")
    )
    assert draft.status == Status.DRAFT
    assert draft.drafting_unit == p.office
    assert draft.body.startswith("Căn cứ")
    outgoing.draft_submit(author=p.office_officer, document=draft)
    outgoing.draft_request_changes(leader=p.leader, document=draft, comments="Bổ sung căn cứ pháp lý.")
    draft.refresh_from_db()
    assert draft.status == Status.REVISION
    assert draft.notes.get().text == "Bổ sung căn cứ pháp lý."
    outgoing.draft_update(author=p.office_officer, document=draft, data=draft_data(body="Căn cứ mới."))
    outgoing.draft_submit(author=p.office_officer, document=draft)
    approved = outgoing.draft_approve(leader=p.leader, document=draft, secret=SECRET)
    assert approved.status == Status.APPROVED
    assert approved.signer == p.leader
    main = approved.attachments.get(kind=Attachment.Kind.MAIN)
    assert main.content_type == "application/pdf"
    assert "QUYẾT ĐỊNH" in main.extracted_text
    with pytest.raises(PermissionDeniedError):
        outgoing.document_issue(clerk=p.office_officer, document=approved)
    issued = issue(p, document=approved)
    assert issued.notation == "01/QĐ-UBND"
    assert issued.issued_on == timezone.localdate()
    distributed = outgoing.document_distribute(
        clerk=p.clerk,
        document=issued,
        units=[p.justice],
        external=[outgoing.ExternalRecipient(name="Bộ Nội vụ", code="000.00.00.G09")],
    )
    assert {d.status for d in distributed} == {Distribution.Status.DELIVERED, Distribution.Status.WAITING_EXCHANGE}
    # The department it was sent to now sees it.
    from saola.documents.selectors import document_get_for

    assert document_get_for(user=p.justice_officer, pk=issued.pk) == issued


def test_drafts_cannot_be_edited_once_submitted_and_approval_is_for_leaders() -> None:
    p = build_province()
    draft = outgoing.draft_create(author=p.office_officer, organization=p.ubnd, data=draft_data())
    with pytest.raises(ConflictError):
        outgoing.draft_approve(leader=p.leader, document=draft)
    outgoing.draft_submit(author=p.office_officer, document=draft)
    with pytest.raises(ConflictError):
        outgoing.draft_update(author=p.office_officer, document=draft, data=draft_data())
    with pytest.raises(PermissionDeniedError):
        outgoing.draft_approve(leader=p.office_officer, document=draft)
    with pytest.raises(NotFoundError):
        outgoing.draft_approve(leader=p.outsider, document=draft)


def test_draft_validation_lists_fields() -> None:
    p = build_province()
    with pytest.raises(ValidationFailed) as caught:
        outgoing.draft_create(
            author=p.office_officer,
            organization=p.ubnd,
            data=draft_data(summary="", template="thu-moi", signing_authority="XX", urgency="gấp"),
        )
    assert set(caught.value.fields) == {"summary", "template", "signing_authority", "urgency"}


def test_issue_twice_is_a_conflict() -> None:
    p = build_province()
    issued = issue(p, document=approved_document(p))
    with pytest.raises(ConflictError):
        issue(p, document=issued)


def test_work_dossier_open_add_close_archive() -> None:
    p = build_province()
    document = register_incoming(p)
    dossier = work.work_dossier_create(
        actor=p.office_officer,
        organization=p.office,
        title="Hồ sơ xây dựng Kế hoạch chuyển đổi số năm 2026",
        code="01.CĐS",
        retention_years=10,
    )
    with pytest.raises(NotFoundError):
        work.work_dossier_add_documents(actor=p.office_officer, dossier=dossier, documents=[document])
    issued = issue(p, document=approved_document(p))
    work.work_dossier_add_documents(actor=p.office_officer, dossier=dossier, documents=[issued])
    with pytest.raises(ConflictError):
        work.work_dossier_archive(actor=p.clerk, dossier=dossier)
    with pytest.raises(PermissionDeniedError):
        work.work_dossier_archive(actor=p.office_officer, dossier=dossier)
    work.work_dossier_close(actor=p.office_officer, dossier=dossier)
    with pytest.raises(ConflictError):
        work.work_dossier_add_documents(actor=p.office_officer, dossier=dossier, documents=[issued])
    archived = work.work_dossier_archive(actor=p.clerk, dossier=dossier)
    assert archived.state == DossierState.ARCHIVED
    assert archived.archived_at is not None
    assert list(AuditEntry.objects.filter(object_type="documents.workdossier").values_list("action", flat=True)) == [
        "work_dossier.archive",
        "work_dossier.close",
        "work_dossier.add_documents",
        "work_dossier.create",
    ]


def test_work_dossier_needs_a_retention_period() -> None:
    p = build_province()
    with pytest.raises(ValidationFailed) as caught:
        work.work_dossier_create(actor=p.office_officer, organization=p.office, title="Hồ sơ", code="02")
    assert "retention_years" in caught.value.fields
    dossier = work.work_dossier_create(
        actor=p.office_officer, organization=p.office, title="Hồ sơ lưu", code="03", permanent=True
    )
    assert dossier.permanent
