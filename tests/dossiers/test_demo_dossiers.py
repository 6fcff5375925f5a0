"""The demo dossiers: every status a service reaches, late and at-risk ones, ratings, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from pypdf import PdfReader

from saola.core.models import AuditEntry
from saola.demo.loader import load_demo
from saola.dossiers.deadlines import is_at_risk, is_late
from saola.dossiers.models import Dossier, DossierFile, Rating
from saola.dossiers.states import Status

pytestmark = pytest.mark.django_db


def test_demo_dossiers_cover_every_status_once_loaded() -> None:
    summary = load_demo()
    assert "hồ sơ mẫu" in summary
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    now = timezone.now()
    dossiers = list(Dossier.objects.all())
    assert sum(is_late(d, now=now) for d in dossiers) >= 2
    assert any(is_at_risk(d, now=now) for d in dossiers)
    assert any(is_late(d, now=now) and d.status == Status.RETURNED for d in dossiers)
    assert sorted(Rating.objects.values_list("score", flat=True)) == [3, 4, 5]
    assert Dossier.objects.filter(channel=Dossier.Channel.COUNTER).exists()
    assert Dossier.objects.filter(apologies__isnull=False).exists()
    assert all(d.events.exists() for d in dossiers)
    assert AuditEntry.objects.filter(action="dossier.submit").count() == len(dossiers)
    # some were received days ago: their history moved back with them
    oldest = Dossier.objects.order_by("submitted_at").first()
    assert oldest is not None and (now - oldest.submitted_at).days >= 5
    first_event = oldest.events.order_by("at").first()
    assert first_event is not None and first_event.at < now - dt.timedelta(days=5)
    # papers and results are real PDFs
    result = DossierFile.objects.filter(kind=DossierFile.Kind.RESULT).first()
    assert result is not None
    with result.file.open("rb") as handle:
        assert len(PdfReader(handle).pages) == 1
    # a second load changes nothing
    counts = (Dossier.objects.count(), AuditEntry.objects.count())
    assert load_demo() == "Tỉnh mẫu Sơn La đã có đủ dữ liệu; không có gì thay đổi."
    assert (Dossier.objects.count(), AuditEntry.objects.count()) == counts
