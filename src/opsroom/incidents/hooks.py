"""Where other domains join an incident's life. Incidents calls these; it imports none of
the apps that register here (they sit above it: see docs/architecture.md).

Dispatch registers from its ``AppConfig.ready()``: it refuses "en route" for an incident
with no unit, frees the units of an incident that is closed, moves them when a duplicate
is merged, and adds the units to an incident's API form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from opsroom.accounts.models import User
from opsroom.incidents.models import Incident

# (actor, incident already locked by the action, target status)
StatusHook = Callable[[User | None, Incident, str], None]
# (actor, the duplicate, the incident it was merged into), both locked
MergeHook = Callable[[User | None, Incident, Incident], None]


@dataclass(frozen=True)
class Extension:
    """Fields another domain adds to an incident's API form and live events.

    ``prefetch`` readies a queryset of incidents so that ``fields`` costs no query per
    incident; ``defaults`` is what a brand-new incident has (nothing to read yet)."""

    defaults: Callable[[], dict[str, Any]]
    prefetch: Callable[[QuerySet[Incident]], QuerySet[Incident]]
    fields: Callable[[Incident], dict[str, Any]]


# (user, incident): is the user's own unit serving (or did it serve) this incident?
ServiceCheck = Callable[[User, Incident], bool]

_status_checks: list[StatusHook] = []
_service_checks: list[ServiceCheck] = []
_status_followers: list[StatusHook] = []
_merge_followers: list[MergeHook] = []
_extensions: list[Extension] = []


def _add(hooks: list[Any], hook: Any) -> None:
    if hook not in hooks:
        hooks.append(hook)


def on_status_requested(hook: StatusHook) -> None:
    """Before a user's status change is made: the hook may refuse it (raise Conflict)."""
    _add(_status_checks, hook)


def on_status_changed(hook: StatusHook) -> None:
    """After a user's status change, in the same transaction."""
    _add(_status_followers, hook)


def on_merged(hook: MergeHook) -> None:
    """After a duplicate is merged, in the same transaction."""
    _add(_merge_followers, hook)


def on_service_asked(check: ServiceCheck) -> None:
    """Whether a user's unit was sent to an incident (a field unit may note only those)."""
    _add(_service_checks, check)


def serves(user: User, incident: Incident) -> bool:
    return any(check(user, incident) for check in _service_checks)


def add_extension(extension: Extension) -> None:
    _add(_extensions, extension)


def check_status(actor: User | None, incident: Incident, target: str) -> None:
    for hook in _status_checks:
        hook(actor, incident, target)


def status_changed(actor: User | None, incident: Incident, target: str) -> None:
    for hook in _status_followers:
        hook(actor, incident, target)


def merged(actor: User | None, duplicate: Incident, into: Incident) -> None:
    for hook in _merge_followers:
        hook(actor, duplicate, into)


def extensions() -> tuple[Extension, ...]:
    return tuple(_extensions)
