"""Signed bundles: sync on a USB stick when there is no network at all.

Layout (one file)::

    OPSROOM-BUNDLE/1\\n
    <header: one line of JSON>\\n
    <Ed25519 signature of the header line, base64>\\n
    <body: gzip of one JSON change per line>

The header names the site, the clock range, the number of changes and the body's SHA-256,
so the signature covers the body too. A bundle is refused, changing nothing, when it is not
a bundle, when its site is unknown here, when the signature fails (tampered) or when the
body does not match (truncated or damaged). Importing the same bundle twice changes nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from opsroom.accounts.models import Agency
from opsroom.core import keys
from opsroom.core.clock import now
from opsroom.core.errors import InvalidInput
from opsroom.sync import hlc, registry
from opsroom.sync.capture import to_json
from opsroom.sync.digest import scoped_rows
from opsroom.sync.merge import canonical, clock_of
from opsroom.sync.models import Site

MAGIC = b"OPSROOM-BUNDLE/1"


class BundleError(InvalidInput):
    """A bundle that cannot be imported: the message says why; nothing was changed."""


def parse_since(text: str) -> int:
    """A cursor (the clock an earlier export printed) or a time (ISO 8601)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput("--since is a cursor (digits) or a time such as "
                           "2026-11-20T08:00+02:00", field="since") from None
    if moment.tzinfo is None:
        raise InvalidInput("--since needs a time zone offset, such as +02:00", field="since")
    return hlc.from_datetime(moment)


def snapshot_changes(since: int, agency_id: str | None, role: str | None = None
                     ) -> Iterator[dict[str, Any]]:
    """Every replicated row changed after ``since`` that a site of ``agency_id`` (and
    ``role``) may know, as changes (a row's full state with its clocks is a change)."""
    site = settings.SITE_CODE
    for kind in registry.kinds():
        names = registry.attnames(kind)
        extra = list(kind.owners)
        kinds_audience = None if kind.agency_kinds is None else [
            str(a) for a in Agency.objects.filter(kind__in=kind.agency_kinds).values_list(
                "id", flat=True)]
        rows = scoped_rows(kind, agency_id, role).filter(hlc__gt=since).order_by("hlc")
        for row in rows.values_list(*names, "clocks", "hlc", *extra).iterator(chunk_size=2000):
            fields = {n: to_json(v) for n, v in zip(names, row, strict=False)}
            clocks = row[len(names)] or {}
            clock = row[len(names) + 1]
            owners = row[len(names) + 2:]
            audience = kinds_audience if kind.agency_kinds is not None else (
                [str(o) for o in owners if o] if extra else None)
            newest_site = max((clock_of(clocks, f) for f in clocks), default=(0, site))[1]
            yield {"c": f"{newest_site}:{kind.name}:{fields['id']}:{clock}", "k": kind.name,
                   "id": fields["id"], "s": newest_site or site, "h": clock, "a": audience,
                   "f": fields, "cl": canonical(clocks)}


@dataclass
class ExportResult:
    path: Path
    changes: int
    until: int


def export_bundle(out: Path, since: int, for_site: str | None = None) -> ExportResult:
    agency_id: str | None = None
    role: str | None = None
    if for_site:
        target = Site.objects.filter(code=for_site).first()
        if target is None:
            raise InvalidInput(f"no known site '{for_site}'", field="for")
        agency_id = None if target.receives_all else str(target.agency_id)
        role = None if target.receives_all else target.role
    lines = []
    until = since
    for change in snapshot_changes(since, agency_id, role):
        lines.append(json.dumps(change, ensure_ascii=False, separators=(",", ":")))
        until = max(until, int(change["h"]))
    body = gzip.compress(("\n".join(lines)).encode(), mtime=0)
    header = json.dumps({
        "site": settings.SITE_CODE, "created": now().isoformat(), "since": since,
        "until": until, "changes": len(lines), "for": for_site,
        "body_sha256": hashlib.sha256(body).hexdigest(),
    }, sort_keys=True).encode()
    signature = keys.sign(MAGIC + b"\n" + header).encode()
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(MAGIC + b"\n" + header + b"\n" + signature + b"\n" + body)
    tmp.replace(out)  # never a half-written bundle under the real name
    return ExportResult(out, len(lines), until)


def read_bundle(data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    parts = data.split(b"\n", 3)
    if len(parts) < 4 or parts[0] != MAGIC:
        raise BundleError("not an opsroom bundle (or cut short before its body)",
                          field="bundle")
    _, header_line, signature, body = parts
    try:
        header = json.loads(header_line)
        site_code = str(header["site"])
        expected = str(header["body_sha256"])
        count = int(header["changes"])
    except (ValueError, KeyError, TypeError):
        raise BundleError("the bundle's header is damaged", field="bundle") from None
    site = Site.objects.filter(code=site_code).first()
    if site is None or not site.public_key:
        raise BundleError(f"bundle from unknown site '{site_code}': add the site and its "
                          "public key first (opsroom sync site-add)", field="bundle")
    if not keys.verify(site.public_key, signature.decode(errors="replace"),
                       MAGIC + b"\n" + header_line):
        raise BundleError(f"the signature does not match site '{site_code}': the bundle "
                          "was altered or signed by another key", field="bundle")
    if hashlib.sha256(body).hexdigest() != expected:
        raise BundleError("the bundle's body does not match its signed header: it is "
                          "truncated or damaged", field="bundle")
    try:
        text = gzip.decompress(body).decode()
        changes = [json.loads(line) for line in text.split("\n") if line]
    except (OSError, EOFError, zlib.error, ValueError):
        raise BundleError("the bundle's body cannot be read", field="bundle") from None
    if len(changes) != count:
        raise BundleError(f"the bundle says {count} changes but holds {len(changes)}",
                          field="bundle")
    return header, changes
