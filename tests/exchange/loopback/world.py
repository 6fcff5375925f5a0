"""A hub and two platform nodes on loopback, each its own process and SQLite database.

`python -m tests.exchange.loopback.world build DIR` makes one template database (migrations, a
shared test PKI, a commune, a province department and a ministry with their seal credentials)
and copies it to DIR/hub.sqlite3 (the province hub), national.sqlite3 (the national hub, its
parent), a.sqlite3 (the commune's platform), b.sqlite3 (the department's) and m.sqlite3 (the
ministry's). `... registry DIR hub|national` fills a hub's registry. `... enqueue DIR COUNT
[ministry]` puts COUNT signed packages from the commune to the department (or the ministry) in
node A's outbox. The tests start the real
`saola hub serve` and `saola exchange worker` commands against those files.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

PASSPHRASE = "Saola@2026"
PASSWORD = "Mat-khau-2026"
HUB_CODE = "000.99.00.H53"
PROVINCE = ("000.00.00.H53", "Ủy ban nhân dân tỉnh Sơn La")
COMMUNE = ("000.21.35.H53", "Ủy ban nhân dân xã Chiềng Mung")
DEPARTMENT = ("000.05.00.H53", "Sở Nội vụ tỉnh Sơn La")
MINISTRY = ("000.00.00.G12", "Bộ Tài chính")
NATIONAL_HUB = "000.00.00.G22"
DATABASES = ("hub", "national", "a", "b", "m")


def environment(directory: Path, database: str, **extra: str) -> dict[str, str]:
    """The environment of a process of this world using DIR/<database>.sqlite3."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SAOLA_", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTEST", "COV_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "saola.settings.dev",
            "DATABASE_URL": f"sqlite:///{directory / f'{database}.sqlite3'}",
            "SAOLA_VAR_DIR": str(directory / f"var-{database}"),
            "SAOLA_MEDIA_ROOT": str(directory / f"media-{database}"),
            "SAOLA_PKI_DIR": str(directory / "pki"),
            "SAOLA_PUBLIC_URL": "http://127.0.0.1:9",
            "SAOLA_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
        }
    )
    env.update(extra)
    return env


def _setup(directory: Path, database: str) -> None:
    os.environ.update(environment(directory, database))
    import django

    django.setup()


def build(directory: Path) -> None:
    _setup(directory, "template")
    from django.core.management import call_command

    call_command("migrate", "--noinput", "-v", "0")
    from saola.core import services as core_services
    from saola.core.models import Organization
    from saola.demo.pki import ensure_authorities, issue_organization_credential

    _root, issuer = ensure_authorities()
    province = core_services.organization_create(
        actor=None, code=PROVINCE[0], name=PROVINCE[1], level=Organization.Level.PROVINCE
    )
    for (code, name), level, parent in (
        (COMMUNE, Organization.Level.COMMUNE, province),
        (DEPARTMENT, Organization.Level.UNIT, province),
        (MINISTRY, Organization.Level.CENTRAL, None),
    ):
        organization = core_services.organization_create(actor=None, code=code, name=name, level=level, parent=parent)
        issue_organization_credential(organization=organization, issuer=issuer, passphrase=PASSPHRASE)
    _people(issuer)
    from django.db import connection

    connection.close()
    for name in DATABASES:
        shutil.copyfile(directory / "template.sqlite3", directory / f"{name}.sqlite3")
        shutil.copytree(directory / "media-template", directory / f"media-{name}")


def _people(issuer: object) -> None:
    """Who works at the commune (clerk, drafting officer, chairman with a signing key) and at the
    department (clerk, director, officer); password PASSWORD, keys PASSPHRASE."""
    from saola.core import services as core_services
    from saola.core.models import Organization
    from saola.demo.pki import issue_person_credential
    from saola.documents.models import OrganizationSetting

    commune = Organization.objects.get(code=COMMUNE[0])
    department = Organization.objects.get(code=DEPARTMENT[0])
    OrganizationSetting.objects.create(organization=commune, abbreviation="UBND")
    OrganizationSetting.objects.create(organization=department, abbreviation="SNV")
    for organization, username, full_name, position, role in (
        (commune, "vanthu.xa", "Lò Thị Xuân", "Văn thư", "clerk"),
        (commune, "chuyenvien.xa", "Quàng Văn Nam", "Công chức Văn phòng", "processing_officer"),
        (commune, "chutich.xa", "Cầm Văn Đông", "Chủ tịch", "unit_leader"),
        (department, "vanthu.snv", "Lường Thị Mai", "Văn thư", "clerk"),
        (department, "giamdoc.snv", "Hoàng Văn Sơn", "Giám đốc", "unit_leader"),
        (department, "chuyenvien.snv", "Tòng Thị Hạnh", "Chuyên viên", "processing_officer"),
    ):
        person = core_services.officer_create(
            actor=None,
            username=username,
            full_name=full_name,
            organization=organization,
            password=PASSWORD,
            position=position,
            roles=[role],
        )
        if username == "chutich.xa":
            issue_person_credential(user=person, issuer=issuer, passphrase=PASSPHRASE)


def issue(directory: Path) -> int:
    """An outgoing công văn of the commune, drafted, signed by the chairman and issued, on node A."""
    _setup(directory, "a")
    from saola.core.models import Organization, User
    from saola.documents.models import DocumentType
    from saola.documents.services import outgoing

    commune = Organization.objects.get(code=COMMUNE[0])
    data = outgoing.DraftData(
        document_type=DocumentType.objects.get(code="cong-van"),
        summary="V/v đề nghị hướng dẫn sắp xếp đội ngũ công chức cấp xã năm 2026",
        body="Ủy ban nhân dân xã Chiềng Mung đề nghị Sở Nội vụ hướng dẫn việc sắp xếp đội ngũ công chức.",
        template="cong-van",
        signing_authority="TM.",
        authority_title="Ủy ban nhân dân",
        signer_title="Chủ tịch",
        recipients_text="Như trên;\nLưu: VT.",
    )
    author = User.objects.get(username="chuyenvien.xa")
    document = outgoing.draft_create(author=author, organization=commune, data=data)
    outgoing.draft_submit(author=author, document=document)
    outgoing.draft_approve(leader=User.objects.get(username="chutich.xa"), document=document, secret=PASSPHRASE)
    outgoing.document_issue(clerk=User.objects.get(username="vanthu.xa"), document=document, secret=PASSPHRASE)
    (directory / "issued.json").write_text(json.dumps({"pk": document.pk}))
    return document.pk


def registry(directory: Path, hub: str) -> None:
    """The registry of the province hub (`hub`: the commune and the department) or of the
    national hub (`national`: the province hub, the ministry, and the province's agencies behind
    the province hub). Secrets go to DIR/secrets-<hub>.json."""
    _setup(directory, hub)
    from saola.exchange.registry import agency_issue_secret, agency_register

    if hub == "hub":
        entries = [(COMMUNE, "commune", ""), (DEPARTMENT, "unit", "")]
    else:
        entries = [
            (("000.99.00.H53", "Trục liên thông tỉnh Sơn La"), "province", ""),
            (MINISTRY, "central", ""),
            (COMMUNE, "commune", HUB_CODE),
            (DEPARTMENT, "unit", HUB_CODE),
        ]
    secrets: dict[str, str] = {}
    for (code, name), level, parent in entries:
        agency = agency_register(actor=None, code=code, name=name, level=level, parent_hub=parent)
        if not parent:
            _agency, secrets[code] = agency_issue_secret(actor=None, agency=agency)
    (directory / f"secrets-{hub}.json").write_text(json.dumps(secrets))


def enqueue(directory: Path, count: int, recipient: tuple[str, str] = DEPARTMENT) -> None:
    """COUNT signed packages from the commune to `recipient`, queued in node A's outbox."""
    _setup(directory, "a")
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from saola.core.models import Organization
    from saola.exchange.edxml import package_to_xml
    from saola.exchange.models import OutboundMessage
    from saola.exchange.node.common import digest
    from saola.exchange.package import DocumentCode, DocumentType, EdxmlPackage, Organ, document_id_for
    from saola.exchange.signature import sign_package

    sender = Organization.objects.get(code=COMMUNE[0])
    today = dt.date(2026, 11, 25)
    with transaction.atomic():
        for number in range(1, count + 1):
            code = DocumentCode(number=str(number), notation="UBND-VP")
            package = EdxmlPackage(
                from_organ=Organ(organ_id=COMMUNE[0], organ_name=COMMUNE[1]),
                to_organs=(Organ(organ_id=recipient[0], organ_name=recipient[1]),),
                code=code,
                promulgation_place="Chiềng Mung",
                promulgation_date=today,
                document_type=DocumentType(type="1", type_name="Công văn"),
                subject=f"V/v báo cáo số liệu cải cách hành chính, lần {number}",
                document_id=document_id_for(organ_id=COMMUNE[0], promulgation_date=today, code=code),
            )
            body = sign_package(package_to_xml(package), organization=sender, secret=PASSPHRASE)
            OutboundMessage.objects.create(
                organization=sender,
                kind="package",
                recipient_codes=[recipient[0]],
                edxml_document_id=package.document_id,
                business_type=0,
                body=body,
                digest=digest(body),
                next_attempt_at=timezone.now(),
            )


if __name__ == "__main__":
    action, target = sys.argv[1], Path(sys.argv[2])
    if action == "build":
        build(target)
    elif action == "issue":
        issue(target)
    elif action == "registry":
        registry(target, sys.argv[3])
    elif action == "enqueue":
        enqueue(target, int(sys.argv[3]), MINISTRY if sys.argv[4:] == ["ministry"] else DEPARTMENT)
    else:
        raise SystemExit(f"unknown action {action}")
