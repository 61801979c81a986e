"""Reads of the sync state: site health for the console and GET /api/v1/sites."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from opsroom.accounts.models import User
from opsroom.accounts.roles import Cap
from opsroom.core.access import require
from opsroom.core.clock import now
from opsroom.sync import settling
from opsroom.sync.access import access_settle, can_settle
from opsroom.sync.models import (
    OutboxEntry,
    PendingChange,
    RejectedChange,
    Site,
    SiteRole,
    SiteState,
)


def outbox_backlog() -> int:
    return OutboxEntry.objects.filter(sent_at__isnull=True).count()


def leaf_sites() -> list[Site]:
    """The sites the hub exchanges with: every known site but the hub itself."""
    return list(Site.objects.exclude(code=settings.SITE_CODE).exclude(role=SiteRole.HUB))


def heartbeat() -> dict[str, Any]:
    """What a site's agent reports of itself every few seconds."""
    state = SiteState.objects.filter(site=settings.SITE_CODE).first()
    return {"site": settings.SITE_CODE, "at": now().isoformat(), "backlog": outbox_backlog(),
            "applied": state.applied if state else 0}


def summary() -> list[dict[str, Any]]:
    """The hub's view of every site, sent to the leaves."""
    return [{"site": s.site, "last_contact": s.last_contact and s.last_contact.isoformat(),
             "backlog": s.backlog, "lag_s": s.lag_s, "applied": s.applied}
            for s in SiteState.objects.all()]


def silent_after() -> timedelta:
    return timedelta(minutes=settings.SYNC_SILENT_MINUTES)


@dataclass
class SiteHealth:
    code: str
    name: str
    role: str
    agency: str | None
    this_site: bool
    last_contact: datetime | None
    silent: bool
    backlog: int
    lag_s: float | None
    applied: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def site_health() -> list[SiteHealth]:
    """Every known site (and this one), with what this node last heard of it.

    For this site, ``backlog`` is the outbox not yet acknowledged by JetStream and
    ``last_contact`` the last time the sync agent reached NATS."""
    me = settings.SITE_CODE
    states = {s.site: s for s in SiteState.objects.all()}
    sites = {s.code: s for s in Site.objects.select_related("agency")}
    codes = sorted(set(sites) | {me} | {c for c in states if c})
    moment = now()
    out = []
    for code in codes:
        site, state = sites.get(code), states.get(code)
        last = state.last_contact if state else None
        backlog = outbox_backlog() if code == me else (state.backlog if state else 0)
        configured = bool(settings.NATS_URL) or code != me
        out.append(SiteHealth(
            code=code,
            name=site.name if site else "",
            role=site.role if site else "",
            agency=site.agency.code if site and site.agency else None,
            this_site=code == me,
            last_contact=last,
            silent=configured and (last is None or moment - last > silent_after()),
            backlog=backlog,
            lag_s=state.lag_s if state else None,
            applied=state.applied if state else 0,
        ))
    return out


def visible_site_health(user: User) -> list[SiteHealth]:
    require(user, Cap.SITES_READ)
    return site_health()


def silent_sites(user: User) -> list[SiteHealth]:
    return [s for s in visible_site_health(user) if s.silent and not s.this_site]


def problem_counts() -> dict[str, int]:
    """What waits: changes for a record not here yet, and refused ones not yet settled."""
    return {"pending": PendingChange.objects.count(),
            "rejected": RejectedChange.objects.filter(settled_at__isnull=True).count()}


# A page of refused changes: each is described with a few queries (its clash, its values).
REFUSED_PAGE = 100


def refused_changes(user: User) -> list[dict[str, Any]]:
    """The refused changes waiting to be settled, oldest first, each beside the record it
    clashed with and the decisions offered (opsroom.sync.settling)."""
    access_settle(user)
    rows = RejectedChange.objects.filter(settled_at__isnull=True).select_related(
        "settled_by").order_by("received_at", "id")[:REFUSED_PAGE]
    return [settling.describe(row) for row in rows]


def unsettled_count(user: User) -> int | None:
    """How many refused changes wait for ``user`` to settle (None: not theirs to settle)."""
    if not can_settle(user):
        return None
    return RejectedChange.objects.filter(settled_at__isnull=True).count()
