"""The statistics pages through the test client: each renders in Arabic (right to left)
and in English for an analyst, and shows the counts of the incidents made here with what
each change means in words; a bad parameter is said beside its field and nothing is
counted; a dispatcher gets 403; the inspector reads but has no form to make a report."""

from __future__ import annotations

import html as html_module
import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from tests.casualties.test_pages import ARABIC, ENGLISH, html, signed_in

from opsroom.accounts.models import Agency, User
from opsroom.core.ids import uuid7
from opsroom.geo.models import District
from opsroom.incidents.models import Incident
from opsroom.stats.models import Report
from opsroom.stats.queries import today
from opsroom.stats.windows import last_full_week, window

pytestmark = pytest.mark.django_db

END = date(2026, 11, 28)  # the 28 days are 1..28 November
WIN = window("28d", END)
PAGES = {"/stats/": "CompStat: is crime going up or down?",
         "/stats/response-times/": "Response times",
         "/stats/reports/": "Weekly CompStat reports",
         "/stats/wall/": "Incidents by type group"}
_serial = iter(range(1, 10**6))


def _add(agency: Agency, type_code: str, day: date, count: int, district: District, *,
         priority: int = 2, dispatch_s: float | None = None,
         travel_s: float | None = None) -> None:
    rows = []
    for _ in range(count):
        received = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
        dispatched = received + timedelta(seconds=dispatch_s) if dispatch_s else None
        on_scene = dispatched + timedelta(seconds=travel_s) if dispatched and travel_s else None
        rows.append(Incident(
            id=uuid7(), number=f"P-{next(_serial)}", type_id=type_code, priority=priority,
            owner_agency=agency, received_at=received, created_at=received,
            updated_at=received, district=district, lat=district.centroid_lat,
            lon=district.centroid_lon, dispatched_at=dispatched, on_scene_at=on_scene,
            closed_at=on_scene + timedelta(minutes=30) if on_scene else None))
    Incident.objects.bulk_create(rows)


@pytest.fixture
def world(benghazi: Any, ops_room: Agency, make_user: Any) -> dict[str, Any]:
    sabri, birka = District.objects.order_by("code")[:2]
    # Shootings in one district: 100 the 28 days before, 50 these: a real fall.
    _add(ops_room, "shooting", WIN.previous.start + timedelta(days=3), 100, sabri)
    _add(ops_room, "shooting", WIN.current.start + timedelta(days=3), 50, sabri,
         priority=1, dispatch_s=45, travel_s=200)
    # Robberies in another: 1 then 2, "up 100%", and a small count.
    _add(ops_room, "robbery", WIN.previous.start, 1, birka)
    _add(ops_room, "robbery", WIN.current.start, 2, birka, dispatch_s=600, travel_s=900)
    return {"sabri": sabri, "birka": birka, "analyst": make_user("analyst"),
            "inspector": make_user("inspector"), "dispatcher": make_user("dispatcher")}


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _row(page: str, table: str, key: str) -> list[str]:
    """The cells' texts of the row ``key`` of the table ``table`` (the name first)."""
    body = page.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    found = re.search(rf'<tr[^>]*data-key="{re.escape(key)}"[^>]*>(.*?)</tr>', body, re.S)
    assert found, (table, key)
    return [_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", found.group(1),
                                                re.S)]


def h1(page: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert found, "no heading"
    return _text(found.group(1))


def _boot(page: str) -> dict[str, Any]:
    found = re.search(r'<script id="boot" type="application/json">(.*?)</script>', page, re.S)
    assert found
    return dict(json.loads(found.group(1)))


def test_every_page_renders_in_arabic_and_in_english(world: dict[str, Any]) -> None:
    sabri = world["sabri"]
    for language, name in (("ar", sabri.name_ar), ("en", sabri.name_en)):
        client = signed_in(world["analyst"], language)
        for path, heading in PAGES.items():
            page = html(client, path)
            assert (ARABIC if language == "ar" else ENGLISH) in page, path
            assert h1(page) == heading if language == "en" else h1(page), path
            assert "stats/stats.css" in page
            assert "<script>" not in page.split("<body")[1], path  # no inline script
        page = html(client, f"/stats/?end={END}")
        assert _row(page, "compstat", sabri.code)[:3] == [name, "50", "100"]
        assert 'href="/stats/"' in page  # the console's navigation names the page


def test_the_table_says_which_changes_mean_something(world: dict[str, Any]) -> None:
    client = signed_in(world["analyst"], "en")
    page = html(client, f"/stats/?window=28d&end={END}&by=type")
    shooting = _row(page, "compstat", "shooting")
    assert shooting[:5] == ["Shooting / gunfire", "50", "100", "−50.0%", "▼ significant fall"]
    robbery = _row(page, "compstat", "robbery")
    assert robbery[:5] == ["Theft / robbery", "2", "1", "+100.0%", "○ small count"]
    # Nothing a year ago: no percentage of nothing.
    assert shooting[5:7] == ["0", "—"]
    total = _row(page, "compstat", "total")
    assert total[:3] == ["Total", "52", "101"]
    assert "2026-11-01 – 2026-11-28" in page and "2025-11-01 – 2025-11-28" in page
    csv_link = f"/api/v1/stats/compstat?window=28d&amp;end={END}&amp;by=type&amp;format=csv"
    assert csv_link in page
    download = client.get(html_module.unescape(csv_link))  # the session's own, as clicked
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert "shooting" in download.content.decode()
    # The trend is a chart drawn on the server, with its figures in its name.
    assert re.search(r'<svg[^>]*class="chart bars"[^>]*aria-label="[^"]*'
                     r"2026-W44: 52, 2026-W45: 0", page)
    # The map's layer is the violent group (no group chosen) over the same 28 days.
    assert _boot(page)["hotspots"] == (
        "/api/v1/stats/hotspots?group=violent&from=2026-11-01&to=2026-11-28")
    # Response times by priority: the 50 shootings were dispatched in 45 s, there in 200 s.
    first = _row(page, "response", "1")
    assert first[:7] == ["Priority 1", "50", "0:45", "0:45", "1:00", "100.0%", "✓ met"]
    assert _row(page, "response", "2")[2:7] == ["10:00", "10:00", "2:00", "0.0%", "✗ not met"]
    assert "NFPA 1221" in page and "NFPA 1710" in page and "NENA-STA-020" in page
    assert "Not measured" in page
    assert "Whose incidents are counted:" in page and "Every agency in" in page
    assert _row(page, "activity", "arrests")[:2] == ["Arrests made", "0"]


def test_filters_narrow_the_table_and_the_map(world: dict[str, Any]) -> None:
    client = signed_in(world["analyst"], "en")
    birka = world["birka"].code
    page = html(client, f"/stats/?window=28d&end={END}&by=group&district={birka}&group=property")
    assert _row(page, "compstat", "property")[:3] == ["Property crime", "2", "1"]
    assert 'data-key="violent"' not in page.split('id="compstat"')[1].split("</table>")[0]
    assert f'<option value="{birka}" selected>' in page
    assert "group=property" in _boot(page)["hotspots"]
    week = html(client, f"/stats/?window=7d&end={END}&by=district")
    assert "2026-11-22 – 2026-11-28" in week
    assert _row(week, "compstat", world["sabri"].code)[1] == "0"


@pytest.mark.parametrize(("query", "field", "message"), [
    ("window=5d", "window", "the window is the last 7 days, the last 28 days or the year"),
    ("by=person", "by", "the rows are by district"),
    ("end=2999-01-01", "end", "this day has not come yet"),
    ("end=yesterday", "end", "a date, YYYY-MM-DD"),
    ("district=atlantis", "district", "no district has this code"),
    ("group=politics", "group", "no such type group"),
])
def test_a_bad_parameter_is_said_beside_its_field(world: dict[str, Any], query: str,
                                                  field: str, message: str) -> None:
    reply = signed_in(world["analyst"], "en").get(f"/stats/?{query}")
    assert reply.status_code == 422
    page = reply.content.decode()
    control = re.search(rf'<(?:select|input) id="f-{field}"[^>]*>', page)
    assert control and 'aria-invalid="true"' in control.group(0)
    assert f'aria-errormessage="e-{field}"' in control.group(0)
    error = re.search(rf'<p class="field-error" id="e-{field}"[^>]*>(.*?)</p>', page)
    assert error and error.group(1).startswith(message)
    assert page.count('class="field-error"') == 1
    assert 'id="compstat"' not in page and '"hotspots"' not in page  # nothing counted


def test_the_response_times_page(world: dict[str, Any]) -> None:
    client = signed_in(world["analyst"], "en")
    page = html(client, f"/stats/response-times/?from={WIN.current.start}&to={END}&by=district")
    sabri = _row(page, "response", str(world["sabri"].id))
    # By district the targets differ from row to row: no target column, the share within
    # each incident's own priority's target instead.
    assert sabri[:6] == [world["sabri"].name_en, "50", "0:45", "0:45", "100.0%", "✓ met"]
    assert ("/api/v1/stats/response-times?from=2026-11-01&amp;to=2026-11-28&amp;by=district"
            "&amp;format=csv") in page
    assert "NFPA 1710" in page
    weeks = html(client, f"/stats/response-times/?from={WIN.current.start}&to={END}&by=week")
    assert _row(weeks, "response", "2026-W44")[1] == "52"  # 31 Oct – 6 Nov: all of them
    refused = client.get(f"/stats/response-times/?from={END}&to={WIN.current.start}")
    assert refused.status_code == 422
    error = re.search(r'<p class="field-error" id="e-from"[^>]*>(.*?)</p>',
                      refused.content.decode())
    assert error and _text(error.group(1)) == "'from' is after 'to'"


def test_the_wall_display(world: dict[str, Any], ops_room: Agency) -> None:
    yesterday = today() - timedelta(days=1)
    _add(ops_room, "burglary", yesterday, 4, world["birka"])
    page = html(signed_in(world["analyst"], "en"), "/stats/wall/")
    assert '<body data-page="stats-wall" class="wall stats-wall">' in page
    assert _boot(page)["refresh_s"] == 300  # it reloads itself every five minutes
    row = re.search(r'<th scope="row">Property crime</th>(.*?)</tr>', page, re.S)
    assert row
    cells = [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]
    assert cells[0] == "4" and cells[4] == "4"  # in the 28 days and in the 7 days
    assert "group=violent" in _boot(page)["hotspots"]


def test_reports_are_listed_and_made_by_who_may(world: dict[str, Any]) -> None:
    analyst: User = world["analyst"]
    Report.objects.create(week="2026-W47", lang="ar", pdf=b"%PDF-1.7 " + b"x" * 3000,
                          sha256="0" * 64, pages=3, generated_by=analyst)
    latest = last_full_week(today())
    page = html(signed_in(analyst, "en"), "/stats/reports/")
    assert 'href="/reports/compstat.pdf?week=2026-W47&amp;lang=ar"' in page
    assert analyst.username in page and "3 kB" in page
    form = page.split('id="report-form"', 1)[1].split("</form>", 1)[0]
    assert 'data-api="/api/v1/stats/reports"' in page
    assert f'<option value="{latest}" selected>' in form
    assert 'name="csrfmiddlewaretoken"' in form
    seen = html(signed_in(world["inspector"], "en"), "/stats/reports/")
    assert 'href="/reports/compstat.pdf?week=2026-W47&amp;lang=ar"' in seen
    assert 'id="report-form"' not in seen


def test_who_may_not_read_statistics_gets_403(world: dict[str, Any]) -> None:
    dispatcher = signed_in(world["dispatcher"])
    for path in PAGES:
        html(dispatcher, path, 403)
    assert 'href="/stats/"' not in html(dispatcher, "/")
    inspector = signed_in(world["inspector"])
    for path in PAGES:
        html(inspector, path)


def test_a_station_s_analyst_counts_the_station_s_own(world: dict[str, Any], station: Agency,
                                                    make_user: Any) -> None:
    _add(station, "burglary", WIN.current.start, 7, world["birka"])
    page = html(signed_in(make_user("analyst", station), "en"), f"/stats/?end={END}&by=type")
    assert "Whose incidents are counted:</strong> Agency bng-ps." in page
    assert _row(page, "compstat", "total")[:2] == ["Total", "7"]  # not the room's 52


def test_an_analyst_s_day_starts_on_the_statistics(world: dict[str, Any]) -> None:
    client: Client = signed_in(world["analyst"])
    reply = client.get("/")
    assert reply.status_code == 302 and reply["Location"] == "/stats/"
