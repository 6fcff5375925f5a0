"""Fixtures of the loopback world: one template built per test session, fresh copies per test."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.exchange.loopback.processes import Processes, run_world
from tests.exchange.loopback.world import DATABASES


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("world")
    run_world("build", str(directory), directory=directory)
    run_world("registry", str(directory), "hub", directory=directory)
    run_world("registry", str(directory), "national", directory=directory)
    return directory


@pytest.fixture
def world(template: Path, tmp_path: Path) -> tuple[Path, dict]:
    for name in DATABASES:
        shutil.copyfile(template / f"{name}.sqlite3", tmp_path / f"{name}.sqlite3")
        shutil.copytree(template / f"media-{name}", tmp_path / f"media-{name}")
    shutil.copytree(template / "pki", tmp_path / "pki")
    secrets = {hub: json.loads((template / f"secrets-{hub}.json").read_text()) for hub in ("hub", "national")}
    return tmp_path, secrets


@pytest.fixture
def processes(world: tuple[Path, dict]) -> Iterator[Processes]:
    running = Processes(*world)
    try:
        yield running
    finally:
        running.stop_all()
