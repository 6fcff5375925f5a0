"""A fresh PostgreSQL database for one benchmark run, and the environment the server runs with."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# Only databases with this prefix are ever dropped, so a mistyped name cannot lose real data.
NAME_PREFIX = "saola_bench"


class NoPostgres(SystemExit):
    pass


def server_url() -> str:
    return os.environ.get("BENCH_POSTGRES_URL", DEFAULT_SERVER_URL)


def database_url(name: str) -> str:
    parts = urlsplit(server_url())
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _admin_connection() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise NoPostgres("The benchmarks need psycopg (requirements/base.txt): run `make install`.") from exc
    try:
        return psycopg.connect(server_url(), connect_timeout=5, autocommit=True)
    except psycopg.Error as exc:
        raise NoPostgres(
            f"The benchmarks run on PostgreSQL only, and none answered at {server_url()} ({exc}).\n"
            "Start PostgreSQL or point BENCH_POSTGRES_URL at a server where this user may create databases."
        ) from exc


def exists(name: str) -> bool:
    with _admin_connection() as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def recreate(name: str) -> None:
    """Drop (forcing other sessions off) and create the benchmark database."""
    _check_name(name)
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")


def drop(name: str) -> None:
    _check_name(name)
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _check_name(name: str) -> None:
    if not name.startswith(NAME_PREFIX) or not name.replace("_", "").isalnum():
        raise SystemExit(f"Refusing to drop {name!r}: benchmark databases are named {NAME_PREFIX}*.")


def server_env(*, name: str, workdir: Path, workers: int) -> dict[str, str]:
    """The environment an operator gives `saola serve`, plus the flag that mounts the baseline endpoint
    and the public status lookup's rate limit turned off."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SAOLA_", "DATABASE_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "saola.settings.prod",
            "DATABASE_URL": database_url(name),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SAOLA_SECURE_SSL_REDIRECT": "0",
            "SAOLA_WEB_WORKERS": str(workers),
            "SAOLA_BENCH_ENDPOINTS": "1",
            "SAOLA_VAR_DIR": str(workdir / "var"),
            "SAOLA_STATIC_ROOT": str(workdir / "static"),
            "SAOLA_MEDIA_ROOT": str(workdir / "media"),
            "SAOLA_LOG_LEVEL": "WARNING",
            # The public status lookup is limited per client address, and every request of the
            # load generator comes from 127.0.0.1: the limit is off, or it would measure 429s.
            "SAOLA_STATUS_RATE_LIMIT": "0",
        }
    )
    redis_url = _redis_url()
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def _redis_url() -> str:
    """The shared cache a deployment would use, when a Redis answers (a database of its own)."""
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except (OSError, ImportError, redis.RedisError):
        print(f"Redis did not answer at {url}: the server caches in per-process memory.", file=sys.stderr)
        return ""
    return url


def setup_django(env: dict[str, str]) -> None:
    """Configure this process with the server's settings, so data and query counts see the same database."""
    os.environ.update(env)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()


def migrate_and_collect() -> None:
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    # The production static storage needs its manifest before any page can be rendered.
    call_command("collectstatic", "--noinput", verbosity=0)
