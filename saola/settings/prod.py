"""Production settings: `saola serve` behind a load balancer, against DATABASE_URL."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import SECRET_KEY, env

DEBUG = False
if SECRET_KEY.startswith("saola-embedded-default") and not env.bool("SAOLA_ALLOW_DEFAULT_KEY", default=False):
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_SSL_REDIRECT = env.bool("SAOLA_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SAOLA_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
