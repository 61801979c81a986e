"""Reads of the accounts app that other apps share."""

from __future__ import annotations

import time
from typing import Any

from opsroom.accounts.models import Agency

# Agencies are rarely added: their ids by kind are read again once a minute, and at once
# after an agency changes in this process (AccountsConfig.ready connects forget_agencies).
AGENCIES_READ_EVERY_S = 60
_by_kinds: dict[frozenset[str], tuple[float, list[str]]] = {}


def agency_ids_of_kinds(kinds: frozenset[str]) -> list[str]:
    """The ids, as text, of every agency of these kinds: the audience of the rows a registry
    shares with every agency of a kind (a handover saves five to ten such rows, which would
    otherwise read the agencies each). An agency added by another process (the command
    line) is missed for up to a minute; a new site's first catch-up reads the agencies
    afresh (opsroom.sync.bundles.snapshot_changes)."""
    read = _by_kinds.get(kinds)
    if read is None or time.monotonic() - read[0] > AGENCIES_READ_EVERY_S:
        ids = [str(a) for a in Agency.objects.filter(kind__in=kinds).values_list("id",
                                                                                 flat=True)]
        read = _by_kinds[kinds] = (time.monotonic(), ids)
    return list(read[1])


def forget_agencies(**_kwargs: Any) -> None:
    _by_kinds.clear()
