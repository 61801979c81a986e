"""Settling what a partition left: a refused change beside the record it clashed with.

Sites cut off from each other keep writing; when the links return, a change that a unique
column or a unique constraint of its table refuses (the same call sign made at two sites,
the same unit sent at two) is kept as a ``RejectedChange``. Here, for any replicated kind:
which row here it clashes with (found from the model's own unique fields and
``UniqueConstraint``s, their conditions included), both described in plain words, and the
decisions a supervisor may take (opsroom.sync.actions.do_settle_refused carries them out).

Sync knows no domain: how a row is set aside while kept comes from its kind's
``set_aside`` hook (opsroom.core.replication); a kind without one may only keep both,
and only where the clash is on a text column that can be renamed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import (
    CharField,
    Field,
    Model,
    Q,
    TextField,
    UniqueConstraint,
    Value,
)
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from opsroom.core.clock import to_city_time
from opsroom.sync import capture, hlc, registry
from opsroom.sync.merge import merge
from opsroom.sync.models import RejectedChange, SettleDecision

Change = dict[str, Any]

# Columns every replicated row has, which say nothing to a supervisor about the clash.
_PLUMBING = frozenset({"id", "version", "origin_site", "created_at", "updated_at"})


@dataclass
class Clash:
    """The row here that a change clashes with, and on which columns."""

    kind: registry.Kind
    fields: list[Field[Any, Any]]
    existing: Model
    # Columns of the constraint's condition (an assignment clashes only while active).
    condition_fields: list[str] = field(default_factory=list)

    @property
    def text_field(self) -> CharField[Any, Any] | TextField[Any, Any] | None:
        """The clashing column that may be renamed to keep both, if one is plain text."""
        for f in self.fields:
            if isinstance(f, CharField | TextField) and not f.choices and not f.is_relation:
                return f
        return None


def change_of(row: RejectedChange) -> Change | None:
    """The refused change, if it is one of a replicated kind (not a damaged message)."""
    try:
        change = json.loads(row.body)
    except ValueError:
        return None
    if not isinstance(change, dict) or change.get("k") not in registry.by_name():
        return None
    if not isinstance(change.get("f"), dict) or not isinstance(change.get("cl"), dict):
        return None
    if not isinstance(change.get("id"), str):
        return None
    return change


def would_be(kind: registry.Kind, change: Change) -> dict[str, Any]:
    """The row the change would make here (merged with this site's copy, if any), as the
    model's Python values by column."""
    model = kind.model
    names = registry.attnames(kind)
    pk = model._meta.pk
    assert pk is not None
    values: dict[str, Any] = change["f"]
    row = model._default_manager.filter(pk=pk.to_python(change["id"])).values(
        *names, "clocks").first()
    if row is not None:
        local = {n: capture.to_json(row[n]) for n in names}
        values, _clocks, _changed = merge(names, local, row["clocks"] or {}, change["f"],
                                          change["cl"])
    out: dict[str, Any] = {}
    for f in registry.fields_of(kind):
        try:
            out[f.attname] = f.to_python(values.get(f.attname))
        except ValidationError:
            out[f.attname] = None
    return out


def _condition_fields(condition: Any) -> list[str]:
    names: list[str] = []
    for child in getattr(condition, "children", []):
        if isinstance(child, tuple):
            names.append(str(child[0]).split("__", 1)[0])
        else:
            names.extend(_condition_fields(child))
    return names


def _meets(model: type[Model], values: dict[str, Any], condition: Q) -> bool:
    """Whether a row of ``values`` (not in the table) meets a constraint's condition: the
    database answers, as Django's own constraint validation asks it."""
    against: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.attname in values:
            against[f.name] = against[f.attname] = Value(values[f.attname], output_field=f)
    return bool(Q(condition).check(against, using=router.db_for_read(model)))


def _unique_checks(kind: registry.Kind) -> list[tuple[list[Field[Any, Any]], Q | None]]:
    meta = kind.model._meta
    replicated = set(registry.attnames(kind))
    checks: list[tuple[list[Field[Any, Any]], Q | None]] = []
    for f in registry.fields_of(kind):
        if f.unique and not f.primary_key:
            checks.append(([f], None))
    for together in meta.unique_together:
        checks.append(([meta.get_field(n) for n in together], None))  # type: ignore[misc]
    for constraint in meta.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.fields \
                and not constraint.expressions:
            checks.append(([meta.get_field(n) for n in constraint.fields],  # type: ignore[misc]
                           constraint.condition))
    return [(fields, condition) for fields, condition in checks
            if all(f.attname in replicated for f in fields)]


def find_clash(kind: registry.Kind, change: Change) -> Clash | None:
    """The row here that the change would clash with on a unique column or constraint."""
    model = kind.model
    pk = model._meta.pk
    assert pk is not None
    values = would_be(kind, change)
    for fields, condition in _unique_checks(kind):
        lookup = {f.attname: values.get(f.attname) for f in fields}
        if any(v is None for v in lookup.values()):
            continue  # NULLs never clash
        if condition is not None and not _meets(model, values, condition):
            continue
        rows = model._default_manager.filter(**lookup).exclude(pk=pk.to_python(change["id"]))
        if condition is not None:
            rows = rows.filter(condition)
        existing = rows.first()
        if existing is not None:
            return Clash(kind, fields, existing,
                         _condition_fields(condition) if condition is not None else [])
    return None


def options(kind: registry.Kind, clash: Clash | None) -> list[str]:
    """The decisions offered for a clash: setting one side aside needs the kind's hook;
    keeping both needs a text column to rename (never for an assignment: a unit serves one
    incident at a time)."""
    if clash is None:
        return []
    offered = []
    if kind.set_aside is not None:
        offered += [SettleDecision.KEEP_EXISTING.value, SettleDecision.KEEP_REFUSED.value]
    if clash.text_field is not None:
        offered.append(SettleDecision.KEEP_BOTH.value)
    return offered


def rename_suggestion(clash: Clash | None, change: Change) -> str | None:
    """"<value>-<origin site>", within the column's length."""
    text = clash.text_field if clash else None
    if text is None:
        return None
    value = str(change["f"].get(text.attname) or "")
    suffix = f"-{change.get('s', '')}"
    limit = text.max_length or len(value) + len(suffix)
    return value[:max(0, limit - len(suffix))] + suffix


# ---- in plain words --------------------------------------------------------------------

def _shown(f: Field[Any, Any], value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if f.is_relation and f.related_model is not None:
        target = f.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return str(target) if target is not None else str(value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return to_city_time(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def _made(clocks: dict[str, Any], fallback_site: str, fallback_clock: int
          ) -> tuple[str, datetime | None]:
    created = clocks.get("*") if isinstance(clocks, dict) else None
    if isinstance(created, list) and len(created) == 2:
        return str(created[1]), hlc.to_datetime(int(created[0]))
    return fallback_site, hlc.to_datetime(fallback_clock) if fallback_clock else None


def _record(kind: registry.Kind, record_id: str, values: dict[str, Any], site: str,
            at: datetime | None, clash: Clash | None) -> dict[str, Any]:
    meta = kind.model._meta
    clashing = {f.attname for f in clash.fields} if clash else set()
    condition = set(clash.condition_fields) if clash else set()
    rows = []
    for f in registry.fields_of(kind):
        if f.name in _PLUMBING:
            continue
        value = values.get(f.attname)
        important = f.attname in clashing or f.name in condition
        if not important and value in (None, "", []):
            continue
        rows.append({"name": f.name, "label": str(f.verbose_name).capitalize()
                     if f.verbose_name else f.name,
                     "value": _shown(f, value), "clashes": f.attname in clashing})
    rows.sort(key=lambda r: not r["clashes"])
    return {"kind": kind.name, "record_id": record_id, "model": str(meta.verbose_name),
            "site": site, "here": site == settings.SITE_CODE, "made_at": at, "fields": rows}


def describe_change(kind: registry.Kind, change: Change, clash: Clash | None
                    ) -> dict[str, Any]:
    values = {}
    for f in registry.fields_of(kind):
        try:
            values[f.attname] = f.to_python(change["f"].get(f.attname))
        except ValidationError:
            values[f.attname] = change["f"].get(f.attname)
    site, at = _made(change["cl"], str(change.get("s", "")), int(change.get("h") or 0))
    return _record(kind, change["id"], values, site, at, clash)


def describe_existing(clash: Clash) -> dict[str, Any]:
    row = clash.existing
    values = {f.attname: getattr(row, f.attname) for f in registry.fields_of(clash.kind)}
    site, at = _made(getattr(row, "clocks", None) or {}, str(getattr(row, "origin_site", "")),
                     int(getattr(row, "hlc", 0) or 0))
    return _record(clash.kind, str(row.pk), values, site, at, clash)


def _summary(kind: registry.Kind, change: Change, clash: Clash) -> str:
    meta = kind.model._meta
    labels = [str(f.verbose_name) for f in clash.fields]
    values = [_shown(f, getattr(clash.existing, f.attname)) for f in clash.fields]
    existing_site, _at = _made(getattr(clash.existing, "clocks", None) or {},
                               str(getattr(clash.existing, "origin_site", "")), 0)
    return _("The %(model)s arriving from %(site)s has the same %(fields)s (%(values)s) as "
             "a %(model)s already here, made at %(here)s; one of them must give way.") % {
        "model": meta.verbose_name, "site": change.get("s", ""),
        "fields": pgettext("list separator", ", ").join(labels),
        "values": pgettext("list separator", ", ").join(values),
        "here": existing_site}


def describe(row: RejectedChange) -> dict[str, Any]:
    """A refused change as a supervisor reads it: both records, what clashes, and the
    decisions offered (the shape of GET /api/v1/sync/refused)."""
    change = change_of(row)
    kind = registry.by_name().get(row.kind) if change else None
    clash = find_clash(kind, change) if kind and change and row.settled_at is None else None
    out: dict[str, Any] = {
        "id": row.id, "kind": row.kind, "record_id": row.record_id,
        "origin_site": row.origin_site, "received_at": row.received_at, "error": row.error,
        "arriving": describe_change(kind, change, clash) if kind and change else None,
        "clash": None, "options": [], "rename_suggestion": None, "rename_field": None,
        "settled_at": row.settled_at,
        "settled_by": row.settled_by.username if row.settled_by else None,
        "decision": row.decision, "reason": row.reason, "settled_with": row.settled_with,
    }
    if kind and change and clash:
        out["clash"] = {"fields": [f.name for f in clash.fields],
                        "labels": [str(f.verbose_name) for f in clash.fields],
                        "summary": _summary(kind, change, clash),
                        "existing": describe_existing(clash)}
        out["options"] = options(kind, clash)
        out["rename_suggestion"] = rename_suggestion(clash, change)
        out["rename_field"] = clash.text_field.name if clash.text_field else None
    return out
