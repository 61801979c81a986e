"""Weapons collection on the console, in real Chromium at a tablet's width: a records
officer takes a handover in Arabic (the person found by name, two items), prints its
receipt, meets a serial handed in before (the 409 names the earlier receipt) and confirms a
deliberate duplicate; then checks the receipt on the receipt check page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from opsroom.campaigns.actions import (
    do_add_session,
    do_advance_operation,
    do_create_campaign,
    do_create_course,
    do_create_point,
    do_enrol,
    do_plan_operation,
    do_record_handover,
)
from opsroom.campaigns.models import Handover, Item
from opsroom.core.clock import now
from opsroom.records.actions import do_create_person
from opsroom.records.search import forget_index

pytestmark = [pytest.mark.django_db(transaction=True)]

ALWAYS = {day: [["00:00", "23:59"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat",
                                                  "sun")}


def campaign_world(make_user: Any, full: bool = False) -> dict[str, Any]:
    """A running weapons campaign and an amnesty, the directorate's collection point, its
    records officer ``rec`` and supervisor ``super``, a person who hands weapons in; with
    ``full``, a handover already counted, a raid under way and a course with an attendee."""
    forget_index()  # a fresh database: the name index starts empty too
    supervisor = make_user("supervisor", username="super")
    records = make_user("records", username="rec")
    start = date.today() - timedelta(days=30)
    campaign = do_create_campaign(
        supervisor, kind="weapons", name_ar="الحملة الموسعة لجمع السلاح",
        name_en="Expanded weapons collection campaign", starts_on=start,
        targets={"weapons": 5000, "handovers": 2000}, synthetic=True)
    amnesty = do_create_campaign(
        supervisor, kind="weapons", name_ar="عفو السلاح", name_en="Weapons amnesty",
        starts_on=start, ends_on=date.today() + timedelta(days=30), amnesty=True,
        synthetic=True)
    point = do_create_point(supervisor, code="bng-sd-directorate", name_ar="مديرية أمن بنغازي",
                            name_en="Benghazi Security Directorate", kind="directorate",
                            lat=32.1167, lon=20.0667, hours=ALWAYS, synthetic=True)
    person = do_create_person(records, {"first_name": "سالم", "father_name": "محمد",
                                        "family_name": "العبيدي", "birth_year": 1979},
                              synthetic=True)
    world = {"supervisor": supervisor, "records": records, "campaign": campaign,
             "amnesty": amnesty, "point": point, "person": person}
    if not full:
        return world
    do_record_handover(records, campaign=campaign, point=point, person=person,
                       items=[{"category": "pistol", "make_model": "Tokarev TT-33",
                               "serial": "TT-1950", "condition": "damaged"},
                              {"category": "ammunition", "calibre": "7.62×25",
                               "quantity": 48}], synthetic=True)
    dens = do_create_campaign(supervisor, kind="drug_dens", name_ar="القضاء على أوكار المخدرات",
                              name_en="Eliminating drug dens", starts_on=start,
                              targets={"dens": 40}, synthetic=True)
    operation = do_plan_operation(
        supervisor, campaign=dens, code="OP-7", planned_at=now() + timedelta(hours=2),
        commander=records, synthetic=True,
        targets=[{"place": "منزل مهجور، حي الصابري", "lat": 32.125, "lon": 20.07,
                  "no_warrant_reason": "مبنى مهجور لا يسكنه أحد: لا يلزم أمر تفتيش لدخوله"}])
    for status in ("briefed", "under_way"):
        do_advance_operation(supervisor, operation, status)
    course = do_create_course(supervisor, code="jpo-duties",
                              title_ar="واجبات مأموري الضبط القضائي",
                              title_en="Duties of Judicial Police Officers", validity_days=365,
                              synthetic=True)
    ended = date.today() - timedelta(days=1)
    session = do_add_session(supervisor, course, number=5, starts_on=ended - timedelta(days=4),
                             ends_on=ended, place="معهد تدريب الشرطة",
                             trainers=["المستشار علي"])
    do_enrol(supervisor, session, records)
    return {**world, "operation": operation, "course": course}


def test_a_records_officer_takes_a_handover_prints_the_receipt_and_checks_it(
        screen: Any, make_user: Any, artifacts: Any) -> None:
    world = campaign_world(make_user)
    officer = screen("rec", viewport=(768, 1024))  # a tablet at the collection point
    page = officer.open("/campaigns/handover/")
    expect(page.locator("h1")).to_have_text("تسليم الأسلحة")

    # In amnesty mode nobody is asked for, and the page says so.
    page.select_option("#h-campaign", str(world["amnesty"].id))
    expect(page.locator("#person-section")).to_be_hidden()
    expect(page.locator(f".amnesty-notice[data-campaign='{world['amnesty'].id}']")).to_contain_text(
        "لا يُسجَّل أي اسم")
    page.select_option("#h-campaign", str(world["campaign"].id))
    page.select_option("#h-point", "bng-sd-directorate")
    expect(page.locator("#person-section")).to_be_visible()

    page.fill("#h-person-q", "سالم العبيدي")
    page.press("#h-person-q", "Enter")
    expect(page.locator("#person-chosen")).to_be_hidden()
    page.locator(".person-hit", has_text="سالم محمد العبيدي").click()
    expect(page.locator("#h-person-name")).to_have_text("سالم محمد العبيدي")

    page.select_option("#item-0-category", "assault_rifle")
    page.fill("#item-0-make_model", "AK-47")
    page.fill("#item-0-serial", "KL 204417")
    page.select_option("#item-0-condition", "working")
    page.click("#add-item")
    page.select_option("#item-1-category", "ammunition")
    page.fill("#item-1-calibre", "7.62×39")
    page.fill("#item-1-quantity", "120")
    expect(page.locator(".item-row .serial-known").first).to_be_hidden()  # a new serial
    # Every control is big enough for a finger (44 px).
    heights = page.eval_on_selector_all(
        "#handover-form input:not([type=hidden]), #handover-form select, #handover-form button",
        "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44, heights
    page.click("button.save")

    done = page.locator("#handover-done")
    expect(done).to_be_visible()
    number = page.locator("#done-number").inner_text()
    code = page.locator("#done-code").inner_text()
    assert re.fullmatch(r"[A-Z]+-[A-Z]+-\d{4}-\d{6}", number), number
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code), code
    page.screenshot(path=str(artifacts / "handover-done-ar.png"))
    pdf = officer.context.request.get(page.locator("#done-print").get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    handover = Handover.objects.get(receipt_number=number)
    assert handover.person_id == world["person"].id and handover.items.count() == 2

    # The next citizen brings the same rifle: the form warns, then the API refuses it.
    page.click("#done-new")
    expect(page.locator("#handover-form")).to_be_visible()
    page.fill("#h-person-q", "العبيدي")
    page.press("#h-person-q", "Enter")
    page.locator(".person-hit").first.click()
    page.select_option("#item-0-category", "assault_rifle")
    page.fill("#item-0-serial", "kl-204417")
    page.locator("#item-0-make_model").focus()  # leaving the serial checks it
    known = page.locator(".item-row .serial-known").first
    expect(known).to_contain_text(number)
    page.click("button.save")
    expect(known).to_contain_text("اذكر السبب")
    expect(known.locator(".earlier-receipt")).to_have_text(number)
    reason = page.locator("#item-0-duplicate_reason")
    expect(reason).to_be_focused()
    officer.errors.clear()  # Chromium logs the refused request (409): expected here
    reason.fill("السلاح نفسه أُعيد بعد فحصه لدى المعمل الجنائي")
    page.click("button.save")
    expect(done).to_be_visible()
    again = page.locator("#done-number").inner_text()
    assert again != number
    assert Item.objects.get(handover__receipt_number=again).duplicate_reason.startswith(
        "السلاح نفسه")

    check = officer.open("/campaigns/receipts/verify/")
    check.fill("#v-number", number)
    check.fill("#v-code", code.lower().replace("-", ""))  # as a citizen might read it out
    check.click("button.save")
    answer = check.locator("#verify-answer")
    expect(answer.locator(".verdict.genuine")).to_have_text("إيصال صحيح")
    expect(answer).to_contain_text("بندقية آلية")
    expect(answer).to_contain_text("KL 204417")
    expect(answer).to_contain_text("مديرية أمن بنغازي")
    check.fill("#v-code", "AAAA-BBBB-CCCC")
    check.click("button.save")
    expect(answer.locator(".verdict.fake")).to_be_visible()


def test_the_commander_records_a_raid_s_outcome_with_what_was_seized_and_the_weapons_found(
        screen: Any, make_user: Any) -> None:
    world = campaign_world(make_user, full=True)
    operation = world["operation"]
    target = operation.targets.get()
    commander = screen("rec")
    page = commander.open(f"/campaigns/operations/{operation.id}/")
    form = page.locator(f"#outcome-{target.id}")
    form.locator(f"#o-{target.id}-closed").check()
    form.locator(f"#o-{target.id}-0-sub").select_option("hashish")
    form.locator(f"#o-{target.id}-0-qty").fill("1.5")
    form.locator(f"#o-{target.id}-0-cat").select_option("pistol")
    form.locator(f"#o-{target.id}-0-model").fill("Beretta 92")
    form.locator(f"#o-{target.id}-0-serial").fill("BER-7781")
    form.locator(f"#o-{target.id}-1-cat").select_option("ammunition")
    form.locator(f"#o-{target.id}-1-calibre").fill("9×19")
    form.locator(f"#o-{target.id}-1-iqty").fill("50")
    # A quantity past what the record holds: the error is written beside that field.
    form.locator(f"#o-{target.id}-2-sub").select_option("tramadol")
    form.locator(f"#o-{target.id}-2-qty").fill("5000000000")
    form.locator("button[type=submit]").click()
    too_much = form.locator(f"#o-{target.id}-2-qty")
    expect(too_much).to_have_attribute("aria-invalid", "true")
    note = form.locator(".field-error")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("seizures.1.quantity")  # the second row sent
    assert too_much.get_attribute("aria-errormessage") == note.get_attribute("id")
    expect(too_much).to_be_focused()
    commander.errors.clear()  # Chromium logs the refused request (422): expected here
    too_much.fill("")  # the row is left out
    form.locator("button[type=submit]").click()

    section = page.locator("section.target")
    expect(section.locator("h3 .tag")).to_be_visible()  # outcome recorded
    seized, found = section.locator("table").nth(0), section.locator("table").nth(1)
    expect(seized.locator("tbody tr")).to_have_count(1)
    expect(found.locator("caption")).to_have_text("الأسلحة والذخائر المضبوطة")
    expect(found.locator("tbody tr")).to_have_count(2)
    expect(found).to_contain_text("BER-7781")
    expect(found).to_contain_text("Beretta 92")
    items = {i.category: i for i in Item.objects.filter(target=target)}
    assert items["pistol"].serial == "BER-7781" and items["ammunition"].quantity == 50
    assert items["pistol"].handover_id is None  # found in a raid, not handed over
