"""The civilian harm pages of the console, and the summary report as a PDF."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET

from opsroom.accounts.auth import session_or_token_user
from opsroom.accounts.roles import Cap
from opsroom.casualties import actions, queries
from opsroom.casualties.access import (
    Reader,
    access_event,
    event_for_review,
    event_for_write,
    harm_reader,
    outage_writer,
    require_sharing_manager,
    visible_agreements,
    writer,
)
from opsroom.casualties.models import (
    EVENT_TYPES,
    FIGURES,
    TRANSITIONS,
    AgeBand,
    Cause,
    CivilianStatus,
    Credibility,
    GeoPrecision,
    HarmEvent,
    Operator,
    OutageStatus,
    Outcome,
    Reliability,
    Service,
    Sex,
    SourceKind,
    State,
    TimePrecision,
)
from opsroom.casualties.templatetags.casualties_tags import event_type_label, sub_event_label
from opsroom.core.access import require
from opsroom.core.clock import city_zone, now, to_city_time
from opsroom.core.errors import Forbidden, InvalidInput, NotFound, OpsError
from opsroom.core.feed import current_seq
from opsroom.core.pages import live_page_basics, read_or_403


def _date(request: HttpRequest, name: str) -> date:
    text = request.GET.get(name, "")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("a date, YYYY-MM-DD", field=name) from None


@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    """GET /reports/civilian-harm.pdf?from=&to=&lang=ar|en"""
    try:
        user = session_or_token_user(request)
        if user is None:
            return HttpResponse("sign in first", status=401, content_type="text/plain")
        reader = harm_reader(user)
        lang = request.GET.get("lang", "ar")
        if lang not in ("ar", "en"):
            raise InvalidInput("ar or en", field="lang")
        date_from, date_to = _date(request, "from"), _date(request, "to")
        counted = queries.parse_states(request.GET.get("state"), queries.DEFAULT_COUNTED)
        found = queries.summary(reader, date_from, date_to, counted)
        from opsroom.casualties.report import render_harm_report

        pdf = render_harm_report(queries.report_data(found, user), lang)
        queries.note_read(reader, "report.pdf", [e.id for e in found.events],
                          {"from": str(date_from), "to": str(date_to), "lang": lang})
    except OpsError as error:
        return HttpResponse(json.dumps(error.as_dict()), status=error.status,
                            content_type="application/json")
    reply = HttpResponse(pdf, content_type="application/pdf")
    reply["Content-Disposition"] = (
        f'inline; filename="civilian-harm-{date_from}-{date_to}-{lang}.pdf"')
    return reply


# ---- the console's pages -------------------------------------------------------------------
# Thin, like the campaigns pages: every read goes through opsroom.casualties.access and its
# queries (a monitor's reads are written to the ledger here, as the API writes them), and
# every write goes from the page's forms to the JSON API, which validates, refuses and
# audits. Who may not read harm at all gets 404, as from the API: that an event is
# recorded is itself sensitive.

PAGE_LIMIT = 200
# The order states are offered and shown in, everywhere.
STATE_ORDER = tuple(State.values)


def _page_user(request: HttpRequest) -> Any:
    return request.user


def _harm_reader_or_404(user: Any) -> Reader:
    try:
        return harm_reader(user)
    except NotFound:
        raise Http404 from None


def _or_404(read: Callable[..., Any], *args: Any) -> Any:
    """A read through an access function: not found is the page's 404, not allowed its 403."""
    try:
        return read_or_403(read, *args)
    except NotFound:
        raise Http404 from None


def _allowed(check: Callable[..., Any], *args: Any) -> bool:
    """Whether an access function lets the user do this (for showing a form; the API checks
    again when it is sent)."""
    try:
        check(*args)
    except (Forbidden, NotFound):
        return False
    return True


def _labels() -> dict[str, dict[str, str]]:
    return {
        "state": {value: str(label) for value, label in State.choices},
        "operator": {value: str(label) for value, label in Operator.choices},
        "service": {value: str(label) for value, label in Service.choices},
        "outcome": {value: str(label) for value, label in Outcome.choices},
        "source_kind": {value: str(label) for value, label in SourceKind.choices},
    }


def _words(**extra: Any) -> dict[str, Any]:
    return {
        "connected": _("Live"), "reconnecting": _("Reconnecting…"), "saved": _("Saved"),
        "error": _("Error"), "synthetic": _("synthetic"), **extra}


def _boot(user: Any, **extra: Any) -> dict[str, Any]:
    """What the pages' scripts start from: the live badge, the labels and the words they
    write (casualties.js holds no user-facing text)."""
    words = extra.pop("words", {})
    return {**live_page_basics(user, current_seq()), "labels": _labels(),
            "words": _words(**words), **extra}


def _row_words() -> dict[str, Any]:
    """What the source and victim rows (the new form and the event page) write."""
    return {
        "source": _("Source"), "victim": _("Victim"), "remove_source": _("Remove source"),
        "remove_victim": _("Remove victim"),
        "duplicates": _("Victims recorded nearby may be this person. Look at them; tick "
                        "those who are someone else, and save again."),
        "similar": _("Recorded nearby with a similar name:"),
        "another_person": _("This is another person"),
        "score": _("match"), "event_of": _("event of"), "open_event": _("Open the event"),
        "file_too_big": _("The file is larger than %(n)s kB.") % {
            "n": settings.HARM_ARCHIVE_MAX_BYTES // 1000},
    }


def _districts() -> list[Any]:
    from opsroom.geo.models import District

    return list(District.objects.order_by("code"))


def _figure_label(name: str) -> str:
    # "Killed" heads a column of counts here, not a victim's outcome (Outcome.KILLED).
    return {"killed": pgettext("figure", "Killed"), "injured": pgettext("figure", "Injured"),
            "missing": pgettext("figure", "Missing")}[name]


def _date_or_none(text: str | None, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(_("a date, YYYY-MM-DD"), field=field) from None


def _query(params: dict[str, str]) -> str:
    return urlencode({k: v for k, v in params.items() if v})


@require_GET
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """/civilians/: the events, by period, district and state, with the exports and the
    report for the same filters. A monitor sees what its agreement gives, and the read goes
    into the ledger."""
    user = _page_user(request)
    reader = _harm_reader_or_404(user)
    given = {name: request.GET.get(name, "").strip()[:40]
             for name in ("from", "to", "district", "state")}
    error = None
    events: list[HarmEvent] = []
    count = 0
    try:
        states = queries.parse_states(given["state"])
        found = queries.filtered_events(reader, _date_or_none(given["from"], "from"),
                                        _date_or_none(given["to"], "to"),
                                        given["district"] or None, states)
        count = found.count()
        events = list(found[:PAGE_LIMIT])
    except InvalidInput as refused:
        error = refused.message
    if reader.monitor and not error:
        actions.do_record_delivery(user, reader.agreement, "list", [e.id for e in events],
                                   {"filters": {k: v for k, v in given.items() if v},
                                    "page": "console"})
    today = to_city_time(now()).date()
    period = {"from": given["from"] or (today - timedelta(days=30)).isoformat(),
              "to": given["to"] or today.isoformat()}
    return render(request, "casualties/list.html", {
        "rows": [queries.event_dict(e, reader) for e in events], "count": count,
        "limit": PAGE_LIMIT, "given": given, "error": error, "reader": reader,
        "districts": _districts(), "states": State.choices,
        "exports": {fmt: f"/api/v1/harm-events/export.csv?{_query({'format': fmt, **given})}"
                    for fmt in ("acled", "hxl")},
        "reports": {lang: f"/reports/civilian-harm.pdf?{_query({**period, 'lang': lang})}"
                    for lang in ("ar", "en")},
        "period": period,
        "may_write": _allowed(writer, user),
        "boot": _boot(user)})


@require_GET
@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    """/civilians/new/: one form for the event, its sources and its victims."""
    user = _page_user(request)
    _or_404(writer, user)
    return render(request, "casualties/new.html", {
        **_form_choices(), "today": to_city_time(now()).date(),
        "boot": _boot(user, event_types=_event_types(),
                      archive_max=settings.HARM_ARCHIVE_MAX_BYTES, words={
            **_row_words(),
            "recorded": _("The event is recorded. What follows is added to it; if a step "
                          "fails, correct it here and save again, or continue on the "
                          "event's page."),
            "all_saved": _("Everything is saved; opening the event."),
        })})


def _event_types() -> list[dict[str, Any]]:
    return [{"value": t, "label": str(event_type_label(t)),
             "subs": [{"value": s, "label": str(sub_event_label(s))} for s in subs]}
            for t, subs in EVENT_TYPES.items()]


def _form_choices() -> dict[str, Any]:
    return {
        "event_types": _event_types(), "time_precisions": TimePrecision.choices,
        "geo_precisions": GeoPrecision.choices, "districts": _districts(),
        "figures": [(name, _figure_label(name)) for name in FIGURES],
        "source_kinds": SourceKind.choices, "reliabilities": Reliability.choices,
        "credibilities": Credibility.choices, "age_bands": AgeBand.choices,
        "sexes": Sex.choices, "civilian_statuses": CivilianStatus.choices,
        "outcomes": Outcome.choices, "causes": Cause.choices,
        "archive_kb": settings.HARM_ARCHIVE_MAX_BYTES // 1000,
        "duplicate_km": settings.HARM_DUPLICATE_KM,
        "duplicate_days": settings.HARM_DUPLICATE_DAYS,
    }


def _incidents_of(user: Any, ids: list[str]) -> list[dict[str, Any]]:
    """The operations room's incidents about the event, as far as this user may read them."""
    if not ids:
        return []
    try:
        from opsroom.incidents.access import visible_incidents

        seen = {str(i.id): i.number for i in visible_incidents(user).filter(id__in=ids)}
    except Forbidden:
        seen = {}
    return [{"id": i, "number": seen.get(i)} for i in ids]


# How far from the event's date an incident is offered to link to it (days either side).
INCIDENT_DAYS = 3


def _incident_candidates(user: Any, event: HarmEvent, linked: list[str]) -> list[Any]:
    """The incidents of the days around the event this user reads, to link to it."""
    try:
        from opsroom.incidents.access import visible_incidents

        zone = city_zone()
        start = datetime.combine(event.event_date - timedelta(days=INCIDENT_DAYS), time.min, zone)
        end = datetime.combine(event.event_date + timedelta(days=INCIDENT_DAYS + 1), time.min,
                               zone)
        return list(visible_incidents(user).filter(received_at__gte=start, received_at__lt=end)
                    .exclude(id__in=linked).order_by("-received_at")[:50])
    except Forbidden:
        return []


@require_GET
@login_required
def event_detail(request: HttpRequest, event_id: UUID) -> HttpResponse:
    """/civilians/<id>/: the event with its sources, victims, reviews and lock; the review
    for a second protection officer; more sources and victims for a writer."""
    user = _page_user(request)
    reader = _harm_reader_or_404(user)
    event = _or_404(access_event, reader, event_id)
    if reader.monitor:
        actions.do_record_delivery(user, reader.agreement, "event", [event.id],
                                   {"page": "console"})
    shown = queries.event_dict(event, reader, detail=True)
    lock = shown.get("lock")
    mine = shown["recorded_by"] == user.username
    may_review = (not reader.monitor and not mine
                  and _allowed(event_for_review, user, event.id))
    held_by_other = bool(lock and not lock["mine"])
    may_write = not reader.monitor and _allowed(event_for_write, user, event.id)
    following = TRANSITIONS.get(event.state, frozenset())
    return render(request, "casualties/event.html", {
        "event": shown, "reader": reader, "synthetic": event.synthetic,
        "type_label": event_type_label(event.event_type),
        "sub_label": sub_event_label(event.sub_event_type),
        "time_precision": TimePrecision(event.time_precision).label,
        "geo_precision": GeoPrecision(event.geo_precision).label,
        "figure_rows": [(name, _figure_label(name), shown[name]) for name in FIGURES],
        "incidents": _incidents_of(user, shown["incident_ids"]),
        "candidates": _incident_candidates(user, event, shown["incident_ids"])
        if may_write and event.state != State.VERIFIED else [],
        "lock": lock, "held_by_other": held_by_other, "recorded_by_me": mine,
        "may_review": may_review, "may_write": may_write and not held_by_other,
        "next_states": [(s, queries.state_label(s)) for s in STATE_ORDER if s in following],
        "lock_minutes": settings.HARM_LOCK_MINUTES,
        "outside": {key.split(":")[0] for key in shown.get("outside_range") or []},
        **_form_choices(),
        "boot": _boot(user, event_id=str(event.id),
                      archive_max=settings.HARM_ARCHIVE_MAX_BYTES, words={
            **_row_words(),
            "refused": _("Not possible yet. The event needs:"),
            "missing_two": _("two independent sources: of different kinds, or of different "
                             "organisations (it has %(n)s source(s))"),
            "missing_graded": _("a source graded B2 or better (reliability A or B, "
                                "credibility 1 or 2)"),
            "missing_independent": _("a source independent of the one graded B2 or better"),
        })})


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """/civilians/review/: the events waiting for a second person, oldest first."""
    user = _page_user(request)
    reader = _harm_reader_or_404(user)
    read_or_403(require, user, Cap.HARM_REVIEW)
    events = queries.review_queue(reader, user)
    return render(request, "casualties/review.html", {
        "rows": [queries.event_dict(e, reader) for e in events],
        "lock_minutes": settings.HARM_LOCK_MINUTES, "boot": _boot(user)})


@require_GET
@login_required
def outage_log(request: HttpRequest) -> HttpResponse:
    """/civilians/outages/: the telecommunications outage log and its map, the proposals
    of silent sites to confirm or dismiss, and the forms to record and end an outage. Its
    access is the outage log's (outage.read), not harm's: a dispatcher reads it."""
    user = _page_user(request)
    outages = list(read_or_403(queries.outages_between, user, None, None)[:PAGE_LIMIT])
    districts = queries.district_map()
    rows = [queries.outage_dict(o, districts) for o in outages]
    return render(request, "casualties/outages.html", {
        "proposed": [r for r in rows if r["status"] == OutageStatus.PROPOSED],
        "ongoing": [r for r in rows if r["status"] == OutageStatus.CONFIRMED and r["ongoing"]],
        "log": [r for r in rows if not (r["status"] == OutageStatus.CONFIRMED
                                        and r["ongoing"]) and r["status"] != "proposed"],
        "may_write": _allowed(outage_writer, user),
        "operators": [(v, label) for v, label in Operator.choices if v != "unknown"],
        "services": Service.choices, "districts": _districts(),
        "now": to_city_time(now()),
        "boot": _boot(user, basemap=reverse("console:basemap"),
                      outages_map=reverse("api:outage_map"), words=outage_words())})


def outage_words() -> dict[str, str]:
    """What the outage layer of a map writes (the board's and the outage log's)."""
    return {
        "outages_layer": _("Telecommunications outages"),
        "outages_legend": _("District cut off: an ongoing, confirmed telecommunications "
                            "outage"),
        "outage_since": _("since"), "outage_down": _("down"),
        "districts_layer": _("Districts (approximate)"),
    }


@require_GET
@login_required
def sharing(request: HttpRequest) -> HttpResponse:
    """/civilians/sharing/: the agreements with monitors and what they received (the
    ledger); a monitor sees its own."""
    user = _page_user(request)
    agreements = list(_or_404(visible_agreements, user))
    entries = queries.ledger_entries(user, PAGE_LIMIT)
    may_manage = _allowed(require_sharing_manager, user)
    from opsroom.accounts.models import Agency, AgencyKind

    return render(request, "casualties/sharing.html", {
        "agreements": agreements, "entries": entries,
        "may_manage": may_manage, "states": State.choices,
        "monitors": list(Agency.objects.filter(kind=AgencyKind.MONITOR).order_by("code"))
        if may_manage else [],
        "districts": _districts() if may_manage else [],
        "district_names": {str(d.id): d for d in _districts()},
        "today": to_city_time(now()).date(), "ledger_what": LEDGER_WHAT,
        "boot": _boot(user)})


# What a ledger entry says was received (LedgerEntry.what).
LEDGER_WHAT = {
    "list": gettext_lazy("the list of events"), "event": gettext_lazy("one event"),
    "export.acled": gettext_lazy("the ACLED export"),
    "export.hxl": gettext_lazy("the HXL export"), "summary": gettext_lazy("the summary"),
    "report.pdf": gettext_lazy("the PDF report"),
}
