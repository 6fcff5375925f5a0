"""Where the hub sends a message for an agency code: the next hop, from the registry.

An agency registered here with no parent hub (or with this hub's own code as its parent) is
served directly: its deliveries queue under its own code. An agency registered under another
code (a platform node hosting several agencies, or a child hub) is reached through that code,
followed up to a few levels. A code the registry does not know goes to this hub's parent hub
when one is configured; otherwise it is an unknown recipient.
"""

from __future__ import annotations

from django.conf import settings

from saola.exchange.models import Agency
from saola.exchange.registry import agency_lookup

MAX_DEPTH = 4


def parent_code() -> str:
    """The parent hub's agency code when this hub forwards to one, else ""."""
    return settings.SAOLA_HUB_PARENT_CODE if settings.SAOLA_HUB_PARENT_URL else ""


def next_hop(code: str, *, cache: dict[str, Agency | None] | None = None) -> str | None:
    """The agency code that takes messages for `code` from this hub, or None when unknown."""
    cache = {} if cache is None else cache
    current = code
    for _depth in range(MAX_DEPTH):
        if current not in cache:
            cache[current] = agency_lookup(current)
        agency = cache[current]
        if agency is None or not agency.is_active:
            return parent_code() or None
        if not agency.parent_hub or agency.parent_hub in (settings.SAOLA_HUB_CODE, agency.code):
            return agency.code
        current = agency.parent_hub
    return None


def serves(agency: Agency, code: str, *, cache: dict[str, Agency | None] | None = None) -> bool:
    """Whether `agency` may speak for `code`: itself, or a code this hub reaches through it."""
    return code == agency.code or next_hop(code, cache=cache) == agency.code
