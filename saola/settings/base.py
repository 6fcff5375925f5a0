"""Settings shared by every role and environment; everything is read from the environment."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("SAOLA_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

SECRET_KEY = env.str("SECRET_KEY", default="saola-embedded-default-not-for-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SAOLA_ROLE = env.str("SAOLA_ROLE", default="platform")
# Who runs this deployment, as shown in the portal header ("tỉnh Sơn La", "Bộ Tư pháp"...).
SAOLA_PORTAL_OWNER = env.str("SAOLA_PORTAL_OWNER", default="tỉnh Sơn La")
# Uploaded files are served by the application in the embedded default; a deployment with
# object storage or a front proxy turns this off.
SAOLA_SERVE_MEDIA = env.bool("SAOLA_SERVE_MEDIA", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "saola.core",
    "saola.catalog",
    "saola.workflow",
    "saola.dossiers",
    "saola.payments",
    "saola.signing",
    "saola.documents",
    "saola.exchange",
    "saola.identity",
    "saola.web",
    "saola.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "saola.core.middleware.CookieLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "saola.core.middleware.AuditContextMiddleware",
    "saola.web.middleware.SaolaErrorPageMiddleware",
]

# A hub serves only the exchange API, its operator pages and the admin.
ROOT_URLCONF = "saola.urls_hub" if SAOLA_ROLE == "hub" else "saola.urls"
WSGI_APPLICATION = "saola.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "saola.web.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'saola.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while the web process reads; IMMEDIATE avoids
    # "database is locked" upgrades inside write transactions.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("SAOLA_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["saola.core.auth.EmailOrPhoneBackend"]
LOGIN_URL = "/dang-nhap/"
LOGIN_REDIRECT_URL = "/tai-khoan/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "saola.core.validators.MixedCharacterPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "saola" / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["saola.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("SAOLA_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("SAOLA_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Shared cache (search results, rate limits): Redis in a deployment, per-process memory otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "saola"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "saola"}
    )
}
# How long a cached catalogue search may live. With Redis every worker sees a catalogue change at
# once (the version key moves); with per-process memory other workers may lag by this much.
SAOLA_SEARCH_CACHE_SECONDS = env.int("SAOLA_SEARCH_CACHE_SECONDS", default=60)

TASKS = {
    "default": {
        "BACKEND": env.str("SAOLA_TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# Upload limits: imports are streamed to disk and checked before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
SAOLA_IMPORT_MAX_BYTES = env.int("SAOLA_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
SAOLA_XLSX_MAX_UNCOMPRESSED_BYTES = env.int("SAOLA_XLSX_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)
SAOLA_SEARCH_MAX_LENGTH = 200
# Mounts the bare baseline endpoints that `make bench` measures against; never on in a deployment.
SAOLA_BENCH_ENDPOINTS = env.bool("SAOLA_BENCH_ENDPOINTS", default=False)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("SAOLA_LOG_LEVEL", default="WARNING")},
    # pyHanko logs a warning with a traceback for every signature it cannot trust; the public
    # verification page reports those to the visitor, so they are not the operator's concern.
    "loggers": {
        "pyhanko": {"level": env.str("SAOLA_PYHANKO_LOG_LEVEL", default="ERROR")},
        "pyhanko_certvalidator": {"level": env.str("SAOLA_PYHANKO_LOG_LEVEL", default="ERROR")},
    },
}
SAOLA_DOSSIER_FILE_MAX_BYTES = env.int("SAOLA_DOSSIER_FILE_MAX_BYTES", default=10 * 1024 * 1024)
# Empty: dossier codes are generated locally; a URL: asked from that service (GetNextValue).
SAOLA_DOSSIER_CODE_URL = env.str("SAOLA_DOSSIER_CODE_URL", default="")

# Public address of the portal, used in links that leave the site: QR codes on printed slips,
# lookup links in e-mails and SMS.
SAOLA_PUBLIC_URL = env.str("SAOLA_PUBLIC_URL", default="http://localhost:8000")

# Signing (saola.signing). CA, TSA and OCSP keys live here, encrypted (PKCS#8) with the
# passphrase below; an empty passphrase derives one from SECRET_KEY (embedded default only).
SAOLA_PKI_DIR = Path(env.str("SAOLA_PKI_DIR", default=str(VAR_DIR / "pki")))
SAOLA_PKI_KEY_PASSPHRASE = env.str("SAOLA_PKI_KEY_PASSPHRASE", default="")
# Timeout of CRL, OCSP and certificate fetches from other authorities (ours are answered in-process).
SAOLA_PKI_HTTP_TIMEOUT = env.float("SAOLA_PKI_HTTP_TIMEOUT", default=5.0)
# Font of the text shown by organisation signatures on attachments and copies and by filled form
# fields: Decree 30/2020 asks for Times New Roman; Liberation Serif has the same metrics.
SAOLA_SIGNATURE_FONT = env.str(
    "SAOLA_SIGNATURE_FONT", default="/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
)
# PKCS#11 module of the organisations' and leaders' token devices (SoftHSM2 for tests and demos).
SAOLA_PKCS11_MODULE = env.str("SAOLA_PKCS11_MODULE", default="/usr/lib/softhsm/libsofthsm2.so")
# Seal diameter used for the seal field when the organisation has no seal image yet.
SAOLA_SEAL_DIAMETER_MM = env.float("SAOLA_SEAL_DIAMETER_MM", default=36.0)

# Notifications (saola.core.notifications). E-mail goes through Django's e-mail API: SMTP in a
# deployment (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cổng dịch vụ công <no-reply@localhost>")
# SMS through the provider protocol of saola.core.sms; empty URL: no SMS is sent.
SAOLA_SMS_URL = env.str("SAOLA_SMS_URL", default="")
SAOLA_SMS_API_KEY = env.str("SAOLA_SMS_API_KEY", default="")
SAOLA_SMS_SENDER = env.str("SAOLA_SMS_SENDER", default="SAOLA")
SAOLA_SMS_TIMEOUT = env.float("SAOLA_SMS_TIMEOUT", default=10.0)
# Brand-name SMS in Vietnam is usually sent without diacritics (one GSM segment holds 160
# characters instead of 70); set False where the provider accepts Unicode.
SAOLA_SMS_UNACCENTED = env.bool("SAOLA_SMS_UNACCENTED", default=True)
# Temporary failures (SMTP 4xx, connection errors, SMS 5xx or timeout) are retried with an
# exponential backoff from SAOLA_NOTIFICATION_RETRY_SECONDS, up to this many attempts.
SAOLA_NOTIFICATION_MAX_ATTEMPTS = env.int("SAOLA_NOTIFICATION_MAX_ATTEMPTS", default=5)
SAOLA_NOTIFICATION_RETRY_SECONDS = env.int("SAOLA_NOTIFICATION_RETRY_SECONDS", default=60)
# One dossier upload request, every file and field together (each file is also held to
# SAOLA_DOSSIER_FILE_MAX_BYTES); larger requests are refused with 413 before they are read.
SAOLA_DOSSIER_UPLOAD_MAX_BYTES = env.int("SAOLA_DOSSIER_UPLOAD_MAX_BYTES", default=50 * 1024 * 1024)
# Public dossier status lookups per client address: "<count>/<s|m|h|d>"; "0" turns the limit off.
SAOLA_STATUS_RATE_LIMIT = env.str("SAOLA_STATUS_RATE_LIMIT", default="60/m")
# Signature verification (/xac-thuc, POST /api/v1/signatures/verify, `saola sign verify`): larger
# files are refused (413) before they are read; verifications per client address, shared by the
# page and the API ("<count>/<s|m|h|d>", "0" turns the limit off).
SAOLA_VERIFY_MAX_BYTES = env.int("SAOLA_VERIFY_MAX_BYTES", default=50 * 1024 * 1024)
SAOLA_VERIFY_RATE_LIMIT = env.str("SAOLA_VERIFY_RATE_LIMIT", default="30/m")

# Document exchange (saola.exchange): edXML packages and status messages larger than this are
# refused before they are parsed.
SAOLA_EXCHANGE_MAX_BYTES = env.int("SAOLA_EXCHANGE_MAX_BYTES", default=50 * 1024 * 1024)
# The node's outbox (saola.exchange.node): a message that failed is tried again after
# min(RETRY_SECONDS * 2**attempts, 3600) seconds, and given up after MAX_ATTEMPTS failures.
SAOLA_EXCHANGE_RETRY_SECONDS = env.int("SAOLA_EXCHANGE_RETRY_SECONDS", default=5)
SAOLA_EXCHANGE_MAX_ATTEMPTS = env.int("SAOLA_EXCHANGE_MAX_ATTEMPTS", default=20)
# The hub this platform sends to and receives from (a node's side); empty: no exchange. The node
# authenticates with its agency code and the secret the hub issued for it.
SAOLA_EXCHANGE_HUB_URL = env.str("SAOLA_EXCHANGE_HUB_URL", default="")
SAOLA_EXCHANGE_NODE_CODE = env.str("SAOLA_EXCHANGE_NODE_CODE", default="")
SAOLA_EXCHANGE_NODE_SECRET = env.str("SAOLA_EXCHANGE_NODE_SECRET", default="")
SAOLA_EXCHANGE_TIMEOUT = env.float("SAOLA_EXCHANGE_TIMEOUT", default=30.0)
# How often the node's worker copies the hub's directory of agencies (the recipients clerks pick).
SAOLA_EXCHANGE_DIRECTORY_SYNC_SECONDS = env.int("SAOLA_EXCHANGE_DIRECTORY_SYNC_SECONDS", default=3600)

# The hub role (SAOLA_ROLE=hub): this hub's own agency code (written in the transport trace), its
# parent hub (where packages for agencies it does not know go, and where it pulls from), whether
# it verifies the XML signature of every package, and how often a push delivery is retried
# (exponential backoff from SAOLA_HUB_RETRY_SECONDS, capped at SAOLA_HUB_RETRY_MAX_SECONDS)
# before it goes to the dead letters.
SAOLA_HUB_CODE = env.str("SAOLA_HUB_CODE", default="")
SAOLA_HUB_PARENT_URL = env.str("SAOLA_HUB_PARENT_URL", default="")
SAOLA_HUB_PARENT_CODE = env.str("SAOLA_HUB_PARENT_CODE", default="")
SAOLA_HUB_PARENT_SECRET = env.str("SAOLA_HUB_PARENT_SECRET", default="")
SAOLA_HUB_VERIFY_SIGNATURES = env.bool("SAOLA_HUB_VERIFY_SIGNATURES", default=True)
# How long a hub reuses its verdict on a certificate chain (trust and revocation) for the next
# packages signed with the same certificate; 0 checks every package in full.
SAOLA_EXCHANGE_CHAIN_CACHE_SECONDS = env.int("SAOLA_EXCHANGE_CHAIN_CACHE_SECONDS", default=300)
# How long each hub process reuses an agency's registry row (credentials, routing) before reading
# it again: a change made in another process (the admin) applies within this time.
SAOLA_HUB_REGISTRY_CACHE_SECONDS = env.float("SAOLA_HUB_REGISTRY_CACHE_SECONDS", default=5.0)
SAOLA_HUB_MAX_ATTEMPTS = env.int("SAOLA_HUB_MAX_ATTEMPTS", default=12)
SAOLA_HUB_RETRY_SECONDS = env.float("SAOLA_HUB_RETRY_SECONDS", default=5.0)
SAOLA_HUB_RETRY_MAX_SECONDS = env.float("SAOLA_HUB_RETRY_MAX_SECONDS", default=3600.0)
SAOLA_HUB_PUSH_TIMEOUT = env.float("SAOLA_HUB_PUSH_TIMEOUT", default=30.0)
# Days a hub keeps a message once every delivery of it was handed over (the worker purges hourly).
SAOLA_HUB_RETENTION_DAYS = env.int("SAOLA_HUB_RETENTION_DAYS", default=90)

# Payments (saola.payments): the provider protocol of saola.payments.provider. Online payment is
# offered only when URL, merchant code and secret are all set; otherwise fees are paid at the
# counter and an officer confirms them.
SAOLA_PAYMENT_URL = env.str("SAOLA_PAYMENT_URL", default="")
SAOLA_PAYMENT_MERCHANT = env.str("SAOLA_PAYMENT_MERCHANT", default="")
SAOLA_PAYMENT_SECRET = env.str("SAOLA_PAYMENT_SECRET", default="")
SAOLA_PAYMENT_TIMEOUT = env.float("SAOLA_PAYMENT_TIMEOUT", default=10.0)
# A pending online order the provider has not seen paid after this long is closed as expired
# by `saola payments reconcile`; the applicant can then start a new payment.
SAOLA_PAYMENT_ORDER_TTL_MINUTES = env.int("SAOLA_PAYMENT_ORDER_TTL_MINUTES", default=24 * 60)
