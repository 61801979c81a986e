"""The in-process bus: every committed change is published after commit.

One process needs nothing more; many processes or sites put NATS behind the same interface.
Subscribers must be quick: the console's stream hands changes to its own queues.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction

from opsroom.core.clock import now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    kind: str  # "incident", "unit", "assignment", ...
    id: str
    version: int
    action: str  # "created", "updated", ...
    agency_id: str | None  # owner agency, so subscribers can filter through the access rules
    at: datetime = field(default_factory=now)
    data: dict[str, Any] = field(default_factory=dict)
    seq: int = 0  # set by the bus: a per-process monotonic sequence for resuming streams


Subscriber = Callable[[Change], None]


class Bus:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()
        self._seq = itertools.count(1)

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
            stamped = Change(**{**change.__dict__, "seq": next(self._seq)})
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(stamped)
            except Exception:  # one broken subscriber must not stop the others
                log.exception("bus subscriber failed on %s %s", change.kind, change.id)
        return stamped


bus = Bus()


def publish_on_commit(change: Change) -> None:
    """Publish only once the write is durable: nobody hears of a change that rolled back."""
    transaction.on_commit(lambda: bus.publish(change))


def publish_record(
    kind: str, record: Any, action: str, agency_id: object, data: dict[str, Any]
) -> None:
    """Publish a replicated record's change: its kind, id, version and owning agency."""
    publish_on_commit(
        Change(kind=kind, id=str(record.id), version=record.version, action=action,
               agency_id=str(agency_id), data=data)
    )
