"""Document tests sign with the platform's PKI: its keys live in the test's temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _pki_dir(settings: object, tmp_path: Path) -> None:
    settings.SAOLA_PKI_DIR = tmp_path / "pki"  # type: ignore[attr-defined]
