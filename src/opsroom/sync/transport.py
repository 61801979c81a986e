"""The database side of the sync agent: batches to publish, changes to apply, site health.

Everything here is synchronous Django code; the agent (opsroom.sync.agent) runs it on one
worker thread between its NATS calls.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from opsroom.core.clock import now
from opsroom.sync import hlc, registry
from opsroom.sync.actions import ApplyResult, do_apply_changes
from opsroom.sync.models import OutboxEntry, Site, SiteState, SyncCursor
from opsroom.sync.queries import outbox_backlog

# The most bytes one NATS message carries (the server's default limit is 1 MB); the number
# of changes per batch is OPSROOM_SYNC_BATCH.
MESSAGE_BYTES = 512 * 1024


@dataclass
class Message:
    subject: str
    msg_id: str
    payload: bytes
    changes: int


@dataclass
class Batch:
    number: int
    messages: list[Message]


def _pack(site: str, number: int, kind: str, bodies: list[str]) -> list[Message]:
    """One kind's changes of a batch, split by size; ids are fixed by the batch, so a
    re-published batch has the same message ids and JetStream drops the copies."""
    messages: list[Message] = []
    part: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal part, size
        if not part:
            return
        payload = (f'{{"site":{json.dumps(site)},"batch":{number},"changes":['
                   + ",".join(part) + "]}").encode()
        messages.append(Message(f"opsroom.chg.{site}.{kind}",
                                f"{site}:{number}:{kind}:{len(messages)}", payload, len(part)))
        part, size = [], 0

    for body in bodies:
        if size + len(body) > MESSAGE_BYTES:
            flush()
        part.append(body)
        size += len(body) + 1
    flush()
    return messages


@transaction.atomic
def next_batch(limit: int | None = None) -> Batch | None:
    """The batch to publish: one numbered earlier and never acknowledged (the agent stopped
    half-way), else the next unsent changes under a new number."""
    site = settings.SITE_CODE
    limit = limit or settings.SYNC_BATCH_CHANGES
    waiting = OutboxEntry.objects.filter(sent_at__isnull=True)
    first = waiting.filter(batch__isnull=False).order_by("seq").values_list(
        "batch", flat=True).first()
    if first is None:
        seqs = list(waiting.filter(batch__isnull=True).order_by("seq").values_list(
            "seq", flat=True)[:limit])
        if not seqs:
            return None
        cursor, _ = SyncCursor.objects.select_for_update().get_or_create(name="batch")
        cursor.value += 1
        cursor.save(update_fields=["value"])
        first = cursor.value
        OutboxEntry.objects.filter(seq__gte=seqs[0], seq__lte=seqs[-1], batch__isnull=True,
                                   sent_at__isnull=True).update(batch=first)
    rows = list(OutboxEntry.objects.filter(batch=first).order_by("seq").values_list(
        "kind", "body"))
    messages: list[Message] = []
    # One subject per site and kind, parents first (agencies and users before the incidents
    # that point to them), so a batch applies in order.
    for kind in registry.KINDS:
        bodies = [body for name, body in rows if name == kind.name]
        messages += _pack(site, first, kind.name, bodies)
    return Batch(first, messages)


def mark_sent(number: int) -> int:
    return OutboxEntry.objects.filter(batch=number, sent_at__isnull=True).update(sent_at=now())


def decode(payload: bytes) -> tuple[str, list[dict[str, Any]]]:
    data = json.loads(payload)
    return str(data["site"]), list(data["changes"])


def apply_remote(changes: list[dict[str, Any]], source: str) -> ApplyResult:
    """Apply what other sites changed and note each origin's replication lag."""
    mine = settings.SITE_CODE
    foreign = [c for c in changes if c.get("s") != mine]
    result = do_apply_changes(foreign, source=source)
    newest: dict[str, int] = {}
    for change in foreign:
        site = str(change.get("s", ""))
        newest[site] = max(newest.get(site, 0), int(change["h"]))
    moment = now()
    for site, clock in newest.items():
        lag = max(0.0, (moment - hlc.to_datetime(clock)).total_seconds())
        SiteState.objects.update_or_create(site=site, defaults={"lag_s": round(lag, 3)})
    return result


def leaf_sites() -> list[Site]:
    return list(Site.objects.exclude(code=settings.SITE_CODE).exclude(role="hub"))


def route(changes: Iterable[dict[str, Any]], origin: str, sites: list[Site]
          ) -> dict[str, list[dict[str, Any]]]:
    """What each other site needs to know of a message's changes (never back to its origin)."""
    changes = list(changes)
    out: dict[str, list[dict[str, Any]]] = {}
    for site in sites:
        if site.code == origin:
            continue
        wanted = [c for c in changes if site.needs(c.get("a")) and c.get("s") != site.code]
        if wanted:
            out[site.code] = wanted
    return out


def heartbeat() -> dict[str, Any]:
    state = SiteState.objects.filter(site=settings.SITE_CODE).first()
    return {"site": settings.SITE_CODE, "at": now().isoformat(), "backlog": outbox_backlog(),
            "applied": state.applied if state else 0}


def note_contact(site: str, backlog: int | None = None) -> None:
    defaults: dict[str, Any] = {"last_contact": now()}
    if backlog is not None:
        defaults["backlog"] = backlog
    SiteState.objects.update_or_create(site=site, defaults=defaults)


def summary() -> list[dict[str, Any]]:
    return [{"site": s.site, "last_contact": s.last_contact and s.last_contact.isoformat(),
             "backlog": s.backlog, "lag_s": s.lag_s, "applied": s.applied}
            for s in SiteState.objects.all()]


def take_summary(rows: list[dict[str, Any]], hub: str) -> None:
    """The hub's view of every site, as a leaf hears it: contact with the hub is now."""
    me = settings.SITE_CODE
    note_contact(hub)
    for row in rows:
        if row.get("site") in (me, hub, "", None):
            continue
        last = row.get("last_contact")
        SiteState.objects.update_or_create(site=row["site"], defaults={
            "last_contact": datetime.fromisoformat(last) if last else None,
            "backlog": int(row.get("backlog") or 0), "lag_s": row.get("lag_s")})


def check_silence() -> list[str]:
    """Raise (once) an alert for each site gone silent, and clear it when it is back."""
    from opsroom.audit.actions import do_audit
    from opsroom.core.bus import Ref, publish_record
    from opsroom.sync.queries import site_health

    changed = []
    for health in site_health():
        if health.this_site:
            continue
        state, _ = SiteState.objects.get_or_create(site=health.code)
        if health.silent == state.silent_alerted:
            continue
        with transaction.atomic():
            state.silent_alerted = health.silent
            state.save(update_fields=["silent_alerted"])
            action = "silent" if health.silent else "back"
            data = health.as_dict()
            data["last_contact"] = health.last_contact and health.last_contact.isoformat()
            publish_record("site", Ref(health.code), action, None, data)
            do_audit(None, f"sync.site_{action}", "site", health.code,
                     detail={"last_contact": data["last_contact"]})
        changed.append(f"{health.code} {action}")
    return changed
