"""The rollup always equals a plain count over the incidents table, whoever writes: the
actions (create, reclassify, move, merge), a bulk insert, a delete, and a rebuild."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings

from opsroom.accounts.models import Agency, User
from opsroom.core.ids import uuid7
from opsroom.incidents.actions import (
    Location,
    do_create_incident,
    do_merge_incidents,
    do_update_incident,
)
from opsroom.incidents.models import Incident
from opsroom.stats import rollup
from opsroom.stats.compstat import Filters, Scope, plain_counts, rollup_counts
from opsroom.stats.models import DailyCount
from opsroom.stats.windows import Period

pytestmark = pytest.mark.django_db

EVERY = Scope(None, "الكل", "All")
PERIODS = [Period(date(2026, 11, 1), date(2026, 11, 8)), Period(date(2026, 11, 8),
                                                                date(2026, 11, 15)),
           Period(date(2025, 11, 1), date(2025, 12, 1))]
SABRI = (32.1240, 20.0700)
BIRKA = (32.1000, 20.0800)


def _assert_equal(scope: Scope = EVERY, filters: Filters | None = None) -> None:
    filters = filters or Filters()
    for column in ("district", "type"):
        rolled = {k: v for k, v in rollup_counts(PERIODS, column, scope, filters).items()
                  if any(v)}
        plain = {k: v for k, v in plain_counts(PERIODS, column, scope, filters).items()
                 if any(v)}
        assert rolled == plain, column


@pytest.fixture
def calltaker(make_user: Any, benghazi: Any) -> User:
    return make_user("dispatcher")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def test_a_day_is_the_city_s_local_day(calltaker: User) -> None:
    # 22:30 UTC on 7 November is 00:30 on 8 November in Benghazi (UTC+2).
    do_create_incident(calltaker, type_code="shooting", location=Location(*SABRI),
                       received_at=_at(date(2026, 11, 7), 22, 30))
    row = DailyCount.objects.get()
    assert row.day == date(2026, 11, 8) and row.n == 1 and row.type == "shooting"
    assert rollup_counts(PERIODS, "type", EVERY, Filters()) == {"shooting": [0, 1, 0]}
    _assert_equal()


def test_edits_merges_and_deletes_move_the_counts(calltaker: User) -> None:
    first = do_create_incident(calltaker, type_code="shooting", location=Location(*SABRI),
                               received_at=_at(date(2026, 11, 3), 10))
    second = do_create_incident(calltaker, type_code="shooting", location=Location(*SABRI),
                                received_at=_at(date(2026, 11, 3), 10, 5))
    do_create_incident(calltaker, type_code="robbery", received_at=_at(date(2026, 11, 9), 8))
    _assert_equal()
    do_update_incident(calltaker, first, {"type": "armed_dispute"})
    _assert_equal()
    do_update_incident(calltaker, first, {"location": Location(*BIRKA)})
    _assert_equal()
    do_merge_incidents(calltaker, second, first)  # one event, called in twice
    assert rollup_counts(PERIODS, "type", EVERY, Filters()) == {
        "armed_dispute": [1, 0, 0], "robbery": [0, 1, 0]}
    _assert_equal()
    Incident.objects.filter(type_id="robbery").delete()
    _assert_equal()
    assert not DailyCount.objects.filter(type="robbery").exists()  # no empty rows left


def test_a_bulk_insert_is_counted_and_a_rebuild_agrees(calltaker: User, ops_room: Agency,
                                                       station: Agency) -> None:
    rng = random.Random(7)
    rows = []
    for i in range(400):
        moment = _at(date(2025, 11, 1), 0) + timedelta(minutes=rng.randrange(0, 60 * 24 * 380))
        rows.append(Incident(
            id=uuid7(), number=f"TEST-{i}", type_id=rng.choice(["shooting", "robbery", "fraud"]),
            priority=2, owner_agency=rng.choice([ops_room, station]), received_at=moment,
            created_at=moment, updated_at=moment,
            lat=SABRI[0] if i % 3 else None, lon=SABRI[1] if i % 3 else None,
        ))
    Incident.objects.bulk_create(rows)
    _assert_equal()
    _assert_equal(Scope(station.id, "", ""), Filters(group="property"))
    before = list(DailyCount.objects.order_by("day", "district", "type", "agency")
                  .values_list("day", "district", "type", "agency", "n"))
    assert rollup.rebuild() == 400
    after = list(DailyCount.objects.order_by("day", "district", "type", "agency")
                 .values_list("day", "district", "type", "agency", "n"))
    assert before == after


def test_another_time_zone_recounts_the_days(calltaker: User) -> None:
    do_create_incident(calltaker, type_code="shooting", received_at=_at(date(2026, 11, 7), 22, 30))
    with override_settings(TIME_ZONE="UTC"):
        rollup.ensure()
        assert DailyCount.objects.get().day == date(2026, 11, 7)
        _assert_equal()
    rollup.ensure()
    assert DailyCount.objects.get().day == date(2026, 11, 8)


def test_the_triggers_are_in_the_database() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                           "AND name LIKE 'stats_%'")
            assert {r[0] for r in cursor.fetchall()} == {
                "stats_incident_ai", "stats_incident_au", "stats_incident_ad"}
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname = 'stats_count_incident'")
            assert cursor.fetchone() is not None


def test_district_by_type_cells_equal_the_plain_count(calltaker: User) -> None:
    for i, type_code in enumerate(["shooting", "robbery", "shooting", "fraud"]):
        do_create_incident(calltaker, type_code=type_code,
                           location=Location(*(SABRI if i % 2 else BIRKA)),
                           received_at=_at(date(2026, 11, 2 + i), 9))
    rolled = rollup_counts(PERIODS, "district_type", EVERY, Filters())
    assert rolled == plain_counts(PERIODS, "district_type", EVERY, Filters())
    assert sum(v[0] for v in rolled.values()) == 4 and len(rolled) == 3
