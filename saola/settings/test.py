"""Test settings: fast hasher, locmem email, immediate tasks."""

import tempfile
from pathlib import Path

from .base import *
from .base import DATABASES, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if env.str("SAOLA_TEST_DB", default="sqlite") == "postgres":
    DATABASES["default"] = env.db_url("TEST_POSTGRES_URL", default="postgresql://postgres@127.0.0.1:5432/postgres")
else:
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
WHITENOISE_USE_FINDERS = True
# CA, TSA and OCSP keys created by tests (the demo loader creates a PKI) stay out of VAR_DIR.
SAOLA_PKI_DIR = Path(tempfile.gettempdir()) / "saola-test-pki"
SAOLA_HUB_REGISTRY_CACHE_SECONDS = 0.0  # each test sees its own registry rows; the cache has its own test
