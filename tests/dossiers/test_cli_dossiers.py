"""`saola dossiers list`: one code per line, newest first, filtered by status."""

from __future__ import annotations

import pytest

from saola.cli import main
from saola.dossiers.selectors import dossier_get
from saola.dossiers.services import intake
from tests.dossiers.factories import GOOD_FORM, birth_uploads, build_one_stop

pytestmark = pytest.mark.django_db


def test_dossiers_list_prints_codes(capsys):
    s = build_one_stop()
    codes = [
        intake.dossier_submit_online(
            applicant=s.citizen,
            procedure=s.birth,
            organization=s.ward,
            form_data=GOOD_FORM,
            uploads=birth_uploads(s.birth),
        ).code
        for _ in range(3)
    ]
    intake.dossier_refuse(officer=s.receiver, dossier=dossier_get(code=codes[0]), reason="Sai thẩm quyền")

    assert main(["dossiers", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == codes[::-1]
    assert main(["dossiers", "list", "--status", "refused"]) == 0
    assert capsys.readouterr().out.splitlines() == [codes[0]]
    assert main(["dossiers", "list", "--status", "submitted", "--limit", "1"]) == 0
    assert capsys.readouterr().out.splitlines() == [codes[2]]


def test_dossiers_list_refuses_an_unknown_status(capsys, db):
    assert main(["dossiers", "list", "--status", "lost"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Trạng thái không hợp lệ" in captured.err
