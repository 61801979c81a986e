"""Reads of civilian harm: events as the API gives them (with what this reader may see),
the summary by state, district and week, the ACLED and HXL exports, the outages and the
share of each district's population left without mobile service.

A monitor's every read is written to the ledger by the caller (opsroom.casualties.api and
views), through ``deliver``.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext

from opsroom.accounts.models import User
from opsroom.casualties import actions
from opsroom.casualties.access import (
    Reader,
    visible_agreements,
    visible_events,
    visible_outages,
    visible_victims,
)
from opsroom.casualties.models import (
    DISORDER_TYPES,
    FIGURES,
    MOBILE_SERVICES,
    HarmEvent,
    LedgerEntry,
    Outage,
    OutageStatus,
    Review,
    Source,
    State,
)
from opsroom.casualties.reportdata import (
    DistrictRow,
    HarmReportData,
    MapDistrict,
    MapEvent,
    OutageDay,
    Range,
    StateRow,
    WeekRow,
)
from opsroom.core.clock import city_zone, now, to_city_time
from opsroom.core.errors import InvalidInput
from opsroom.geo.models import District

MAX_PERIOD_DAYS = 800
STATE_LABELS = {
    State.UNVERIFIED: ("غير متحقق منه", "Unverified"),
    State.CORROBORATED: ("مؤيَّد بمصدرين", "Corroborated"),
    State.VERIFIED: ("متحقق منه", "Verified"),
    State.DISPUTED: ("متنازع عليه", "Disputed"),
    State.REJECTED: ("مرفوض", "Rejected"),
}
# What the figures count unless asked otherwise: what a monitor would accept.
DEFAULT_COUNTED = (State.CORROBORATED, State.VERIFIED)


def parse_states(text: str | None, default: Sequence[str] | None = None) -> list[str]:
    if not text:
        return list(default) if default is not None else []
    states = [s.strip() for s in text.split(",") if s.strip()]
    for s in states:
        if s not in STATE_LABELS:
            raise InvalidInput(f"the states are {', '.join(STATE_LABELS)}", field="state")
    return states


# Nothing is recorded before 1990 (opsroom.casualties.actions); the bounds also keep the
# start of a day, in the city's time, within what a datetime holds (0001-01-01 overflowed).
EARLIEST, LATEST = date(1990, 1, 1), date(2999, 12, 31)


def check_period(date_from: date | None, date_to: date | None) -> None:
    for name, day in (("from", date_from), ("to", date_to)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise InvalidInput(f"a date lies between {EARLIEST} and {LATEST}", field=name)
    if date_from and date_to:
        if date_to < date_from:
            raise InvalidInput("the period ends before it starts", field="to")
        if (date_to - date_from).days > MAX_PERIOD_DAYS:
            raise InvalidInput(f"a period is at most {MAX_PERIOD_DAYS} days", field="to")


def filtered_events(reader: Reader, date_from: date | None = None,
                    date_to: date | None = None, district: str | None = None,
                    states: Sequence[str] = ()) -> QuerySet[HarmEvent]:
    check_period(date_from, date_to)
    events = visible_events(reader)
    if date_from:
        events = events.filter(event_date__gte=date_from)
    if date_to:
        events = events.filter(event_date__lte=date_to)
    if district:
        found = District.objects.filter(code=district).first()
        if found is None:
            raise InvalidInput(f"unknown district {district!r}", field="district")
        events = events.filter(district=found)
    if states:
        events = events.filter(state__in=states)
    return events


# ---- one event as the API gives it ---------------------------------------------------------

def _figure(event: HarmEvent, name: str) -> dict[str, int]:
    low, high, best = event.figure(name)
    return {"min": low, "max": high, "best": best}


def _claim(source: Source, name: str) -> dict[str, int | None]:
    return {"min": getattr(source, f"{name}_min"), "max": getattr(source, f"{name}_max")}


def source_dict(source: Source, with_archive: bool = True) -> dict[str, Any]:
    return {"id": source.id, "kind": source.kind, "description": source.description,
            "organisation": source.organisation, "received_at": source.received_at,
            "reliability": source.reliability, "credibility": source.credibility,
            "grade": actions.grade(source),
            **{name: _claim(source, name) for name in FIGURES}, "claim": source.claim,
            "archive_name": source.archive_name if with_archive else "",
            "archive_type": source.archive_type if with_archive else "",
            "archive_size": source.archive_size if with_archive else 0,
            "archive_sha256": source.archive_sha256 if with_archive else "",
            "recorded_by": source.recorded_by.username if with_archive else None,
            "synthetic": source.synthetic}


def victim_dict(victim: Any, reader: Reader) -> dict[str, Any]:
    return {"id": victim.id, "name": (victim.name or None) if reader.sees_names else None,
            "alias": (victim.alias or None) if reader.sees_names else None,
            "age": victim.age, "age_band": victim.age_band, "sex": victim.sex,
            "civilian_status": victim.civilian_status, "outcome": victim.outcome,
            "cause": victim.cause, "perpetrator": victim.perpetrator,
            "attribution_source": victim.attribution_source_id if reader.sees_sources
            else None,
            "recorded_by": victim.recorded_by.username if not reader.monitor else None,
            "synthetic": victim.synthetic}


def review_dict(review: Review) -> dict[str, Any]:
    return {"id": review.id, "reviewer": review.reviewer_username, "at": review.at,
            "from_state": review.from_state, "state": review.state, "reason": review.reason,
            "digest": review.digest, "previous_digest": review.previous_digest,
            "site": review.site, "signature": review.signature,
            "audit_seq": review.audit_seq}


def review_problems(event: HarmEvent, reviews: Iterable[Review]) -> list[str]:
    """What is wrong with an event's review history, oldest first (empty: intact): each
    review's digest must be its content's, follow the one before, and carry its site's
    signature."""
    from opsroom.core import keys

    problems, previous = [], ""
    for review in reviews:
        digest = actions.review_digest(str(event.id), review.reviewer_username, review.at,
                                       review.from_state, review.state, review.reason,
                                       review.previous_digest)
        if digest != review.digest:
            problems.append(f"{review.id}: its content does not match its digest")
        if review.previous_digest != previous:
            problems.append(f"{review.id}: it does not follow the review before it")
        if not keys.verify(review.public_key, review.signature, review.digest.encode()):
            problems.append(f"{review.id}: its signature does not verify")
        previous = review.digest
    return problems


def lock_dict(event: HarmEvent, user: User) -> dict[str, Any] | None:
    if event.locked_by_id is None or event.locked_until is None or event.locked_until <= now():
        return None
    return {"held_by": event.locked_by.username if event.locked_by else None,
            "until": event.locked_until, "mine": event.locked_by_id == user.pk}


def outside_range(event: HarmEvent, sources: Iterable[Source]) -> list[str]:
    """Sources whose figures the event's range does not hold: "at least 4" fits 4–9, "at
    least 12" does not."""
    outside = []
    for source in sources:
        for name in FIGURES:
            low, high, _ = event.figure(name)
            claim_min, claim_max = getattr(source, f"{name}_min"), getattr(source,
                                                                           f"{name}_max")
            if (claim_min is not None and claim_min > high) or (
                    claim_max is not None and claim_max < low):
                outside.append(f"{source.id}:{name}")
    return outside


def event_dict(event: HarmEvent, reader: Reader, detail: bool = False) -> dict[str, Any]:
    district = event.district
    out: dict[str, Any] = {
        "id": event.id, "agency": event.agency.code, "event_date": event.event_date,
        "time_precision": event.time_precision, "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "disorder_type": DISORDER_TYPES.get(event.event_type, ""),
        "actor1": event.actor1, "assoc_actor_1": event.assoc_actor_1, "actor2": event.actor2,
        "assoc_actor_2": event.assoc_actor_2, "civilian_targeting": event.civilian_targeting,
        "location": event.location, "lat": event.lat, "lon": event.lon,
        "geo_precision": event.geo_precision,
        "district": district.code if district else None,
        "district_name_ar": district.name_ar if district else "",
        "district_name_en": district.name_en if district else "",
        **{name: _figure(event, name) for name in FIGURES},
        "notes": event.notes,
        "incident_ids": [] if reader.monitor else [str(i) for i in event.incident_ids],
        "state": event.state,
        "recorded_by": None if reader.monitor else event.recorded_by.username,
        "version": event.version, "created_at": event.created_at,
        "updated_at": event.updated_at, "synthetic": event.synthetic,
        "lock": None if reader.monitor else lock_dict(event, reader.user),
    }
    if detail:
        sources = list(event.sources.select_related("recorded_by"))
        out["sources"] = ([source_dict(s, with_archive=reader.sees_archives) for s in sources]
                          if reader.sees_sources else None)
        out["victims"] = [victim_dict(v, reader) for v in visible_victims(reader, event)]
        reviews = list(event.reviews.all())
        out["reviews"] = [review_dict(r) for r in reviews] if reader.sees_reviews else None
        out["review_problems"] = (review_problems(event, reviews) if reader.sees_reviews
                                  else [])
        out["outside_range"] = [] if reader.monitor else outside_range(event, sources)
    return out


def note_read(reader: Reader, what: str, event_ids: Iterable[object],
              detail: dict[str, Any] | None = None) -> None:
    """A read of many events (an export, a report): in the ledger for a monitor, in the
    audit log for everyone else (``harm_report.read``, ``harm_export.read``)."""
    from opsroom.audit.actions import do_audit

    ids = [str(i) for i in event_ids]
    if reader.monitor:
        actions.do_record_delivery(reader.user, reader.agreement, what, ids, detail)
        return
    do_audit(reader.user, f"harm_{what.split('.')[0]}.read", "harm_event", "",
             detail={"events": len(ids), **(detail or {})})


def read_archive(reader: Reader, event: HarmEvent, source: Source) -> bytes:
    """A source's archived copy, as received; the read is audited (monitors never get
    one: opsroom.casualties.access.Reader.sees_archives)."""
    from opsroom.audit.actions import do_audit

    do_audit(reader.user, "harm_source.read_archive", "harm_event", event.id,
             purpose="verification", detail={"source": str(source.id)})
    return actions.archive_bytes(source)


def read_event(reader: Reader, event: HarmEvent, purpose: str = "") -> dict[str, Any]:
    """An event with its victims and sources: names of the dead and the injured, and who
    told us. The read is audited with its purpose (a monitor's goes into the ledger too, by
    the caller)."""
    from opsroom.audit.actions import do_audit

    default = "oversight" if reader.user.can("read.all_agencies") else "protection work"
    do_audit(reader.user, "harm_event.read", "harm_event", event.id,
             purpose=(purpose.strip() or default)[:200],
             detail={"monitor": reader.monitor})
    return event_dict(event, reader, detail=True)


def ledger_entries(user: User, limit: int = 200) -> list[LedgerEntry]:
    """What monitors received: every monitor's for those who read harm, a monitor's own
    for it; 404 for anyone else (opsroom.casualties.access.visible_agreements)."""
    agreements = visible_agreements(user)
    entries = LedgerEntry.objects.select_related("monitor").filter(
        monitor_id__in=agreements.values("monitor_id"))
    if not user.can("harm.read"):
        entries = entries.filter(monitor_id=user.agency_id)
    return list(entries[: max(1, min(limit, 1000))])


def review_queue(reader: Reader, user: User) -> list[HarmEvent]:
    """Events waiting for a second person: not yet verified or rejected, not recorded by
    this reviewer; the oldest first."""
    return list(visible_events(reader)
                .filter(state__in=[State.UNVERIFIED, State.CORROBORATED, State.DISPUTED])
                .exclude(recorded_by=user).order_by("created_at")[:200])


# ---- the summary ---------------------------------------------------------------------------

@dataclass
class _Sum:
    events: int = 0
    victims: int = 0
    killed: tuple[int, int, int] = (0, 0, 0)
    injured: tuple[int, int, int] = (0, 0, 0)
    missing: tuple[int, int, int] = (0, 0, 0)

    def add(self, event: HarmEvent, victims: int) -> None:
        self.events += 1
        self.victims += victims
        for name in FIGURES:
            mine = getattr(self, name)
            theirs = event.figure(name)
            setattr(self, name, tuple(a + b for a, b in zip(mine, theirs, strict=True)))

    def ranges(self) -> dict[str, Range]:
        return {name: Range(*getattr(self, name)) for name in FIGURES}


def _iso_week(day: date) -> tuple[str, date]:
    year, week, weekday = day.isocalendar()
    return f"{year}-W{week:02d}", day - timedelta(days=weekday - 1)


@dataclass(frozen=True)
class Summary:
    date_from: date
    date_to: date
    counted: tuple[str, ...]
    total: StateRow
    states: tuple[StateRow, ...]
    districts: tuple[DistrictRow, ...]
    weeks: tuple[WeekRow, ...]
    events: tuple[HarmEvent, ...]  # the counted ones
    outages: tuple[OutageDay, ...]
    sources: int
    synthetic: bool


def summary(reader: Reader, date_from: date, date_to: date,
            counted: Sequence[str] = DEFAULT_COUNTED) -> Summary:
    check_period(date_from, date_to)
    all_events = list(filtered_events(reader, date_from, date_to))
    victims: dict[Any, int] = defaultdict(int)
    if reader.sees_victims:
        from opsroom.casualties.models import Victim
        for event_id in Victim.objects.filter(event__in=[e.id for e in all_events]) \
                .values_list("event_id", flat=True):
            victims[event_id] += 1
    by_state: dict[str, _Sum] = defaultdict(_Sum)
    total = _Sum()
    by_district: dict[Any, _Sum] = defaultdict(_Sum)
    by_week: dict[tuple[str, date], _Sum] = defaultdict(_Sum)
    counted_events = []
    for event in all_events:
        by_state[event.state].add(event, victims[event.id])
        if event.state not in counted:
            continue
        counted_events.append(event)
        total.add(event, victims[event.id])
        by_district[event.district].add(event, victims[event.id])
        by_week[_iso_week(event.event_date)].add(event, victims[event.id])

    def row(key: str, labels: tuple[str, str], s: _Sum) -> StateRow:
        r = s.ranges()
        return StateRow(key, labels[0], labels[1], s.events, s.victims, r["killed"],
                        r["injured"], r["missing"])

    states = tuple(row(key, labels, by_state[key]) for key, labels in STATE_LABELS.items())
    districts = tuple(
        DistrictRow(d.code if d else "", d.name_ar if d else "غير معروف",
                    d.name_en if d else "Not known", s.events, s.ranges()["killed"],
                    s.ranges()["injured"])
        for d, s in sorted(by_district.items(), key=lambda kv: -kv[1].killed[2]))
    weeks = tuple(WeekRow(week, starts, s.events, s.ranges()["killed"], s.ranges()["injured"])
                  for (week, starts), s in sorted(by_week.items()))
    sources = Source.objects.filter(event__in=[e.id for e in counted_events]).count()
    return Summary(
        date_from, date_to, tuple(counted),
        row("total", ("المجموع", "Total"), total), states, districts, weeks,
        tuple(counted_events), tuple(outage_shares(reader.user, date_from, date_to)),
        sources, any(e.synthetic for e in all_events))


def summary_dict(s: Summary) -> dict[str, Any]:
    def ranged(r: Range) -> dict[str, int]:
        return {"min": r.low, "max": r.high, "best": r.best}

    def row(key: str, ar: str, en: str, events: int, victims: int, killed: Range,
            injured: Range, missing: Range | None = None) -> dict[str, Any]:
        return {"key": key, "label_ar": ar, "label_en": en, "events": events,
                "victims": victims, "killed": ranged(killed), "injured": ranged(injured),
                "missing": ranged(missing or Range(0, 0, 0))}

    def state_row(r: StateRow) -> dict[str, Any]:
        return row(r.state, r.label_ar, r.label_en, r.events, r.victims, r.killed, r.injured,
                   r.missing)

    return {
        "date_from": s.date_from, "date_to": s.date_to, "counted_states": list(s.counted),
        "total": state_row(s.total), "by_state": [state_row(r) for r in s.states],
        "by_district": [row(d.code, d.name_ar, d.name_en, d.events, 0, d.killed, d.injured)
                        for d in s.districts],
        "by_week": [row(w.week, w.week, w.week, w.events, 0, w.killed, w.injured)
                    for w in s.weeks],
        "outages": [{"district": o.code, "name_ar": o.name_ar, "name_en": o.name_en,
                     "day": o.day, "population": o.population,
                     "share_without_mobile": round(o.share_without_mobile, 4)}
                    for o in s.outages],
        "sources": s.sources,
    }


def _rings(geometry: dict[str, Any]) -> tuple[tuple[tuple[float, float], ...], ...]:
    kind = geometry.get("type")
    polygons = ([geometry.get("coordinates", [])] if kind == "Polygon"
                else geometry.get("coordinates", []) if kind == "MultiPolygon" else [])
    return tuple(tuple((float(x), float(y)) for x, y, *_ in polygon[0])
                 for polygon in polygons if polygon)


def report_data(s: Summary, user: User) -> HarmReportData:
    killed_by_district: dict[str, int] = {d.code: d.killed.best for d in s.districts}
    return HarmReportData(
        city_ar=settings.CITY_NAME_AR, city_en=settings.CITY_NAME_EN,
        period_from=s.date_from, period_to=s.date_to,
        generated_at=to_city_time(now()), generated_by=user.username,
        counted_states=s.counted, states=s.states, total=s.total, districts=s.districts,
        weeks=s.weeks,
        map_districts=tuple(MapDistrict(d.code, d.name_ar, d.name_en, _rings(d.geometry),
                                        killed_by_district.get(d.code, 0))
                            for d in District.objects.all()),
        map_events=tuple(MapEvent(e.lat, e.lon, e.geo_precision, e.state, e.killed_best,
                                  e.injured_best) for e in s.events),
        outages=s.outages, sources=s.sources, synthetic=s.synthetic)


# ---- exports --------------------------------------------------------------------------------

ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
                 "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
                 "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
                 "iso", "region", "country", "admin1", "admin2", "admin3", "location",
                 "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp")
# After ACLED's own columns: what a range and a verification need, which ACLED has not.
OPSROOM_COLUMNS = ("opsroom_id", "verification_state", "killed_min", "killed_max",
                   "killed_best", "injured_min", "injured_max", "injured_best",
                   "missing_min", "missing_max", "missing_best", "sources_count")
HXL_COLUMNS = (
    ("opsroom_id", "#meta+id"), ("event_date", "#date"), ("time_precision", "#date+precision"),
    ("admin1", "#adm1+name"), ("admin2", "#adm2+name"), ("location", "#loc+name"),
    ("latitude", "#geo+lat"), ("longitude", "#geo+lon"), ("geo_precision", "#geo+precision"),
    ("event_type", "#event+type"), ("sub_event_type", "#event+type+sub"),
    ("actor1", "#org+actor+primary"), ("actor2", "#org+actor+secondary"),
    ("civilian_targeting", "#indicator+civilian_targeting"),
    ("killed_min", "#affected+killed+min"), ("killed_max", "#affected+killed+max"),
    ("killed_best", "#affected+killed"), ("injured_min", "#affected+injured+min"),
    ("injured_max", "#affected+injured+max"), ("injured_best", "#affected+injured"),
    ("missing_min", "#affected+missing+min"), ("missing_max", "#affected+missing+max"),
    ("missing_best", "#affected+missing"), ("verification_state", "#status+verification"),
    ("sources_count", "#meta+sources+num"), ("notes", "#description"),
)


def _source_names(event: HarmEvent, reader: Reader) -> tuple[str, str, int]:
    sources = list(event.sources.all())
    if not reader.sees_sources:
        return "", "", len(sources)
    kinds = sorted({s.kind for s in sources})
    described = "; ".join(dict.fromkeys(s.organisation or s.get_kind_display()
                                        for s in sources))
    return described, "; ".join(kinds), len(sources)


def export_row(event: HarmEvent, reader: Reader) -> dict[str, Any]:
    district = event.district
    described, scale, count = _source_names(event, reader)
    low, high, best = event.figure("killed")
    return {
        "event_id_cnty": f"LBY-OPS-{event.id}", "event_date": event.event_date.isoformat(),
        "year": event.event_date.year, "time_precision": event.time_precision,
        "disorder_type": DISORDER_TYPES.get(event.event_type, ""),
        "event_type": event.event_type, "sub_event_type": event.sub_event_type,
        "actor1": event.actor1, "assoc_actor_1": event.assoc_actor_1, "inter1": "",
        "actor2": event.actor2, "assoc_actor_2": event.assoc_actor_2, "inter2": "",
        "interaction": "",
        "civilian_targeting": "Civilian targeting" if event.civilian_targeting else "",
        "iso": settings.COUNTRY_ISO, "region": "Northern Africa",
        "country": settings.COUNTRY_NAME, "admin1": settings.CITY_NAME_EN,
        "admin2": district.name_en if district else "", "admin3": "",
        "location": event.location, "latitude": f"{event.lat:.5f}",
        "longitude": f"{event.lon:.5f}", "geo_precision": event.geo_precision,
        "source": described, "source_scale": scale, "notes": event.notes,
        "fatalities": best,
        "tags": f"killed {low}-{high}; verification: {event.state}",
        "timestamp": int(event.updated_at.timestamp()),
        "opsroom_id": str(event.id), "verification_state": event.state,
        **{f"{name}_{part}": value for name in FIGURES
           for part, value in zip(("min", "max", "best"), event.figure(name), strict=True)},
        "sources_count": count,
    }


def export_csv(events: Iterable[HarmEvent], reader: Reader, fmt: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    rows = [export_row(e, reader) for e in events]
    if fmt == "hxl":
        writer.writerow([name for name, _ in HXL_COLUMNS])
        writer.writerow([tag for _, tag in HXL_COLUMNS])
        for row in rows:
            writer.writerow([row[name] for name, _ in HXL_COLUMNS])
    else:
        columns = ACLED_COLUMNS + OPSROOM_COLUMNS
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row[name] for name in columns])
    return out.getvalue()


def export_events(reader: Reader, date_from: date | None, date_to: date | None,
                  district: str | None, states: Sequence[str]) -> list[HarmEvent]:
    return list(filtered_events(reader, date_from, date_to, district, states)
                .prefetch_related("sources").order_by("event_date", "created_at"))


# ---- outages --------------------------------------------------------------------------------

def outages_between(user: User, date_from: date | None, date_to: date | None,
                    status: str | None = None, ongoing: bool | None = None
                    ) -> QuerySet[Outage]:
    check_period(date_from, date_to)
    outages = visible_outages(user)
    zone = city_zone()
    if date_from:
        start = datetime.combine(date_from, time.min, zone)
        outages = outages.exclude(ends_at__lt=start)
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, zone)
        outages = outages.filter(starts_at__lt=end)
    if status:
        outages = outages.filter(status=status)
    if ongoing is not None:
        outages = outages.filter(ends_at__isnull=ongoing)
    return outages


def _merged(spans: list[tuple[datetime, datetime]]) -> float:
    """Seconds covered by the union of the spans."""
    total, end = 0.0, None
    for start, stop in sorted(spans):
        if end is None or start > end:
            total += (stop - start).total_seconds()
            end = stop
        elif stop > end:
            total += (stop - end).total_seconds()
            end = stop
    return total


def outage_shares(user: User, date_from: date, date_to: date) -> list[OutageDay]:
    """For each district and day: the share of its population without mobile service, by
    the hours confirmed outages of mobile services (voice, SMS or data, any operator)
    covered. Only days with an outage are listed."""
    if not user.can("outage.read"):
        return []
    zone = city_zone()
    outages = [o for o in outages_between(user, date_from, date_to,
                                          status=OutageStatus.CONFIRMED)
               if set(o.services) & MOBILE_SERVICES]
    spans: dict[tuple[str, date], list[tuple[datetime, datetime]]] = defaultdict(list)
    moment = now()
    for outage in outages:
        stop = outage.ends_at or moment
        day = max(to_city_time(outage.starts_at).date(), date_from)
        while day <= min(to_city_time(stop).date(), date_to):
            start_of_day = datetime.combine(day, time.min, zone)
            end_of_day = start_of_day + timedelta(days=1)
            start, end = max(outage.starts_at, start_of_day), min(stop, end_of_day)
            if end > start:
                for district_id in outage.districts:
                    spans[(str(district_id), day)].append((start, end))
            day += timedelta(days=1)
    districts = {str(d.id): d for d in District.objects.filter(
        id__in={key for key, _ in spans})}
    rows = []
    for (district_id, day), day_spans in sorted(spans.items(), key=lambda kv: (kv[0][1],
                                                                                kv[0][0])):
        district = districts.get(district_id)
        if district is None:
            continue
        share = min(1.0, _merged(day_spans) / 86400.0)
        rows.append(OutageDay(district.code, district.name_ar, district.name_en, day,
                              district.population, share))
    return rows


def outage_dict(outage: Outage, districts: dict[str, District], monitor: bool = False
                ) -> dict[str, Any]:
    return {
        "id": outage.id, "agency": outage.agency.code,
        "districts": [{"code": d.code, "name_ar": d.name_ar, "name_en": d.name_en}
                      for d in (districts.get(str(i)) for i in outage.districts) if d],
        "operator": outage.operator, "services": outage.services,
        "starts_at": outage.starts_at, "ends_at": outage.ends_at,
        "ongoing": outage.ends_at is None, "source": outage.source, "status": outage.status,
        "silent_site": outage.silent_site, "notes": outage.notes,
        # A monitor learns what was down, not who in the room wrote it down.
        "recorded_by": outage.recorded_by.username if outage.recorded_by and not monitor
        else None,
        "confirmed_by": outage.confirmed_by.username if outage.confirmed_by and not monitor
        else None,
        "synthetic": outage.synthetic,
    }


def district_map() -> dict[str, District]:
    return {str(d.id): d for d in District.objects.all()}


def outage_layer(user: User) -> dict[str, Any]:
    """The board's map layer: the districts of ongoing confirmed outages, as GeoJSON."""
    outages = list(outages_between(user, None, None, status=OutageStatus.CONFIRMED,
                                   ongoing=True))
    districts = district_map()
    features = []
    for outage in outages:
        for district_id in outage.districts:
            district = districts.get(str(district_id))
            if district is None:
                continue
            features.append({"type": "Feature", "geometry": district.geometry, "properties": {
                "outage": str(outage.id), "district": district.code,
                "name_ar": district.name_ar, "name_en": district.name_en,
                "operator": outage.operator, "services": outage.services,
                "since": outage.starts_at.astimezone(UTC).isoformat(),
                "mobile": bool(set(outage.services) & MOBILE_SERVICES)}})
    return {"type": "FeatureCollection", "features": features}


def state_label(state: str) -> str:
    return gettext(str(dict(State.choices).get(state, state)))
