"""A shift on the console, in real Chromium: intake, the live board, dispatch, languages,
escaping and agency separation."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import expect

from opsroom.dispatch.models import UnitStatus
from opsroom.incidents.reference import active_incident_types


def arabic(text: Any) -> str:
    with translation.override("ar"):
        return str(text)


pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("benghazi")]


def test_an_incident_taken_by_gazetteer_search_reaches_the_dispatcher_s_board_live(
    screen: Any, make_user: Any, make_unit: Any
) -> None:
    make_user("calltaker", username="ct")
    make_user("dispatcher", username="disp")
    dispatcher = screen("disp")
    board = dispatcher.open("/")
    board.evaluate("window.__sameDocument = true")
    calltaker = screen("ct")
    intake = calltaker.open("/new/")

    intake.fill("#place-q", "الكيش")
    intake.locator(".place-hit").first.click()
    expect(intake.locator("#f-lat")).not_to_have_value("")
    intake.select_option("#f-type", "armed_robbery")
    default = str(active_incident_types()["armed_robbery"].default_priority)
    expect(intake.locator("#f-priority")).to_have_value(default)  # the type's own default
    intake.fill("#f-description", "سرقة سيارة أمام المخبز")
    intake.fill("#f-caller-phone", "+218 91 234 5678")
    intake.keyboard.press("Control+Enter")
    notice = intake.locator("#intake-done a")
    expect(notice).to_be_visible()
    created_at = time.monotonic()
    number = notice.inner_text()

    row = board.locator("#queue-body tr", has_text=number)
    expect(row).to_be_visible(timeout=1000)
    assert time.monotonic() - created_at < 1.0
    assert board.evaluate("window.__sameDocument") is True  # no reload happened
    expect(row).to_contain_text("الكيش")


def test_the_dispatcher_assigns_the_recommended_unit_and_both_screens_see_it(
    screen: Any, make_user: Any, make_unit: Any, api_as: Any, new_incident: Any
) -> None:
    make_user("dispatcher", username="disp")
    make_user("supervisor", username="super")
    unit = make_unit("ALPHA-1")
    incident = new_incident(api_as("calltaker"), description="robbery at the market")
    dispatcher = screen("disp")
    board = dispatcher.open("/")
    other = screen("super").open("/units/")
    their_row = other.locator(f".unit-row[data-id='{unit.id}']")
    expect(their_row.locator(".status")).to_have_text(arabic(UnitStatus.AVAILABLE.label))

    board.locator("#queue-body tr", has_text=incident["number"]).click()
    recommended = board.locator(".rec-form").first
    expect(recommended).to_contain_text("ALPHA-1")
    recommended.locator("button.assign").click()

    own_row = board.locator(f".unit-row[data-id='{unit.id}']")
    dispatched = arabic(UnitStatus.DISPATCHED.label)
    expect(own_row.locator(".status")).to_have_text(dispatched, timeout=2000)
    expect(their_row.locator(".status")).to_have_text(dispatched, timeout=2000)
    expect(board.locator("#queue-body tr", has_text=incident["number"])).to_contain_text("ALPHA-1")
    expect(board.locator("#panel .assigned")).to_contain_text("ALPHA-1")


def test_pages_are_rtl_in_arabic_and_ltr_in_english_and_the_choice_is_remembered(
    screen: Any, make_user: Any, make_unit: Any, api_as: Any, new_incident: Any,
    artifacts: Path,
) -> None:
    make_user("dispatcher", username="disp")
    make_unit("ALPHA-1")
    new_incident(api_as("calltaker"), description="شجار في السوق")
    first = screen("disp")
    page = first.open("/")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    expect(page.locator("#queue-title")).to_contain_text("البلاغات المفتوحة")
    # The zoom control sits at the start of the line: the right in Arabic.
    expect(page.locator(".leaflet-top.leaflet-right .leaflet-control-zoom")).to_be_visible()
    page.locator("#queue-body tr").first.click()
    expect(page.locator(".rec-form").first).to_be_visible()
    page.screenshot(path=str(artifacts / "board-ar.png"))

    page.click("button[name=language][value=en]")
    expect(html).to_have_attribute("dir", "ltr")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("#queue-title")).to_contain_text("Open incidents")
    expect(page.locator(".leaflet-top.leaflet-left .leaflet-control-zoom")).to_be_visible()
    page.locator("#queue-body tr").first.click()
    expect(page.locator(".rec-form").first).to_be_visible()
    page.screenshot(path=str(artifacts / "board-en.png"))

    # Remembered for the user, not the browser: a fresh browser signs in to English.
    again = screen("disp").open("/")
    expect(again.locator("html")).to_have_attribute("dir", "ltr")
    again.click("button[name=language][value=ar]")
    expect(again.locator("html")).to_have_attribute("dir", "rtl")

    # Arabic-Indic digits are a per-user choice; dates name the Arabic month.
    again.click("button[name=digits][value=arab]")
    expect(again.locator("#queue-body time.timer").first).to_have_text(
        re.compile("^[٠-٩:]+$"))
    again.locator("#queue-body tr a").first.click()
    received = again.locator("#facts time").first.inner_text()
    assert any(month in received for month in ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
               "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")), received
    assert not any(d in received for d in "0123456789"), received
    again.screenshot(path=str(artifacts / "incident-ar.png"), full_page=True)


def test_markup_in_a_description_shows_as_text(
    screen: Any, make_user: Any, api_as: Any, new_incident: Any
) -> None:
    make_user("dispatcher", username="disp")
    hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2"><b>bold</b>'
    incident = new_incident(api_as("calltaker"), description=hostile, address="<i>street</i>")
    page = screen("disp").open("/")
    page.locator("#queue-body tr", has_text=incident["number"]).click()
    description = page.locator("#panel .desc")
    expect(description).to_have_text(hostile)
    assert page.locator("#panel .desc b, #panel img, #panel i").count() == 0
    page.goto(f"/incidents/{incident['id']}/")
    expect(page.locator("#facts .desc")).to_have_text(hostile)
    expect(page.locator("#facts")).to_contain_text("<i>street</i>")
    assert page.evaluate("window.__pwned") is None


def test_a_police_station_never_sees_the_operations_room_s_incidents(
    screen: Any, make_user: Any, station: Any, api_as: Any, new_incident: Any
) -> None:
    make_user("dispatcher", agency=station, username="dispatcher2")
    page = screen("dispatcher2").open("/")
    ops_incident = new_incident(api_as("calltaker"), description="operations room only")
    own = new_incident(api_as("calltaker", station), description="the station's own")
    # The station's own incident arrives after the operations room's in the stream's order,
    # so once it shows, the other would have shown too had it leaked.
    expect(page.locator("#queue-body tr", has_text=own["number"])).to_be_visible(timeout=2000)
    assert ops_incident["number"] not in page.content()
    page.reload()
    expect(page.locator("#queue-body tr", has_text=own["number"])).to_be_visible()
    assert ops_incident["number"] not in page.content()
    assert page.request.get(f"/incidents/{ops_incident['id']}/").status == 404


def test_a_dispatcher_draws_a_no_go_area_and_the_route_avoids_it(
    screen: Any, make_user: Any, make_unit: Any, api_as: Any, new_incident: Any
) -> None:
    from opsroom.demo.loader import load_synthetic_roads
    from opsroom.roads.models import RoadClosure

    load_synthetic_roads()
    make_user("dispatcher", username="disp")
    make_unit("ALPHA-1", at=(32.1260, 20.0667))
    incident = new_incident(api_as("calltaker"), location={"lat": 32.1167, "lon": 20.0667})
    dispatcher = screen("disp")
    page = dispatcher.open("/")
    other = screen("disp").open("/")  # the same user's second screen hears of it live
    page.locator("#queue-body tr", has_text=incident["number"]).click()
    page.locator(".route-button").first.click()
    status = page.locator("#map-status .route")
    expect(status).to_contain_text("ALPHA-1")
    before = status.inner_text()

    page.click("#closure-start")
    box = page.locator("#map").bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-40, -40), (40, -40), (40, 40), (-40, 40)):
        page.mouse.click(cx + dx, cy + dy)
    expect(page.locator("#closure-points")).to_have_text("(4)")
    page.fill("#closure-reason", "اشتباكات مسلحة")
    page.click("#closure-form button[type=submit]")
    expect(page.locator("#toasts .error")).to_have_count(0)
    expect(page.locator("#closure-form")).to_be_hidden()
    closure = RoadClosure.objects.get()
    assert closure.kind == "area" and closure.reason == "اشتباكات مسلحة"
    assert closure.valid_until is not None
    assert len(closure.geometry["coordinates"][0]) == 5
    # Both screens draw it (the other from the live stream) and say it is in force.
    expect(page.locator("#map-status .closures")).to_contain_text(": 1")
    expect(other.locator("#map-status .closures")).to_contain_text(": 1")
    # The route asked again goes round the area: longer than before.
    page.locator(".route-button").first.click()
    expect(status).not_to_have_text(before)


def test_the_board_suggests_a_move_up_for_an_uncovered_district(
    screen: Any, make_user: Any, make_unit: Any
) -> None:
    from opsroom.demo.loader import load_synthetic_roads

    load_synthetic_roads()
    make_user("supervisor", username="super")
    make_unit("CENTRE-1", at=(32.1167, 20.0667))
    make_unit("CENTRE-2", at=(32.1180, 20.0690))
    page = screen("super").open("/")
    expect(page.locator("#map-status .move-up").first).to_contain_text("CENTRE-")
