"""Who may settle what a partition left (opsroom.sync.settling).

A refused change may be any agency's record (a unit of a station, an assignment of the
room's incident), and settling it changes that record at every site: so it is the
operations room's supervisors who decide (Cap.SITES_SETTLE), not a station's.
"""

from __future__ import annotations

from opsroom.accounts.models import AgencyKind, User
from opsroom.accounts.roles import Cap
from opsroom.core.access import require
from opsroom.core.errors import Forbidden


def access_settle(user: User) -> None:
    """Forbidden unless ``user`` may read and settle the refused changes."""
    require(user, Cap.SITES_SETTLE)
    agency = user.agency
    if agency is None or agency.kind != AgencyKind.OPERATIONS_ROOM:
        raise Forbidden("the operations room's supervisors settle what a partition left")


def can_settle(user: User) -> bool:
    try:
        access_settle(user)
    except Forbidden:
        return False
    return True
