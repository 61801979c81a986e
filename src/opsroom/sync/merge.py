"""Field-wise last-writer-wins by hybrid logical clock: the one conflict rule.

A change carries a row's full state and each field's clock, so merging is commutative,
associative and idempotent: every site that has seen the same changes holds the same row,
whatever order they came in, and applying a change twice equals applying it once.
Overwritten values are not lost: each edit also wrote its own timeline event (append-only,
ordered by (hlc, site)), and those events travel too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Clock = tuple[int, str]
NO_CLOCK: Clock = (0, "")


def clock_of(clocks: dict[str, Any], field: str) -> Clock:
    entry = clocks.get(field) or clocks.get("*")
    return (int(entry[0]), str(entry[1])) if entry else NO_CLOCK


def normalise(clocks: dict[str, Clock]) -> dict[str, list[Any]]:
    """Keep "*" and only the fields whose clock differs from it, the form capture writes."""
    star = clocks.get("*", NO_CLOCK)
    out: dict[str, list[Any]] = {"*": [star[0], star[1]]}
    for field, clock in sorted(clocks.items()):
        if field != "*" and clock != star:
            out[field] = [clock[0], clock[1]]
    return out


def canonical(clocks: dict[str, Any]) -> dict[str, list[Any]]:
    """A change's clocks in the form stored and compared everywhere."""
    return normalise({field: clock_of(clocks, field) for field in clocks})


def merge(
    fields: Iterable[str],
    local: dict[str, Any],
    local_clocks: dict[str, Any],
    remote: dict[str, Any],
    remote_clocks: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, list[Any]], bool]:
    """The merged row, its clocks, and whether anything changed locally."""
    result = dict(local)
    clocks: dict[str, Clock] = {"*": max(clock_of(local_clocks, "*"),
                                          clock_of(remote_clocks, "*"))}
    changed = clocks["*"] != clock_of(local_clocks, "*")
    for field in fields:
        mine, theirs = clock_of(local_clocks, field), clock_of(remote_clocks, field)
        if field == "version":
            # Versions only grow, so consoles never take a merged row for an older one.
            top = max(int(local.get(field) or 0), int(remote.get(field) or 0))
            clocks[field] = max(mine, theirs)
            if top != local.get(field) or theirs > mine:
                result[field] = top
                changed = True
            continue
        if theirs > mine:
            clocks[field] = theirs
            if field in remote and remote[field] != local.get(field):
                result[field] = remote[field]
            changed = True
        else:
            clocks[field] = mine
    return result, normalise(clocks), changed


def newest(clocks: dict[str, Any]) -> int:
    return max((int(c[0]) for c in clocks.values()), default=0)


def merge_changes(fields: Iterable[str], seen: dict[str, Any], change: dict[str, Any]
                  ) -> dict[str, Any]:
    """Two changes of one record as one: what a site holding ``seen`` makes of ``change``."""
    merged, clocks, _ = merge(fields, seen["f"], seen["cl"], change["f"], change["cl"])
    later = change if change["h"] > seen["h"] else seen
    return {**later, "f": merged, "cl": clocks, "h": max(change["h"], seen["h"])}
