"""Loads the demo province, Sơn La: organisations, people, legal rules, flows, procedures and dossiers.

Everything is written through the apps' services, so every row has its audit entry. The
load is idempotent: rows are recognised by their natural key (agency code, username or
login, flow code, field code, procedure code, rule key and date) and existing rows are
left as they are, so a second run writes nothing, not even audit entries.
"""

from __future__ import annotations

from django.db import transaction

from saola.demo.catalog import load_fields, load_flows, load_procedures
from saola.demo.data.people import CITIZENS, OFFICERS
from saola.demo.documents import load_demo_documents
from saola.demo.dossiers import load_demo_dossiers
from saola.demo.exchange import load_demo_exchange
from saola.demo.orgs import load_current_organizations, load_historical_districts
from saola.demo.people import citizen_login, load_citizens, load_officers
from saola.demo.pki import load_demo_pki
from saola.demo.rules import load_legal_rules

DEMO_PASSWORD = "Saola@2026"  # noqa: S105 - published demo password, demo data only


def demo_logins() -> list[tuple[str, str]]:
    """(login, Vietnamese label) of every demo account, for printing next to DEMO_PASSWORD."""
    officers = [(row["username"], row["label"]) for row in OFFICERS]
    applicants = [(citizen_login(row), row["label"]) for row in CITIZENS]
    return officers + applicants


@transaction.atomic
def load_demo() -> str:
    """Load (or complete) the demo province in one transaction; return a short Vietnamese summary."""
    counts = [
        ("cơ quan, đơn vị", len(load_current_organizations())),
        ("cán bộ", len(load_officers(password=DEMO_PASSWORD))),
        ("tài khoản người dân, doanh nghiệp", len(load_citizens(password=DEMO_PASSWORD))),
        ("quy định pháp lý", len(load_legal_rules())),
        ("quy trình", len(load_flows())),
        ("lĩnh vực", len(load_fields())),
        ("thủ tục hành chính", len(load_procedures())),
        ("hồ sơ mẫu", len(load_demo_dossiers())),
        ("khóa ký số", len(load_demo_pki(passphrase=DEMO_PASSWORD))),
        ("văn bản mẫu", len(load_demo_documents(passphrase=DEMO_PASSWORD))),
        ("cơ quan trong danh bạ liên thông", len(load_demo_exchange(passphrase=DEMO_PASSWORD))),
    ]
    added = [f"{n} {label}" for label, n in counts if n]
    if not added:
        return "Tỉnh mẫu Sơn La đã có đủ dữ liệu; không có gì thay đổi."
    return "Tỉnh mẫu Sơn La: đã thêm " + "; ".join(added) + "."


@transaction.atomic
def load_four_level_variant() -> str:
    """Add the historical four-level slice (districts until 30/6/2025 and communes under them).

    Not part of load_demo: the platform runs the two-tier structure; tests and imports of
    old dossiers use this slice. Creates the central tier and the province first if absent.
    """
    created = load_historical_districts()
    if not created:
        return "Cấu trúc bốn cấp trước ngày 01/7/2025 đã có; không có gì thay đổi."
    return f"Cấu trúc bốn cấp trước ngày 01/7/2025: đã thêm {len(created)} cơ quan, đơn vị."
