"""Production settings and migrations, checked the way an operator would."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy():
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "saola.settings.prod",
            "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-check-0123456789",
            "ALLOWED_HOSTS": "dichvucong.sonla.gov.vn",
            "DATABASE_URL": "sqlite:///:memory:",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_embedded_secret_key():
    env = dict(os.environ)
    env.pop("SECRET_KEY", None)
    env.update({"DJANGO_SETTINGS_MODULE": "saola.settings.prod", "DATABASE_URL": "sqlite:///:memory:"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
