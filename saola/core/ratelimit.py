"""A small fixed-window rate limiter on Django's cache (Redis in a deployment, memory otherwise).

Each (scope, client) pair gets one counter per window: the first hit creates it with `add`,
later hits `incr` it. Counters expire with their window, so nothing needs cleaning. With the
per-process memory cache every web process counts on its own; with Redis the limit is shared
by every web node.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the current window ends


def parse_rate(value: int | str) -> Rate | None:
    """`60` (per minute), `"60/m"`, `"1000/h"`, `"5/10s"`; 0 or an empty value turns limiting off."""
    if isinstance(value, int):
        return Rate(limit=value, window=60) if value > 0 else None
    text = value.strip()
    if not text or text == "0":
        return None
    if text.isdigit():
        return Rate(limit=int(text), window=60)
    match = _RATE.match(text)
    if match is None:
        raise ValueError(f"Invalid rate {value!r}: expected '<count>/<s|m|h|d>'")
    count, multiplier, unit = int(match[1]), int(match[2] or 1), match[3]
    return Rate(limit=count, window=multiplier * _UNIT_SECONDS[unit]) if count > 0 else None


def client_address(request: HttpRequest) -> str:
    """The address the limit applies to: REMOTE_ADDR, which a trusted front proxy must set to
    the real client (headers like X-Forwarded-For are not read: any client can forge them)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def rate_limit_hit(*, scope: str, key: str, rate: Rate, now: float | None = None) -> RateDecision:
    """Count one hit of `key` in `scope` and say whether it is within `rate`."""
    moment = time.time() if now is None else now
    window_index = int(moment // rate.window)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{scope}:{digest}:{window_index}"
    timeout = rate.window + 1
    if cache.add(cache_key, 1, timeout=timeout):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # the counter expired between add and incr: start the window again
            cache.add(cache_key, 1, timeout=timeout)
            count = 1
    retry_after = max(1, int((window_index + 1) * rate.window - moment + 0.999))
    return RateDecision(
        allowed=count <= rate.limit,
        limit=rate.limit,
        remaining=max(rate.limit - count, 0),
        retry_after=retry_after,
    )
