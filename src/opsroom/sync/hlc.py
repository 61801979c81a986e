"""Hybrid logical clocks (Kulkarni et al., 2014) as one 64-bit integer.

The high bits are Unix milliseconds, the low 16 bits a counter. A clock never goes backwards
and always passes every clock it has seen, so an edit made after seeing another edit sorts
after it even when the two sites' wall clocks disagree. Ties between sites are broken by the
site code: ``(hlc, site)`` orders every change the same way everywhere.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

COUNTER_BITS = 16
_lock = threading.Lock()
_last = 0


def physical_now() -> int:
    return (time.time_ns() // 1_000_000) << COUNTER_BITS


def tick(at_least: int = 0) -> int:
    """A new clock for a local change: later than the wall clock, than every clock this
    process gave or saw, and than ``at_least`` (the record's own newest clock)."""
    global _last
    with _lock:
        value = max(physical_now(), _last + 1, at_least + 1)
        _last = value
        return value


def observe(remote: int) -> None:
    """Remember a clock seen in a remote change, so later local changes sort after it."""
    global _last
    with _lock:
        _last = max(_last, remote)


def to_datetime(value: int) -> datetime:
    return datetime.fromtimestamp((value >> COUNTER_BITS) / 1000, tz=UTC)


def from_datetime(moment: datetime) -> int:
    return int(moment.timestamp() * 1000) << COUNTER_BITS
