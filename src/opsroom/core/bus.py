"""Changes: written with the write that makes them, announced once it has committed.

``publish_record`` stores a ``ChangeEvent`` row in the action's own transaction (so a change
is never announced without being durable, nor durable without being announced) and, after
commit, tells this process's subscribers. The console's stream reads the rows, so changes
made by another process (the simulator, a second server) reach it too.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction

from opsroom.core.clock import now
from opsroom.core.models import ChangeEvent

log = logging.getLogger(__name__)

# Any constant: the key of the PostgreSQL advisory lock that orders change rows.
_CHANGE_LOCK_KEY = 0x6F7073726F6F6D


@dataclass(frozen=True)
class Change:
    kind: str  # "incident", "unit", ...
    id: str
    version: int
    action: str  # "created", "updated", ...
    agency_id: str | None  # owner agency, so subscribers can filter through the access rules
    at: datetime = field(default_factory=now)
    data: dict[str, Any] = field(default_factory=dict)
    seq: int = 0  # the ChangeEvent row's sequence number: what a stream resumes from


Subscriber = Callable[[Change], None]


@dataclass(frozen=True)
class Ref:
    """A change about no stored row (a site gone silent, "reload"): just an id."""

    id: str
    version: int = 0


class Bus:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        with self._lock:
            self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            with self._lock:
                if subscriber in self._subscribers:
                    self._subscribers.remove(subscriber)

        return unsubscribe

    def publish(self, change: Change) -> Change:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(change)
            except Exception:  # one broken subscriber must not stop the others
                log.exception("bus subscriber failed on %s %s", change.kind, change.id)
        return change


bus = Bus()


def order_change_rows() -> None:
    """Make change rows commit in ``seq`` order.

    A reader that has seen seq 11 must never later find a seq 10 committing behind it. On
    PostgreSQL two transactions could take sequence numbers in one order and commit in the
    other; a transaction-scoped advisory lock taken before the row is written closes that
    gap. SQLite runs one write transaction at a time already.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHANGE_LOCK_KEY])


def publish_record(
    kind: str, record: Any, action: str, agency_id: object, data: dict[str, Any]
) -> Change:
    """Record a replicated record's change in the current transaction; announce it on commit."""
    order_change_rows()
    agency = None if agency_id is None else str(agency_id)
    row = ChangeEvent.objects.create(
        kind=kind, record_id=str(record.id), action=action, agency_id=agency,
        version=record.version, data=data,
    )
    change = Change(kind=kind, id=str(record.id), version=record.version, action=action,
                    agency_id=agency, at=row.at, data=data, seq=row.seq)
    transaction.on_commit(lambda: bus.publish(change))
    return change
