"""Cached catalogue search: the busiest public read, over data that changes a few times a day.

Results are cached as the JSON the API answers, under a key that includes the catalogue's
version; every catalogue write moves the version (at once and again at commit, so a search
that ran between the two cannot pin stale rows), which orphans every cached search.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalog:version"


def catalog_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return str(version)


def _bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def catalog_changed() -> None:
    """Call from every service that writes the catalogue, inside its transaction."""
    _bump()
    transaction.on_commit(_bump)


def on_catalog_write(**kwargs: object) -> None:
    """Signal receiver connected to every catalogue model (see CatalogConfig.ready)."""
    catalog_changed()


def cached_search(params: tuple[object, ...], compute: Callable[[], bytes]) -> bytes:
    """The cached answer for these search parameters, computed (and stored) on a miss."""
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:32]
    key = f"catalog:search:{catalog_version()}:{digest}"
    body = cache.get(key)
    if body is None:
        body = compute()
        cache.set(key, body, timeout=settings.SAOLA_SEARCH_CACHE_SECONDS)
    return bytes(body)
