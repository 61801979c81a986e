"""Permissioned fetches of road closures. A closure belongs to the agency that made it,
but every agency sees every closure (a closed road changes everyone's routes); only the
agency that made one may end it."""

from __future__ import annotations

from django.db.models import QuerySet

from opsroom.accounts.models import User
from opsroom.accounts.roles import Cap
from opsroom.core.access import as_uuid, require
from opsroom.core.errors import NotFound
from opsroom.roads.models import RoadClosure


def visible_closures(user: User) -> QuerySet[RoadClosure]:
    require(user, Cap.UNIT_READ)
    return RoadClosure.objects.select_related("agency")


def access_closure(user: User, closure_id: object, write: bool = False) -> RoadClosure:
    """One closure; with ``write`` (ending it), only a dispatcher of the agency that made it
    (another agency's closure answers 404 as if it did not exist)."""
    if write:
        require(user, Cap.DISPATCH)
        closures = RoadClosure.objects.select_related("agency")
        closures = (closures.filter(agency_id=user.agency_id) if user.agency_id
                    else closures.none())
    else:
        closures = visible_closures(user)
    closure = closures.filter(id=as_uuid(closure_id)).first()
    if closure is None:
        raise NotFound("no such closure")
    return closure
