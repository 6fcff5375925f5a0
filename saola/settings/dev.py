"""Embedded default used by `saola run`: SQLite, local files, in-process worker."""

from .base import *
from .base import env

DEBUG = env.bool("DEBUG", default=False)
WHITENOISE_USE_FINDERS = True
