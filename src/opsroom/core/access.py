"""The generic part of access control. Each domain keeps its own permissioned fetches
(``visible_*`` and ``access_*``) in its own ``access.py``; they are built from these.

Rules: a role's capabilities (opsroom.accounts.roles) say *what* a user may do; the
record's owning agency says *which* records. Another agency's record answers NotFound
exactly like a record that does not exist, so nothing leaks.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from opsroom.core.errors import Forbidden, NotFound


class HasCapabilities(Protocol):
    def can(self, cap: str) -> bool: ...


def require(user: HasCapabilities, cap: str) -> None:
    if not user.can(cap):
        raise Forbidden(f"your role may not do this ({cap})")


def as_uuid(value: object) -> uuid.UUID:
    """An id from a path or a form; anything that is not one is simply not found."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise NotFound("no such record") from None
