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
    order."""
    messages: list[Message] = []
    for kind in registry.kinds():
        bodies = [body for name, body in rows if name == kind.name]
        messages += _pack(site, number, kind.name, bodies)
    return Batch(number, messages)


def decode(payload: bytes) -> tuple[str, list[dict[str, Any]]]:
    data = json.loads(payload)
    return str(data["site"]), list(data["changes"])


def route(changes: Iterable[dict[str, Any]], origin: str, sites: list[Site]
          ) -> dict[str, list[dict[str, Any]]]:
    """What each other site needs to know of a message's changes (never back to its origin)."""
    changes = list(changes)
    out: dict[str, list[dict[str, Any]]] = {}
    for site in sites:
        if site.code == origin:
            continue
        wanted = [c for c in changes
                  if site.needs(c.get("a"), c.get("k")) and c.get("s") != site.code]
        if wanted:
            out[site.code] = wanted
    return out
