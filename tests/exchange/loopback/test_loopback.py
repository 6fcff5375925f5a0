"""A hub and two nodes as separate processes with their own databases, talking HTTP on loopback.

The hub is the real `saola hub serve` (gunicorn + its worker); each node is the real
`saola exchange worker`. What the processes did is read back from their SQLite files.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.exchange.loopback.processes import ROOT, Processes, count, db, run_world, wait
from tests.exchange.loopback.world import COMMUNE, HUB_CODE, NATIONAL_HUB, environment

pytestmark = pytest.mark.loopback


PACKAGES_AT_B = "SELECT COUNT(*) FROM exchange_inboundmessage WHERE kind = 'package'"
DOCUMENTS_AT_B = "SELECT COUNT(*) FROM documents_document WHERE direction = 'incoming'"
STATUSES_AT_A = "SELECT COUNT(*) FROM exchange_inboundmessage WHERE kind = 'status'"


def test_hub_killed_mid_stream_delivers_every_package_exactly_once(processes: Processes) -> None:
    total = 1000
    run_world("enqueue", str(processes.directory), str(total), directory=processes.directory)
    processes.start_hub()
    processes.start_node("b")
    processes.start_node("a")
    hub = db(processes, "hub")
    wait(
        lambda: count(hub, "SELECT COUNT(*) FROM exchange_hubmessage WHERE kind = 'package'") >= total // 4,
        timeout=120,
        what="a quarter of the stream at the hub",
    )
    processes.kill("hub")
    accepted_before = count(hub, "SELECT COUNT(*) FROM exchange_hubmessage WHERE kind = 'package'")
    assert accepted_before < total, "the hub was killed after the whole stream: nothing was tested"
    time.sleep(1.5)  # the nodes meet a dead hub and back off
    processes.start_hub()

    a, b = db(processes, "a"), db(processes, "b")
    wait(lambda: count(b, DOCUMENTS_AT_B) >= total, timeout=400, what="every package registered at B")
    # Statuses 01 (arrived) and 03 (registered) come back for every package.
    wait(lambda: count(a, STATUSES_AT_A) >= 2 * total, timeout=300, what="every status back at A")

    assert count(b, DOCUMENTS_AT_B) == total
    assert count(b, PACKAGES_AT_B) == total
    assert (
        count(b, "SELECT COUNT(DISTINCT edxml_document_id) FROM exchange_inboundmessage WHERE kind = 'package'")
        == total
    )
    assert count(hub, "SELECT COUNT(*) FROM exchange_hubmessage WHERE kind = 'package'") == total
    assert count(a, "SELECT COUNT(*) FROM exchange_outboundmessage WHERE kind = 'package' AND state = 'sent'") == total
    assert count(a, STATUSES_AT_A) == 2 * total
    assert (
        count(
            a,
            "SELECT COUNT(DISTINCT status_code || edxml_document_id) FROM exchange_inboundmessage WHERE kind = 'status'",
        )
        == 2 * total
    )
    wait(
        lambda: count(hub, "SELECT COUNT(*) FROM exchange_hubdelivery WHERE state != 'delivered'") == 0,
        timeout=60,
        what="every delivery acknowledged",
    )


def test_recipient_node_down_gets_its_packages_when_it_returns(processes: Processes) -> None:
    total = 20
    run_world("enqueue", str(processes.directory), str(total), directory=processes.directory)
    processes.start_hub()
    processes.start_node("a")
    hub = db(processes, "hub")
    wait(
        lambda: count(hub, "SELECT COUNT(*) FROM exchange_hubdelivery WHERE state = 'pending'") == total,
        timeout=60,
        what="the packages queued at the hub",
    )
    b = db(processes, "b")
    assert count(b, PACKAGES_AT_B) == 0
    processes.start_node("b")
    wait(lambda: count(b, DOCUMENTS_AT_B) == total, timeout=120, what="B to take its packages")
    wait(lambda: count(db(processes, "a"), STATUSES_AT_A) == 2 * total, timeout=120, what="statuses back at A")


def test_hub_down_keeps_the_outbox_until_it_returns(processes: Processes) -> None:
    total = 5
    run_world("enqueue", str(processes.directory), str(total), directory=processes.directory)
    processes.start_node("a")
    a = db(processes, "a")
    wait(
        lambda: count(a, "SELECT COUNT(*) FROM exchange_outboundmessage WHERE attempts > 0") > 0,
        timeout=30,
        what="node A to try the absent hub",
    )
    assert count(a, "SELECT COUNT(*) FROM exchange_outboundmessage WHERE state = 'queued'") == total
    processes.start_hub()
    processes.start_node("b")
    wait(
        lambda: count(db(processes, "b"), DOCUMENTS_AT_B) == total,
        timeout=120,
        what="delivery after the hub returned",
    )


def test_commune_reaches_a_ministry_through_the_province_and_national_hubs(processes: Processes) -> None:
    total = 3
    run_world("enqueue", str(processes.directory), str(total), "ministry", directory=processes.directory)
    processes.start_hub("national")
    processes.start_hub("hub", with_parent=True)
    for node in ("a", "m"):
        processes.start_node(node)
    m, a = db(processes, "m"), db(processes, "a")
    wait(lambda: count(m, DOCUMENTS_AT_B) == total, timeout=120, what="the ministry to register the packages")
    wait(lambda: count(a, STATUSES_AT_A) == 2 * total, timeout=120, what="the ministry's statuses back at the commune")
    # The transport trace names both hubs, province first.
    connection = sqlite3.connect(f"file:{m}?mode=ro", uri=True)
    traces = [json.loads(row[0]) for row in connection.execute("SELECT trace FROM exchange_inboundmessage")]
    connection.close()
    assert all([hop["organ_id"] for hop in trace] == [HUB_CODE, NATIONAL_HUB] for trace in traces)
    national = db(processes, "national")
    assert count(national, "SELECT COUNT(*) FROM exchange_hubmessage WHERE received_from = '000.99.00.H53'") == total


def test_node_copies_the_hub_directory_and_sends_a_file_by_cli(processes: Processes) -> None:
    processes.start_hub()
    a = db(processes, "a")
    assert count(a, "SELECT COUNT(*) FROM exchange_agency") == 0
    env = environment(
        processes.directory,
        "a",
        SAOLA_EXCHANGE_HUB_URL=processes.url("hub"),
        SAOLA_EXCHANGE_NODE_CODE=COMMUNE[0],
        SAOLA_EXCHANGE_NODE_SECRET=processes.secrets["hub"][COMMUNE[0]],
    )
    done = subprocess.run(
        [sys.executable, "-m", "saola.cli", "exchange", "directory"],
        check=False,
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert "thêm 2" in done.stdout.decode()
    assert count(a, "SELECT COUNT(*) FROM exchange_agency WHERE is_active") == 2

    # A file the hub refuses: exit 1 and the reason on stderr.
    unsigned = processes.directory / "unsigned.xml"
    unsigned.write_bytes(b"<edXML/>")
    refused = subprocess.run(
        [sys.executable, "-m", "saola.cli", "exchange", "send", str(unsigned)],
        check=False,
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert refused.returncode == 1
    assert "unsigned.xml" in refused.stderr.decode()
    # No hub at that address: exit 3.
    away = subprocess.run(
        [sys.executable, "-m", "saola.cli", "exchange", "send", "--hub", "http://127.0.0.1:9", str(unsigned)],
        check=False,
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert away.returncode == 3
