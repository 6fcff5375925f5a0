"""Full-text search of official documents over a million rows, on PostgreSQL.

Generates N documents (default 1,000,000: several province-years of incoming and outgoing
documents) in one `INSERT … SELECT generate_series` statement: summaries, senders and signers are
drawn from Vietnamese phrase lists whose folded forms (saola.core.text.fold, as the services
write them) are picked by the same index, so `search_text` is exactly what the service layer
would store. The GIN index is dropped during the load and rebuilt after it.

Then two measurements:

  selector    `document_search` called in-process for typical queries (with and without
              diacritics, a notation, a rare word), as a platform admin and as a clerk whose
              visibility filter applies: searches per second and p50/p95/p99 per query kind.
  api         `saola serve` on loopback, alternating slices against the bare Django baseline:
              GET /api/v1/documents?q=…&limit=20 with a bearer token (admin and clerk).

Run alone (`python bench/documents_search.py --documents 1000000`) or from `bench/run.py`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any
from urllib.parse import quote

import harness
from stats import Scenario, latency_summary

SUBJECTS = [
    "Quyết định giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội",
    "Công văn về việc đôn đốc giải ngân vốn đầu tư công",
    "Thông báo kết luận của Chủ tịch Ủy ban nhân dân tỉnh",
    "Kế hoạch triển khai chuyển đổi số",
    "Báo cáo tình hình phòng chống thiên tai",
    "Tờ trình đề nghị phê duyệt đề án phát triển du lịch",
    "Giấy mời dự hội nghị trực tuyến",
    "Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính",
    "Hướng dẫn đăng ký hộ tịch trực tuyến",
    "Quyết định phê duyệt quy hoạch sử dụng đất",
    "Công văn về việc cấp giấy chứng nhận quyền sử dụng đất",
    "Kế hoạch tổ chức kỳ thi tốt nghiệp trung học phổ thông",
    "Báo cáo kết quả thực hiện cải cách hành chính",
    "Thông báo lịch tiếp công dân",
    "Quyết định khen thưởng tập thể, cá nhân có thành tích",
    "Công văn về phòng, chống dịch bệnh gia súc",
]
PLACES = [
    "tỉnh Sơn La",
    "phường Tô Hiệu",
    "xã Mường La",
    "huyện Mộc Châu",
    "xã Chiềng Cơi",
    "phường Chiềng Sinh",
    "xã Thuận Châu",
    "xã Yên Châu",
]
SENDERS = [
    ("Bộ Nội vụ", "000.00.00.G09"),
    ("Bộ Tư pháp", "000.00.00.G15"),
    ("Bộ Xây dựng", "000.00.00.G17"),
    ("Văn phòng Chính phủ", "000.00.00.G22"),
    ("Sở Tài chính tỉnh Sơn La", "000.00.04.H53"),
    ("Sở Nông nghiệp và Môi trường tỉnh Sơn La", "000.00.06.H53"),
]
SIGNERS = ["Hoàng Quốc Khánh", "Nguyễn Thành Công", "Đặng Ngọc Hậu", "Lò Minh Hùng", "Cầm Văn Thành"]
ABBREVIATIONS = ["QĐ", "TB", "KH", "BC", "TTr", "GM", "CT", "HD"]

# What officers type: with and without diacritics, a notation, a sender or signer (very common in
# this data: a fifth of the rows), and narrow combinations matching a few dozen documents.
QUERIES = {
    "diacritics": ["chuyển đổi số", "phòng chống thiên tai", "Quyết định khen thưởng"],
    "folded": ["chuyen doi so", "quyen su dung dat", "ho tich truc tuyen"],
    "notation": ["1234/QĐ-UBND", "88/GM"],
    "sender_signer": ["bo tu phap", "Hoàng Quốc Khánh"],
    "narrow": ["4711/QĐ", "2718 TTr chiềng cơi"],
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--documents", type=int, default=1_000_000, help="documents to generate (default 1,000,000)")
    parser.add_argument("--selector-repeat", type=int, default=20, help="in-process searches per query (default 20)")


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if not 1_000 <= args.documents <= 5_000_000:
        parser.error("documents 1,000-5,000,000")


def _array(values: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]::text[]"


def generate(count: int) -> dict[str, Any]:
    """Insert `count` documents with SQL generate_series; returns counts and timings."""
    from django.db import connection, transaction

    from saola.core.models import Organization
    from saola.core.text import fold
    from saola.documents.models import Document, DocumentType

    existing = Document.objects.count()
    if existing >= count:
        return {"documents": existing, "generated": 0}
    org_ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    type_ids = list(DocumentType.objects.order_by("pk").values_list("pk", flat=True))
    subjects, subjects_f = SUBJECTS, [fold(s) for s in SUBJECTS]
    places, places_f = PLACES, [fold(p) for p in PLACES]
    senders = [s for s, _ in SENDERS]
    senders_f = [fold(s) for s in senders]
    codes = [c for _, c in SENDERS]
    signers, signers_f = SIGNERS, [fold(s) for s in SIGNERS]
    abbreviations, abbreviations_f = ABBREVIATIONS, [fold(a) for a in ABBREVIATIONS]
    # Index picks: a deterministic hash of the row number salted per list, so that the picks of
    # different lists are independent (a sender is not tied to a subject or an organisation).
    pick = "(1 + (abs(hashtext(g::text || '{m}')) % {n}))::int"
    sql = f"""
    INSERT INTO documents_document (
        direction, organization_id, status, number, notation, issued_on, document_type_id, legal_normative,
        summary, body, template, sender_name, sender_code, signer_name, signer_title, signing_authority,
        authority_title, urgency, confidentiality, recipients_text, received_at, issued_at, due_on,
        dated_at, search_text, created_at, updated_at)
    SELECT
        CASE WHEN g % 3 = 0 THEN 'outgoing' ELSE 'incoming' END,
        (%(orgs)s)[{pick.format(m=7919, n=len(org_ids))}],
        CASE WHEN g % 3 = 0 THEN 'issued' ELSE (ARRAY['registered','assigned','processing','completed'])[1 + g % 4] END,
        1 + g / 3 % 5000,
        (1 + g % 5000)::text || '/' || a.abbr || '-UBND',
        (now() - make_interval(days => (g % 1500)::int))::date,
        (%(types)s)[{pick.format(m=31, n=len(type_ids))}],
        false,
        s.subject || ' ' || p.place, '', '',
        CASE WHEN g % 3 = 0 THEN '' ELSE se.sender END,
        CASE WHEN g % 3 = 0 THEN '' ELSE se.code END,
        si.signer, '', '', '',
        (ARRAY['normal','normal','normal','urgent','very_urgent','flash'])[1 + g % 6],
        'normal', '',
        CASE WHEN g % 3 = 0 THEN NULL ELSE now() - make_interval(days => (g % 1500)::int) END,
        CASE WHEN g % 3 = 0 THEN now() - make_interval(days => (g % 1500)::int) ELSE NULL END,
        NULL,
        now() - make_interval(days => (g % 1500)::int, secs => g % 86400),
        (1 + g % 5000)::text || ' ' || a.abbr_f || ' ubnd ' || s.subject_f || ' ' || p.place_f || ' '
            || CASE WHEN g % 3 = 0 THEN '' ELSE se.sender_f || ' ' || replace(se.code, '.', ' ') || ' ' END
            || si.signer_f,
        now(), now()
    FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS g
    CROSS JOIN LATERAL (SELECT ({_array(subjects)})[{pick.format(m=13, n=len(subjects))}] AS subject,
                               ({_array(subjects_f)})[{pick.format(m=13, n=len(subjects))}] AS subject_f) s
    CROSS JOIN LATERAL (SELECT ({_array(places)})[{pick.format(m=17, n=len(places))}] AS place,
                               ({_array(places_f)})[{pick.format(m=17, n=len(places))}] AS place_f) p
    CROSS JOIN LATERAL (SELECT ({_array(senders)})[{pick.format(m=19, n=len(senders))}] AS sender,
                               ({_array(senders_f)})[{pick.format(m=19, n=len(senders))}] AS sender_f,
                               ({_array(codes)})[{pick.format(m=19, n=len(senders))}] AS code) se
    CROSS JOIN LATERAL (SELECT ({_array(signers)})[{pick.format(m=23, n=len(signers))}] AS signer,
                               ({_array(signers_f)})[{pick.format(m=23, n=len(signers))}] AS signer_f) si
    CROSS JOIN LATERAL (SELECT ({_array(abbreviations)})[{pick.format(m=29, n=len(abbreviations))}] AS abbr,
                               ({_array(abbreviations_f)})[{pick.format(m=29, n=len(abbreviations))}] AS abbr_f) a
    """  # noqa: S608 - literals are this module's own constant lists, quoted by _array
    sql = sql.replace(" % ", " %% ")  # modulo, not a placeholder
    timings: dict[str, float] = {}
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS documents_document_search_gin")
        batch = 250_000
        for first in range(existing + 1, count + 1, batch):
            last = min(count, first + batch - 1)
            cursor.execute(sql, {"orgs": org_ids, "types": type_ids, "start": first, "stop": last})
    timings["insert_s"] = round(time.perf_counter() - start, 1)
    # After the commit: the deferred foreign-key checks of the insert must have run first.
    with connection.cursor() as cursor:
        mark = time.perf_counter()
        cursor.execute("CREATE INDEX documents_document_search_gin ON documents_document USING gin (search_vector)")
        timings["gin_index_s"] = round(time.perf_counter() - mark, 1)
        mark = time.perf_counter()
        cursor.execute("ANALYZE documents_document")
        timings["analyze_s"] = round(time.perf_counter() - mark, 1)
    return {"documents": Document.objects.count(), "generated": count - existing, **timings}


def people() -> dict[str, Any]:
    """A platform admin (sees everything) and a clerk of one unit (about 1 % of the documents)."""
    from saola.core.models import Organization, User
    from saola.core.services import officer_create
    from saola.core.tokens import api_token_issue

    org = Organization.objects.order_by("-depth", "pk").first()
    assert org is not None  # noqa: S101 - the catalogue built organisations
    result: dict[str, Any] = {}
    for username, role in (("bench.docs.admin", "platform_admin"), ("bench.docs.unit-clerk", "clerk")):
        user = User.objects.filter(username=username).first() or officer_create(
            actor=None,
            username=username,
            full_name=username,
            organization=org,
            password="Bench-Docs-2026!x",  # noqa: S106 - throwaway account in the benchmark database
            roles=[role],
        )
        _, secret = api_token_issue(user=user, name="bench")
        result[role] = {"user": user, "headers": {"Authorization": f"Bearer {secret}"}}
    return result


def selector_pass(users: dict[str, Any], repeat: int) -> list[dict[str, Any]]:
    """In-process `document_search` timings per query kind and user."""
    from saola.documents.selectors import document_search

    rows = []
    for role, who in users.items():
        for kind, queries in QUERIES.items():
            for q in queries:  # warm-up
                document_search(user=who["user"], q=q, limit=20)
            latencies: list[int] = []
            counts: list[int] = []
            start = time.perf_counter()
            for _ in range(repeat):
                for q in queries:
                    t0 = time.perf_counter_ns()
                    page = document_search(user=who["user"], q=q, limit=20)
                    latencies.append((time.perf_counter_ns() - t0) // 1000)
                    counts.append(page.count)
            elapsed = time.perf_counter() - start
            latencies.sort()
            rows.append(
                {
                    "bench": "documents_search",
                    "scenario": f"selector_{role}_{kind}",
                    "searches": len(latencies),
                    "searches_per_s": round(len(latencies) / elapsed, 1),
                    **latency_summary(latencies),
                    "median_hits": sorted(counts)[len(counts) // 2],
                }
            )
    return rows


def scenarios(users: dict[str, Any]) -> list[Scenario]:
    from saola.core.models import Organization

    pks = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    terms = [quote(q) for qs in QUERIES.values() for q in qs]

    def api(role: str) -> list[dict[str, Any]]:
        headers = users[role]["headers"]
        return [{"path": f"/api/v1/documents?q={t}&limit=20", "headers": headers} for t in terms]

    return [
        Scenario("baseline", "bare Django one-row ORM read", [f"/bench/one-row/{pk}" for pk in pks]),
        Scenario(
            "api_search_admin",
            "GET /api/v1/documents?q=…&limit=20 (platform admin)",
            api("platform_admin"),
        ),
        Scenario("api_search_clerk", "GET /api/v1/documents?q=…&limit=20 (clerk, scoped)", api("clerk")),
    ]


def bench(args: argparse.Namespace, ctx: harness.Session, catalogue: dict[str, int]) -> int:
    start = time.perf_counter()
    volume = generate(args.documents)
    print(f"# documents: {volume} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    users = people()
    for row in selector_pass(users, args.selector_repeat):
        print(json.dumps(row, ensure_ascii=False))
    title = (
        f"Document search on PostgreSQL: {volume['documents']:,} documents; {args.workers} gunicorn workers, "
        f"concurrency {args.concurrency}, {args.rounds} × {args.duration:g} s per scenario."
    )
    return harness.run("documents_search", title, scenarios(users), args, ctx=ctx, volume={**catalogue, **volume})


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Document full-text search over a million rows.")
    harness.add_common_arguments(parser)
    add_arguments(parser)
    args = parser.parse_args(argv)
    harness.check_common_arguments(parser, args)
    check_arguments(parser, args)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with harness.session(args) as ctx:
        return bench(args, ctx, harness.catalogue_volume(args))


if __name__ == "__main__":
    sys.exit(main())
