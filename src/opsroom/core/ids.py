"""Globally unique, time-ordered ids (UUIDv7, RFC 9562).

Records made on a site cut off from the rest never collide with records made elsewhere, and
ids sort by creation time, which keeps B-tree inserts local.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7() -> uuid.UUID:
    """A UUIDv7: 48-bit Unix milliseconds, then a 12-bit counter so ids made in the same
    millisecond by this process still sort in creation order, then 62 random bits."""
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            _counter += 1
            if _counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                _last_ms += 1
                _counter = 0
            ms = _last_ms
        else:
            _last_ms = ms
            _counter = 0
        counter = _counter
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= rand
    return uuid.UUID(int=value)


# Reference rows loaded from the same packaged files (districts, places) get the same id at
# every site, so records made at one site point to rows every other site has.
_STABLE_NAMESPACE = uuid.UUID("6f707372-6f6f-4d00-8000-000000000001")


def stable_id(kind: str, code: str) -> uuid.UUID:
    return uuid.uuid5(_STABLE_NAMESPACE, f"{kind}:{code}")
