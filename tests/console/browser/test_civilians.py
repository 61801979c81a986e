"""Civilian harm on the console, in real Chromium and in Arabic: a protection officer records
an event with one source and one victim through the one form; a second protection officer
takes it from the review queue, tries "verified" and reads why it is refused, adds a second
source (a file, read to base64 by the page) and marks it corroborated; a victim of the same
name is shown as a likely duplicate before saving. A silent post's proposed outage is
confirmed: the outage log's map hatches the district cut off, and so does the board's.
axe-core finds nothing on the list, the form, the event and the outage log (and, in English,
the form and the outage log)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.console.browser.test_accessibility import violations

from opsroom.accounts.models import AgencyKind
from opsroom.casualties.actions import do_propose_outage
from opsroom.casualties.models import (
    HarmEvent,
    Outage,
    Review,
    SharingAgreement,
    Source,
    Victim,
)
from opsroom.core.clock import now

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("benghazi")]

VICTIM = "سالم عبد الله الفيتوري"
EVENT_PAGE = re.compile(r"/civilians/[0-9a-f-]{36}/$")


def test_two_protection_officers_record_and_corroborate_an_event(
        screen: Any, make_user: Any, make_agency: Any, artifacts: Any) -> None:
    for role, username in (("protection", "prot1"), ("protection", "prot2"),
                           ("dispatcher", "disp")):
        make_user(role, username=username)
    make_agency("unsmil", kind=AgencyKind.MONITOR)
    # A post fell silent three hours ago: sync proposed an outage for a person to confirm.
    do_propose_outage("bng-post-3", now() - timedelta(hours=3), None)
    problems: dict[str, list[str]] = {}

    # ---- the first officer records the event, a source and a victim in one form ------------
    recorder = screen("prot1")
    page = recorder.open("/civilians/new/")
    expect(page.locator("h1")).to_have_text("تسجيل واقعة ضرر")
    problems["/civilians/new/"] = violations(page)
    page.fill("#e-date", (now() - timedelta(days=2)).date().isoformat())
    page.locator("input[name=time_precision][value='1']").check()
    page.select_option("#e-type", "Battles")
    page.select_option("#e-sub", "Armed clash")  # filled from the type chosen
    expect(page.locator("#e-sub option[value='Armed clash']")).to_have_text("اشتباك مسلح")
    page.locator("#e-targeting").check()
    page.fill("#place-q", "الصابري")
    page.locator(".place-hit", has_text="الصابري").first.click()
    expect(page.locator("#e-location")).to_have_value("الصابري")
    assert page.locator("#e-lat").input_value().startswith("32.13")
    page.locator("input[name=geo_precision][value='2']").check()
    page.fill("#e-actor1", "مجموعة مسلحة (حسب المصادر)")
    for name, low, high, best in (("killed", 2, 5, 3), ("injured", 4, 8, 6)):
        page.fill(f"input[name='{name}.min']", str(low))
        page.fill(f"input[name='{name}.max']", str(high))
        page.fill(f"input[name='{name}.best']", str(best))
    page.select_option("#source-0-kind", "hospital_record")
    page.fill("#source-0-description", "قائمة قسم الطوارئ")
    page.fill("#source-0-organisation", "مستشفى الجلاء")
    page.select_option("#source-0-reliability", "B")
    page.select_option("#source-0-credibility", "2")
    page.fill("#source-0-killed_min", "2")
    page.fill("#victim-0-name", VICTIM)
    page.select_option("#victim-0-outcome", "killed")
    page.fill("#victim-0-age", "34")
    page.select_option("#victim-0-civilian_status", "civilian")
    page.select_option("#victim-0-attribution_source", label="المصدر 1")
    # A maximum below its minimum: refused, and said beside that field; nothing is saved.
    page.fill("input[name='killed.max']", "1")
    page.click("button.save")
    high = page.locator("input[name='killed.max']")
    expect(high).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#event-fields .field-error")).to_contain_text("below the minimum")
    assert HarmEvent.objects.count() == 0
    recorder.errors.clear()  # Chromium logs the refused request (422): expected here
    high.fill("5")
    # The source has no archived copy yet: the event is saved, the source refused beside
    # its copy, and saving again goes on from there (one event, not two).
    page.click("button.save")
    expect(page.locator("#event-recorded")).to_be_visible()
    expect(page.locator("#source-0-archive_text")).to_have_attribute("aria-invalid", "true")
    assert HarmEvent.objects.count() == 1 and Source.objects.count() == 0
    recorder.errors.clear()
    page.fill("#source-0-archive_text", "وصل إلى الطوارئ قتيلان وستة جرحى")
    page.screenshot(path=str(artifacts / "civilians-new-ar.png"), full_page=True)
    page.click("button.save")
    page.wait_for_url(EVENT_PAGE)
    expect(page.locator("h1")).to_contain_text("الصابري")
    expect(page.locator(".state-line .status")).to_have_text("غير متحقق منه")
    expect(page.locator("table.sources tbody tr")).to_have_count(1)
    expect(page.locator("table.sources .grade")).to_have_text("B2")
    expect(page.locator("table.victims .victim-name")).to_have_text(VICTIM)
    expect(page.locator("table.figures")).to_contain_text("2–5 (3)")
    event = HarmEvent.objects.get()
    victim = Victim.objects.get()
    assert (event.killed_min, event.killed_max, event.killed_best) == (2, 5, 3)
    assert event.civilian_targeting and event.geo_precision == 2
    assert victim.attribution_source_id == Source.objects.get().id  # the row's source
    problems["/civilians/<event>/ (recorder)"] = violations(page)
    assert page.locator("#take-lock").count() == 0  # not the recorder's to review
    listing = recorder.open("/civilians/")
    expect(listing.locator("table.events tbody tr")).to_have_count(1)
    problems["/civilians/"] = violations(listing)

    # ---- the second officer takes it from the queue ------------------------------------------
    reviewer = screen("prot2")
    page = reviewer.open("/civilians/review/")
    page.locator("table.review-queue a", has_text="الصابري").click()
    page.wait_for_url(EVENT_PAGE)
    page.click("#take-lock")
    expect(page.locator("#release-lock")).to_be_visible()
    expect(page.locator("#review-card .lock")).to_contain_text("prot2")
    page.select_option("#r-state", "verified")
    page.fill("#r-reason", "قائمة المستشفى مصنّفة B2")
    page.click("#review-save")
    refusal = page.locator("#review-refusal")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("غير ممكن بعد")
    expect(refusal).to_contain_text("مصدرين مستقلين")
    expect(refusal).to_contain_text("لديها الآن 1 مصدر")
    assert Review.objects.count() == 0
    reviewer.errors.clear()  # Chromium logs the refused request (409): expected here

    # A second, independent source: a witness, its account as a file.
    page.select_option("#source-0-kind", "witness")
    page.fill("#source-0-description", "شاهد من سكان الحي")
    page.select_option("#source-0-reliability", "C")
    page.select_option("#source-0-credibility", "3")
    page.set_input_files("#source-0-archive_file", files=[{
        "name": "shahed.txt", "mimeType": "text/plain",
        "buffer": "سمعت إطلاق النار قرابة العاشرة".encode()}])
    page.click("#source-save")
    expect(page.locator("table.sources tbody tr")).to_have_count(2)
    witness = Source.objects.get(kind="witness")
    assert witness.archive_encoding == "base64" and witness.archive_name == "shahed.txt"
    assert witness.recorded_by.username == "prot2"

    # A victim of the same name: shown as the name is typed, and again when saving.
    page.fill("#victim-0-name", "سالم الفيتوري")
    similar = page.locator("#victim-rows .similar")
    expect(similar).to_contain_text(VICTIM)
    page.select_option("#victim-0-outcome", "killed")
    page.click("#victim-save")
    expect(similar).to_contain_text("علّم من هو شخص آخر")
    reviewer.errors.clear()  # the refused request (409) again
    similar.locator("input[type=checkbox]").check()
    page.click("#victim-save")
    expect(page.locator("table.victims tbody tr")).to_have_count(2)
    assert Victim.objects.filter(distinct_from=[str(victim.id)]).count() == 1

    page.select_option("#r-state", "corroborated")
    page.fill("#r-reason", "سجل المستشفى وشاهد مستقل")
    page.click("#review-save")
    expect(page.locator(".state-line .status")).to_have_text("مؤيَّد بمصدرين")
    expect(page.locator("table.reviews tbody tr")).to_have_count(1)
    expect(page.locator("table.reviews")).to_contain_text("prot2")
    review = Review.objects.get()
    expect(page.locator("table.reviews code.digest")).to_have_text(review.digest[:12])
    problems["/civilians/<event>/ (reviewer)"] = violations(page)
    page.screenshot(path=str(artifacts / "civilians-event-ar.png"), full_page=True)

    # ---- an agreement shares corroborated and verified events with the UN mission ------------
    page = reviewer.open("/civilians/sharing/")
    page.fill("#a-reference", "UNSMIL/2026/3")
    page.click("#agreement-form button[type=submit]")
    expect(page.locator("table.agreements tbody tr")).to_have_count(1)
    agreement = SharingAgreement.objects.get()
    assert agreement.states == ["corroborated", "verified"] and agreement.include_victims
    assert not agreement.include_names and agreement.reference == "UNSMIL/2026/3"
    problems["/civilians/sharing/"] = violations(page)

    # ---- the outage log, and the board, hatch the district cut off ---------------------------
    page = reviewer.open("/civilians/outages/")
    assert page.locator(".outage-legend").count() == 0  # nothing is down yet
    proposal = page.locator("article.proposal")
    expect(proposal.locator("h3")).to_contain_text("bng-post-3")
    proposal.locator("select[name=districts]").select_option("BNG-D12")
    proposal.locator("select[name=operator]").select_option("libyana")
    for service in ("mobile_voice", "sms"):
        proposal.locator(f"input[name=services][value={service}]").check()
    proposal.locator(".confirm-form button[type=submit]").click()
    expect(page.locator(".outage-list li.outage")).to_have_count(1)
    outage = Outage.objects.get()
    assert outage.status == "confirmed" and outage.operator == "libyana"
    assert outage.services == ["mobile_voice", "sms"]
    assert outage.confirmed_by is not None and outage.confirmed_by.username == "prot2"
    expect(page.locator(".outage-legend")).to_contain_text("محلة منقطعة")
    expect(page.locator("#outage-map path[fill='url(#outage-hatch)']").first).to_be_attached()
    expect(page.locator("#outage-map-status")).not_to_be_empty()
    problems["/civilians/outages/"] = violations(page)
    page.screenshot(path=str(artifacts / "civilians-outages-ar.png"), full_page=True)
    page.click("button[name=language][value=en]")  # English, one click away
    expect(page.locator("h1")).to_have_text("Telecommunications outages")
    expect(page.locator(".outage-legend")).to_contain_text("District cut off")
    problems["/civilians/outages/ (en)"] = violations(page)
    page.goto("/civilians/new/")
    problems["/civilians/new/ (en)"] = violations(page)
    board = screen("disp").open("/")
    expect(board.locator("#map .outage-legend")).to_be_visible()
    expect(board.locator("#map path[fill='url(#outage-hatch)']").first).to_be_attached()
    board.locator("#map .leaflet-control-layers").hover()
    toggle = board.locator(".leaflet-control-layers-overlays label", has_text="انقطاعات الاتصالات")
    toggle.locator("input").uncheck()
    expect(board.locator("#map .outage-legend")).to_have_count(0)
    assert {path: found for path, found in problems.items() if found} == {}
