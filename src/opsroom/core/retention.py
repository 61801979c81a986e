"""Retention: how long each kind of record is kept.

Each app registers the rules for its own records from its ``AppConfig.ready()`` (a kind,
its default number of days and the function that applies it); this module holds them and
reads OPSROOM_RETENTION_DAYS, e.g. ``caller_phone=60,change_events=3``, where kinds not
named keep their defaults. `opsroom retention run` applies the rules (and `opsroom serve`
does so daily; see opsroom.core.retention_actions).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class RetentionRule:
    kind: str
    default_days: int
    # Applies the rule to what is older than the cutoff; returns how many rows it changed.
    apply: Callable[[datetime], int]


@dataclass(frozen=True)
class RetentionResult:
    kind: str
    days: int
    affected: int


_rules: dict[str, RetentionRule] = {}
# Told of every rule that changed something (the audit app records each in the chain).
_observers: list[Callable[[RetentionResult], None]] = []


def register_retention(rule: RetentionRule) -> None:
    if rule.kind in _rules and _rules[rule.kind] != rule:
        raise ValueError(f"a retention rule for {rule.kind!r} is already registered")
    _rules[rule.kind] = rule


def retention_rules() -> tuple[RetentionRule, ...]:
    return tuple(_rules.values())


def observe_retention(observer: Callable[[RetentionResult], None]) -> None:
    if observer not in _observers:
        _observers.append(observer)


def retention_observers() -> tuple[Callable[[RetentionResult], None], ...]:
    return tuple(_observers)


def parse_retention_days(raw: str | None = None) -> dict[str, int]:
    """The kinds OPSROOM_RETENTION_DAYS names, with their days. Only the form is checked
    here (settings are read before any app has registered its rules); the kinds are
    checked against the rules by ``retention_days`` and at start-up."""
    raw = os.environ.get("OPSROOM_RETENTION_DAYS", "") if raw is None else raw
    days: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        kind, _, value = part.partition("=")
        kind = kind.strip()
        if not value.strip().isdigit() or int(value) < 1:
            raise ImproperlyConfigured(
                f"OPSROOM_RETENTION_DAYS: {kind} needs a whole number of days (at least 1)")
        days[kind] = int(value)
    return days


def retention_days(configured: dict[str, int] | str | None = None) -> dict[str, int]:
    """Every registered kind's days: the configured ones, else the rule's default."""
    if configured is None:
        configured = dict(settings.RETENTION_DAYS)
    elif isinstance(configured, str):
        configured = parse_retention_days(configured)
    unknown = sorted(set(configured) - set(_rules))
    if unknown:
        raise ImproperlyConfigured(
            f"OPSROOM_RETENTION_DAYS: unknown kind {unknown[0]!r}; known: {', '.join(_rules)}")
    return {kind: configured.get(kind, rule.default_days) for kind, rule in _rules.items()}
