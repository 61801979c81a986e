"""The weekly reports as the directorate lives with them: made once and served unchanged,
made on demand by those who may, made on schedule for every scope that reads statistics,
trimmed by retention; and the commands an administrator runs."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from tests.conftest import Api

from opsroom.accounts.models import Agency
from opsroom.audit.models import AuditEntry
from opsroom.cli import main as opsroom
from opsroom.core.clock import now
from opsroom.records.actions import do_create_person, do_grant_capacity, do_record_arrest
from opsroom.stats.actions import do_trim_reports, do_weekly_reports
from opsroom.stats.models import DailyCount, Report
from opsroom.stats.queries import today
from opsroom.stats.windows import last_full_week

pytestmark = pytest.mark.django_db
WEEK = "2026-W40"


def test_a_report_is_made_once_kept_and_served_unchanged(benghazi: Any, api_as: Any) -> None:
    analyst = api_as("analyst", scopes=["read", "write"])
    made = analyst.post("stats/reports", {"week": WEEK, "lang": "en"})
    assert made.status_code == 201, made.content
    assert AuditEntry.objects.filter(action="stats.report.make").count() == 1
    pdf = analyst.client.get(f"/reports/compstat.pdf?week={WEEK}&lang=en")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["ETag"] == f'"{hashlib.sha256(pdf.content).hexdigest()}"'
    assert pdf["ETag"] == f'"{made.json()["sha256"]}"'
    assert Report.objects.count() == 1  # served, not made again
    listed = analyst.get("stats/reports").json()
    assert [(r["week"], r["lang"], r["bytes"]) for r in listed] == [
        (WEEK, "en", len(pdf.content))]


def test_a_report_is_made_on_demand_only_by_those_who_may(benghazi: Any, api_as: Any) -> None:
    inspector = api_as("inspector")
    assert inspector.client.get(f"/reports/compstat.pdf?week={WEEK}&lang=ar").status_code == 404
    assert not Report.objects.exists()
    supervisor = api_as("supervisor")
    assert supervisor.client.get(f"/reports/compstat.pdf?week={WEEK}&lang=ar").status_code == 200
    assert inspector.client.get(f"/reports/compstat.pdf?week={WEEK}&lang=ar").status_code == 200
    assert Report.objects.count() == 1
    assert api_as("dispatcher").client.get(
        f"/reports/compstat.pdf?week={WEEK}").status_code == 403


@pytest.mark.parametrize(("week", "field"), [("2026-W00", "week"), ("1999-W10", "week")])
def test_a_week_that_cannot_be_reported_is_refused(benghazi: Any, api_as: Any, week: str,
                                                   field: str) -> None:
    reply = api_as("analyst", scopes=["read", "write"]).post("stats/reports", {"week": week})
    assert reply.status_code == 422 and reply.json()["field"] == field
    assert not Report.objects.exists()


def test_this_week_is_not_over_yet(benghazi: Any, api_as: Any) -> None:
    from opsroom.stats.windows import week_of

    reply = api_as("analyst", scopes=["read", "write"]).post(
        "stats/reports", {"week": week_of(today())})
    assert reply.status_code == 422 and reply.json()["field"] == "week"


def test_the_schedule_makes_the_last_week_for_every_scope_once(benghazi: Any, make_user: Any,
                                                             station: Agency) -> None:
    make_user("analyst")  # the operations room's: the city's reports
    make_user("analyst", station)  # a station that reads its own
    made = do_weekly_reports(today())
    week = last_full_week(today())
    assert {(r.week, r.lang, r.agency_id) for r in made} == {
        (week, lang, agency) for lang in ("ar", "en") for agency in (None, station.id)}
    assert len(made) == 4
    assert do_weekly_reports(today()) == []  # nothing twice


def test_retention_trims_old_reports(benghazi: Any, api_as: Any) -> None:
    api_as("analyst", scopes=["read", "write"]).post("stats/reports", {"week": WEEK})
    assert do_trim_reports(now() - timedelta(days=1)) == 0
    assert do_trim_reports(now() + timedelta(seconds=1)) == 1
    assert not Report.objects.exists()


def test_the_rebuild_command_recounts_the_rollup(benghazi: Any, api_as: Any,
                                                 capsys: Any) -> None:
    dispatcher = api_as("dispatcher", scopes=["read", "write"])
    for _ in range(3):
        assert dispatcher.post("incidents", {"type": "robbery"}).status_code == 201
    DailyCount.objects.all().delete()  # a rollup gone wrong
    assert opsroom(["stats", "rebuild"]) == 0
    assert "3 incidents counted" in capsys.readouterr().out
    assert sum(DailyCount.objects.values_list("n", flat=True)) == 3
    assert AuditEntry.objects.filter(action="stats.rollup.rebuild").exists()


def test_what_the_police_did_counts_arrests_on_their_time(benghazi: Any, make_user: Any,
                                                          make_agency: Any, ops_room: Agency,
                                                          station: Agency) -> None:
    prosecutor = make_user("judicial", make_agency("pros", kind="prosecution"))
    records = make_user("records")
    do_grant_capacity(prosecutor, records, now() + timedelta(days=365),
                      now() - timedelta(days=60))
    for hours in (2, 30, 50, 24 * 10):  # three in the last week, one in the week before
        do_record_arrest(records, person=do_create_person(records, {
            "first_name": "سالم", "family_name": "العبيدي"}),
            arrested_at=now() - timedelta(hours=hours), place="البركة", officer=records,
            basis="in_the_act", offence_codes=["theft"],
            justification="ضُبط متلبساً أمام شهود")
    end = today().isoformat()
    rows = {r["key"]: r for r in Api(make_user("analyst"), ["read"]).get(
        "stats/activity", window="7d", end=end).json()["rows"]}
    assert (rows["arrests"]["current"], rows["arrests"]["previous"]) == (3, 1)
    assert rows["weapons_collected"]["current"] == 0
    theirs = {r["key"]: r for r in Api(make_user("analyst", station), ["read"]).get(
        "stats/activity", window="7d", end=end).json()["rows"]}
    assert theirs["arrests"]["current"] == 0  # the operations room's arrests, not the station's
