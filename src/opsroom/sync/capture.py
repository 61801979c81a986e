"""The outbox capture behind every save of a replicated row (opsroom.core.models.Replicated,
which calls it through opsroom.core.replication; SyncConfig.ready() plugs it in).

Before the save: find the fields the write changed, give them a new hybrid logical clock.
After it: write the row's full state, with its clocks, to the outbox, in the same
transaction. A change therefore carries everything a remote site needs to merge it
(field-wise last writer wins), whatever order changes arrive in.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from opsroom.core.bus import order_change_rows
from opsroom.core.ids import uuid7
from opsroom.sync import hlc, registry
from opsroom.sync.merge import newest
from opsroom.sync.models import OutboxEntry

_state = threading.local()


@contextmanager
def suspended() -> Iterator[None]:
    """Applying remote changes must not capture them again as local ones."""
    previous = getattr(_state, "off", False)
    _state.off = True
    try:
        yield
    finally:
        _state.off = previous


def is_suspended() -> bool:
    return bool(getattr(_state, "off", False))


def to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)  # exact, as the column holds it (a fine in dinars)
    return value


def before_save(instance: Any, update_fields: Iterable[str] | None) -> Any:
    kind = registry.kind_of(type(instance))
    instance.__dict__.pop("_sync_changed", None)
    if kind is None or is_suspended():
        return update_fields
    site = settings.SITE_CODE
    loaded: dict[str, Any] | None = instance.__dict__.get("_loaded_values")
    attnames = registry.attnames(kind)
    if instance._state.adding or loaded is None:
        clock = hlc.tick()
        instance.clocks = {"*": [clock, site]}
        changed: list[str] = list(attnames)
    else:
        names = registry.name_to_attname(kind)
        candidates = (attnames if update_fields is None
                      else [names[f] for f in update_fields if names.get(f) in attnames])
        changed = [f for f in candidates if f not in loaded or getattr(instance, f) != loaded[f]]
        if not changed:
            return update_fields
        clocks = dict(instance.clocks or {})
        clock = hlc.tick(max(newest(clocks), instance.hlc))
        for f in changed:
            clocks[f] = [clock, site]
        instance.clocks = clocks
    instance.hlc = clock
    instance._sync_changed = changed
    if update_fields is not None:
        update_fields = {*update_fields, "hlc", "clocks"}
    return update_fields


def snapshot(kind: registry.Kind, instance: Any) -> dict[str, Any]:
    return {f: to_json(getattr(instance, f)) for f in registry.attnames(kind)}


def change_body(kind: registry.Kind, instance: Any, change_id: str, site: str) -> dict[str, Any]:
    return {
        "c": change_id,
        "k": kind.name,
        "id": str(instance.pk),
        "s": site,
        "h": instance.hlc,
        "a": kind.audience(instance),
        "f": snapshot(kind, instance),
        "cl": instance.clocks,
    }


def after_save(instance: Any) -> None:
    changed = instance.__dict__.pop("_sync_changed", None)
    if changed is None:
        return
    kind = registry.kind_of(type(instance))
    assert kind is not None
    site = settings.SITE_CODE
    change_id = str(uuid7())
    body = change_body(kind, instance, change_id, site)
    entry = OutboxEntry(
        change_id=change_id, origin_site=site, kind=kind.name,
        record_id=body["id"], hlc=instance.hlc, body=json.dumps(body, ensure_ascii=False),
    )
    pending: list[OutboxEntry] | None = getattr(_state, "pending", None)
    if pending is not None:
        pending.append(entry)
    else:
        order_change_rows()  # PostgreSQL: outbox rows commit in sequence order
        entry.save()
    instance._loaded_values = {f: getattr(instance, f) for f in registry.attnames(kind)}


@contextmanager
def batch() -> Iterator[None]:
    """The outbox rows of the saves inside, written in one statement at the end, inside the
    action's transaction (so still with the rows or not at all). For actions that write
    many rows at once (a handover writes a dozen); a nested batch joins the outer one.

    Inside a batch, a savepoint must not be rolled back and the action carried on: the
    outbox would keep the change of a row that is gone. Actions abort whole on an error,
    so none does."""
    if getattr(_state, "pending", None) is not None:
        yield
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("an outbox batch belongs inside the action's transaction")
    _state.pending = []
    try:
        yield
        pending, _state.pending = _state.pending, None
        if pending:
            order_change_rows()
            OutboxEntry.objects.bulk_create(pending)
    finally:
        _state.pending = None
