"""Numbers and notations of Decree 30/2020: yearly series, leading zero, công văn, no gaps."""

from __future__ import annotations

import datetime as dt

import pytest

from saola.core.calendar import LOCAL_TZ
from saola.core.exceptions import ValidationFailed
from saola.documents import numbering
from saola.documents.models import Document, OrganizationSetting, Register
from saola.documents.services import outgoing
from saola.documents.states import Direction, Status
from tests.documents.factories import (
    SECRET,
    approved_document,
    build_province,
    doc_type,
    draft_data,
    issue,
    register_incoming,
)

pytestmark = pytest.mark.django_db


def test_notation_pads_numbers_below_ten_with_a_zero() -> None:
    assert numbering.notation(number=5, document_type=doc_type("quyet-dinh"), agency="UBND") == "05/QĐ-UBND"
    assert numbering.notation(number=123, document_type=doc_type("quyet-dinh"), agency="UBND") == "123/QĐ-UBND"
    assert numbering.notation(number=10, document_type=doc_type("to-trinh"), agency="STP") == "10/TTr-STP"


def test_notation_of_a_cong_van_has_no_type_abbreviation() -> None:
    letter = doc_type("cong-van")
    assert letter.abbreviation == ""
    assert numbering.notation(number=45, document_type=letter, agency="UBND", unit="VP") == "45/UBND-VP"
    assert numbering.notation(number=7, document_type=letter, agency="UBND") == "07/UBND"


def test_every_type_of_appendix_three_is_loaded_with_its_abbreviation() -> None:
    expected = {
        "QĐ", "NQ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTr",
        "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB",
    }  # fmt: skip
    from saola.documents.models import DocumentType

    assert set(DocumentType.objects.exclude(abbreviation="").values_list("abbreviation", flat=True)) == expected
    assert DocumentType.objects.get(name="Công văn").abbreviation == ""


def test_series_restarts_on_the_first_of_january_in_vietnam_time() -> None:
    p = build_province()
    # 31/12/2026 23:30 in Vietnam, then 01/01/2027 00:10 in Vietnam (still 31/12 in UTC).
    late = dt.datetime(2026, 12, 31, 23, 30, tzinfo=LOCAL_TZ)
    early = dt.datetime(2027, 1, 1, 0, 10, tzinfo=LOCAL_TZ)
    assert early.astimezone(dt.UTC).year == 2026
    first = approved_document(p)
    second = approved_document(p)
    third = approved_document(p)
    issue(p, document=first, at=late - dt.timedelta(hours=1))
    issued_late = issue(p, document=second, at=late)
    issued_new_year = issue(p, document=third, at=early)
    assert issued_late.notation == "02/QĐ-UBND"
    assert issued_late.register.year == 2026
    assert issued_new_year.notation == "01/QĐ-UBND"
    assert issued_new_year.register.year == 2027
    assert issued_new_year.issued_on == dt.date(2027, 1, 1)


def test_issue_of_a_cong_van_uses_agency_and_drafting_unit() -> None:
    p = build_province()
    document = approved_document(
        p,
        document_type=doc_type("cong-van"),
        template="cong-van",
        summary="V/v báo cáo tình hình",
        drafting_unit=p.office,
    )
    issued = issue(p, document=document)
    assert issued.notation == "01/UBND-VP"
    assert issued.status == Status.ISSUED


def test_cong_van_drafted_by_the_agency_itself_has_no_unit_part() -> None:
    p = build_province()
    data = draft_data(document_type=doc_type("cong-van"), template="cong-van", summary="V/v họp giao ban")
    document = outgoing.draft_create(author=p.leader, organization=p.ubnd, data=data)
    assert document.drafting_unit == p.ubnd
    outgoing.draft_submit(author=p.leader, document=document)
    outgoing.draft_approve(leader=p.leader, document=document, secret=SECRET)
    assert issue(p, document=document).notation == "01/UBND"


def test_confidential_and_legal_normative_documents_have_their_own_series() -> None:
    p = build_province()
    plain = issue(p, document=approved_document(p))
    secret = issue(p, document=approved_document(p, confidentiality=Document.Confidentiality.CONFIDENTIAL))
    normative = issue(p, document=approved_document(p, legal_normative=True))
    assert (plain.number, secret.number, normative.number) == (1, 1, 1)
    assert len({plain.register_id, secret.register_id, normative.register_id}) == 3
    assert secret.register.series == Register.Series.CONFIDENTIAL
    assert normative.register.series_key == "type:quyet-dinh"


def test_a_failed_issue_rolls_the_number_back(monkeypatch: pytest.MonkeyPatch) -> None:
    p = build_province()
    document = approved_document(p)
    year = dt.datetime.now(LOCAL_TZ).year
    register = numbering.register_for(organization=p.ubnd, direction=Direction.OUTGOING, year=year)

    def fail_signing(*args: object, **kwargs: object) -> None:
        raise OSError("thiết bị ký số không phản hồi")

    monkeypatch.setattr(outgoing, "_sign_files", fail_signing)
    with pytest.raises(OSError, match="không phản hồi"):
        issue(p, document=document)
    register.refresh_from_db()
    assert register.next_number == 1
    document.refresh_from_db()
    assert (document.status, document.number, document.notation) == (Status.APPROVED, None, "")
    monkeypatch.undo()
    assert issue(p, document=document).number == 1


def test_issue_needs_the_agency_abbreviation() -> None:
    p = build_province()
    document = approved_document(p)
    OrganizationSetting.objects.filter(organization=p.ubnd).update(abbreviation="")
    with pytest.raises(ValidationFailed) as caught:
        issue(p, document=document)
    assert "chữ viết tắt" in str(caught.value.message)


def test_incoming_numbers_follow_the_register_of_the_year() -> None:
    p = build_province()
    first = register_incoming(p)
    second = register_incoming(p, summary="Về việc tổ chức hội nghị")
    assert (first.number, second.number) == (1, 2)
    assert first.register == second.register
    assert first.register.direction == Direction.INCOMING
    assert first.register.year == dt.datetime.now(LOCAL_TZ).year
