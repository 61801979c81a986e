"""The periods CompStat compares and the tests that judge a change: what an analyst reads
as "this week", "the same days last year" and "significant"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import override_settings

from opsroom.core.errors import InvalidInput
from opsroom.stats.significance import compare
from opsroom.stats.windows import last_full_week, week_of, week_period, weeks_back, window


def test_28_days_against_the_28_before_and_a_year_ago() -> None:
    w = window("28d", date(2026, 11, 28))
    assert (w.current.start, w.current.last_day) == (date(2026, 11, 1), date(2026, 11, 28))
    assert (w.previous.start, w.previous.last_day) == (date(2026, 10, 4), date(2026, 10, 31))
    assert (w.last_year.start, w.last_year.last_day) == (date(2025, 11, 1), date(2025, 11, 28))
    assert w.current.days == w.previous.days == w.last_year.days == 28


def test_year_to_date_against_the_same_days_of_last_year() -> None:
    w = window("ytd", date(2026, 3, 10))
    assert (w.current.start, w.current.last_day) == (date(2026, 1, 1), date(2026, 3, 10))
    assert w.previous == w.last_year
    assert (w.last_year.start, w.last_year.last_day) == (date(2025, 1, 1), date(2025, 3, 10))


def test_29_february_has_a_twin_a_year_earlier() -> None:
    w = window("7d", date(2028, 2, 29))
    assert w.last_year.last_day == date(2027, 2, 28)


def test_an_unknown_window_is_refused_by_name() -> None:
    with pytest.raises(InvalidInput) as refused:
        window("5d", date(2026, 1, 1))
    assert refused.value.field == "window"


@override_settings(STATS_WEEK_START="iso")
def test_iso_weeks_are_iso_8601() -> None:
    day = date(2020, 12, 20)
    for _ in range(800):
        year, number, _weekday = day.isocalendar()
        assert week_of(day) == f"{year}-W{number:02d}"
        day += timedelta(days=3)
    assert week_period("2026-W01").start == date(2025, 12, 29)  # a Monday


@override_settings(STATS_WEEK_START="saturday")
def test_saturday_weeks_hold_4_january_in_week_1() -> None:
    period = week_period("2026-W01")
    assert period.start.weekday() == 5 and period.start <= date(2026, 1, 4) < period.end
    day = date(2024, 1, 1)
    for _ in range(1200):  # every day belongs to the week its label names
        assert week_period(week_of(day)).start <= day < week_period(week_of(day)).end
        day += timedelta(days=1)
    assert last_full_week(date(2026, 12, 4)) == week_of(date(2026, 11, 27))
    points = weeks_back(week_period("2026-W10"), 12)
    assert len(points) == 12 and points[-1] == week_period("2026-W10")


@pytest.mark.parametrize("bad", ["2026-48", "2026-W00", "2026-W54", "", "W48-2026", "0000-W01",
                                 "9999-W52"])
def test_a_week_that_does_not_exist_is_refused(bad: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        week_period(bad)
    assert refused.value.field == "week"


def test_up_100_percent_from_1_to_2_is_nothing() -> None:
    change = compare(2, 1)
    assert change.change_pct == 100.0 and not change.significant and change.small
    assert change.direction == "up"


def test_a_fall_from_100_to_50_is_significant() -> None:
    change = compare(50, 100)
    assert change.change_pct == -50.0 and change.significant and not change.small
    assert change.p_value < 0.001 and change.z == pytest.approx(2 * (50**0.5 - 10), abs=1e-3)


def test_a_modest_change_on_large_counts_may_still_be_noise() -> None:
    change = compare(210, 200)
    assert not change.significant and change.p_value > 0.5


def test_nothing_before_gives_no_percentage() -> None:
    change = compare(12, 0)
    assert change.change_pct is None and change.significant
    assert compare(0, 0).p_value == 1.0 and compare(0, 0).direction == "same"


def test_unequal_periods_are_compared_by_rate() -> None:
    # 70 days of the year so far against 69 of last year's: the same daily rate is no change.
    assert compare(700, 690, 70, 69).p_value > 0.9
