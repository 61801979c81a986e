"""Agency ownership, the rule every domain's access functions share: a user reaches their
own agency's records, and oversight roles (the inspector) every agency's."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, QuerySet

from opsroom.accounts.roles import Cap
from opsroom.core.streams import AgencyTest, StreamRule, every_agency

if TYPE_CHECKING:  # apps.py files import this module before models may load
    from opsroom.accounts.models import User

M = TypeVar("M", bound=Model)


def sees_every_agency(user: User) -> bool:
    return bool(user.can(Cap.READ_ALL_AGENCIES))


def device_only(user: User) -> bool:
    """The request came with a device token (a unit's phone or tracker): it reaches only
    the unit it reports for, whatever its user's role."""
    scopes = getattr(user, "token_scopes", None)
    return scopes is not None and "device" in scopes and not scopes & {"read", "write"}


def owned_by_users_agency(user: User, records: QuerySet[M], field: str) -> QuerySet[M]:
    """``records`` narrowed to those whose ``field`` is the user's agency (all of them for
    oversight roles; none for a user with no agency)."""
    if sees_every_agency(user):
        return records
    if user.agency_id is None:
        return records.none()
    return records.filter(**{field: user.agency_id})


def agency_stream_rule(cap: str, *, shared: bool = False) -> StreamRule:
    """The live-event rule of records that an agency owns: users with ``cap`` receive their
    own agency's (every agency's for oversight roles, or for ``shared`` kinds such as road
    closures, which change everyone's routes)."""

    def rule(user: User) -> AgencyTest | None:
        if not user.can(cap):
            return None
        if shared or sees_every_agency(user):
            return every_agency
        own = str(user.agency_id) if user.agency_id else None

        def own_agency(agency_id: str | None) -> bool:
            return own is not None and agency_id == own

        return own_agency

    return rule
