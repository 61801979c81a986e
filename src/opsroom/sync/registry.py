"""Which tables replicate, under which kind name, to whom, and in what order they apply.

``name`` is the subject token a change travels under (``opsroom.chg.<site>.<kind>``).
``audience`` names the agencies that need to know a row; ``None`` means every site
(reference data such as agencies, users and units, which other records point to).
Fields in ``local_fields`` never leave the site: password hashes and second-factor secrets
stay where the user enrolled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models

Audience = Callable[[Any], list[str] | None]


def _everyone(_row: Any) -> list[str] | None:
    return None


def _owner(row: Any) -> list[str] | None:
    return [str(row.owner_agency_id)]


def _incident_owner(row: Any) -> list[str] | None:
    return [str(row.incident.owner_agency_id)]


def _unit_agency(row: Any) -> list[str] | None:
    return [str(row.unit.agency_id)]


@dataclass(frozen=True)
class Kind:
    name: str
    model_label: str
    audience: Audience = _everyone
    local_fields: frozenset[str] = field(default_factory=frozenset)
    # The lookup from this table to the owning agency (None: every site has every row).
    scope: str | None = None

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def fields(self) -> list[models.Field[Any, Any]]:
        """The replicated columns (by attname), without the clock columns."""
        return _fields(self)


USER_LOCAL = frozenset({"password", "last_login", "is_superuser", "is_staff", "totp_secret",
                        "totp_confirmed_at", "totp_last_step"})

# Apply order: referenced tables first, so a batch's rows find their parents.
KINDS: tuple[Kind, ...] = (
    Kind("agency", "accounts.Agency"),
    Kind("user", "accounts.User", local_fields=USER_LOCAL),
    Kind("unit", "dispatch.Unit"),
    Kind("incident", "incidents.Incident", _owner, scope="owner_agency_id"),
    Kind("incident_event", "incidents.IncidentEvent", _incident_owner,
         scope="incident__owner_agency_id"),
    Kind("assignment", "dispatch.Assignment", _incident_owner,
         scope="incident__owner_agency_id"),
    Kind("unit_event", "dispatch.UnitEvent", _unit_agency, scope="unit__agency_id"),
    Kind("closure", "roads.RoadClosure"),
    Kind("audit_anchor", "audit.AuditAnchor"),
)
BY_NAME = {kind.name: kind for kind in KINDS}


@cache
def _by_model() -> dict[type[models.Model], Kind]:
    return {kind.model: kind for kind in KINDS}


def kind_of(model: type[Any]) -> Kind | None:
    return _by_model().get(model)


@cache
def _fields(kind: Kind) -> list[models.Field[Any, Any]]:
    skip = {"hlc", "clocks", *kind.local_fields}
    return [f for f in kind.model._meta.concrete_fields if f.attname not in skip
            and f.name not in skip]


def fields_of(kind: Kind) -> list[models.Field[Any, Any]]:
    return _fields(kind)


@cache
def attnames(kind: Kind) -> tuple[str, ...]:
    return tuple(f.attname for f in _fields(kind))


@cache
def name_to_attname(kind: Kind) -> dict[str, str]:
    names = {f.name: f.attname for f in kind.model._meta.concrete_fields}
    names.update({f.attname: f.attname for f in kind.model._meta.concrete_fields})
    return names
