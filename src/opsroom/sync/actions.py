"""Every write of the sync app: applying remote changes, relaying them, known sites."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import ForeignKey, Model

from opsroom.accounts.models import Agency
from opsroom.audit.actions import do_audit
from opsroom.core import replication
from opsroom.core.bus import Ref, publish_record
from opsroom.core.clock import now
from opsroom.core.errors import Conflict, InvalidInput, NotFound
from opsroom.core.ids import uuid7
from opsroom.core.keys import check_public_key
from opsroom.core.text import check_text
from opsroom.sync import capture, columns, hlc, registry, settling
from opsroom.sync.access import access_settle
from opsroom.sync.bundles import BundleError, read_bundle
from opsroom.sync.merge import canonical, merge, merge_changes, newest
from opsroom.sync.models import (
    ImportedBundle,
    OutboxEntry,
    PendingChange,
    RejectedChange,
    SettleDecision,
    Site,
    SiteRole,
    SiteState,
    SyncCursor,
)
from opsroom.sync.queries import site_health

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
        for site, count in other.by_site.items():
            self.by_site[site] = self.by_site.get(site, 0) + count


Change = dict[str, Any]


def _fold(changes: Iterable[Change]) -> dict[str, dict[str, Change]]:
    """One merged change per record: several changes to a row in one batch become one."""
    folded: dict[str, dict[str, Change]] = defaultdict(dict)
    for change in changes:
        kind = registry.by_name()[change["k"]]  # checked by _well_formed
        seen = folded[kind.name].get(change["id"])
        if seen is None:
            folded[kind.name][change["id"]] = change
            continue
        folded[kind.name][change["id"]] = merge_changes(registry.attnames(kind), seen, change)
    return folded


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
    for kind in registry.kinds():
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
                inserts.append(columns.db_values(kind, change["f"], canonical(change["cl"])))
                result.inserted += 1
            else:
                local = {n: capture.to_json(row[n]) for n in names}
                fields, clocks, changed = merge(names, local, row["clocks"] or {},
                                                change["f"], change["cl"])
                if not changed:
                    result.unchanged += 1
                    continue
                if kind.append_only:
                    differing = [n for n in names if fields[n] != local[n]]
                    if differing:
                        _refuse_rewrite(kind, change, differing)
                        result.rejected += 1
                    else:
                        result.unchanged += 1
                    continue
                updates.append([*columns.db_values(kind, fields, clocks), _db_pk(model, rid)])
                result.updated += 1
            touched.add((kind.name, rid))
            site = change.get("s", "")
            result.by_site[site] = result.by_site.get(site, 0) + 1
            hlc.observe(int(change["h"]))
        _write(kind, inserts, updates)
    return touched


def _refuse_rewrite(kind: registry.Kind, change: Change, fields: list[str]) -> None:
    """A row that never changes arrived changed: keep ours, set theirs aside, and put it
    on the audit record (an anchor rewritten at its site is evidence of tampering)."""
    reason = (f"{kind.name} rows never change once written; site {change.get('s')} sent "
              f"a different copy ({', '.join(fields)})")
    _reject(change, reason)
    do_audit(None, "sync.refused", kind.name, change["id"],
             detail={"site": change.get("s", ""), "fields": fields})


def _db_pk(model: type[Model], rid: str) -> Any:
    pk = model._meta.pk
    assert pk is not None
    return pk.get_db_prep_save(pk.to_python(rid), connection)


def _write(kind: registry.Kind, inserts: list[list[Any]], updates: list[list[Any]]) -> None:
    model = kind.model
    quote = connection.ops.quote_name
    replicated = [f.column for f in registry.fields_of(kind)] + ["hlc", "clocks"]
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if inserts:
            extra_columns, extra_values = columns.local_defaults(kind)
            all_columns = replicated + extra_columns
            marks = ", ".join(["%s"] * len(all_columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(map(quote, all_columns))}) VALUES ({marks})",
                [row + extra_values for row in inserts],
            )
        if updates:
            pk = model._meta.pk
            assert pk is not None
            sets = ", ".join(f"{quote(c)} = %s" for c in replicated)
            cursor.executemany(
                f"UPDATE {table} SET {sets} WHERE {quote(pk.column)} = %s", updates
            )


def _announce(touched: set[tuple[str, str]], folded: dict[str, dict[str, Change]]) -> None:
    """Tell this site's open consoles, through the usual change rows: each replicated kind
    says which live record a change is about (an incident's timeline event is about the
    incident), and each kind of live record has its announcer (opsroom.core.replication)."""
    live: dict[str, set[str]] = defaultdict(set)
    by_name = registry.by_name()
    for kind_name, rid in touched:
        about = by_name[kind_name].announce
        if about is not None and (target := about(folded[kind_name][rid]["f"], rid)):
            live[target[0]].add(target[1])
    reload = sum(len(ids) for ids in live.values()) > ANNOUNCE_LIMIT
    if reload:
        publish_record("sync", Ref("sync"), "reload", None,
                       {f"{kind}s": len(ids) for kind, ids in live.items()})
    for kind_name, ids in live.items():
        announce = replication.announcer(kind_name)
        if announce is not None and (not reload or replication.announces_always(kind_name)):
            announce(ids)


def _take_pending() -> list[Change]:
    rows = list(PendingChange.objects.all()[:5000])
    if rows:
        PendingChange.objects.filter(id__in=[r.id for r in rows]).delete()
    return [json.loads(r.body) for r in rows]


def do_apply_changes(changes: Sequence[Change], source: str = "nats",
                     relay: Sequence[Change] = ()) -> ApplyResult:
    """Merge remote changes into this site's tables: idempotent, all-or-nothing per call.

    ``relay`` changes are also queued in this site's outbox (changes that came on a USB
    stick and must travel on to the hub). A batch that a database constraint refuses is
    applied in halves, down to the changes refused, which are kept in RejectedChange, not
    dropped."""
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
    applied = _apply_halving(list(changes), source, relay)
    applied.received = 0
    result.add(applied)
    return result


def _apply_halving(changes: list[Change], source: str, relay: Sequence[Change]) -> ApplyResult:
    """Apply in one transaction; if a constraint refuses it, apply each half the same way,
    down to the change that is refused (kept in RejectedChange). A catch-up of thousands of
    changes with one clash in it costs a few more transactions, not thousands."""
    result = ApplyResult(received=len(changes))
    if relay:
        these = {id(c) for c in changes}
        relay = [c for c in relay if id(c) in these]
    try:
        with transaction.atomic():
            _apply_batch(changes, result, source, relay)
        return result
    except IntegrityError as error:
        if len(changes) == 1:
            _reject(changes[0], str(error))
            return ApplyResult(rejected=1)
    middle = len(changes) // 2
    result = _apply_halving(changes[:middle], source, relay)
    result.add(_apply_halving(changes[middle:], source, relay))
    return result


_SHAPE = {"c": str, "k": str, "id": str, "s": str, "h": int, "f": dict, "cl": dict}


def _well_formed(change: Any) -> bool:
    """A change's shape, checked before anything is written: a malformed one (a bug or a
    damaged message) is kept aside instead of stopping the site's sync for ever."""
    if not isinstance(change, dict):
        return False
    if any(not isinstance(change.get(key), kind) for key, kind in _SHAPE.items()):
        return False
    kind = registry.by_name().get(change["k"])
    if kind is None or change["f"].get("id") != change["id"]:
        return False
    return all(isinstance(c, list) and len(c) == 2 and isinstance(c[0], int)
               and isinstance(c[1], str) for c in change["cl"].values())


def _apply_batch(changes: list[Change], result: ApplyResult, source: str,
                 relay: Sequence[Change]) -> None:
    with capture.suspended():
        folded = _fold(changes)
        touched = _apply_folded(folded, result)
        if touched and PendingChange.objects.exists():
            touched |= _apply_pending(folded, result)
        if relay:
            _relay(relay)
        if touched:
            _announce(touched, folded)
        _count_applied(result)
    do_audit(None, "sync.apply", "site", source, detail={
        "received": result.received, "inserted": result.inserted, "updated": result.updated,
        "pending": result.pending, "sites": result.by_site})


def _apply_pending(folded: dict[str, dict[str, Change]], result: ApplyResult
                   ) -> set[tuple[str, str]]:
    """The waiting changes whose parents may now be here, in a savepoint of their own: one
    that a constraint refuses is set aside alone, never failing the batch that woke it."""
    waiting = _take_pending()
    try:
        with transaction.atomic():
            attempt = ApplyResult()
            again = _fold(waiting)
            touched = _apply_folded(again, attempt)
    except IntegrityError:
        touched, attempt, again = set(), ApplyResult(), {}
        for change in waiting:
            one = ApplyResult()
            try:
                with transaction.atomic():
                    single = _fold([change])
                    touched |= _apply_folded(single, one)
            except IntegrityError as error:
                _reject(change, str(error))
                one = ApplyResult(rejected=1)
                single = {}
            attempt.add(one)
            for kind, recs in single.items():
                again.setdefault(kind, {}).update(recs)
    result.add(attempt)
    for kind, recs in again.items():
        folded.setdefault(kind, {}).update(recs)
    return touched


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
    if not code or len(code) > 32 or not code.replace("-", "").replace("_", "").isalnum():
        raise InvalidInput("a site code is letters, digits and '-' (up to 32)", field="code")
    if role not in SiteRole.values:
        raise InvalidInput(f"role must be one of {', '.join(SiteRole.values)}", field="role")
    agency = None
    if agency_code:
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None:
            raise InvalidInput(f"no agency '{agency_code}'", field="agency")
    values: dict[str, Any] = {
        "role": role, "agency": agency,
        "receives_all": role == SiteRole.HUB if receives_all is None else receives_all,
    }
    # Run again to change a site's role or agency, it keeps the key and name it has.
    if public_key:
        check_public_key(public_key)
        values["public_key"] = public_key
    if name:
        values["name"] = name
    site, _ = Site.objects.update_or_create(code=code, defaults=values)
    do_audit(None, "sync.site", "site", code, detail={"role": role, "agency": agency_code})
    return site


# ---- bundles (opsroom sync import) ------------------------------------------------------

@dataclass
class ImportResult:
    site: str
    changes: int
    already: bool
    applied: ApplyResult


def _keep_known(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A site keeps only what it needs to know, even from a bundle."""
    me = Site.objects.filter(code=settings.SITE_CODE).first()
    if me is None or me.receives_all:
        return changes
    return [c for c in changes if me.needs(c.get("a"), c.get("k"))]


def do_import_bundle(path: Path) -> ImportResult:
    """Verify a bundle and apply it, once and all or nothing (opsroom.sync.bundles says
    what is refused)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BundleError(f"cannot read {path}: {error.strerror}", field="bundle") from None
    header, changes = read_bundle(data)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        if ImportedBundle.objects.filter(digest=digest).exists():
            return ImportResult(header["site"], len(changes), True, ApplyResult())
        wanted = _keep_known(changes)
        # What came from the hub reaches every site over NATS anyway; the rest travels on.
        hubs = set(Site.objects.filter(role="hub").values_list("code", flat=True))
        relay = [c for c in wanted if c.get("s") not in hubs]
        applied = do_apply_changes(wanted, source=f"bundle:{header['site']}", relay=relay)
        ImportedBundle.objects.create(digest=digest, origin_site=header["site"],
                                      changes=len(changes), applied=applied.inserted
                                      + applied.updated)
    return ImportResult(header["site"], len(changes), False, applied)


# ---- the sync agent's writes (opsroom.sync.agent runs them on its database thread) ------

@transaction.atomic
def do_take_batch(limit: int | None = None, full_only: bool = False
                  ) -> tuple[int, list[tuple[str, str]]] | None:
    """The next batch to publish, as (number, [(kind, body)]): one numbered earlier and never
    acknowledged (the agent stopped half-way), else the next unsent entries under a new
    number (with ``full_only``, only once ``limit`` of them wait). The number is stored
    before publishing, so a batch keeps its message ids."""
    limit = limit or settings.SYNC_BATCH_CHANGES
    waiting = OutboxEntry.objects.filter(sent_at__isnull=True)
    number = waiting.filter(batch__isnull=False).order_by("seq").values_list(
        "batch", flat=True).first()
    if number is None:
        seqs = list(waiting.filter(batch__isnull=True).order_by("seq").values_list(
            "seq", flat=True)[:limit])
        if not seqs or (full_only and len(seqs) < limit):
            return None
        cursor, _ = SyncCursor.objects.select_for_update().get_or_create(name="batch")
        cursor.value += 1
        cursor.save(update_fields=["value"])
        number = cursor.value
        waiting.filter(seq__gte=seqs[0], seq__lte=seqs[-1], batch__isnull=True).update(
            batch=number)
    rows = list(OutboxEntry.objects.filter(batch=number).order_by("seq").values_list(
        "kind", "body"))
    return number, rows


def do_mark_sent(number: int) -> int:
    """JetStream acknowledged the whole batch."""
    return OutboxEntry.objects.filter(batch=number, sent_at__isnull=True).update(sent_at=now())


def do_apply_remote(changes: list[Change], source: str) -> ApplyResult:
    """Apply what other sites changed (never this site's own, echoed back) and note each
    origin's replication lag: how old its newest change was when it arrived."""
    mine = settings.SITE_CODE
    foreign = [c for c in changes if c.get("s") != mine]
    result = do_apply_changes(foreign, source=source)
    if (result.inserted or result.updated) and RejectedChange.objects.filter(
            settled_at__isnull=True).exists():
        do_retry_refused()  # a settlement made elsewhere may have arrived: clashes gone
    newest: dict[str, int] = {}
    for change in foreign:
        site = str(change.get("s", ""))
        newest[site] = max(newest.get(site, 0), int(change["h"]))
    moment = now()
    for site, clock in newest.items():
        lag = max(0.0, (moment - hlc.to_datetime(clock)).total_seconds())
        SiteState.objects.update_or_create(site=site, defaults={"lag_s": round(lag, 3)})
    return result


def do_note_contact(site: str, backlog: int | None = None) -> None:
    defaults: dict[str, Any] = {"last_contact": now()}
    if backlog is not None:
        defaults["backlog"] = backlog
    SiteState.objects.update_or_create(site=site, defaults=defaults)


def do_take_summary(rows: list[dict[str, Any]], hub: str) -> None:
    """The hub's view of every site, as a leaf hears it: contact with the hub is now."""
    me = settings.SITE_CODE
    do_note_contact(hub)
    for row in rows:
        if row.get("site") in (me, hub, "", None):
            continue
        last = row.get("last_contact")
        SiteState.objects.update_or_create(site=row["site"], defaults={
            "last_contact": datetime.fromisoformat(last) if last else None,
            "backlog": int(row.get("backlog") or 0), "lag_s": row.get("lag_s")})


def do_check_silence() -> list[str]:
    """Raise (once) an alert for each site gone silent, and clear it when it is back: a live
    event for the boards and an audit entry."""
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


def drop_sent_outbox(cutoff: datetime) -> int:
    """Retention: outbox entries JetStream acknowledged before ``cutoff``."""
    return OutboxEntry.objects.filter(sent_at__isnull=False, sent_at__lt=cutoff).delete()[0]


# ---- settling refused changes -----------------------------------------------------------
# A settlement is writes, never deletes: the arriving change, or this site's copy of the
# record it clashed with, is applied here in a changed form (set aside, or renamed) as a
# local change with fresh clocks, and relayed through this site's outbox like any other, so
# every site ends with the same rows. Other sites keep their own refused copy of the same
# clash: do_retry_refused settles those by themselves once the settlement arrives.

RETRY_LIMIT = 200


class _StillRefused(Exception):
    """Rolls a retry's savepoint back, with the RejectedChange a failed apply writes."""


def _as_local_change(kind: registry.Kind, base: Change, values: dict[str, Any]) -> Change:
    """``base`` with ``values`` changed, as if written here now: those fields get a fresh
    clock (later than every clock of the record's), the change a new id and this site."""
    clock = hlc.tick(max(int(base.get("h") or 0), newest(base.get("cl") or {})))
    site = settings.SITE_CODE
    names = registry.attnames(kind)
    fields = {**base["f"], **values}
    changed = set(values)
    if "version" in names:
        fields["version"] = int(fields.get("version") or 0) + 1
        changed.add("version")
    if "updated_at" in names:
        fields["updated_at"] = now().isoformat()
        changed.add("updated_at")
    clocks = dict(base["cl"])
    for name in changed:
        clocks[name] = [clock, site]
    return {**base, "c": str(uuid7()), "s": site, "h": clock, "f": fields, "cl": clocks}


def _apply_settled(change: Change) -> None:

    result = do_apply_changes([change], source="settle", relay=[change])
    if result.rejected:
        raise Conflict(f"the {change['k']} {change['id']} is still refused here: "
                       "another record clashes with it", field="decision")


def _checked_rename(clash: Any, rename_to: str | None) -> str:
    from django.core.exceptions import ValidationError


    text = (rename_to or "").strip()
    if not text:
        raise InvalidInput("give the new name that keeps both records apart",
                           field="rename_to")
    check_text(text, "rename_to")
    try:
        clash.text_field.run_validators(text)
    except ValidationError as error:
        raise InvalidInput("; ".join(error.messages), field="rename_to") from None
    return text


@transaction.atomic
def do_settle_refused(user: Any, refused_id: int, decision: str, reason: str,
                      rename_to: str | None = None) -> RejectedChange:
    """A supervisor's decision on a refused change: keep the record here and set the
    arriving one aside (``keep_existing``), the other way round (``keep_refused``), or keep
    both with the arriving one renamed (``keep_both``). Audited; it replicates."""
    access_settle(user)
    decisions = [SettleDecision.KEEP_EXISTING, SettleDecision.KEEP_REFUSED,
                 SettleDecision.KEEP_BOTH]
    if decision not in decisions:
        raise InvalidInput(f"decision must be one of {', '.join(decisions)}", field="decision")
    for name, given in (("reason", reason), ("rename_to", rename_to)):
        if given and "\x00" in given:  # a console form's; PostgreSQL cannot store one
            raise InvalidInput("NUL characters are not allowed", field=name)
    reason = check_text((reason or "").strip(), "reason", required=True)
    if len(reason) > 2000:
        raise InvalidInput("the reason is longer than 2000 characters", field="reason")
    row = (RejectedChange.objects.select_for_update().filter(id=refused_id).first()
           if 0 < refused_id < 2**63 else None)
    if row is None:
        raise NotFound("no such refused change")
    if row.settled_at is not None:
        raise Conflict(f"already settled ({row.decision})")
    change = settling.change_of(row)
    kind = registry.by_name().get(row.kind) if change else None
    clash = settling.find_clash(kind, change) if kind and change else None
    if kind is None or change is None or clash is None:
        raise InvalidInput("nothing to decide: no record here clashes with this change any "
                           "more (it is applied by itself)", field="decision")
    offered = settling.options(kind, clash)
    if decision not in offered:
        raise InvalidInput(f"for this change the decision is one of {', '.join(offered)}",
                           field="decision")
    existing_id = str(clash.existing.pk)
    detail: dict[str, Any] = {"decision": decision, "reason": reason, "kind": kind.name,
                              "refused": row.record_id, "existing": existing_id,
                              "site": row.origin_site}
    if decision == SettleDecision.KEEP_BOTH:
        text = clash.text_field
        assert text is not None
        new_name = _checked_rename(clash, rename_to)
        renamed = _as_local_change(kind, change, {text.attname: new_name})
        again = settling.find_clash(kind, renamed)
        if again is not None:
            raise InvalidInput(f"“{new_name}” is already the {text.verbose_name} of "
                               f"another {kind.model._meta.verbose_name}", field="rename_to")
        _apply_settled(renamed)
        detail["rename_to"] = new_name
    elif decision == SettleDecision.KEEP_EXISTING:
        assert kind.set_aside is not None
        aside = _as_local_change(kind, change, kind.set_aside(change["f"]))
        if settling.find_clash(kind, aside) is not None:
            raise Conflict("set aside, the arriving record still clashes with another",
                           field="decision")
        _apply_settled(aside)
    else:
        assert kind.set_aside is not None
        mine = capture.change_body(kind, clash.existing, "", settings.SITE_CODE)
        aside = _as_local_change(kind, mine, kind.set_aside(mine["f"]))
        if settling.find_clash(kind, aside) is not None:
            raise Conflict("set aside, the record here still clashes with another",
                           field="decision")
        _apply_settled(aside)
        if settling.find_clash(kind, change) is not None:
            raise Conflict("the arriving record also clashes with another record",
                           field="decision")
        # As sent: sites that never received it get it too (the rest ignore the copy).
        _apply_settled(change)
    row.settled_at = now()
    row.settled_by = user
    row.decision = decision
    row.reason = reason
    row.settled_with = existing_id
    row.save(update_fields=["settled_at", "settled_by", "decision", "reason",
                            "settled_with"])
    do_audit(user, "sync.settle", "refused", str(row.id), detail=detail)
    # Other refused copies here of what this settled (a redelivered message) now apply.
    do_retry_refused()
    return row


def do_retry_refused() -> int:
    """Retry each unsettled refused change (at most RETRY_LIMIT, oldest first, each in its
    own savepoint) and mark those that now apply as settled, ``applied``: the clash went
    away (a settlement made at another site arrived). Returns how many were settled."""
    retried = [k.name for k in registry.kinds() if not k.append_only]
    rows = list(RejectedChange.objects.filter(settled_at__isnull=True, kind__in=retried)
                .order_by("received_at", "id")[:RETRY_LIMIT])
    settled = 0
    for row in rows:
        change = settling.change_of(row)
        if change is None or not _well_formed(change):
            continue
        kind = registry.by_name()[change["k"]]
        if settling.find_clash(kind, change) is not None:
            continue  # still clashes: no need to try and fail
        try:
            with transaction.atomic():
                if do_apply_changes([change], source="retry").rejected:
                    raise _StillRefused
                RejectedChange.objects.filter(id=row.id).update(
                    settled_at=now(), decision=SettleDecision.APPLIED)
                do_audit(None, "sync.settle", "refused", str(row.id), detail={
                    "decision": SettleDecision.APPLIED.value, "kind": kind.name,
                    "refused": row.record_id, "site": row.origin_site})
        except _StillRefused:
            continue
        settled += 1
    return settled
