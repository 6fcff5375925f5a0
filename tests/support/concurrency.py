"""Running the same work in many threads at once, each on its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connections

T = TypeVar("T")


def run_at_once(work: Callable[[int], T], *, threads: int, wait: float = 60, join: float = 180) -> list[T]:
    """Run `work(i)` for i in range(threads), all released together by a barrier; return the
    results in completion order. Every error raised in a thread fails the calling test."""
    barrier = threading.Barrier(threads)
    results: list[T] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def target(i: int) -> None:
        try:
            barrier.wait(timeout=wait)
            value = work(i)
            with lock:
                results.append(value)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=target, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=join)
    assert not errors, errors
    return results
