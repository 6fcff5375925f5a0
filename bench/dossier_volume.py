"""A province-year and more of one-stop dossiers, loaded with PostgreSQL COPY in a couple of minutes.

One million dossiers by default, over 14 months, received by the catalogue's communes and
departments (`bench/catalogue.py`), by 200,000 citizens: most returned, a few per cent open.
Python draws each dossier's timeline and streams the rows with COPY (`dossier_rows.py`); the
steps of the processing flow and the history events (about 4 and 6.5 per dossier) are derived
from those rows in SQL, which is much faster than sending them. Everything happens in one
transaction: secondary indexes are dropped first and rebuilt at the end, foreign keys are not
checked row by row when the role may skip them (the rows are consistent by construction), and
the dossier table is loaded frozen. Then VACUUM ANALYZE, as autovacuum would have done.

What is not generated: files, audit entries, notifications and ratings; the workflow state of
closed dossiers (about 7.7 KB each, 1.5 KB compressed, only in TOAST: no list reads it).

Django must be set up. Standalone (keeps the database):

    .venv/bin/python bench/dossier_volume.py --db-name saola_bench_dev --dossiers 100000
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import dossier_rows as rows

LOADED_TABLES = ("dossiers_dossier", "dossiers_dossierstep", "dossiers_dossierevent")
MARK = "saola bench volume: "
PASSWORD = "Mat-khau-bench-2026"  # noqa: S105 - the generated citizens' password, test data only
FLOW_CODE = "mot-cua-co-ban"
RECEIVING, PROCESSING, LEADER = "receiving_officer", "processing_officer", "unit_leader"


@dataclass(frozen=True)
class VolumeSpec:
    dossiers: int = 1_000_000
    citizens: int = 200_000
    days: int = 425  # a province-year and two months
    seed: int = 20260102


def _dsn() -> str:
    from django.db import connection

    params = connection.get_connection_params()
    keys = ("host", "port", "user", "password", "dbname")
    return " ".join(f"{k}='{params[k]}'" for k in keys if params.get(k))


def _connect(**kwargs: Any) -> Any:
    import psycopg

    return psycopg.connect(_dsn(), **kwargs)


def recorded() -> dict[str, Any] | None:
    """What the last completed generation in this database recorded, if any."""
    with _connect(autocommit=True) as conn:
        comment = conn.execute("SELECT obj_description('dossiers_dossier'::regclass, 'pg_class')").fetchone()[0]
    if not comment or not comment.startswith(MARK):
        return None
    return dict(json.loads(comment.removeprefix(MARK)))


def dossier_count() -> int:
    with _connect(autocommit=True) as conn:
        return int(conn.execute("SELECT count(*) FROM dossiers_dossier").fetchone()[0])


# --- the plan: catalogue, flow, weights ----------------------------------------------------


def _flow() -> Any:
    import saola.demo
    from saola.catalog.models import Flow, Procedure
    from saola.catalog.services import flow_save

    flow = Flow.objects.filter(code=FLOW_CODE).first()
    if flow is None:
        xml = (Path(saola.demo.__file__).parent / "flows" / f"{FLOW_CODE}.bpmn").read_text(encoding="utf-8")
        flow = flow_save(actor=None, code=FLOW_CODE, name="Quy trình một cửa cơ bản", bpmn_xml=xml)
    # Every procedure of a live catalogue has a flow; online intake snapshots its code.
    Procedure.objects.filter(flow__isnull=True).update(flow=flow)
    return flow


def _workflow_states(flow: Any) -> dict[str, str]:
    """The engine's real state JSON with each task of the flow open, the dossier code marked."""
    from saola.workflow.engine import flow_complete_task, flow_start

    state = flow_start(flow=flow, data={"dossier": rows.CODE_MARK})
    states = {}
    while state.ready:
        task = state.ready[0].id
        states[task] = rows.copy_text(state.state)
        state = flow_complete_task(flow=flow, state=state.state, task_id=task, data={"approved": True})
    return states


def _procedures(flow_code: str) -> list[rows.ProcedureInfo]:
    from saola.catalog.models import Paper, Procedure

    papers: dict[int, list[dict[str, Any]]] = {}
    for paper in Paper.objects.order_by("procedure_id", "id").values("id", "procedure_id", "name", "required"):
        papers.setdefault(paper["procedure_id"], []).append(
            {"id": paper["id"], "name": paper["name"], "required": paper["required"]}
        )
    agencies: dict[int, list[int]] = {}
    links = Procedure.agencies.through.objects.order_by("procedure_id", "organization_id")
    for procedure_id, organization_id in links.values_list("procedure_id", "organization_id"):
        agencies.setdefault(procedure_id, []).append(organization_id)
    out = []
    fields = ("id", "code", "name", "levels", "processing_days", "cut_off_hour", "online_category")
    for proc in Procedure.objects.order_by("id").values(*fields):
        units = agencies.get(proc["id"], [])
        commune_level = "commune" in proc["levels"]
        out.append(
            rows.ProcedureInfo(
                id=proc["id"],
                code=proc["code"],
                name=rows.copy_text(proc["name"]),
                days=float(proc["processing_days"]),
                commune_level=commune_level,
                online=proc["online_category"],
                department_id=None if commune_level or not units else units[0],
                snapshot=rows.snapshot_json(proc, papers.get(proc["id"], []), flow_code),
            )
        )
    return out


def plan(spec: VolumeSpec, *, now: float | None = None) -> rows.Plan:
    """Read the catalogue and draw the weights. Writes only the basic one-stop flow, given to every
    procedure without one (as in a live catalogue)."""
    import random

    from django.contrib.auth.hashers import make_password
    from django.db.models import Max

    from saola.core.models import Organization, User

    flow = _flow()
    rng = random.Random(spec.seed)
    procedures = _procedures(flow.code)
    communes = [rows.UnitInfo(o.id, o.code) for o in Organization.objects.filter(level="commune").order_by("id")]
    if not procedures or not communes:
        raise SystemExit("The dossier volume needs the catalogue (procedures and communes) first.")
    departments = {o.id: rows.UnitInfo(o.id, o.code) for o in Organization.objects.filter(level="unit")}
    weights = rows.weighted(rng, len(procedures), 1.0)
    # The real, high-volume procedures (birth registration, certified copies...) come first in
    # the catalogue: they get the heaviest weights, as they do at any one-stop desk.
    top = sorted(weights, reverse=True)
    weights = top[: min(20, len(top))] + weights[20:]
    return rows.Plan(
        dossiers=spec.dossiers,
        citizens=spec.citizens,
        days=spec.days,
        now=time.time() if now is None else now,
        first_user_id=(User.objects.aggregate(m=Max("id"))["m"] or 0) + 1,
        procedures=procedures,
        procedure_weights=weights,
        communes=communes,
        commune_weights=rows.weighted(rng, len(communes), 0.9),
        departments=departments,
        password_hash=make_password(PASSWORD),
        workflow_states=_workflow_states(flow),
        seed=spec.seed,
    )


def busiest_commune(volume_plan: rows.Plan) -> rows.UnitInfo:
    weights = volume_plan.commune_weights
    return volume_plan.communes[max(range(len(weights)), key=weights.__getitem__)]


# --- loading --------------------------------------------------------------------------------


def _drop_secondary_indexes(conn: Any) -> list[str]:
    """Drop the indexes no constraint needs; returns their definitions to rebuild them."""
    found = conn.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
        WHERE t.relname = ANY(%s) AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [list(LOADED_TABLES)],
    ).fetchall()
    for name, _ in found:
        conn.execute(f"DROP INDEX {name}")
    return [definition for _, definition in found]


def _copy(conn: Any, statement: str, chunks: Any) -> int:
    written = 0
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for lines in chunks:
            if lines:
                copy.write("".join(lines))
                written += len(lines)
    return written


def _batched(lines: Any, size: int = 5000) -> Any:
    batch = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    yield batch


def _load(conn: Any, volume_plan: rows.Plan, timings: dict[str, float]) -> dict[str, int]:
    import dossier_sql

    clock = rows.Clock()
    mark = time.perf_counter()
    conn.execute("TRUNCATE dossiers_dossier, dossiers_dossiercodecounter RESTART IDENTITY CASCADE")
    indexes = _drop_secondary_indexes(conn)
    citizens = _copy(
        conn, f"COPY core_user ({rows.USER_COLUMNS}) FROM STDIN", _batched(rows.citizen_rows(volume_plan, clock))
    )
    dossiers = _copy(
        conn,
        f"COPY dossiers_dossier ({rows.DOSSIER_COLUMNS}) FROM STDIN WITH (FREEZE)",
        rows.dossier_rows(volume_plan, clock),
    )
    counters = [f"{prefix}\t{last}\n" for prefix, last in volume_plan.counters.items()]
    _copy(conn, "COPY dossiers_dossiercodecounter (prefix, last) FROM STDIN", [counters])
    timings["copy_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    now = rows.Clock()(volume_plan.now)
    steps = conn.execute(dossier_sql.steps_insert(), {"now": now}).rowcount
    events = conn.execute(dossier_sql.events_insert(), {"now": now}).rowcount
    timings["derive_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    for definition in indexes:
        conn.execute(definition)
    for table in ("core_user", *LOADED_TABLES, "dossiers_dossiercodecounter"):
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
    timings["index_s"] = time.perf_counter() - mark
    return {
        "citizens": citizens,
        "dossiers": dossiers,
        "steps": steps,
        "events": events,
        "code_counters": len(counters),
    }


def _remove_previous() -> None:
    """Empty the dossier tables and remove citizens an earlier generation made, with what
    refers to them (their API tokens; their audit entries keep no actor)."""
    like = ["bench-citizen-%"]
    with _connect() as conn, conn.transaction():
        conn.execute("TRUNCATE dossiers_dossier, dossiers_dossiercodecounter RESTART IDENTITY CASCADE")
        conn.execute(
            "DELETE FROM core_apitoken WHERE user_id IN (SELECT id FROM core_user WHERE username LIKE %s)", like
        )
        conn.execute(
            "UPDATE core_auditentry SET actor_id = NULL WHERE actor_id IN (SELECT id FROM core_user WHERE username LIKE %s)",
            like,
        )
        conn.execute("DELETE FROM core_user WHERE username LIKE %s", like)


def generate(spec: VolumeSpec = VolumeSpec()) -> dict[str, Any]:
    """Replace every dossier in the database with a generated volume; returns counts and timings.

    Needs the catalogue. Empties the dossier tables (and what references them) first.
    """
    start = time.perf_counter()
    timings: dict[str, float] = {}
    _remove_previous()
    volume_plan = plan(spec)
    timings["plan_s"] = time.perf_counter() - start
    with _connect() as conn:
        superuser = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]
        with conn.transaction():
            conn.execute("SET LOCAL synchronous_commit = off")
            conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
            conn.execute("SET LOCAL work_mem = '64MB'")
            if superuser:
                # Foreign keys are checked by triggers, deferred to commit here: millions of queued
                # checks for rows that reference what the same load just wrote.
                conn.execute("SET LOCAL session_replication_role = replica")
            counts = _load(conn, volume_plan, timings)
    mark = time.perf_counter()
    with _connect(autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    timings["vacuum_s"] = time.perf_counter() - mark
    seconds = time.perf_counter() - start
    busy = busiest_commune(volume_plan)
    summary = {
        **asdict(spec),
        **counts,
        "open": _open_count(),
        "seconds": round(seconds, 1),
        "timings": {k: round(v, 1) for k, v in timings.items()},
        "generated_at": time.strftime("%Y-%m-%d %H:%M %z"),
        "busiest_commune": busy.code,
        "foreign_key_checks": "skipped (rows consistent by construction)" if superuser else "checked at commit",
    }
    with _connect(autocommit=True) as conn:
        conn.execute(f"COMMENT ON TABLE dossiers_dossier IS '{MARK}{json.dumps(summary)}'")
    return summary


def _open_count() -> int:
    from saola.dossiers.models import Dossier
    from saola.dossiers.states import TERMINAL

    return Dossier.objects.exclude(status__in=TERMINAL).count()


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile

    import catalogue
    import database

    parser = argparse.ArgumentParser(description="Generate the dossier volume into a benchmark database (kept).")
    parser.add_argument("--db-name", default=database.NAME_PREFIX + "_dossiers")
    parser.add_argument("--dossiers", type=int, default=VolumeSpec.dossiers)
    parser.add_argument("--citizens", type=int, default=VolumeSpec.citizens)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="saola-bench-") as tmp:
        env = database.server_env(name=args.db_name, workdir=Path(tmp), workers=1)
        if not database.exists(args.db_name):
            database.recreate(args.db_name)
        database.setup_django(env)
        database.migrate_and_collect()
        from saola.catalog.models import Procedure

        if not Procedure.objects.exists():
            catalogue.build()
        summary = generate(VolumeSpec(dossiers=args.dossiers, citizens=args.citizens))
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
