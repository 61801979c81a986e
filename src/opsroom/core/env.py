"""Typed readers for OPSROOM_* environment variables, with errors that name the variable."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from None
    if not value > 0:
        raise ImproperlyConfigured(f"{name} must be more than 0")
    return value


def parse_hours(name: str, known: set[str]) -> dict[str, float]:
    """``key=hours,key=hours`` for the keys in ``known`` (the others keep their defaults)."""
    values: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in os.environ.get(name, "").split(","))):
        key, _, raw = part.partition("=")
        key = key.strip()
        if key not in known:
            raise ImproperlyConfigured(
                f"{name}: unknown {key!r}; known: {', '.join(sorted(known))}")
        try:
            hours = float(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {key} needs a number of hours") from None
        if not hours > 0:
            raise ImproperlyConfigured(f"{name}: {key} must be more than 0 hours")
        values[key] = hours
    return values


def parse_targets(name: str, default: str) -> dict[int, int]:
    """``priority:seconds,...`` (priorities 1 to 4, each a whole number of seconds > 0)."""
    raw = os.environ.get(name) or default
    targets: dict[int, int] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        key, _, value = part.partition(":")
        try:
            priority, seconds = int(key), int(value)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {part!r} is not priority:seconds") from None
        if priority not in (1, 2, 3, 4) or seconds <= 0:
            raise ImproperlyConfigured(
                f"{name}: {part!r} needs a priority of 1 to 4 and seconds above 0")
        targets[priority] = seconds
    return targets
