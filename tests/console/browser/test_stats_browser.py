"""Statistics on the console, in real Chromium: an analyst signs in and lands on CompStat, in
Arabic; narrows it to the last 7 days and violent crime from the form (submitted from the
keyboard), so the address is a link to share and the table shows the week's count; the
hotspot map draws the planted cluster as a hot cell; the analyst makes last week's report
and its PDF link appears. axe-core finds nothing on any statistics page, in Arabic and in
English."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.console.browser.test_accessibility import violations

from opsroom.accounts.models import Agency
from opsroom.core.clock import city_zone
from opsroom.core.ids import uuid7
from opsroom.geo.queries import district_id_at
from opsroom.incidents.models import Incident
from opsroom.stats.models import Report
from opsroom.stats.queries import today
from opsroom.stats.windows import last_full_week

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("benghazi")]

CENTRE = (32.1167, 20.0667)  # central Benghazi
M_PER_DEG_LAT = 111_195.0


def _near(point: tuple[float, float], north_m: float, east_m: float) -> tuple[float, float]:
    lat, lon = point
    return (lat + north_m / M_PER_DEG_LAT,
            lon + east_m / (M_PER_DEG_LAT * math.cos(math.radians(lat))))


def _plant(agency: Agency, type_code: str, days_ago: int,
           points: list[tuple[float, float]]) -> None:
    day = today() - timedelta(days=days_ago)
    at = datetime.combine(day, time(10), city_zone()).astimezone(UTC)
    Incident.objects.bulk_create([
        Incident(id=uuid7(), number=f"BR-{type_code}-{days_ago}-{i}", type_id=type_code,
                 priority=2, owner_agency=agency, lat=lat, lon=lon,
                 district_id=district_id_at(lat, lon), received_at=at, created_at=at,
                 updated_at=at)
        for i, (lat, lon) in enumerate(points)])


def test_an_analyst_reads_compstat_and_makes_the_weekly_report(
        screen: Any, make_user: Any, ops_room: Agency, artifacts: Any) -> None:
    make_user("analyst", username="analyst")
    # Violent crime three days ago: 17 shootings on one spot and one in each of the eight
    # 250 m cells around it, a cluster Gi* must flag. Burglaries twenty days ago: in the 28
    # days, not in the 7.
    around = [_near(CENTRE, dn * 250, de * 250) for dn in (-1, 0, 1) for de in (-1, 0, 1)
              if (dn, de) != (0, 0)]
    _plant(ops_room, "shooting", 3, [CENTRE] * 17 + around)
    _plant(ops_room, "burglary", 20, [_near(CENTRE, 2000, 1000)] * 6)
    problems: dict[str, list[str]] = {}

    analyst = screen("analyst")
    page = analyst.page
    assert page.url.endswith("/stats/")  # an analyst's day starts here
    page = analyst.open("/stats/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#compstat tfoot [data-key=total] td.current")).to_have_text("31")
    problems["/stats/"] = violations(page)

    # The last 7 days of violent crime: chosen in the form, sent from the keyboard.
    page.select_option("#f-window", "7d")
    page.select_option("#f-group", "violent")
    page.locator("#f-end").press("Enter")
    page.wait_for_url(re.compile(r"/stats/\?window=7d&end=&by=district&district=&group=violent$"))
    expect(page.locator("#compstat tfoot [data-key=total] td.current")).to_have_text("25")
    expect(page.locator("#f-window")).to_have_value("7d")
    expect(page.locator("#map-h")).to_contain_text("جرائم العنف")

    # The map draws the layer it asked for: the cluster's cell is hot, and says so in words.
    expect(page.locator("#hotspot-map")).to_have_attribute("data-loaded", re.compile(r"^\d+$"))
    expect(page.locator("#hotspot-map path.cell-hot")).to_have_count(1)
    assert int(page.locator("#hotspot-map").get_attribute("data-loaded") or 0) == 9
    expect(page.locator("#hotspot-status")).to_contain_text("1")
    problems["/stats/ (7 days, violent, map drawn)"] = violations(page)
    page.screenshot(path=str(artifacts / "stats-ar.png"))

    # Last week's report, made now: the page reloads with its PDF link.
    week = last_full_week(today())
    page = analyst.open("/stats/reports/")
    expect(page.locator("#r-week")).to_have_value(week)
    problems["/stats/reports/"] = violations(page)
    page.click("#report-form button[type=submit]")
    link = page.locator(f"table.reports tr[data-week='{week}'][data-lang=ar] a.pdf")
    expect(link).to_be_visible(timeout=15000)
    assert Report.objects.filter(week=week, lang="ar").count() == 1
    pdf = page.request.get(link.get_attribute("href") or "")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    for path in ("/stats/response-times/", "/stats/wall/"):
        problems[path] = violations(analyst.open(path))
    page = analyst.open("/stats/?window=7d&group=violent")
    page.click("button[name=language][value=en]")  # English, one click away
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("#map-h")).to_contain_text("Violent crime")
    expect(page.locator("#hotspot-map path.cell-hot")).to_have_count(1)
    problems["/stats/ (en)"] = violations(page)
    for path in ("/stats/response-times/", "/stats/reports/", "/stats/wall/"):
        problems[f"{path} (en)"] = violations(analyst.open(path))
    assert {path: found for path, found in problems.items() if found} == {}
