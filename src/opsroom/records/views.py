"""The records pages of the console. Thin: reads through the access functions and queries
(a person's record and every search are audited with their purpose); writes go to the
JSON API from the pages' forms, like every other console page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from opsroom.accounts.models import Agency, AgencyKind, User
from opsroom.accounts.roles import Cap
from opsroom.core.clock import now
from opsroom.core.errors import InvalidInput, NotFound
from opsroom.core.feed import current_seq
from opsroom.core.pages import live_page_basics, read_or_403
from opsroom.dispatch.access import visible_units
from opsroom.dispatch.models import UnitKind
from opsroom.records import law, offences, queries
from opsroom.records.access import (
    access_person,
    visible_arrests,
    visible_capacities,
    visible_referrals,
    visible_searches,
    visible_sentences,
    visible_warrants,
)
from opsroom.records.models import (
    RIGHTS,
    BasisKind,
    ItemCategory,
    JudicialCapacity,
    ReferralStatus,
    Sex,
    WarrantKind,
    WarrantStatus,
)
from opsroom.records.serializers import custody_clock


def boot(user: Any) -> dict[str, Any]:
    """What a live records page's script starts from (the words it writes, translated)."""
    return {
        **live_page_basics(user, current_seq()), "labels": {},
        "words": {"connected": _("Live"), "reconnecting": _("Reconnecting…"),
                  "saved": _("Saved"), "error": _("Error"),
                  "custody_alarm": _("Custody alarm"), "overdue": _("past the limit"),
                  "left": _("left"), "wanted": _("WANTED"), "not_wanted": _("Not wanted"),
                  "caution": _("Caution"), "reference": _("Warrant"),
                  "possible": _("possible match: confirm with the operations room")},
    }


def _worded(alarms: Any) -> list[Any]:
    """Alarms with what each says (``text``), in the reader's language."""
    worded = list(alarms)
    for alarm in worded:
        alarm.text = law.alarm_text(alarm.step)
    return worded


def _limits() -> list[law.Limit]:
    return [law.custody_limit(c) for c in law.CUSTODY_CLASSES] + [
        law.rights_limit(), law.referral_limit(), law.sentence_limit()]


@require_GET
@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.can(Cap.PERSON_READ):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:200]
    purpose = request.GET.get("purpose", "").strip()[:300]
    hits, error = None, ""
    if query:
        try:
            hits = queries.find_persons(user, query, purpose, limit=20)
        except InvalidInput as exc:
            error = exc.message
    return render(request, "records/persons.html", {
        "q": query, "purpose": purpose, "hits": hits, "error": error, "boot": boot(user),
        "may_write": user.can(Cap.PERSON_WRITE), "sexes": Sex.choices,
        "person_url": reverse("records:person", args=[ZERO]).replace(str(ZERO), "{id}")},
        status=422 if error else 200)


ZERO = UUID(int=0)


@require_GET
@login_required
def person_detail(request: HttpRequest, person_id: Any) -> HttpResponse:
    user: Any = request.user
    try:
        asked = read_or_403(access_person, user, person_id)
    except NotFound:
        raise Http404 from None
    purpose = request.GET.get("purpose", "").strip()[:300]
    if len(purpose) < queries.MIN_PURPOSE:
        return render(request, "records/purpose.html", {"person_id": asked.id}, status=200)
    person = queries.read_person(user, queries.resolve(asked), purpose)
    ids = queries.family_of_ids(person)
    context = {
        "boot": boot(user), "person": person,
        "resolved_from": asked if asked.id != person.id else None,
        "purpose": purpose, "events": person.events.select_related("actor").order_by(
            "-at")[:100],
        "warrants": visible_warrants(user).filter(person_id__in=ids).order_by("-issued_at"),
        "arrests": [], "searches": [], "sentences": [], "referrals": [],
        "may_write": user.can(Cap.PERSON_WRITE), "may_arrest": user.can(Cap.ARREST_WRITE),
        "may_issue": user.can(Cap.WARRANT_ISSUE),
        "basis_kinds": [(BasisKind.WARRANT, BasisKind.WARRANT.label),
                        (BasisKind.IN_THE_ACT, BasisKind.IN_THE_ACT.label)],
        "offences": offences.OFFENCES, "officers": _officers(),
        "active_warrants": visible_warrants(user).filter(
            person_id__in=ids, kind=WarrantKind.ARREST, status=WarrantStatus.ISSUED),
        "search_basis_kinds": BasisKind.choices, "item_categories": ItemCategory.choices,
        "search_warrants": visible_warrants(user).filter(
            kind__in=(WarrantKind.SEARCH, WarrantKind.SEIZURE), status=WarrantStatus.ISSUED
        ).order_by("-issued_at")[:50],
        "may_refer": user.can(Cap.REFERRAL_WRITE),
        "prosecutions": Agency.objects.filter(kind=AgencyKind.PROSECUTION).order_by("code"),
    }
    if user.can(Cap.RECORDS_READ):
        context.update({
            "arrests": visible_arrests(user).filter(person_id__in=ids).order_by("-arrested_at"),
            "searches": visible_searches(user).filter(person_id__in=ids).prefetch_related(
                "items"),
            "sentences": visible_sentences(user).filter(person_id__in=ids),
            "referrals": visible_referrals(user).filter(person_id__in=ids).order_by(
                "-referred_at"),
        })
    return render(request, "records/person.html", context)


def _officers() -> list[User]:
    """Who may carry out an arrest now: the holders of a valid capacity."""
    held = JudicialCapacity.objects.filter(valid_from__lte=now(), valid_until__gt=now(),
                                           revoked_at__isnull=True)
    return list(User.objects.filter(id__in=held.values("officer_id")).order_by("username"))


@require_GET
@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.can(Cap.PERSON_WRITE):
        raise PermissionDenied
    return render(request, "records/duplicates.html",
                  {"pairs": queries.possible_duplicates(user), "boot": boot(user)})


@require_GET
@login_required
def new_warrant(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.can(Cap.WARRANT_ISSUE):
        raise PermissionDenied
    person = None
    if request.GET.get("person"):
        try:
            person = access_person(user, request.GET["person"])
        except NotFound:
            raise Http404 from None
    kinds = WarrantKind.choices if person else [
        (k, label) for k, label in WarrantKind.choices
        if k in (WarrantKind.SEARCH, WarrantKind.SEIZURE)]
    may_grant = user.can(Cap.CAPACITY_GRANT)
    return render(request, "records/warrant_new.html", {
        "person": person, "kinds": kinds, "offences": offences.OFFENCES,
        "agency": user.agency, "boot": boot(user),
        "issued": visible_warrants(user).filter(
            issuing_agency_id=user.agency_id, status=WarrantStatus.ISSUED).order_by(
            "-issued_at")[:200],
        "may_grant": may_grant,
        "capacities": visible_capacities(user).filter(
            granting_agency_id=user.agency_id, revoked_at__isnull=True,
            valid_until__gt=now()).order_by("valid_until") if may_grant else []})


@require_GET
@login_required
def referrals(request: HttpRequest) -> HttpResponse:
    """Referrals sent by the agency, or to it (a prosecution office): those waiting too
    long for acknowledgement first."""
    user: Any = request.user
    found = list(read_or_403(visible_referrals, user).order_by("-referred_at")[:300])
    limit = law.referral_limit()
    marked = [(r, r.status == ReferralStatus.SENT and now() - r.referred_at > limit.duration)
              for r in found]
    return render(request, "records/referrals.html", {
        "referrals": sorted(marked, key=lambda pair: (not pair[1],
                                                      pair[0].status != ReferralStatus.SENT)),
        "limit": limit, "may_ack": user.can(Cap.JUDICIAL_ACK), "boot": boot(user)})


def _custody_context(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    arrests = list(read_or_403(queries.in_custody, user))
    rows = [{"arrest": a, "clock": custody_clock(a),
             "rights": [((r, law.right_label(r)), getattr(a, f"{r}_at")) for r in RIGHTS]}
            for a in arrests]
    return {
        "rows": rows, "alarms": _worded(queries.open_alarms(user)[:200]),
        "limits": _limits(), "may_ack": user.can(Cap.ALARM_ACK),
        "may_act": user.can(Cap.ARREST_WRITE), "may_receive": user.can(Cap.JUDICIAL_ACK),
        "prosecutions": Agency.objects.filter(kind=AgencyKind.PROSECUTION).order_by("code"),
        "agency_id": user.agency_id, "rights": RIGHTS,
    }


@require_GET
@login_required
def custody(request: HttpRequest) -> HttpResponse:
    """The custody board: everyone held, with a running clock coloured by time left."""
    context = _custody_context(request)
    context["boot"] = boot(request.user)
    return render(request, "records/custody.html", context)


@require_GET
@login_required
def custody_table(request: HttpRequest) -> HttpResponse:
    return render(request, "records/_custody_table.html", _custody_context(request))


@require_GET
@login_required
def custody_alert(request: HttpRequest) -> HttpResponse:
    """The board's banner: the custody alarms not yet acknowledged (empty when none)."""
    user: Any = request.user
    worst: dict[Any, Any] = {}  # one line per person held: the gravest of their alarms
    for alarm in _worded(read_or_403(queries.open_alarms, user)[:200]):
        held = worst.get(alarm.arrest_id)
        if held is None or _gravity(alarm.step) > _gravity(held.step):
            worst[alarm.arrest_id] = alarm
    return render(request, "records/_custody_alert.html",
                  {"alarms": list(worst.values())[:20]})


def _gravity(step: str) -> int:
    return {"overdue": 3, "90": 2, "75": 1}.get(step, 0)


@require_GET
@login_required
def sentences(request: HttpRequest) -> HttpResponse:
    """The sentences still to carry out; those open too long first, for the supervisor."""
    user: Any = request.user
    queue = list(read_or_403(queries.sentence_queue, user))
    limit = law.sentence_limit()
    units = visible_units(user).filter(agency_id=user.agency_id,
                                       kind__in=SENTENCE_UNIT_KINDS).order_by(
        "call_sign") if user.can(Cap.UNIT_READ) else []
    marked = [(s, _overdue(s, limit)) for s in queue]
    return render(request, "records/sentences.html", {
        "queue": sorted(marked, key=lambda pair: (not pair[1], pair[0].received_at)),
        "limit": limit, "units": units, "may_act": user.can(Cap.SENTENCE_UPDATE),
        "may_suspend": user.can(Cap.SENTENCE_ISSUE), "boot": boot(user)})


# The units a sentence is given to: police ones, not ambulances or fire engines.
SENTENCE_UNIT_KINDS = (UnitKind.PATROL, UnitKind.RAPID_RESPONSE, UnitKind.INVESTIGATION,
                       UnitKind.NARCOTICS, UnitKind.MOTORCYCLE, UnitKind.TRAFFIC)


def _overdue(sentence: Any, limit: law.Limit) -> bool:
    return bool((now() - sentence.received_at) > limit.duration)
