"""Every API endpoint × every role × (own agency / another agency), with the expected answer.

The expected answers are written out by hand, not derived from the role table: a change to
who may do what must change this table too. "own" is a user of the operations room acting
on the operations room's records; "other" is a user of a police station doing the same. A
judicial user sits in a prosecution office: "own" is the office the records name (that
issued the warrant, received the person or the referral), "other" another office.
A monitor user sits in a monitoring agency (kind ``monitor``, as the UN mission): "own" is
the monitor agency that holds an active sharing agreement (the default one: corroborated
and verified events, no names), "other" a monitor agency that holds none. Civilian harm is
recorded city-wide (protection is one function across the city): the events are the
operations room's, recorded by a protection officer who is not a matrix user, so the
protection officers of both sides read them and may review them.
Every endpoint of the OpenAPI document must have a row, so a new endpoint cannot slip in
unchecked. A failure names each wrong cell.
"""

from __future__ import annotations

import base64
import io
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from PIL import Image

from opsroom.accounts.actions import do_create_agency, do_create_token, do_create_user
from opsroom.accounts.models import Agency, AgencyKind, User
from opsroom.api import api as ninja_api
from opsroom.campaigns.actions import (
    do_add_photo,
    do_add_session,
    do_advance_operation,
    do_create_campaign,
    do_create_course,
    do_create_point,
    do_enrol,
    do_plan_operation,
    do_record_handover,
    do_record_result,
)
from opsroom.casualties.actions import (
    do_add_source,
    do_create_agreement,
    do_record_event,
    do_record_outage,
    do_review,
)
from opsroom.core.clock import now
from opsroom.demo.loader import load_synthetic_roads
from opsroom.dispatch.actions import do_assign_unit, do_create_unit
from opsroom.geo.models import District
from opsroom.incidents.actions import Location, do_create_incident
from opsroom.records.actions import (
    do_check_custody,
    do_create_person,
    do_grant_capacity,
    do_hand_over,
    do_issue_warrant,
    do_merge_persons,
    do_receive_sentence,
    do_record_arrest,
    do_record_search,
    do_refer,
)
from opsroom.roads.actions import do_create_closure

ROLES = ["calltaker", "dispatcher", "supervisor", "field_unit", "records", "judicial",
         "analyst", "protection", "monitor", "inspector", "admin"]
CENTRE = (32.1167, 20.0667)


def codes(text: str) -> list[int]:
    values = [int(v) for v in text.split()]
    assert len(values) == len(ROLES)
    return values


@dataclass
class World:
    ops: Agency
    station: Agency
    ops_dispatcher: User
    ops_calltaker: User
    tokens: dict[tuple[str, str], str]
    prosecution: Agency
    court: Agency
    ops_records: User
    prosecutor: User
    officer: User
    # The campaigns: the operations room's supervisor runs them; a weapons campaign with a
    # collection point open around the clock, a drug-dens campaign, a course that renews
    # the judicial police capacity, and someone who hands weapons in.
    ops_supervisor: User
    ops_field_unit: User
    weapons: Any
    dens: Any
    open_point: Any
    training: Any
    citizen: Any
    # Civilian harm: the operations room's protection officers who record the events and
    # review them (neither is a matrix user), the monitor agency that holds the matrix's
    # active agreement, and a third monitor agency that new agreements in the rows name (so
    # that no row gives the "other" monitor an agreement halfway through the matrix).
    harm_recorder: User
    harm_reviewer: User
    monitor: Agency
    spare_monitor: Agency

    def incident(self) -> Any:
        return do_create_incident(self.ops_calltaker, type_code="robbery",
                                  location=Location(*CENTRE), description="matrix")

    def unit(self) -> Any:
        return do_create_unit(None, call_sign=f"M-{next(_serial)}", agency_id=self.ops.id,
                              kind="patrol", capabilities=["police"], lat=CENTRE[0] + 0.002,
                              lon=CENTRE[1])

    def assigned(self) -> tuple[Any, Any]:
        incident, unit = self.incident(), self.unit()
        do_assign_unit(self.ops_dispatcher, incident, unit)
        return incident, unit

    def closure(self) -> Any:
        square = {"type": "Polygon", "coordinates": [[[20.060, 32.130], [20.061, 32.130],
                                                      [20.061, 32.131], [20.060, 32.131],
                                                      [20.060, 32.130]]]}
        return do_create_closure(self.ops_dispatcher, "area", square, "matrix")


    # ---- the judicial chain: records of the operations room, a prosecution and a court --
    def person(self) -> Any:
        return do_create_person(self.ops_records, {"first_name": "سالم",
                                                   "family_name": f"المطري{next(_serial)}"})

    def warrant(self) -> Any:
        return do_issue_warrant(self.prosecutor, kind="arrest", reference=f"M/{next(_serial)}",
                                person=self.person(), offence_codes=["theft"])

    def arrest(self, hours_ago: float = 1, handed: bool = False) -> Any:
        arrest = do_record_arrest(
            self.ops_records, person=self.person(),
            arrested_at=now() - timedelta(hours=hours_ago), place="matrix",
            officer=self.officer, basis="in_the_act", offence_codes=["theft"],
            justification="caught in the act in front of two witnesses (matrix)")
        if handed:
            arrest = do_hand_over(self.ops_records, arrest, self.prosecution)
        return arrest

    def alarm(self) -> Any:
        arrest = self.arrest(hours_ago=47, handed=True)
        do_check_custody()
        return arrest.alarms.order_by("raised_at").first()

    def search(self) -> Any:
        return do_record_search(
            self.ops_records, place="matrix", started_at=now() - timedelta(hours=1),
            officer=self.officer, basis="consent", consent_by="صاحب المنزل",
            consent_signed=True, justification="written consent of the occupant (matrix)")

    def referral(self) -> Any:
        return do_refer(self.ops_records, person=self.person(), prosecution=self.prosecution,
                        offence_codes=["theft"])

    def sentence(self) -> Any:
        return do_receive_sentence(
            self.ops_records, court=self.court, executing_agency=self.ops,
            case_number=f"M/{next(_serial)}", judgment_date=date(2026, 1, 5),
            person=self.person(), kind="fine", fine_lyd=Decimal("100"))

    def capacity(self) -> Any:
        return do_grant_capacity(self.prosecutor, self.officer, now() + timedelta(days=30))

    def merge(self) -> Any:
        return do_merge_persons(self.ops_records, self.person(), self.person(), "matrix")

    # ---- campaigns: shared campaigns, points and courses; the room's handovers and raids --
    def campaign(self) -> Any:
        return do_create_campaign(self.ops_supervisor, kind="weapons", name_ar="حملة المصفوفة",
                                  name_en=f"Matrix campaign {next(_serial)}",
                                  starts_on=date.today() - timedelta(days=30))

    def point(self) -> Any:
        return do_create_point(self.ops_supervisor, code=f"m-point-{next(_serial)}",
                               name_ar="نقطة", name_en="Point", kind="station",
                               lat=CENTRE[0], lon=CENTRE[1], hours=ALWAYS)

    def handover(self) -> Any:
        return do_record_handover(
            self.ops_records, campaign=self.weapons, point=self.open_point,
            person=self.citizen, items=[{"category": "grenade"}])

    def item(self) -> Any:
        return self.handover().items.get()

    def photo(self) -> Any:
        return do_add_photo(self.ops_records, self.item(), PNG)

    def armed_search(self) -> Any:
        """A search that found weapons its occupant had not handed over."""
        return do_record_search(
            self.ops_records, place="matrix", started_at=now() - timedelta(hours=1),
            officer=self.officer, basis="consent", consent_by="صاحب المنزل",
            consent_signed=True, justification="written consent of the occupant (matrix)",
            person=self.person(), items=[{"category": "weapon", "description": "بندقية"}])

    def operation(self, under_way: bool = False) -> Any:
        """A raid of the operations room, commanded by its records officer ``officer``,
        naming ``ops_records`` as a member and a unit that ``ops_field_unit`` reports for;
        the matrix's other users are not named on it."""
        unit = do_create_unit(None, call_sign=f"R-{next(_serial)}", agency_id=self.ops.id,
                              kind="patrol", capabilities=["police"], lat=CENTRE[0],
                              lon=CENTRE[1], field_user=self.ops_field_unit)
        operation = do_plan_operation(
            self.ops_supervisor, campaign=self.dens, code=f"OP-{next(_serial)}",
            planned_at=now() + timedelta(days=1), commander=self.officer,
            members=[self.ops_records.username], units=[unit],
            targets=[{"place": "matrix den", "no_warrant_reason": NO_WARRANT}])
        if under_way:
            do_advance_operation(self.ops_supervisor, operation, "briefed")
            operation = do_advance_operation(self.ops_supervisor, operation, "under_way")
        return operation

    def search_warrant(self) -> Any:
        return do_issue_warrant(self.prosecutor, kind="search", reference=f"S/{next(_serial)}",
                                person=None, place="matrix store", offence_codes=["theft"])

    def course(self) -> Any:
        return do_create_course(self.ops_supervisor, code=f"m-course-{next(_serial)}",
                                title_ar="دورة", title_en="Course", validity_days=365)

    def session(self) -> Any:
        # Ended ten days ago: its results can be recorded, and passing it renews a capacity.
        return do_add_session(self.ops_supervisor, self.training, number=next(_serial),
                              starts_on=date.today() - timedelta(days=20),
                              ends_on=date.today() - timedelta(days=10),
                              trainers=["المقدم سالم"])

    def attendance(self, passed: bool = False) -> Any:
        attendance = do_enrol(self.ops_supervisor, self.session(), self.ops_records)
        if passed:
            attendance = do_record_result(self.ops_supervisor, attendance, "passed", 90)
        return attendance


    # ---- civilian harm and outages ----
    def harm_event(self, corroborated: bool = False) -> Any:
        """An event of the operations room; corroborated (two independent sources and a
        second officer's review), it is among what the monitor's agreement shares."""
        event = do_record_event(self.harm_recorder, {
            "event_date": date.today() - timedelta(days=3), "time_precision": 1,
            "event_type": "Battles", "sub_event_type": "Armed clash",
            "location": "الصابري", "lat": CENTRE[0], "lon": CENTRE[1], "geo_precision": 1,
            "killed": {"min": 1, "max": 3, "best": 2}, "injured": {"min": 0, "max": 5}})
        if corroborated:
            for kind in ("hospital_record", "witness"):
                self.harm_source(event, kind)
            do_review(self.harm_reviewer, event, "corroborated", "two accounts agree (matrix)")
            event.refresh_from_db()
        return event

    def harm_source(self, event: Any, kind: str = "hospital_record") -> Any:
        return do_add_source(self.harm_recorder, event, {
            "kind": kind, "description": "matrix", "organisation": f"org {next(_serial)}",
            "received_at": now() - timedelta(hours=1), "reliability": "B", "credibility": 2,
            "archive_text": "نص المصدر كما وصل"})

    def archived(self) -> Request:
        event = self.harm_event(corroborated=True)
        return ("GET", f"/harm-events/{event.id}/sources/{event.sources.first().id}/archive",
                None)

    def agreement(self) -> Any:
        return do_create_agreement(self.harm_reviewer, {
            "monitor": self.spare_monitor.code,
            "starts_on": date.today() - timedelta(days=60)})

    def outage(self) -> Any:
        return do_record_outage(self.harm_recorder, {
            "districts": [district_code()], "operator": "libyana",
            "services": ["mobile_voice", "sms"], "starts_at": now() - timedelta(hours=2),
            "source": "matrix"})


def district_code() -> str:
    return str(District.objects.order_by("code").values_list("code", flat=True).first())


_serial = itertools.count(1)
ALWAYS = {day: [["00:00", "23:59"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat",
                                                  "sun")}
NO_WARRANT = "a public place: the market square, caught in the act (matrix)"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (120, 90, 60)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()
Request = tuple[str, str, Any]  # method, path (under /api/v1), JSON body or None
Build = Callable[[World], Request]

POINT = f"lat={CENTRE[0]}&lon={CENTRE[1]}"
READ_ALL = "200 200 200 200 200 200 200 200 200 200 200"
INCIDENT_READERS = "200 200 200 200 200 403 200 200 403 200 403"
UNIT_READERS = "200 200 200 200 200 403 200 403 403 200 403"  # records: units for sentences
DISPATCHERS_OWN = "403 200 200 403 403 403 403 403 403 403 403"
DISPATCHERS_OTHER = "404 404 404 404 404 403 404 404 403 403 403"
INSPECTOR_ONLY = "403 403 403 403 403 403 403 403 403 200 403"
RECORDS_ONLY = "403 403 403 403 201 403 403 403 403 403 403"
PERSON_READERS = "403 403 403 403 200 200 403 403 403 200 403"
RECORDS_READERS = "403 403 200 403 200 200 403 403 403 200 403"
JUDICIAL_ONLY = "403 403 403 403 403 201 403 403 403 403 403"
WANTED_CHECKERS = "403 200 200 200 200 200 403 403 403 200 403"
# An arrest held by the operations room (not yet handed over): its records officers act.
HOLDER_OWN = "403 403 403 403 200 404 403 403 403 403 403"
HOLDER_OTHER = "403 403 404 403 404 404 403 403 403 403 403"
# What the receiving prosecution does (acknowledge a person or a referral).
RECEIVER_OWN = "403 403 403 403 403 200 403 403 403 403 403"
# Campaigns (opsroom.campaigns).
NOBODY = "403 403 403 403 403 403 403 403 403 403 403"
MANAGER_ONLY = "403 403 201 403 403 403 403 403 403 403 403"
CAMPAIGN_READERS = "403 403 200 403 200 403 200 403 403 200 403"
# A handover or item of the operations room, asked for by another agency's readers.
CAMPAIGN_HOLDER_OTHER = "403 403 404 403 404 403 404 403 403 200 403"
# Handovers and items name who handed weapons in: not for analysts (the counts are theirs).
HANDOVER_READERS = "403 403 200 403 200 403 403 403 403 200 403"
HANDOVER_HOLDER_OTHER = "403 403 404 403 404 403 403 403 403 200 403"
ITEM_WRITER_OTHER = "403 403 404 403 404 403 403 403 403 403 403"
RECEIPT_CHECKERS = "403 200 200 200 200 200 403 403 403 200 403"
OPERATION_READERS = "403 200 200 200 200 403 403 403 403 200 403"
# A raid of the operations room before it ends, for another agency: nobody is named on it.
SECRET_OTHER = "403 404 404 404 404 403 403 403 403 404 403"
TRAINING_READERS = "403 403 200 403 200 200 403 403 403 200 403"
# Civilian harm (opsroom.casualties): 404 for every role without harm.read, as for an event
# that does not exist. The protection officers (of any agency) and the inspector read; the
# monitor reads through its agreement ("own"), and without one ("other") gets 404 too.
HARM_READERS_OWN = "404 404 404 404 404 404 404 200 200 200 404"
HARM_READERS_OTHER = "404 404 404 404 404 404 404 200 404 200 404"
# What no monitor is given, with or without an agreement: sources' archived copies.
HARM_PRIVATE = "404 404 404 404 404 404 404 200 404 200 404"
# Protection officers write; the inspector reads but may not (403 once the read passes).
HARM_WRITERS = "404 404 404 404 404 404 404 201 404 403 404"
HARM_UPDATERS = "404 404 404 404 404 404 404 200 404 403 404"
# A monitor knows of its own agreements and its own ledger, even with none active.
HARM_SHARING_READERS = "404 404 404 404 404 404 404 200 200 200 404"
# The outage log: operational, read by the operations roles; the monitor reads the
# confirmed outages while its agreement runs (without one: an empty list, and 404 for one
# outage). Supervisors and protection officers write.
OUTAGE_READERS = "403 200 200 403 403 403 200 200 200 200 403"
OUTAGE_WRITERS = "403 403 201 403 403 403 403 201 403 403 403"
OUTAGE_UPDATERS_OWN = "403 403 200 403 403 403 403 200 403 403 403"
OUTAGE_UPDATERS_OTHER = "403 403 200 403 403 403 403 200 404 403 403"
# Statistics (opsroom.stats): supervisors, analysts and the inspector read; a station's read
# counts the station's own incidents (200, not 404: the station has statistics too). A
# report of the operations room's scope is not the station's (404). The inspector reads
# and makes nothing.
STATS_READERS = "403 403 200 403 403 403 200 403 403 200 403"
STATS_REPORT_MAKERS = "403 403 201 403 403 403 201 403 403 403 403"
STATS_REPORT_OTHER = "403 403 404 403 403 403 404 403 403 200 403"


def stats_report(w: Any) -> Any:
    """One kept report of the operations room's scope (rendered once per matrix run)."""
    from opsroom.stats.access import city_scope
    from opsroom.stats.actions import do_make_report

    if getattr(w, "_stats_report", None) is None:
        w._stats_report = do_make_report(w.ops_supervisor, "2026-W02", "en", city_scope())
    return w._stats_report


def refused_change(w: Any) -> Any:
    """A unit of the room here, and one of its call sign made at a station cut off: the
    second is refused, and waits for the room's supervisor to settle it."""
    from tests.sync.test_settle import refuse, remote

    from opsroom.dispatch.models import Unit

    unit = w.unit()
    return refuse(remote(Unit(call_sign=unit.call_sign, agency=w.ops, kind="patrol",
                              capabilities=["police"])))


HARM_EVENT_BODY = {"event_date": "2026-01-10", "time_precision": 1, "event_type": "Battles",
                   "sub_event_type": "Armed clash", "location": "الصابري", "lat": CENTRE[0],
                   "lon": CENTRE[1], "geo_precision": 1, "killed": {"min": 1, "max": 2}}
HARM_SOURCE_BODY = {"kind": "media", "description": "matrix", "received_at":
                    "2026-01-10T10:00:00+02:00", "reliability": "C", "credibility": 3,
                    "archive_text": "matrix"}

# endpoint: (how to build the request, expected for own agency, expected for another)
MATRIX: dict[tuple[str, str], tuple[Build, str, str]] = {
    ("GET", "/me"): (lambda w: ("GET", "/me", None), READ_ALL, READ_ALL),
    ("GET", "/incident-types"): (
        lambda w: ("GET", "/incident-types", None), READ_ALL, READ_ALL),
    ("POST", "/incidents"): (
        lambda w: ("POST", "/incidents", {"type": "robbery"}),
        "201 201 201 403 403 403 403 403 403 403 403",
        "201 201 201 403 403 403 403 403 403 403 403"),
    ("GET", "/incidents"): (lambda w: ("GET", "/incidents", None),
                            INCIDENT_READERS, INCIDENT_READERS),
    ("GET", "/incidents/duplicates"): (
        lambda w: ("GET", f"/incidents/duplicates?type=robbery&{POINT}", None),
        INCIDENT_READERS, INCIDENT_READERS),
    ("GET", "/incidents/{incident_id}"): (
        lambda w: ("GET", f"/incidents/{w.incident().id}", None),
        INCIDENT_READERS, "404 404 404 404 404 403 404 404 403 200 403"),
    ("PATCH", "/incidents/{incident_id}"): (
        lambda w: ("PATCH", f"/incidents/{w.incident().id}", {"priority": 1}),
        DISPATCHERS_OWN, DISPATCHERS_OTHER),
    ("POST", "/incidents/{incident_id}/notes"): (
        # A field unit notes only the incidents its own unit was sent to (not this one).
        lambda w: ("POST", f"/incidents/{w.incident().id}/notes", {"text": "matrix"}),
        "201 201 201 403 403 403 403 403 403 403 403", DISPATCHERS_OTHER),
    ("POST", "/incidents/{incident_id}/status"): (
        lambda w: ("POST", f"/incidents/{w.incident().id}/status", {"status": "cancelled"}),
        DISPATCHERS_OWN, DISPATCHERS_OTHER),
    ("POST", "/incidents/{incident_id}/merge"): (
        lambda w: ("POST", f"/incidents/{w.incident().id}/merge",
                   {"into": str(w.incident().id)}),
        DISPATCHERS_OWN, DISPATCHERS_OTHER),
    ("GET", "/incidents/{incident_id}/timeline"): (
        lambda w: ("GET", f"/incidents/{w.incident().id}/timeline", None),
        INCIDENT_READERS, "404 404 404 404 404 403 404 404 403 200 403"),
    ("GET", "/units"): (lambda w: ("GET", "/units", None), UNIT_READERS, UNIT_READERS),
    ("GET", "/units/{unit_id}"): (
        lambda w: ("GET", f"/units/{w.unit().id}", None),
        UNIT_READERS, "404 404 404 404 404 403 404 403 403 200 403"),
    ("POST", "/units/{unit_id}/status"): (
        lambda w: ("POST", f"/units/{w.unit().id}/status", {"status": "out_of_service"}),
        DISPATCHERS_OWN, "404 404 404 404 404 403 404 403 403 404 403"),
    ("POST", "/units/{unit_id}/position"): (
        lambda w: ("POST", f"/units/{w.unit().id}/position",
                   {"lat": CENTRE[0], "lon": CENTRE[1]}),
        DISPATCHERS_OWN, "404 404 404 404 404 403 404 403 403 404 403"),
    ("GET", "/incidents/{incident_id}/recommendations"): (
        lambda w: ("GET", f"/incidents/{w.incident().id}/recommendations", None),
        DISPATCHERS_OWN, DISPATCHERS_OTHER),
    ("POST", "/incidents/{incident_id}/assignments"): (
        lambda w: ("POST", f"/incidents/{w.incident().id}/assignments",
                   {"unit_id": str(w.unit().id)}),
        "403 201 201 403 403 403 403 403 403 403 403", DISPATCHERS_OTHER),
    ("DELETE", "/incidents/{incident_id}/assignments/{unit_id}"): (
        lambda w: ("DELETE", "/incidents/{}/assignments/{}".format(
            *(record.id for record in w.assigned())), None),
        "403 204 204 403 403 403 403 403 403 403 403", DISPATCHERS_OTHER),
    ("GET", "/districts"): (lambda w: ("GET", "/districts", None), READ_ALL, READ_ALL),
    ("GET", "/places"): (lambda w: ("GET", "/places?q=hawari", None), READ_ALL, READ_ALL),
    ("GET", "/roads"): (lambda w: ("GET", "/roads", None), UNIT_READERS, UNIT_READERS),
    ("GET", "/incidents/{incident_id}/route"): (
        lambda w: ("GET", f"/incidents/{w.incident().id}/route?unit_id={w.unit().id}", None),
        UNIT_READERS, "404 404 404 404 404 403 404 404 403 200 403"),
    ("POST", "/closures"): (
        lambda w: ("POST", "/closures", {"kind": "road", "reason": "matrix", "geometry": {
            "type": "LineString", "coordinates": [[20.06, 32.12], [20.07, 32.12]]}}),
        "403 201 201 403 403 403 403 403 403 403 403",
        "403 201 201 403 403 403 403 403 403 403 403"),
    ("GET", "/closures"): (lambda w: ("GET", "/closures", None), UNIT_READERS, UNIT_READERS),
    ("DELETE", "/closures/{closure_id}"): (
        lambda w: ("DELETE", f"/closures/{w.closure().id}", None),
        DISPATCHERS_OWN, "403 404 404 403 403 403 403 403 403 403 403"),
    ("GET", "/coverage"): (lambda w: ("GET", "/coverage", None), UNIT_READERS, UNIT_READERS),
    ("GET", "/facilities/nearest"): (
        lambda w: ("GET", f"/facilities/nearest?{POINT}&kind=hospital", None),
        UNIT_READERS, UNIT_READERS),
    ("GET", "/audit/object"): (
        lambda w: ("GET", f"/audit/object?kind=incident&id={w.incident().id}&purpose=matrix",
                   None), INSPECTOR_ONLY, INSPECTOR_ONLY),
    ("GET", "/audit/user"): (
        lambda w: ("GET", "/audit/user?username=x&purpose=matrix"
                   f"&since=2026-01-01T00:00:00Z&until={now().isoformat().replace('+', '%2B')}",
                   None), INSPECTOR_ONLY, INSPECTOR_ONLY),
    ("GET", "/audit/privileges"): (
        lambda w: ("GET", "/audit/privileges?purpose=matrix&since=2026-01-01T00:00:00Z"
                   f"&until={now().isoformat().replace('+', '%2B')}", None),
        INSPECTOR_ONLY, INSPECTOR_ONLY),
    # ---- persons, warrants, the wanted list (a registry every records agency shares) ----
    ("POST", "/persons"): (
        lambda w: ("POST", "/persons", {"first_name": "علي", "family_name": "الدرسي"}),
        RECORDS_ONLY, RECORDS_ONLY),
    ("GET", "/persons"): (lambda w: ("GET", "/persons?q=سالم&purpose=matrix", None),
                          PERSON_READERS, PERSON_READERS),
    ("GET", "/persons/duplicates"): (
        lambda w: ("GET", "/persons/duplicates", None), RECORDS_ONLY.replace("201", "200"),
        RECORDS_ONLY.replace("201", "200")),
    ("GET", "/persons/{person_id}"): (
        lambda w: ("GET", f"/persons/{w.person().id}?purpose=matrix", None),
        PERSON_READERS, PERSON_READERS),
    ("PATCH", "/persons/{person_id}"): (
        lambda w: ("PATCH", f"/persons/{w.person().id}", {"notes": "matrix"}),
        RECORDS_ONLY.replace("201", "200"), RECORDS_ONLY.replace("201", "200")),
    ("POST", "/persons/{person_id}/documents"): (
        lambda w: ("POST", f"/persons/{w.person().id}/documents",
                   {"kind": "passport", "number": f"P{next(_serial)}"}),
        RECORDS_ONLY, RECORDS_ONLY),
    ("POST", "/persons/{person_id}/merge"): (
        lambda w: ("POST", f"/persons/{w.person().id}/merge",
                   {"into": str(w.person().id), "reason": "matrix"}),
        RECORDS_ONLY, RECORDS_ONLY),
    ("POST", "/merges/{merge_id}/undo"): (
        lambda w: ("POST", f"/merges/{w.merge().id}/undo", None),
        RECORDS_ONLY.replace("201", "200"), RECORDS_ONLY.replace("201", "200")),
    ("POST", "/warrants"): (
        lambda w: ("POST", "/warrants", {"kind": "arrest", "reference": f"M/{next(_serial)}",
                                         "person_id": str(w.person().id),
                                         "offences": ["theft"]}),
        JUDICIAL_ONLY, JUDICIAL_ONLY),
    ("GET", "/warrants/{warrant_id}"): (
        lambda w: ("GET", f"/warrants/{w.warrant().id}", None),
        PERSON_READERS, PERSON_READERS),
    # Only the office that issued it withdraws a warrant.
    ("POST", "/warrants/{warrant_id}/withdraw"): (
        lambda w: ("POST", f"/warrants/{w.warrant().id}/withdraw", {"reason": "matrix"}),
        RECEIVER_OWN, "403 403 403 403 403 403 403 403 403 403 403"),
    ("GET", "/wanted/check"): (
        lambda w: ("GET", "/wanted/check?q=سالم%20المطري&purpose=matrix", None),
        WANTED_CHECKERS, WANTED_CHECKERS),
    ("POST", "/capacities"): (
        lambda w: ("POST", "/capacities", {"officer": w.officer.username,
                                           "valid_until": (now() + timedelta(days=300)
                                                           ).isoformat()}),
        JUDICIAL_ONLY, JUDICIAL_ONLY),
    ("POST", "/capacities/{capacity_id}/revoke"): (
        lambda w: ("POST", f"/capacities/{w.capacity().id}/revoke", None),
        RECEIVER_OWN, "403 403 403 403 403 404 403 403 403 403 403"),
    # ---- what agencies own: arrests, custody, searches, referrals, sentences ----
    ("POST", "/arrests"): (
        lambda w: ("POST", "/arrests", {
            "person_id": str(w.person().id), "arrested_at": now().isoformat(),
            "place": "matrix", "officer": w.officer.username, "basis": "in_the_act",
            "offences": ["theft"],
            "justification": "caught in the act in front of two witnesses"}),
        RECORDS_ONLY, RECORDS_ONLY),
    ("GET", "/arrests/{arrest_id}"): (
        lambda w: ("GET", f"/arrests/{w.arrest(handed=True).id}", None),
        RECORDS_READERS, "403 403 404 403 404 404 403 403 403 200 403"),
    ("POST", "/arrests/{arrest_id}/rights"): (
        lambda w: ("POST", f"/arrests/{w.arrest().id}/rights", {"right": "told_reason"}),
        HOLDER_OWN, HOLDER_OTHER),
    ("POST", "/arrests/{arrest_id}/handover"): (
        lambda w: ("POST", f"/arrests/{w.arrest().id}/handover",
                   {"prosecution": w.prosecution.code}),
        HOLDER_OWN, HOLDER_OTHER),
    ("POST", "/arrests/{arrest_id}/acknowledge"): (
        lambda w: ("POST", f"/arrests/{w.arrest(handed=True).id}/acknowledge", None),
        RECEIVER_OWN, HOLDER_OTHER),
    ("POST", "/arrests/{arrest_id}/release"): (
        lambda w: ("POST", f"/arrests/{w.arrest().id}/release", {"reason": "matrix"}),
        HOLDER_OWN, HOLDER_OTHER),
    ("GET", "/custody"): (lambda w: ("GET", "/custody", None),
                          RECORDS_READERS, RECORDS_READERS),
    # The holding agency's supervisors and the receiving prosecution answer an alarm.
    ("POST", "/custody/alarms/{alarm_id}/acknowledge"): (
        lambda w: ("POST", f"/custody/alarms/{w.alarm().id}/acknowledge", None),
        "403 403 200 403 403 200 403 403 403 403 403", HOLDER_OTHER),
    ("POST", "/searches"): (
        lambda w: ("POST", "/searches", {
            "place": "matrix", "started_at": now().isoformat(), "officer": w.officer.username,
            "basis": "consent", "consent_by": "صاحب المنزل", "consent_signed": True,
            "justification": "written consent of the occupant, signed"}),
        RECORDS_ONLY, RECORDS_ONLY),
    ("GET", "/searches/{search_id}"): (
        lambda w: ("GET", f"/searches/{w.search().id}", None),
        "403 403 200 403 200 404 403 403 403 200 403",
        "403 403 404 403 404 404 403 403 403 200 403"),
    ("POST", "/referrals"): (
        lambda w: ("POST", "/referrals", {"person_id": str(w.person().id),
                                          "prosecution": w.prosecution.code,
                                          "offences": ["theft"]}),
        RECORDS_ONLY, RECORDS_ONLY),
    ("GET", "/referrals"): (lambda w: ("GET", "/referrals", None),
                            RECORDS_READERS, RECORDS_READERS),
    ("POST", "/referrals/{referral_id}/acknowledge"): (
        lambda w: ("POST", f"/referrals/{w.referral().id}/acknowledge", None),
        RECEIVER_OWN, HOLDER_OTHER),
    # A sentence of the court for the operations room to carry out: recorded by the court
    # or the executing agency only.
    ("POST", "/sentences"): (
        lambda w: ("POST", "/sentences", {
            "court": w.court.code, "executing_agency": w.ops.code,
            "case_number": f"M/{next(_serial)}", "judgment_date": "2026-01-05",
            "person_id": str(w.person().id), "kind": "fine", "fine_lyd": "100"}),
        RECORDS_ONLY, "403 403 403 403 403 403 403 403 403 403 403"),
    ("GET", "/sentences"): (lambda w: ("GET", "/sentences", None),
                            RECORDS_READERS, RECORDS_READERS),
    ("POST", "/sentences/{sentence_id}/status"): (
        lambda w: ("POST", f"/sentences/{w.sentence().id}/status", {"status": "unable",
                                                                    "note": "matrix"}),
        HOLDER_OWN, HOLDER_OTHER),
    # The state of sync between sites belongs to no agency.
    ("GET", "/sites"): (lambda w: ("GET", "/sites", None),
                        "403 200 200 403 403 403 403 403 403 200 200",
                        "403 200 200 403 403 403 403 403 403 200 200"),
    # What a partition left refused is the operations room's supervisors' to settle.
    ("GET", "/sync/refused"): (lambda w: ("GET", "/sync/refused", None),
                               "403 403 200 403 403 403 403 403 403 403 403",
                               "403 403 403 403 403 403 403 403 403 403 403"),
    ("POST", "/sync/refused/{refused_id}/settle"): (
        lambda w: ("POST", f"/sync/refused/{refused_change(w).id}/settle",
                   {"decision": "keep_both", "reason": "matrix",
                    "rename_to": f"R-{next(_serial)}"}),
        "403 403 200 403 403 403 403 403 403 403 403",
        "403 403 403 403 403 403 403 403 403 403 403"),
    # ---- campaigns: shared by every agency that reads them; a supervisor sets them up ----
    ("POST", "/campaigns"): (
        lambda w: ("POST", "/campaigns", {"kind": "weapons", "name_ar": "حملة",
                                          "name_en": "Matrix", "starts_on": "2026-01-01"}),
        MANAGER_ONLY, MANAGER_ONLY),
    ("GET", "/campaigns"): (lambda w: ("GET", "/campaigns", None),
                            CAMPAIGN_READERS, CAMPAIGN_READERS),
    ("GET", "/campaigns/{campaign_id}"): (
        lambda w: ("GET", f"/campaigns/{w.campaign().id}", None),
        CAMPAIGN_READERS, CAMPAIGN_READERS),
    ("GET", "/campaigns/{campaign_id}/stats"): (
        lambda w: ("GET", f"/campaigns/{w.campaign().id}/stats", None),
        CAMPAIGN_READERS, CAMPAIGN_READERS),
    ("POST", "/collection-points"): (
        lambda w: ("POST", "/collection-points", {
            "code": f"m-new-{next(_serial)}", "name_ar": "نقطة", "name_en": "Point",
            "kind": "station", "lat": CENTRE[0], "lon": CENTRE[1], "hours": {}}),
        MANAGER_ONLY, MANAGER_ONLY),
    # Where to hand a weapon in is for everyone who signs in (the public finds it too).
    ("GET", "/collection-points"): (
        lambda w: ("GET", "/collection-points", None), READ_ALL, READ_ALL),
    ("GET", "/collection-points/nearest"): (
        lambda w: ("GET", f"/collection-points/nearest?{POINT}", None), READ_ALL, READ_ALL),
    # Handovers belong to the agency of the point that received them: a station's records
    # officer at the operations room's point is refused on the field (422 "point").
    ("POST", "/handovers"): (
        lambda w: ("POST", "/handovers", {
            "campaign_id": str(w.weapons.id), "point": w.open_point.code,
            "person_id": str(w.citizen.id), "items": [{"category": "grenade"}]}),
        RECORDS_ONLY, RECORDS_ONLY.replace("201", "422")),
    ("GET", "/handovers"): (lambda w: ("GET", "/handovers", None),
                            HANDOVER_READERS, HANDOVER_READERS),
    ("GET", "/handovers/{handover_id}"): (
        lambda w: ("GET", f"/handovers/{w.handover().id}", None),
        HANDOVER_READERS, HANDOVER_HOLDER_OTHER),
    ("GET", "/handovers/{handover_id}/receipt.pdf"): (
        lambda w: ("GET", f"/handovers/{w.handover().id}/receipt.pdf", None),
        HANDOVER_READERS, HANDOVER_HOLDER_OTHER),
    # The code alone proves a receipt genuine, at any site and for any agency.
    ("GET", "/receipts/{number}/verify"): (
        lambda w: (lambda h: ("GET", f"/receipts/{h.receipt_number}/verify"
                                     f"?code={h.verification_code}", None))(w.handover()),
        RECEIPT_CHECKERS, RECEIPT_CHECKERS),
    ("GET", "/items/{item_id}"): (
        lambda w: ("GET", f"/items/{w.item().id}", None),
        HANDOVER_READERS, HANDOVER_HOLDER_OTHER),
    # Custody and photos: the holding agency's records officers; the inspector reads every
    # agency's items but writes none (403 after the read passes).
    ("POST", "/items/{item_id}/custody"): (
        lambda w: ("POST", f"/items/{w.item().id}/custody",
                   {"step": "stored", "location": "مخزن المديرية"}),
        RECORDS_ONLY, ITEM_WRITER_OTHER),
    ("POST", "/items/{item_id}/photos"): (
        lambda w: ("POST", f"/items/{w.item().id}/photos",
                   {"data": base64.b64encode(PNG).decode()}),
        RECORDS_ONLY, ITEM_WRITER_OTHER),
    ("GET", "/photos/{photo_id}.jpg"): (
        lambda w: ("GET", f"/photos/{w.photo().id}.jpg", None),
        HANDOVER_READERS, HANDOVER_HOLDER_OTHER),
    ("GET", "/serials/check"): (
        lambda w: ("GET", "/serials/check?serial=AK-47%201234", None),
        RECORDS_ONLY.replace("201", "200"), RECORDS_ONLY.replace("201", "200")),
    ("GET", "/serials/duplicates"): (
        lambda w: ("GET", "/serials/duplicates", None), HANDOVER_READERS,
        HANDOVER_READERS),
    # Like POST /referrals, by the records officers of the agency that holds the search.
    ("POST", "/searches/{search_id}/refusal"): (
        lambda w: ("POST", f"/searches/{w.armed_search().id}/refusal",
                   {"prosecution": w.prosecution.code}),
        RECORDS_ONLY, "403 403 403 403 404 403 403 403 403 403 403"),
    # ---- raids: a planned operation is seen only by those named on it (here the records
    # officer, as a member, and the field unit, through its unit) and the owning agency's
    # supervisors; everyone else, the inspector and the room's dispatcher included, 404 ----
    # A station's supervisor plans its own station's raids: the body names the room's
    # officer as commander, which is refused on the field (422 "commander"). A target is
    # entered on a search warrant, which the planner names without reading persons.
    ("POST", "/operations"): (
        lambda w: ("POST", "/operations", {
            "campaign_id": str(w.dens.id), "code": f"OP-N{next(_serial)}",
            "planned_at": (now() + timedelta(days=1)).isoformat(),
            "commander": w.officer.username,
            "targets": [{"place": "matrix den", "no_warrant_reason": NO_WARRANT},
                        {"place": "matrix store", "warrant_id": str(w.search_warrant().id)}]}),
        MANAGER_ONLY, MANAGER_ONLY.replace("201", "422")),
    ("GET", "/operations"): (lambda w: ("GET", "/operations", None),
                             OPERATION_READERS, OPERATION_READERS),
    ("GET", "/operations/{operation_id}"): (
        lambda w: ("GET", f"/operations/{w.operation().id}", None),
        "403 404 200 200 200 403 403 403 403 404 403", SECRET_OTHER),
    # Named on it is not enough to change its status: its commander or an owning
    # supervisor (the member records officer and the unit's user see it: 403).
    ("POST", "/operations/{operation_id}/status"): (
        lambda w: ("POST", f"/operations/{w.operation().id}/status", {"status": "briefed"}),
        "403 404 200 403 403 403 403 403 403 404 403", SECRET_OTHER),
    # Outcomes of a raid under way: an owning supervisor, its commander or a records
    # officer named on it; the unit's field user, named too, may not (403).
    ("POST", "/operations/{operation_id}/targets/{target_id}/outcome"): (
        lambda w: (lambda op: ("POST", f"/operations/{op.id}/targets/"
                                       f"{op.targets.get().id}/outcome",
                               {"den_closed": True, "notes": "matrix"}))(
            w.operation(under_way=True)),
        "403 404 200 403 200 403 403 403 403 404 403", SECRET_OTHER),
    # ---- training: courses are shared; a course is changed by the agency that runs it ----
    ("POST", "/courses"): (
        lambda w: ("POST", "/courses", {"code": f"m-new-{next(_serial)}", "title_ar": "دورة",
                                        "title_en": "Course", "validity_days": 365}),
        MANAGER_ONLY, MANAGER_ONLY),
    ("GET", "/courses"): (lambda w: ("GET", "/courses", None),
                          TRAINING_READERS, TRAINING_READERS),
    ("POST", "/courses/{course_id}/sessions"): (
        lambda w: ("POST", f"/courses/{w.course().id}/sessions", {
            "number": 1, "starts_on": "2026-01-10", "ends_on": "2026-01-20",
            "trainers": ["المقدم سالم"]}),
        MANAGER_ONLY, NOBODY),
    ("POST", "/sessions/{session_id}/attendees"): (
        lambda w: ("POST", f"/sessions/{w.session().id}/attendees",
                   {"officer": w.ops_records.username}),
        MANAGER_ONLY, NOBODY),
    ("POST", "/attendances/{attendance_id}/result"): (
        lambda w: ("POST", f"/attendances/{w.attendance().id}/result",
                   {"result": "passed", "score": 85}),
        MANAGER_ONLY.replace("201", "200"), NOBODY),
    # Any prosecution office or court renews a capacity on a passed course.
    ("POST", "/attendances/{attendance_id}/renew"): (
        lambda w: ("POST", f"/attendances/{w.attendance(passed=True).id}/renew", None),
        JUDICIAL_ONLY, JUDICIAL_ONLY),
    # The officer (here the room's records officer) themself, the supervisors of the
    # officer's agency, any judicial user and the inspector. A role without training.read
    # is refused outright (403) like every capability; a reader who may not see this
    # officer gets 404 (another records officer, another agency's supervisor).
    ("GET", "/officers/{username}/training"): (
        lambda w: ("GET", f"/officers/{w.ops_records.username}/training", None),
        TRAINING_READERS, "403 403 404 403 404 200 403 403 403 200 403"),
    # Each supervisor sees the capacities of their own agency's officers; the inspector all.
    ("GET", "/capacities/expiring"): (
        lambda w: ("GET", "/capacities/expiring", None),
        "403 403 200 403 403 403 403 403 403 200 403",
        "403 403 200 403 403 403 403 403 403 200 403"),
    # ---- civilian harm: events, their sources, victims and reviews ----
    ("POST", "/harm-events"): (
        lambda w: ("POST", "/harm-events", HARM_EVENT_BODY), HARM_WRITERS, HARM_WRITERS),
    ("GET", "/harm-events"): (lambda w: ("GET", "/harm-events", None),
                              HARM_READERS_OWN, HARM_READERS_OTHER),
    ("GET", "/harm-events/export.csv"): (
        lambda w: ("GET", "/harm-events/export.csv?format=hxl", None),
        HARM_READERS_OWN, HARM_READERS_OTHER),
    ("GET", "/harm-events/{event_id}"): (
        lambda w: ("GET", f"/harm-events/{w.harm_event(corroborated=True).id}", None),
        HARM_READERS_OWN, HARM_READERS_OTHER),
    ("PATCH", "/harm-events/{event_id}"): (
        lambda w: ("PATCH", f"/harm-events/{w.harm_event().id}", {"notes": "matrix"}),
        HARM_UPDATERS, HARM_UPDATERS),
    ("POST", "/harm-events/{event_id}/sources"): (
        lambda w: ("POST", f"/harm-events/{w.harm_event().id}/sources", HARM_SOURCE_BODY),
        HARM_WRITERS, HARM_WRITERS),
    ("GET", "/harm-events/{event_id}/sources/{source_id}/archive"): (
        lambda w: w.archived(), HARM_PRIVATE, HARM_PRIVATE),
    ("POST", "/harm-events/{event_id}/victims"): (
        lambda w: ("POST", f"/harm-events/{w.harm_event().id}/victims",
                   {"name": f"سالم المطري {next(_serial)}", "outcome": "killed"}),
        HARM_WRITERS, HARM_WRITERS),
    ("GET", "/harm-events/{event_id}/victims/similar"): (
        lambda w: ("GET", f"/harm-events/{w.harm_event().id}/victims/similar?name=سالم",
                   None), HARM_UPDATERS, HARM_UPDATERS),
    # Reviews and their lock: a second protection officer (never the recorder); the
    # inspector reads but does not review (403).
    ("POST", "/harm-events/{event_id}/reviews"): (
        lambda w: ("POST", f"/harm-events/{w.harm_event().id}/reviews",
                   {"state": "disputed", "reason": "the accounts disagree (matrix)"}),
        HARM_WRITERS, HARM_WRITERS),
    ("POST", "/harm-events/{event_id}/lock"): (
        lambda w: ("POST", f"/harm-events/{w.harm_event().id}/lock", None),
        HARM_UPDATERS, HARM_UPDATERS),
    ("DELETE", "/harm-events/{event_id}/lock"): (
        lambda w: ("DELETE", f"/harm-events/{w.harm_event().id}/lock", None),
        HARM_UPDATERS, HARM_UPDATERS),
    ("GET", "/harm-summary"): (
        lambda w: ("GET", "/harm-summary?from=2026-01-01&to=2026-12-31", None),
        HARM_READERS_OWN, HARM_READERS_OTHER),
    # ---- sharing with monitors, and the ledger of what they received ----
    # An agreement shares every agency's events: only the operations room's protection
    # officers agree or end one (a station's get 403).
    ("POST", "/harm-sharing"): (
        lambda w: ("POST", "/harm-sharing", {"monitor": w.spare_monitor.code,
                                             "starts_on": "2026-01-01"}),
        HARM_WRITERS, HARM_WRITERS.replace("201", "403")),
    ("GET", "/harm-sharing"): (lambda w: ("GET", "/harm-sharing", None),
                               HARM_SHARING_READERS, HARM_SHARING_READERS),
    ("POST", "/harm-sharing/{agreement_id}/end"): (
        lambda w: ("POST", f"/harm-sharing/{w.agreement().id}/end", None),
        HARM_UPDATERS, HARM_UPDATERS.replace("200", "403")),
    ("GET", "/harm-ledger"): (lambda w: ("GET", "/harm-ledger", None),
                              HARM_SHARING_READERS, HARM_SHARING_READERS),
    # ---- the telecommunications outage log: shared by every agency ----
    ("POST", "/outages"): (
        lambda w: ("POST", "/outages", {
            "districts": [district_code()], "operator": "almadar",
            "services": ["mobile_data"], "starts_at": "2026-01-10T10:00:00+02:00",
            "source": "matrix"}),
        OUTAGE_WRITERS, OUTAGE_WRITERS),
    ("GET", "/outages"): (lambda w: ("GET", "/outages", None), OUTAGE_READERS, OUTAGE_READERS),
    ("GET", "/outages/map"): (lambda w: ("GET", "/outages/map", None),
                              OUTAGE_READERS, OUTAGE_READERS),
    ("PATCH", "/outages/{outage_id}"): (
        lambda w: ("PATCH", f"/outages/{w.outage().id}", {"notes": "matrix"}),
        OUTAGE_UPDATERS_OWN, OUTAGE_UPDATERS_OTHER),
    # ---- statistics ----
    ("GET", "/stats/compstat"): (
        lambda w: ("GET", "/stats/compstat?window=28d&by=type", None),
        STATS_READERS, STATS_READERS),
    ("GET", "/stats/activity"): (lambda w: ("GET", "/stats/activity", None),
                                 STATS_READERS, STATS_READERS),
    ("GET", "/stats/response-times"): (
        lambda w: ("GET", "/stats/response-times?by=district", None),
        STATS_READERS, STATS_READERS),
    ("GET", "/stats/hotspots"): (
        lambda w: ("GET", "/stats/hotspots?group=violent", None),
        STATS_READERS, STATS_READERS),
    ("GET", "/stats/reports"): (lambda w: ("GET", "/stats/reports", None),
                                STATS_READERS, STATS_READERS),
    ("POST", "/stats/reports"): (
        lambda w: ("POST", "/stats/reports", {"week": "2026-W01", "lang": "ar"}),
        STATS_REPORT_MAKERS, STATS_REPORT_MAKERS),
    ("GET", "/stats/reports/{report_id}"): (
        lambda w: ("GET", f"/stats/reports/{stats_report(w).id}", None),
        STATS_READERS, STATS_REPORT_OTHER),
}
# Streams are answered by a real server (tests below), since they never end.
STREAMS: dict[tuple[str, str], tuple[str, str]] = {
    # An administrator's stream carries only sites going silent or coming back. A monitor
    # receives no live change at all (what it is given goes through the ledger): 403.
    ("GET", "/stream"): ("200 200 200 200 200 200 200 200 403 200 200",
                         "200 200 200 200 200 200 200 200 403 200 200"),
}


def documented_endpoints() -> set[tuple[str, str]]:
    paths = ninja_api.get_openapi_schema()["paths"]
    return {(method.upper(), path.removeprefix("/api/v1"))
            for path, operations in paths.items() for method in operations}


def test_every_documented_endpoint_is_in_the_matrix() -> None:
    assert documented_endpoints() == set(MATRIX) | set(STREAMS)


@pytest.fixture
def world(db: Any, benghazi: Any) -> World:
    ops = do_create_agency(None, code="m-ops", name_ar="غرفة", name_en="Room",
                           kind=AgencyKind.OPERATIONS_ROOM)
    station = do_create_agency(None, code="m-station", name_ar="مركز", name_en="Station",
                               kind=AgencyKind.POLICE_STATION)
    prosecution = do_create_agency(None, code="m-pros", name_ar="نيابة", name_en="Prosecution",
                                   kind=AgencyKind.PROSECUTION)
    other_prosecution = do_create_agency(None, code="m-pros2", name_ar="نيابة أخرى",
                                         name_en="Another prosecution",
                                         kind=AgencyKind.PROSECUTION)
    court = do_create_agency(None, code="m-court", name_ar="محكمة", name_en="Court",
                             kind=AgencyKind.COURT)
    monitor = do_create_agency(None, code="m-unsmil", name_ar="بعثة", name_en="Mission",
                               kind=AgencyKind.MONITOR)
    other_monitor = do_create_agency(None, code="m-unsmil2", name_ar="بعثة أخرى",
                                     name_en="Another mission", kind=AgencyKind.MONITOR)
    tokens = {}
    for role, (side, agency) in itertools.product(ROLES, (("own", ops), ("other", station))):
        if role == "judicial":
            agency = prosecution if side == "own" else other_prosecution
        if role == "monitor":
            agency = monitor if side == "own" else other_monitor
        user = do_create_user(None, username=f"m-{side}-{role}",
                              password="correct horse battery staple", agency=agency, role=role)
        tokens[(role, side)] = do_create_token(None, user, name="matrix")[1]
    load_synthetic_roads()
    prosecutor = User.objects.get(username="m-own-judicial")
    officer = do_create_user(None, username="m-officer", password="correct horse battery staple",
                             agency=ops, role="records")
    do_grant_capacity(prosecutor, officer, now() + timedelta(days=365),
                      now() - timedelta(days=30))
    supervisor = User.objects.get(username="m-own-supervisor")
    started = date.today() - timedelta(days=30)
    weapons = do_create_campaign(supervisor, kind="weapons", name_ar="جمع السلاح",
                                 name_en="Weapons collection", starts_on=started)
    dens = do_create_campaign(supervisor, kind="drug_dens", name_ar="أوكار المخدرات",
                              name_en="Drug dens", starts_on=started)
    open_point = do_create_point(supervisor, code="m-open-point", name_ar="مديرية الأمن",
                                 name_en="Security directorate", kind="directorate",
                                 lat=CENTRE[0], lon=CENTRE[1], hours=ALWAYS)
    training = do_create_course(supervisor, code="m-training", title_ar="دورة مأمور الضبط",
                                title_en="Judicial police course", validity_days=365)
    citizen = do_create_person(User.objects.get(username="m-own-records"),
                               {"first_name": "سالم", "family_name": "العبيدي"})
    recorder, reviewer = (
        do_create_user(None, username=f"m-harm-{name}", password="correct horse battery staple",
                       agency=ops, role="protection") for name in ("recorder", "reviewer"))
    spare_monitor = do_create_agency(None, code="m-unsmil3", name_ar="بعثة ثالثة",
                                     name_en="A third mission", kind=AgencyKind.MONITOR)
    do_create_agreement(reviewer, {"monitor": monitor.code,
                                   "starts_on": date.today() - timedelta(days=60)})
    return World(ops, station, User.objects.get(username="m-own-dispatcher"),
                 User.objects.get(username="m-own-calltaker"), tokens, prosecution, court,
                 User.objects.get(username="m-own-records"), prosecutor, officer,
                 supervisor, User.objects.get(username="m-own-field_unit"), weapons, dens,
                 open_point, training, citizen, recorder, reviewer, monitor, spare_monitor)


def test_the_permission_matrix(world: World) -> None:
    from django.test import Client

    wrong = []
    cells = 0
    for endpoint, (build, own, other) in MATRIX.items():
        for side, expected_codes in (("own", codes(own)), ("other", codes(other))):
            for role, expected in zip(ROLES, expected_codes, strict=True):
                method, path, body = build(world)
                client = Client(HTTP_AUTHORIZATION=f"Bearer {world.tokens[(role, side)]}")
                kwargs: dict[str, Any] = {}
                if body is not None:
                    kwargs = {"data": json.dumps(body), "content_type": "application/json"}
                reply = getattr(client, method.lower())(f"/api/v1{path}", **kwargs)
                cells += 1
                if reply.status_code != expected:
                    wrong.append(f"{endpoint[0]} {endpoint[1]} as {role} ({side} agency): "
                                 f"expected {expected}, got {reply.status_code} "
                                 f"{reply.content[:120]!r}")
    assert cells == len(MATRIX) * len(ROLES) * 2
    assert wrong == [], "\n".join(wrong)


@pytest.mark.django_db(transaction=True)
def test_the_stream_cells(opsroom_server: Any, benghazi: Any) -> None:
    world = World.__new__(World)
    tokens = {}
    agencies = {
        "own": do_create_agency(None, code="s-ops", name_ar="غرفة", name_en="Room",
                                kind=AgencyKind.OPERATIONS_ROOM),
        "other": do_create_agency(None, code="s-station", name_ar="مركز", name_en="Station",
                                  kind=AgencyKind.POLICE_STATION),
    }
    agencies["monitor"] = do_create_agency(None, code="s-unsmil", name_ar="بعثة",
                                           name_en="Mission", kind=AgencyKind.MONITOR)
    for role, side in itertools.product(ROLES, ("own", "other")):
        agency = agencies["monitor"] if role == "monitor" else agencies[side]
        user = do_create_user(None, username=f"s-{side}-{role}",
                              password="correct horse battery staple", agency=agency,
                              role=role)
        tokens[(role, side)] = do_create_token(None, user, name="matrix")[1]
    world.tokens = tokens
    wrong = []
    for (method, path), (own, other) in STREAMS.items():
        for side, expected_codes in (("own", codes(own)), ("other", codes(other))):
            for role, expected in zip(ROLES, expected_codes, strict=True):
                headers = {"Authorization": f"Bearer {tokens[(role, side)]}"}
                with httpx.Client(base_url=opsroom_server.url, timeout=5) as client, \
                        client.stream(method, f"/api/v1{path}", headers=headers) as reply:
                    if reply.status_code != expected:
                        wrong.append(f"{method} {path} as {role} ({side} agency): "
                                     f"expected {expected}, got {reply.status_code}")
    assert wrong == [], "\n".join(wrong)
