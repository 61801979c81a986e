"""What replicates between sites, as each app declares it; opsroom.sync reads this.

Every app registers, from its ``AppConfig.ready()``, the tables of its own that travel
between sites (a ``ReplicatedKind``): under which name, to whom (need to know), which
columns stay home, and which live record a change is about once it arrives elsewhere.
Sync itself imports no domain: it learns the tables here, and it plugs its outbox capture
into every save of a replicated row through ``set_capture``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, cast

from django.apps import apps
from django.db import models

# The agencies that need to know a row (their ids as text); None means every site:
# reference data such as agencies, users and units, which other records point to.
Audience = Callable[[Any], list[str] | None]
# The live record a change is about, as (kind of live event, record id), so that open
# consoles on the site that applied it are told; None for changes no screen shows.
Announce = Callable[[dict[str, Any], str], tuple[str, str] | None]


F = TypeVar("F", bound=Callable[..., Any])


def everyone(_row: Any) -> list[str] | None:
    return None


@dataclass(frozen=True)
class ReplicatedKind:
    name: str  # the subject token a change travels under: opsroom.chg.<site>.<name>
    model_label: str  # "app_label.Model"
    audience: Audience = everyone
    # Columns that never leave the site (password hashes, second-factor secrets).
    local_fields: frozenset[str] = field(default_factory=frozenset)
    # The lookup from this table to its owning agency (None: every site has every row), and
    # further owners' lookups (an arrest belongs to the police and to the prosecution).
    scope: str | None = None
    also: tuple[str, ...] = ()
    # Rows that every agency of these kinds receives (a registry shared by the records and
    # judicial agencies), whatever row it is.
    agency_kinds: frozenset[str] | None = None
    # The roles of the sites that keep these rows ("hub", "directorate", "station",
    # "field_post"; None: every role): need to know by what a site is for, as well as by
    # whose it is (a checkpoint keeps the wanted list, not the person records).
    site_roles: frozenset[str] | None = None
    announce: Announce | None = None
    # Rows that never change once written (the audit chain's anchors): a site that receives
    # a different copy of one keeps its own and sets the other aside, as evidence.
    append_only: bool = False
    # How a row stops clashing with another while kept (opsroom.sync.settling): from a
    # change's fields, the values that set it aside (an assignment released, a unit renamed
    # and out of service). None: a supervisor may only keep both, renaming a text field.
    set_aside: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def owners(self) -> tuple[str, ...]:
        """Every lookup from a row to an agency that owns it."""
        return ((self.scope,) if self.scope else ()) + self.also


_kinds: dict[str, ReplicatedKind] = {}


def register_kinds(kinds: Iterable[ReplicatedKind]) -> None:
    for kind in kinds:
        known = _kinds.get(kind.name)
        if known is not None and known != kind:
            raise ValueError(f"the replicated kind {kind.name!r} is already registered")
        _kinds[kind.name] = kind


def registered_kinds() -> tuple[ReplicatedKind, ...]:
    """In registration order (the apps' order in INSTALLED_APPS)."""
    return tuple(_kinds.values())


# After remote changes are applied: tell this site's open screens, per kind of live event.
Announcer = Callable[[set[str]], None]
_announcers: dict[str, Announcer] = {}
_always: set[str] = set()


def register_announcer(kind: str, announcer: Announcer, always: bool = False) -> None:
    """``announcer(ids)`` publishes the live records of ``kind`` that remote changes
    touched (opsroom.sync calls it inside the transaction that applied them). When one
    apply touches too many live records, consoles get a single "reload" instead, and only
    the ``always`` announcers still run: those that keep a record (an audit entry) rather
    than tell screens."""
    _announcers[kind] = announcer
    if always:
        _always.add(kind)
    else:
        _always.discard(kind)


def announcer(kind: str) -> Announcer | None:
    return _announcers.get(kind)


def announces_always(kind: str) -> bool:
    return kind in _always


class Capture(Protocol):
    """The outbox capture around each save of a replicated row (opsroom.sync.capture)."""

    def before_save(self, instance: Any, update_fields: Iterable[str] | None) -> Any: ...

    def after_save(self, instance: Any) -> None: ...

    def batch(self) -> AbstractContextManager[None]: ...


_capture: list[Capture] = []


def set_capture(capture: Capture) -> None:
    _capture[:] = [capture]


def current_capture() -> Capture | None:
    return _capture[0] if _capture else None


def batched_capture() -> AbstractContextManager[None]:
    """Inside an action's transaction: the sync outbox rows of every replicated save within
    are written together at the end (one statement, not one per row)."""
    capture = current_capture()
    return capture.batch() if capture is not None else nullcontext()


def batched(action: F) -> F:
    """An action (under its ``transaction.atomic``) whose replicated saves share one
    outbox write: see ``batched_capture``."""
    @functools.wraps(action)
    def run(*args: Any, **kwargs: Any) -> Any:
        with batched_capture():
            return action(*args, **kwargs)
    return cast(F, run)
