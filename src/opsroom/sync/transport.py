"""The wire format between sites: batches packed into NATS messages, and routing.

Nothing here touches the database: the agent (opsroom.sync.agent) takes batches and applies
changes through opsroom.sync.actions, and reads site state through opsroom.sync.queries.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from opsroom.sync import registry
from opsroom.sync.merge import merge_changes
from opsroom.sync.models import Site

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


def pack_batch(site: str, number: int, rows: list[tuple[str, str]]) -> Batch:
    """A batch's (kind, body) rows as messages: one subject per site and kind, parents first
    (agencies and users before the incidents that point to them), so a batch applies in
    order. Several changes of one record in the batch travel as one (coalesce)."""
    messages: list[Message] = []
    for kind in registry.kinds():
        bodies = coalesce(kind, [body for name, body in rows if name == kind.name])
        messages += _pack(site, number, kind.name, bodies)
    return Batch(number, messages)


def coalesce(kind: registry.Kind, bodies: list[str]) -> list[str]:
    """One change per record: the changes of a record merged by the rule every receiver
    applies (field-wise, by clock), so the result is what the receiver would have made of
    them. An incident edited four times while cut off travels once, not four times. The
    same rows always give the same bodies, so a batch published again keeps its ids."""
    if len(bodies) < 2 or kind.append_only:
        return bodies
    changes = [json.loads(body) for body in bodies]
    ids = [str(c.get("id")) for c in changes]
    if len(set(ids)) == len(ids):
        return bodies
    names = registry.attnames(kind)
    merged: dict[str, dict[str, Any]] = {}
    for rid, change in zip(ids, changes, strict=True):
        seen = merged.get(rid)
        if seen is None:
            merged[rid] = change
            continue
        merged[rid] = merge_changes(names, seen, change)
    return [json.dumps(change, ensure_ascii=False) for change in merged.values()]


def decode(payload: bytes) -> tuple[str, list[dict[str, Any]]]:
    data = json.loads(payload)
    return str(data["site"]), list(data["changes"])


def route_group(group: list[tuple[str, str, str, list[dict[str, Any]]]], sites: list[Site]
                ) -> list[tuple[str, str, bytes]]:
    """What each site needs to know of a fetch's messages, given as (message id, kind,
    origin, changes): one message per site, kind and origin (split by size), parents' kinds
    first, as (subject, message id, payload). The id is made from the first and last
    message ids, so the same fetch routed again is dropped as a duplicate by JetStream."""
    gathered: dict[tuple[str, str, str], list[str]] = {}
    ids: dict[tuple[str, str, str], tuple[str, str]] = {}
    for msg_id, kind, origin, changes in group:
        texts: dict[int, str] = {}  # each change serialised once, for every site wanting it
        for site in sites:
            if site.code == origin:
                continue
            key = (site.code, kind, origin)
            wanted = [_text(texts, i, change) for i, change in enumerate(changes)
                      if site.needs(change.get("a"), change.get("k"))
                      and change.get("s") != site.code]
            if wanted:
                gathered.setdefault(key, []).extend(wanted)
                first = ids.get(key, (msg_id, msg_id))[0]
                ids[key] = (first, msg_id)
    order = {kind.name: i for i, kind in enumerate(registry.kinds())}
    out: list[tuple[str, str, bytes]] = []
    for key in sorted(gathered, key=lambda k: (k[0], order.get(k[1], len(order)), k[2])):
        code, kind, origin = key
        first, last = ids[key]
        for n, payload in enumerate(_payloads(origin, gathered[key])):
            out.append((f"opsroom.to.{code}.{kind}", f"{first}..{last}>{code}:{n}", payload))
    return out


def _text(texts: dict[int, str], i: int, change: dict[str, Any]) -> str:
    if i not in texts:
        texts[i] = json.dumps(change, ensure_ascii=False)
    return texts[i]


def _payloads(origin: str, texts: list[str]) -> Iterable[bytes]:
    part: list[str] = []
    size = 0
    for text in texts:
        if part and size + len(text) > MESSAGE_BYTES:
            yield _payload(origin, part)
            part, size = [], 0
        part.append(text)
        size += len(text) + 1
    if part:
        yield _payload(origin, part)


def _payload(origin: str, texts: list[str]) -> bytes:
    return (f'{{"site":{json.dumps(origin)},"changes":[' + ",".join(texts) + "]}").encode()
