"""The replicated tables, as the apps registered them (opsroom.core.replication), in the
order changes apply: a table after every table it points to, so a batch's rows find their
parents. Sync imports no domain; everything it knows of one comes through here.

``name`` is the subject token a change travels under (``opsroom.chg.<site>.<kind>``).
``audience`` names the agencies that need to know a row; ``None`` means every site.
Fields in ``local_fields`` never leave the site.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from opsroom.core.replication import ReplicatedKind, registered_kinds

Kind = ReplicatedKind


@cache
def kinds() -> tuple[Kind, ...]:
    """Parents first (by the foreign keys between replicated tables), otherwise in the
    order the apps registered them."""
    registered = registered_kinds()
    by_model = {kind.model: kind for kind in registered}
    parents = {
        kind.name: {by_model[f.related_model].name for f in kind.model._meta.concrete_fields
                    if f.many_to_one and f.related_model in by_model
                    and f.related_model is not kind.model and f.attname not in kind.local_fields}
        for kind in registered
    }
    ordered: list[Kind] = []
    placed: set[str] = set()
    while len(ordered) < len(registered):
        ready = [k for k in registered if k.name not in placed and parents[k.name] <= placed]
        if not ready:
            left = sorted(k.name for k in registered if k.name not in placed)
            raise ImproperlyConfigured(f"replicated tables point to each other in a cycle: {left}")
        ordered.append(ready[0])
        placed.add(ready[0].name)
    return tuple(ordered)


@cache
def by_name() -> dict[str, Kind]:
    return {kind.name: kind for kind in kinds()}


@cache
def _by_model() -> dict[type[models.Model], Kind]:
    return {kind.model: kind for kind in kinds()}


def site_roles_of(name: str) -> frozenset[str] | None:
    """The roles of the sites that keep table ``name`` (None: every role, or unknown)."""
    kind = by_name().get(name)
    return kind.site_roles if kind else None


def kind_of(model: type[Any]) -> Kind | None:
    return _by_model().get(model)


@cache
def fields_of(kind: Kind) -> list[models.Field[Any, Any]]:
    """The replicated columns (by attname), without the clock columns."""
    skip = {"hlc", "clocks", *kind.local_fields}
    return [f for f in kind.model._meta.concrete_fields if f.attname not in skip
            and f.name not in skip]


@cache
def attnames(kind: Kind) -> tuple[str, ...]:
    return tuple(f.attname for f in fields_of(kind))


@cache
def name_to_attname(kind: Kind) -> dict[str, str]:
    names = {f.name: f.attname for f in kind.model._meta.concrete_fields}
    names.update({f.attname: f.attname for f in kind.model._meta.concrete_fields})
    return names
