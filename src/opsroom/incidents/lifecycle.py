"""Which status may follow which. Anything not listed here is refused."""

from __future__ import annotations

from opsroom.incidents.models import Status

TRANSITIONS: dict[str, frozenset[str]] = {
    # An incident handled by phone alone may be resolved without a unit.
    Status.NEW: frozenset({Status.DISPATCHED, Status.RESOLVED, Status.CANCELLED, Status.MERGED}),
    # Back to new happens when the last unit is released before reaching the scene.
    Status.DISPATCHED: frozenset(
        {Status.NEW, Status.EN_ROUTE, Status.ON_SCENE, Status.RESOLVED, Status.CANCELLED,
         Status.MERGED}
    ),
    Status.EN_ROUTE: frozenset(
        {Status.NEW, Status.ON_SCENE, Status.RESOLVED, Status.CANCELLED, Status.MERGED}
    ),
    Status.ON_SCENE: frozenset({Status.RESOLVED, Status.MERGED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.ON_SCENE}),
    Status.CLOSED: frozenset(),
    Status.CANCELLED: frozenset(),
    Status.MERGED: frozenset(),
}

# Statuses a user may ask for directly; the others follow from assignments and merges.
REQUESTABLE = frozenset(
    {Status.EN_ROUTE, Status.ON_SCENE, Status.RESOLVED, Status.CLOSED, Status.CANCELLED}
)


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
