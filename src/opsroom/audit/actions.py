"""Appending to the audit chain. Called inside the transaction of the write it records, so a
rolled-back write leaves no entry and a committed one always has its entry."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Protocol

from django.db import transaction

from opsroom.audit.models import AuditEntry, AuditHead
from opsroom.core import context
from opsroom.core.retention import RetentionResult

GENESIS = "0" * 64


class Actor(Protocol):
    """Who acted: a user (opsroom.accounts sits above this app and passes its User)."""

    pk: Any
    username: str
    role: str

    @property
    def agency(self) -> Any: ...


class Inspector(Actor, Protocol):
    def can(self, cap: str) -> bool: ...


# What an entry's hash covers, by its hash_version. Version 2 covers every stored column
# (tests/audit/test_chain.py fails when a column is added and left out).
HASH_VERSION = 2


def _canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_digest(prev_hash: str, entry: AuditEntry) -> str:
    """The entry's hash: its content and the previous entry's hash."""
    if entry.hash_version == 1:  # the first form, kept for entries written with it
        payload: dict[str, Any] = {
            "at": entry.at.isoformat(), "actor": entry.actor_username,
            "agency": entry.agency_code, "role": entry.role, "action": entry.action,
            "object_kind": entry.object_kind, "object_id": entry.object_id,
            "purpose": entry.purpose, "client_addr": entry.client_addr,
            "detail": entry.detail,
        }
        return hashlib.sha256((prev_hash + _canonical(payload)).encode()).hexdigest()
    payload = {
        "v": entry.hash_version,
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": None if entry.actor_id is None else str(entry.actor_id),
        "actor": entry.actor_username,
        "agency": entry.agency_code,
        "role": entry.role,
        "action": entry.action,
        "object_kind": entry.object_kind,
        "object_id": entry.object_id,
        "purpose": entry.purpose,
        "client_addr": entry.client_addr,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }
    return hashlib.sha256((prev_hash + _canonical(payload)).encode()).hexdigest()


def do_audit(
    actor: Actor | None,
    action: str,
    object_kind: str,
    object_id: object = "",
    *,
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    # No savepoint: an audit entry is written inside its action's transaction and rolls back
    # with it; on its own (a read being audited) this is the whole transaction.
    with transaction.atomic(savepoint=False):
        head = AuditHead.objects.select_for_update().filter(id=1).first()
        if head is None:  # migration 0002 makes it; only a flushed database lacks it
            AuditHead.objects.get_or_create(id=1)
            head = AuditHead.objects.select_for_update().get(id=1)
        entry = AuditEntry(
            # Numbered under the head's lock, so the number is part of the hash and the
            # chain has no gaps (a rolled-back write takes its number back with it).
            seq=head.seq + 1,
            hash_version=HASH_VERSION,
            actor_id=actor.pk if actor else None,
            actor_username=actor.username if actor else "",
            agency_code=_agency_code(actor),
            role=actor.role if actor else "",
            action=action,
            object_kind=object_kind,
            object_id=str(object_id),
            purpose=purpose,
            client_addr=context.client_addr.get() or "",
            detail=json.loads(json.dumps(detail or {}, default=str)),
            prev_hash=head.entry_hash,
        )
        entry.entry_hash = entry_digest(head.entry_hash, entry)
        entry.save(force_insert=True)
        head.seq = entry.seq
        head.entry_hash = entry.entry_hash
        head.save(update_fields=["seq", "entry_hash"])
    return entry


def _agency_code(actor: Actor | None) -> str:
    agency = actor.agency if actor is not None else None
    return str(agency.code) if agency is not None else ""


def do_audit_retention(result: RetentionResult) -> None:
    """A retention rule changed rows: one entry with its count (never what was removed)."""
    do_audit(None, f"retention.{result.kind}", "retention", result.kind,
             detail={"days": result.days, "affected": result.affected})
