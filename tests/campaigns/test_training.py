"""Courses for judicial police officers: results, and a renewal of the capacity confirmed
by a judicial user; capacities about to expire for supervisors."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.conftest import Api

from opsroom.accounts.models import AgencyKind
from opsroom.core.clock import now
from opsroom.records.actions import do_grant_capacity
from opsroom.records.models import JudicialCapacity


def test_passing_a_course_renews_the_capacity_through_a_judicial_user(
        world: Any, make_agency: Any, make_user: Any) -> None:
    prosecution = make_agency("bng-pros", kind=AgencyKind.PROSECUTION)
    prosecutor = Api(make_user("judicial", prosecution), ["read", "write"])
    officer = world.records.user
    do_grant_capacity(prosecutor.user, officer, now() + timedelta(days=10),
                      now() - timedelta(days=300))
    supervisor = world.supervisor
    expiring = supervisor.get("capacities/expiring").json()
    assert [e["officer"] for e in expiring["items"]] == [officer.username]
    assert expiring["items"][0]["passed_course"] is False
    course = supervisor.post("courses", {
        "code": "jpo-duties", "title_ar": "واجبات مأموري الضبط القضائي",
        "title_en": "Duties of Judicial Police Officers", "validity_days": 365}).json()
    bad = supervisor.post(f"courses/{course['id']}/sessions", {
        "number": 5, "starts_on": "2026-11-20", "ends_on": "2026-11-10",
        "trainers": ["المستشار علي"]})
    assert bad.status_code == 422 and bad.json()["field"] == "ends_on"
    ended = date.today() - timedelta(days=1)
    session = supervisor.post(f"courses/{course['id']}/sessions", {
        "number": 5, "starts_on": (ended - timedelta(days=4)).isoformat(),
        "ends_on": ended.isoformat(), "place": "معهد تدريب الشرطة",
        "trainers": ["المستشار علي"]}).json()
    attendance = supervisor.post(f"sessions/{session['id']}/attendees",
                                 {"officer": officer.username}).json()
    assert supervisor.post(f"sessions/{session['id']}/attendees",
                           {"officer": officer.username}).status_code == 409
    # Not passed yet: no renewal.
    assert prosecutor.post(f"attendances/{attendance['id']}/renew").status_code == 409
    passed = supervisor.post(f"attendances/{attendance['id']}/result",
                             {"result": "passed", "score": 87})
    assert passed.status_code == 200 and passed.json()["result"] == "passed"
    assert supervisor.get("capacities/expiring").json()["items"][0]["passed_course"] is True
    # A records officer or a supervisor cannot renew a capacity.
    assert supervisor.post(f"attendances/{attendance['id']}/renew").status_code == 403
    renewed = prosecutor.post(f"attendances/{attendance['id']}/renew")
    assert renewed.status_code == 201, renewed.content
    until = JudicialCapacity.objects.get(id=renewed.json()["id"]).valid_until
    assert until.date() == ended + timedelta(days=365)
    assert prosecutor.post(f"attendances/{attendance['id']}/renew").status_code == 409
    # The officer's own record shows it, and it no longer expires soon.
    record = world.records.get(f"officers/{officer.username}/training").json()
    assert record["courses"][0]["result"] == "passed"
    assert record["capacity_until"] is not None
    assert supervisor.get("capacities/expiring").json()["items"] == []
    # Another records officer cannot read this officer's record.
    other = Api(make_user("records"), ["read"])
    assert other.get(f"officers/{officer.username}/training").status_code == 404
