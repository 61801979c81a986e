"""Every write of the sync app: applying remote changes, relaying them, known sites."""

from __future__ import annotations

import functools
import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Field, ForeignKey, Model

from opsroom.audit.actions import do_audit
from opsroom.core.clock import now
from opsroom.core.errors import InvalidInput
from opsroom.sync import capture, hlc, registry
from opsroom.sync.merge import merge, newest
from opsroom.sync.models import (
    OutboxEntry,
    PendingChange,
    RejectedChange,
    Site,
    SiteRole,
    SiteState,
)

log = logging.getLogger(__name__)

# Beyond this many changed incidents and units in one apply, consoles get one "reload"
# event instead of one event per record (a site back from a long blackout).
ANNOUNCE_LIMIT = 300


@dataclass
class ApplyResult:
    received: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    pending: int = 0
    rejected: int = 0
    by_site: dict[str, int] = field(default_factory=dict)

    def add(self, other: ApplyResult) -> None:
        for name in ("received", "inserted", "updated", "unchanged", "pending", "rejected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


Change = dict[str, Any]


def _fold(changes: Iterable[Change]) -> dict[str, dict[str, Change]]:
    """One merged change per record: several changes to a row in one batch become one."""
    folded: dict[str, dict[str, Change]] = defaultdict(dict)
    for change in changes:
        kind = registry.BY_NAME.get(change.get("k", ""))
        if kind is None:
            raise InvalidInput(f"unknown kind of change: {change.get('k')!r}", field="k")
        seen = folded[kind.name].get(change["id"])
        if seen is None:
            folded[kind.name][change["id"]] = change
            continue
        fields, clocks, _ = merge(registry.attnames(kind), seen["f"], seen["cl"],
                                  change["f"], change["cl"])
        later = change if change["h"] > seen["h"] else seen
        folded[kind.name][change["id"]] = {**later, "f": fields, "cl": clocks,
                                           "h": max(change["h"], seen["h"])}
    return folded


def _db_values(kind: registry.Kind, fields: dict[str, Any], clocks: dict[str, Any]) -> list[Any]:
    values = [convert(fields.get(name)) for name, convert in _converters(kind, connection.vendor)]
    values.append(newest(clocks))
    values.append(json.dumps(clocks))
    return values


_PLAIN = frozenset({"CharField", "TextField", "SlugField", "EmailField", "IntegerField",
                    "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
                    "PositiveSmallIntegerField", "PositiveBigIntegerField", "FloatField",
                    "BooleanField"})


@functools.cache
def _converters(kind: registry.Kind, vendor: str) -> list[tuple[str, Callable[[Any], Any]]]:
    """JSON value → database parameter, per column: the same values Django's own field
    conversion gives, without its per-value overhead (applying is the hot path of sync)."""
    out: list[tuple[str, Callable[[Any], Any]]] = []
    for f in registry.fields_of(kind):
        internal = (f.target_field.get_internal_type() if isinstance(f, ForeignKey)
                    else f.get_internal_type())
        out.append((f.attname, _converter(f, internal, vendor)))
    return out


def _converter(f: Field[Any, Any], internal: str, vendor: str) -> Callable[[Any], Any]:
    if internal in _PLAIN:
        return lambda v: v
    if internal == "UUIDField":
        if vendor == "sqlite":  # Django keeps UUIDs as 32 hex digits there
            def hex_id(v: Any) -> Any:
                if v is None:
                    return None
                if isinstance(v, str) and len(v) == 36 and v.count("-") == 4:
                    return v.replace("-", "").lower()
                return uuid.UUID(str(v)).hex
            return hex_id
        return lambda v: None if v is None else uuid.UUID(str(v))
    if internal == "DateTimeField":
        def moment(v: Any) -> Any:
            if v is None:
                return None
            if vendor == "sqlite":  # naive UTC text, as Django writes it
                if isinstance(v, str) and v.endswith("+00:00") and v[10:11] == "T":
                    return v[:10] + " " + v[11:-6]
                value = datetime.fromisoformat(v) if isinstance(v, str) else v
                return str(value.astimezone(UTC).replace(tzinfo=None))
            return datetime.fromisoformat(v) if isinstance(v, str) else v
        return moment
    if internal == "JSONField":
        return lambda v: None if v is None else json.dumps(v)
    return lambda v: f.get_db_prep_save(f.to_python(v), connection)


def _missing_parents(kind: registry.Kind, changes: dict[str, Change],
                     batch: dict[str, dict[str, Change]]) -> dict[str, str]:
    """record id → why it must wait: a row it points to is neither here nor in the batch."""
    waiting: dict[str, str] = {}
    for f in registry.fields_of(kind):
        if not f.many_to_one:
            continue
        target: type[Model] = f.related_model  # type: ignore[assignment]
        wanted = {str(c["f"].get(f.attname)) for c in changes.values()
                  if c["f"].get(f.attname) is not None}
        if not wanted:
            continue
        target_kind = registry.kind_of(target)
        in_batch = set(batch.get(target_kind.name, {})) if target_kind else set()
        assert isinstance(f, ForeignKey)
        lookup = [f.target_field.to_python(v) for v in wanted - in_batch]
        present = {str(pk) for pk in target._default_manager.filter(
            pk__in=lookup).values_list("pk", flat=True)} if lookup else set()
        for rid, change in changes.items():
            value = change["f"].get(f.attname)
            if value is not None and str(value) not in present | in_batch:
                waiting[rid] = f"{f.name} {value} not here yet"
    return waiting


def _apply_folded(folded: dict[str, dict[str, Change]],
                  result: ApplyResult) -> set[tuple[str, str]]:
    touched: set[tuple[str, str]] = set()
    for kind in registry.KINDS:
        changes = folded.get(kind.name)
        if not changes:
            continue
        for rid, reason in _missing_parents(kind, changes, folded).items():
            change = changes.pop(rid)
            PendingChange.objects.create(kind=kind.name, record_id=rid,
                                         body=json.dumps(change), reason=reason)
            result.pending += 1
        model = kind.model
        names = registry.attnames(kind)
        pk = model._meta.pk
        assert pk is not None
        existing = {
            str(row[pk.attname]): row for row in model._default_manager.filter(
                pk__in=[pk.to_python(rid) for rid in changes]
            ).values(*names, "clocks")
        }
        inserts, updates = [], []
        for rid, change in changes.items():
            row = existing.get(rid)
            if row is None:
                inserts.append(_db_values(kind, change["f"], _merged_clocks(change["cl"])))
                result.inserted += 1
            else:
                local = {n: capture.to_json(row[n]) for n in names}
                fields, clocks, changed = merge(names, local, row["clocks"] or {},
                                                change["f"], change["cl"])
                if not changed:
                    result.unchanged += 1
                    continue
                updates.append([*_db_values(kind, fields, clocks), _db_pk(model, rid)])
                result.updated += 1
            touched.add((kind.name, rid))
            site = change.get("s", "")
            result.by_site[site] = result.by_site.get(site, 0) + 1
            hlc.observe(int(change["h"]))
        _write(kind, inserts, updates)
    return touched


def _merged_clocks(clocks: dict[str, Any]) -> dict[str, Any]:
    from opsroom.sync.merge import clock_of, normalise

    return normalise({f: clock_of(clocks, f) for f in clocks})


def _db_pk(model: type[Model], rid: str) -> Any:
    pk = model._meta.pk
    assert pk is not None
    return pk.get_db_prep_save(pk.to_python(rid), connection)


def _local_defaults(kind: registry.Kind) -> tuple[list[str], list[Any]]:
    """Columns that never travel get this site's defaults on insert: a user made elsewhere
    has no password here until one is set here."""
    columns, values = [], []
    for f in kind.model._meta.concrete_fields:
        if f.attname in kind.local_fields:
            columns.append(f.column)
            value = "!" if f.attname == "password" else f.get_default()
            values.append(f.get_db_prep_save(value, connection))
    return columns, values


def _write(kind: registry.Kind, inserts: list[list[Any]], updates: list[list[Any]]) -> None:
    model = kind.model
    quote = connection.ops.quote_name
    columns = [f.column for f in registry.fields_of(kind)] + ["hlc", "clocks"]
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if inserts:
            extra_columns, extra_values = _local_defaults(kind)
            all_columns = columns + extra_columns
            marks = ", ".join(["%s"] * len(all_columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(map(quote, all_columns))}) VALUES ({marks})",
                [row + extra_values for row in inserts],
            )
        if updates:
            pk = model._meta.pk
            assert pk is not None
            sets = ", ".join(f"{quote(c)} = %s" for c in columns)
            cursor.executemany(
                f"UPDATE {table} SET {sets} WHERE {quote(pk.column)} = %s", updates
            )


def _announce(touched: set[tuple[str, str]], folded: dict[str, dict[str, Change]]) -> None:
    """Tell this site's open consoles, through the usual change rows."""
    from opsroom.core.bus import Ref, publish_record
    from opsroom.dispatch.actions import publish_unit
    from opsroom.dispatch.models import Unit
    from opsroom.incidents.actions import publish
    from opsroom.incidents.models import Incident

    incidents: set[str] = set()
    units: set[str] = set()
    for kind, rid in touched:
        if kind == "incident":
            incidents.add(rid)
        elif kind in ("incident_event", "assignment"):
            incidents.add(str(folded[kind][rid]["f"]["incident_id"]))
        elif kind == "unit":
            units.add(rid)
    if len(incidents) + len(units) > ANNOUNCE_LIMIT:
        publish_record("sync", Ref("sync"), "reload", None,
                       {"incidents": len(incidents), "units": len(units)})
        return
    for incident in Incident.objects.filter(id__in=incidents).select_related("type", "district"):
        publish(incident, "synced")
    for unit in Unit.objects.filter(id__in=units).select_related("agency"):
        publish_unit(unit, "synced")


def _retry_pending(folded: dict[str, dict[str, Change]]) -> list[Change]:
    rows = list(PendingChange.objects.all()[:5000])
    if rows:
        PendingChange.objects.filter(id__in=[r.id for r in rows]).delete()
    return [json.loads(r.body) for r in rows]


def do_apply_changes(changes: Sequence[Change], source: str = "nats",
                     relay: Sequence[Change] = ()) -> ApplyResult:
    """Merge remote changes into this site's tables: idempotent, all-or-nothing per call.

    ``relay`` changes are also queued in this site's outbox (changes that came on a USB
    stick and must travel on to the hub). A batch that a database constraint refuses is
    applied change by change, and what still fails is kept in RejectedChange, not dropped."""
    result = ApplyResult(received=len(changes))
    good = [c for c in changes if _well_formed(c)]
    if len(good) != len(changes):
        for change in changes:
            if not _well_formed(change):
                _reject(change if isinstance(change, dict) else {"raw": repr(change)[:2000]},
                        "malformed change")
                result.rejected += 1
        changes = good
    if not changes:
        return result
    try:
        with transaction.atomic():
            _apply_batch(list(changes), result, source, relay)
    except IntegrityError:
        result = ApplyResult(received=len(changes))
        for change in changes:
            one = ApplyResult(received=1)
            try:
                with transaction.atomic():
                    _apply_batch([change], one, source,
                                 [change] if change in relay else [], retry=False)
            except IntegrityError as error:
                _reject(change, str(error))
                one.rejected = 1
            one.received = 0
            result.add(one)
    return result


_SHAPE = {"c": str, "k": str, "id": str, "s": str, "h": int, "f": dict, "cl": dict}


def _well_formed(change: Any) -> bool:
    """A change's shape, checked before anything is written: a malformed one (a bug or a
    damaged message) is kept aside instead of stopping the site's sync for ever."""
    if not isinstance(change, dict):
        return False
    if any(not isinstance(change.get(key), kind) for key, kind in _SHAPE.items()):
        return False
    kind = registry.BY_NAME.get(change["k"])
    if kind is None or change["f"].get("id") != change["id"]:
        return False
    return all(isinstance(c, list) and len(c) == 2 and isinstance(c[0], int)
               and isinstance(c[1], str) for c in change["cl"].values())


def _apply_batch(changes: list[Change], result: ApplyResult, source: str,
                 relay: Sequence[Change], retry: bool = True) -> None:
    with capture.suspended():
        folded = _fold(changes)
        touched = _apply_folded(folded, result)
        if retry and (touched and PendingChange.objects.exists()):
            again = _fold(_retry_pending(folded))
            touched |= _apply_folded(again, result)
            for kind, recs in again.items():
                folded.setdefault(kind, {}).update(recs)
        if relay:
            _relay(relay)
        if touched:
            _announce(touched, folded)
        _count_applied(result)
    do_audit(None, "sync.apply", "site", source, detail={
        "received": result.received, "inserted": result.inserted, "updated": result.updated,
        "pending": result.pending, "sites": result.by_site})


def _relay(changes: Iterable[Change]) -> None:
    OutboxEntry.objects.bulk_create([
        OutboxEntry(change_id=c["c"], origin_site=c.get("s", ""), kind=c["k"],
                    record_id=c["id"],
                    hlc=int(c["h"]), body=json.dumps(c, ensure_ascii=False))
        for c in changes
    ])


def _count_applied(result: ApplyResult) -> None:
    moment = now()
    for site, count in result.by_site.items():
        state, _ = SiteState.objects.get_or_create(site=site)
        state.applied += count
        state.last_contact = max(filter(None, [state.last_contact, moment]))
        state.save(update_fields=["applied", "last_contact"])


def _reject(change: Change, error: str) -> None:
    log.warning("sync: rejected %s %s: %s", change.get("k"), change.get("id"), error)
    RejectedChange.objects.create(kind=str(change.get("k", ""))[:32],
                                  record_id=str(change.get("id", ""))[:64],
                                  origin_site=str(change.get("s", ""))[:32],
                                  body=json.dumps(change), error=error[:2000])


@transaction.atomic
def do_add_site(code: str, role: str, agency_code: str | None, public_key: str = "",
                name: str = "", receives_all: bool | None = None) -> Site:
    from opsroom.accounts.models import Agency
    from opsroom.sync.keys import check_public_key

    if not code or len(code) > 32 or not code.replace("-", "").replace("_", "").isalnum():
        raise InvalidInput("a site code is letters, digits and '-' (up to 32)", field="code")
    if role not in SiteRole.values:
        raise InvalidInput(f"role must be one of {', '.join(SiteRole.values)}", field="role")
    agency = None
    if agency_code:
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None:
            raise InvalidInput(f"no agency '{agency_code}'", field="agency")
    if public_key:
        check_public_key(public_key)
    site, _ = Site.objects.update_or_create(code=code, defaults={
        "role": role, "agency": agency, "public_key": public_key, "name": name,
        "receives_all": role == SiteRole.HUB if receives_all is None else receives_all,
    })
    do_audit(None, "sync.site", "site", code, detail={"role": role, "agency": agency_code})
    return site
