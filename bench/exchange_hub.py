"""The interconnection hub under load: packages accepted, delivered, and the time in between.

Builds, in the session's database, two sender agencies with seal credentials on the demo PKI and
one recipient agency (pull mode) in the hub's registry, and signs --hub-packages distinct edXML
packages (one attachment of --hub-attachment-bytes). Then, for signature verification on and
off, it empties the hub's queues and starts the hub role (`saola serve` with SAOLA_ROLE=hub):

  --hub-senders threads POST the packages to /exchange/v1/packages (keep-alive connections),
  while one recipient thread pulls /exchange/v1/deliveries?limit=200 (bytes included) and
  acknowledges each batch, as a node's worker does, until every package is delivered.

Reported per run: packages accepted per second (first send to last answer), packages delivered
per second (first send to last acknowledged), the send round trip, and the send-to-delivered
time of each package (its send started → the pull that returned it ended), p50/p95/p99; CPU of
the hub and of PostgreSQL per package. Target: ≥ 500 packages/s accepted and delivered with
verification on. `bench/run.py` runs it; alone: `python bench/exchange_hub.py --help`.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import queue
import sys
import threading
import time
from typing import Any

import cpu
import harness
import server

TARGET_PER_SECOND = 500
HUB_CODE = "000.99.00.H53"
SENDERS = (("000.21.35.H53", "Ủy ban nhân dân xã Chiềng Mung"), ("000.22.35.H53", "Ủy ban nhân dân xã Mường Bú"))
RECIPIENT = ("000.05.00.H53", "Sở Nội vụ tỉnh Sơn La")
PASSPHRASE = "Bench-Hub-2026"  # noqa: S105 - the benchmark's throw-away keys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--hub-packages", type=int, default=4000, help="distinct signed packages per run")
    parser.add_argument("--hub-senders", type=int, default=8, help="sending connections")
    parser.add_argument("--hub-attachment-bytes", type=int, default=20_000, help="size of each package's PDF")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="The interconnection hub: packages accepted and delivered.")
    harness.add_common_arguments(parser)
    add_arguments(parser)
    args = parser.parse_args(argv)
    harness.check_common_arguments(parser, args)
    return args


def _registry() -> dict[str, str]:
    """Agencies and credentials; returns each agency's secret."""
    from saola.core.models import Organization
    from saola.core.services import organization_create
    from saola.demo.pki import ensure_authorities, issue_organization_credential
    from saola.exchange.models import Agency
    from saola.exchange.registry import agency_issue_secret, agency_register

    _root, issuer = ensure_authorities()
    province = Organization.objects.filter(code="000.00.00.H53").first() or organization_create(
        actor=None, code="000.00.00.H53", name="Ủy ban nhân dân tỉnh Sơn La", level="province"
    )
    secrets: dict[str, str] = {}
    for code, name in (*SENDERS, RECIPIENT):
        organization = Organization.objects.filter(code=code).first() or organization_create(
            actor=None, code=code, name=name, level="commune" if code != RECIPIENT[0] else "unit", parent=province
        )
        if code != RECIPIENT[0]:
            issue_organization_credential(organization=organization, issuer=issuer, passphrase=PASSPHRASE)
        agency = Agency.objects.filter(code=code).first() or agency_register(
            actor=None, code=code, name=name, level=organization.level
        )
        _agency, secrets[code] = agency_issue_secret(actor=None, agency=agency)
    return secrets


def _packages(count: int, attachment_bytes: int) -> list[tuple[str, str, bytes]]:
    """(sender code, DocumentId, signed bytes) for `count` distinct packages."""
    import datetime as dt
    import os

    from saola.core.models import Organization
    from saola.exchange.edxml import package_to_xml
    from saola.exchange.package import Attachment, DocumentCode, DocumentType, EdxmlPackage, Organ, document_id_for
    from saola.exchange.signature import sign_package

    today = dt.date(2026, 11, 25)
    organizations = {code: Organization.objects.get(code=code) for code, _ in SENDERS}
    pdf = b"%PDF-1.7\n" + os.urandom(max(0, attachment_bytes - 9))
    made = []
    for number in range(1, count + 1):
        code, name = SENDERS[number % len(SENDERS)]
        notation = DocumentCode(number=str(number), notation="UBND-VP")
        document_id = document_id_for(organ_id=code, promulgation_date=today, code=notation)
        package = EdxmlPackage(
            from_organ=Organ(organ_id=code, organ_name=name),
            to_organs=(Organ(organ_id=RECIPIENT[0], organ_name=RECIPIENT[1]),),
            code=notation,
            promulgation_place="Sơn La",
            promulgation_date=today,
            document_type=DocumentType(type="1", type_name="Công văn"),
            subject=f"V/v báo cáo kết quả cải cách hành chính, số {number}",
            document_id=document_id,
            attachments=(Attachment(name=f"cong-van-{number}.pdf", content_type="application/pdf", data=pdf),),
        )
        body = sign_package(package_to_xml(package), organization=organizations[code], secret=PASSPHRASE)
        made.append((code, document_id, body))
    return made


def _clear_queues() -> None:
    from saola.exchange.models import HubMessage

    HubMessage.objects.all().delete()


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99)}


def _run(port: int, packages: list[tuple[str, str, bytes]], secrets: dict[str, str], senders: int) -> dict[str, Any]:
    work: queue.Queue[tuple[str, str, bytes]] = queue.Queue()
    for item in packages:
        work.put(item)
    sent_at: dict[str, float] = {}
    send_ms: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    finished = {"last_answer": 0.0}

    def send() -> None:
        connection = http.client.HTTPConnection(server.LOOPBACK, port, timeout=60)
        while True:
            try:
                code, document_id, body = work.get_nowait()
            except queue.Empty:
                break
            headers = {
                "Authorization": f"Bearer {secrets[code]}",
                "X-Edxml-Agency": code,
                "Content-Type": "application/xml",
                "Host": server.LOOPBACK,
            }
            start = time.perf_counter()
            with lock:
                sent_at[document_id] = start
            connection.request("POST", "/exchange/v1/packages", body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            done = time.perf_counter()
            with lock:
                send_ms.append((done - start) * 1000)
                finished["last_answer"] = max(finished["last_answer"], done)
                if response.status != 201:
                    errors.append(f"{response.status} {answer[:200]!r}")
        connection.close()

    delivered_at: dict[str, float] = {}

    def pull() -> None:
        connection = http.client.HTTPConnection(server.LOOPBACK, port, timeout=60)
        headers = {
            "Authorization": f"Bearer {secrets[RECIPIENT[0]]}",
            "X-Edxml-Agency": RECIPIENT[0],
            "Host": server.LOOPBACK,
        }
        deadline = time.monotonic() + 600
        while len(delivered_at) < len(packages) and time.monotonic() < deadline and not errors:
            connection.request("GET", "/exchange/v1/deliveries?limit=200", headers=headers)
            items = json.loads(connection.getresponse().read())["items"]
            seen = time.perf_counter()
            if not items:
                time.sleep(0.01)
                continue
            for item in items:
                base64.b64decode(item["body"])
                delivered_at.setdefault(item["document_id"], seen)
            body = json.dumps({"ids": [item["id"] for item in items]}).encode()
            connection.request(
                "POST",
                "/exchange/v1/deliveries/ack",
                body=body,
                headers={**headers, "Content-Type": "application/json"},
            )
            connection.getresponse().read()
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(senders)]
    puller = threading.Thread(target=pull)
    start = time.perf_counter()
    for thread in [*threads, puller]:
        thread.start()
    for thread in threads:
        thread.join()
    puller.join()
    last_delivered = max(delivered_at.values(), default=start)
    latencies = [(delivered_at[d] - sent_at[d]) * 1000 for d in delivered_at if d in sent_at]
    return {
        "packages": len(packages),
        "delivered": len(delivered_at),
        "errors": len(errors),
        "first_errors": errors[:3],
        "accepted_per_s": round(len(packages) / (finished["last_answer"] - start), 1),
        "delivered_per_s": round(len(delivered_at) / (last_delivered - start), 1) if delivered_at else 0.0,
        "send": _percentiles(send_ms),
        "send_to_delivered": _percentiles(latencies) if latencies else {},
        "seconds": round(last_delivered - start, 2),
    }


def bench(args: argparse.Namespace, ctx: harness.Session, catalogue: dict[str, int]) -> int:
    start = time.perf_counter()
    secrets = _registry()
    packages = _packages(args.hub_packages, args.hub_attachment_bytes)
    size = sum(len(body) for _c, _d, body in packages) // len(packages)
    print(
        f"# signed {len(packages)} packages ({size:,} bytes each) in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    rows = []
    code = 0
    for verify in (True, False):
        _clear_queues()
        env = {**ctx.env, "SAOLA_ROLE": "hub", "SAOLA_HUB_CODE": HUB_CODE, "SAOLA_HUB_VERIFY_SIGNATURES": str(verify)}
        port = server.free_port()
        with server.serve(port=port, env=env, log_path=ctx.workdir / f"hub-{verify}.log") as process:
            meter = cpu.Meter(pgid=process.pid, database=ctx.name)
            meter.start()
            result = _run(port, packages, secrets, args.hub_senders)
            hub_s, db_s = meter.stop()
        per_package = {
            "hub_cpu_ms_per_package": round(hub_s * 1000 / len(packages), 2) if hub_s is not None else None,
            "db_cpu_ms_per_package": round(db_s * 1000 / len(packages), 2) if db_s is not None else None,
        }
        met = min(result["accepted_per_s"], result["delivered_per_s"]) >= TARGET_PER_SECOND
        row = {
            "bench": "exchange_hub",
            "scenario": "verify_on" if verify else "verify_off",
            "description": f"{args.hub_senders} senders POST signed packages, one recipient pulls 200 at a time and acknowledges",
            "package_bytes": size,
            "workers": args.workers,
            **result,
            **per_package,
            "target": f"≥ {TARGET_PER_SECOND}/s accepted and delivered" if verify else "reported",
            "verdict": ("PASS" if met else "BELOW") if verify else "—",
        }
        print(json.dumps(row, ensure_ascii=False))
        rows.append(row)
        if result["errors"] or result["delivered"] != len(packages):
            code = 1
    print(
        f"\nInterconnection hub on PostgreSQL ({args.workers} gunicorn workers, {len(packages)} packages of {size:,} bytes)"
    )
    print(
        f"{'scenario':<12} {'accepted/s':>10} {'delivered/s':>11} {'send p50/p95':>14} {'to delivered p50/p95/p99':>26} {'cpu ms/pkg':>10}  target"
    )
    for row in rows:
        lat = row["send_to_delivered"]
        cpu_ms = (row["hub_cpu_ms_per_package"] or 0) + (row["db_cpu_ms_per_package"] or 0)
        print(
            f"{row['scenario']:<12} {row['accepted_per_s']:>10.1f} {row['delivered_per_s']:>11.1f} "
            f"{row['send']['p50_ms']:>6.1f}/{row['send']['p95_ms']:<7.1f} "
            f"{lat.get('p50_ms', 0):>8.1f}/{lat.get('p95_ms', 0):.1f}/{lat.get('p99_ms', 0):<8.1f} {cpu_ms:>10.2f}  "
            f"{row['target']}: {row['verdict']}"
        )
    return code


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with harness.session(args) as ctx:
        return bench(args, ctx, {})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
