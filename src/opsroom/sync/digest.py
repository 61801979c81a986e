"""Digests of the replicated tables, as a site should hold them: how tests and the benchmark
prove that every site converged (same rows, same values, same clocks)."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from opsroom.accounts.models import Agency
from opsroom.sync import registry
from opsroom.sync.capture import to_json


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | uuid.UUID | Decimal):
        return to_json(value)
    raise TypeError(f"cannot digest {type(value).__name__}")


def scoped_rows(kind: registry.Kind, agency_id: str | None,
                role: str | None = None) -> QuerySet[Any]:
    """The rows of ``kind`` a site of ``agency_id`` (and ``role``) needs (None: every row,
    for the hub)."""
    rows = kind.model._default_manager.all()
    if agency_id is None:
        return rows
    if role is not None and kind.site_roles is not None and role not in kind.site_roles:
        return rows.none()
    if kind.agency_kinds is not None:
        kind_of_site = Agency.objects.filter(id=agency_id).values_list("kind", flat=True).first()
        return rows if kind_of_site in kind.agency_kinds else rows.none()
    if kind.owners:
        match = Q()
        for lookup in kind.owners:
            match |= Q(**{lookup: agency_id})
        rows = rows.filter(match)
    return rows


def table_digest(kind: registry.Kind, agency_id: str | None = None,
                 role: str | None = None) -> tuple[int, str]:
    names = registry.attnames(kind)
    digest = hashlib.sha256()
    count = 0
    # Clocks are stored in their canonical form (capture and merge both write it), and
    # sort_keys orders them; UUIDs and times are written the way changes carry them.
    encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                              default=_plain).encode
    rows = scoped_rows(kind, agency_id, role).order_by("pk").values_list(*names, "clocks")
    for row in rows.iterator(chunk_size=5000):
        digest.update(encode(row).encode())
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def site_digest(agency_id: str | None = None, role: str | None = None
                ) -> dict[str, dict[str, Any]]:
    out = {}
    for kind in registry.kinds():
        count, sha = table_digest(kind, agency_id, role)
        out[kind.name] = {"rows": count, "sha256": sha}
    return out
