"""Which live events a user receives.

Each domain registers, from its ``AppConfig.ready()``, a rule for the kinds of event it
publishes (``"incident"``, ``"unit"``, ...). A rule looks at the user once, when a stream
opens, and answers either None (this user receives no event of the kind) or a test of the
event's owning agency. The stream then decides each event with one dictionary lookup and
that test: two hundred open consoles cost no query per event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from opsroom.core.errors import Forbidden

AgencyTest = Callable[[str | None], bool]
StreamRule = Callable[[Any], AgencyTest | None]

_rules: dict[str, StreamRule] = {}


def register_stream_rule(kind: str, rule: StreamRule) -> None:
    """``rule(user)`` says whether (and for which owning agencies) ``user`` receives events
    of ``kind``. One rule per kind: a second registration is a programming error."""
    if kind in _rules and _rules[kind] is not rule:
        raise ValueError(f"a stream rule for {kind!r} is already registered")
    _rules[kind] = rule


def stream_kinds() -> tuple[str, ...]:
    return tuple(_rules)


def every_agency(_agency_id: str | None) -> bool:
    """For events that belong to no agency, or that every agency must see."""
    return True


def stream_filter(user: Any) -> Callable[[str, str | None], bool]:
    """Whether ``user`` may receive a live event of ``kind`` owned by ``agency_id``,
    decided once per stream by the registered rules."""
    tests = {kind: test for kind, rule in _rules.items() if (test := rule(user)) is not None}

    def allowed(kind: str, agency_id: str | None) -> bool:
        test = tests.get(kind)
        return test is not None and test(agency_id)

    return allowed


def require_stream(user: Any) -> None:
    """A live stream is for users who may receive at least one kind of event."""
    if not any(rule(user) is not None for rule in _rules.values()):
        raise Forbidden("your role receives no live changes")
