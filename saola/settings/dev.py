"""Embedded default used by `saola run`: SQLite, local files, in-process worker."""

from .base import *
from .base import env

DEBUG = env.bool("DEBUG", default=False)
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
