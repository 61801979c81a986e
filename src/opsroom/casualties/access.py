"""Permissioned fetches of civilian harm. Every endpoint and page reaches harm events,
victims, sources, reviews, agreements and outages through these.

Protection officers (of any agency: protection is one function across the city, and a
reviewer must reach an event recorded at a cut-off post) and the inspector read every
event. A monitor (a user of an agency of kind ``monitor``) reads only what an active
sharing agreement gives its agency, and every such read goes into the ledger
(opsroom.casualties.queries). Everyone else gets 404, as for a record that does not
exist: that an event is recorded is itself sensitive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from opsroom.accounts.models import AgencyKind, User
from opsroom.accounts.roles import Cap
from opsroom.casualties.models import HarmEvent, Outage, SharingAgreement, Source, Victim
from opsroom.core.access import as_uuid, require
from opsroom.core.clock import now, to_city_time
from opsroom.core.errors import Forbidden, NotFound

NOT_FOUND = "no such harm event"


@dataclass(frozen=True)
class Reader:
    """Who reads harm events, and what they may see of them."""
    user: User
    agreement: SharingAgreement | None = None  # set for a monitor

    @property
    def monitor(self) -> bool:
        return self.agreement is not None

    @property
    def sees_victims(self) -> bool:
        return self.agreement is None or self.agreement.include_victims

    @property
    def sees_names(self) -> bool:
        return self.agreement is None or self.agreement.include_names

    @property
    def sees_sources(self) -> bool:
        return self.agreement is None or self.agreement.include_sources

    @property
    def sees_archives(self) -> bool:
        return self.agreement is None

    @property
    def sees_reviews(self) -> bool:
        return self.agreement is None


def active_agreement(user: User, today: date | None = None) -> SharingAgreement | None:
    """The agreement a monitor's agency holds today, or None."""
    if (not user.can(Cap.HARM_SHARED) or user.agency is None
            or user.agency.kind != AgencyKind.MONITOR):
        return None
    today = today or to_city_time(now()).date()
    return (SharingAgreement.objects
            .filter(monitor_id=user.agency_id, ended_at__isnull=True, starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .order_by("-starts_on").first())


def harm_reader(user: User) -> Reader:
    """Who may read harm at all; 404 for everyone else."""
    if user.can(Cap.HARM_READ):
        return Reader(user)
    agreement = active_agreement(user)
    if agreement is not None:
        return Reader(user, agreement)
    raise NotFound(NOT_FOUND)


def visible_events(reader: Reader) -> QuerySet[HarmEvent]:
    events = HarmEvent.objects.select_related("agency", "district", "recorded_by",
                                              "locked_by")
    agreement = reader.agreement
    if agreement is None:
        return events
    events = events.filter(state__in=agreement.states, event_date__gte=agreement.starts_on)
    if agreement.ends_on is not None:
        events = events.filter(event_date__lte=agreement.ends_on)
    if agreement.districts:
        events = events.filter(district_id__in=agreement.districts)
    return events


def access_event(reader: Reader, event_id: object) -> HarmEvent:
    event = visible_events(reader).filter(pk=as_uuid(event_id)).first()
    if event is None:
        raise NotFound(NOT_FOUND)
    return event


def writer(user: User) -> User:
    """Protection officers record harm; anyone else who cannot read it gets 404."""
    if not user.can(Cap.HARM_READ):
        raise NotFound(NOT_FOUND)
    require(user, Cap.HARM_WRITE)
    if user.agency_id is None:
        raise Forbidden("a user of an agency records harm")
    return user


def event_for_write(user: User, event_id: object) -> HarmEvent:
    writer(user)
    return access_event(Reader(user), event_id)


def event_for_review(user: User, event_id: object) -> HarmEvent:
    if not user.can(Cap.HARM_READ):
        raise NotFound(NOT_FOUND)
    require(user, Cap.HARM_REVIEW)
    return access_event(Reader(user), event_id)


def source_of(event: HarmEvent, source_id: object, field: str) -> Source:
    source = Source.objects.filter(event=event, pk=as_uuid(source_id)).first()
    if source is None:
        raise NotFound("no such source of this event", field=field)
    return source


def visible_victims(reader: Reader, event: HarmEvent) -> QuerySet[Victim]:
    if not reader.sees_victims:
        return Victim.objects.none()
    return Victim.objects.filter(event=event).select_related("recorded_by")


def require_sharing_manager(user: User) -> User:
    if not user.can(Cap.HARM_READ):
        raise NotFound(NOT_FOUND)
    require(user, Cap.HARM_REVIEW)
    if user.agency is None:
        raise Forbidden("a user of an agency agrees to share")
    # An agreement shares every agency's events (visible_events does not look at who
    # granted it), so only the operations room, which oversees them all, agrees or ends one
    # (SharingAgreement: "agreed by the operations room").
    if user.agency.kind != AgencyKind.OPERATIONS_ROOM:
        raise Forbidden("the operations room agrees what monitors are given")
    return user


def visible_agreements(user: User) -> QuerySet[SharingAgreement]:
    agreements = SharingAgreement.objects.select_related("monitor", "granted_by")
    if user.can(Cap.HARM_READ):
        return agreements
    if user.can(Cap.HARM_SHARED) and user.agency_id is not None:
        return agreements.filter(monitor_id=user.agency_id)
    raise NotFound("no such agreement")


def access_agreement(user: User, agreement_id: object) -> SharingAgreement:
    require_sharing_manager(user)
    found = SharingAgreement.objects.filter(pk=as_uuid(agreement_id)).first()
    if found is None:
        raise NotFound("no such agreement")
    return found


# ---- outages: operational, not sensitive; a monitor reads the confirmed ones ---------------

def visible_outages(user: User) -> QuerySet[Outage]:
    require(user, Cap.OUTAGE_READ)
    outages = Outage.objects.select_related("agency", "recorded_by", "confirmed_by")
    if user.role == "monitor":
        if active_agreement(user) is None:
            return outages.none()
        return outages.filter(status="confirmed")
    return outages


def access_outage(user: User, outage_id: object, write: bool = False) -> Outage:
    outage = visible_outages(user).filter(pk=as_uuid(outage_id)).first()
    if outage is None:
        raise NotFound("no such outage")
    if write:
        require(user, Cap.OUTAGE_WRITE)
    return outage


def outage_writer(user: User) -> User:
    require(user, Cap.OUTAGE_WRITE)
    if user.agency_id is None:
        raise Forbidden("a user of an agency records outages")
    return user
