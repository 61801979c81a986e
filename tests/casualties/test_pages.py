"""The civilian harm pages through the test client: each renders in Arabic (right to left)
and in English, is not found (404) for who cannot read harm, as from the API; a monitor's
event page has no victim's name, and the monitor's reads go into the ledger; the review
controls show to a second protection officer only."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from tests.casualties.conftest import World

from opsroom.accounts.middleware_2fa import SECOND_FACTOR
from opsroom.casualties.models import HarmEvent, LedgerEntry, Outage
from opsroom.core.clock import now

ARABIC = '<html lang="ar" dir="rtl">'
ENGLISH = '<html lang="en" dir="ltr">'
VICTIM = "سالم عبد الله الفيتوري"


def signed_in(user: Any, language: str = "ar") -> Client:
    """A console session as after a full sign-in (password, and the code its role needs)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[SECOND_FACTOR] = True
    session["opsroom_auth_at"] = time.time()
    session.save()
    # The choice is the user's own, saved: every session says which it wants.
    assert client.post("/language/", {"language": language, "next": "/"}).status_code == 302
    return client


def html(client: Client, path: str, status: int = 200) -> str:
    reply = client.get(path)
    assert reply.status_code == status, (path, reply.status_code)
    return reply.content.decode() if status == 200 else ""


def h1(page: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", page, re.S)
    assert found, "no heading"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip()


def corroborated(world: World) -> dict[str, Any]:
    """An event with a named victim and two independent sources, corroborated by the
    second protection officer, and an agreement that shares it with the monitor."""
    event = world.event()
    assert world.source(event["id"]).status_code == 201
    assert world.source(event["id"], kind="witness", organisation="",
                        reliability="C", credibility=3).status_code == 201
    victim = world.recorder.post(f"harm-events/{event['id']}/victims",
                                 {"name": VICTIM, "outcome": "killed", "age": 34,
                                  "sex": "male", "civilian_status": "civilian"})
    assert victim.status_code == 201, victim.json()
    review = world.reviewer.post(f"harm-events/{event['id']}/reviews",
                                 {"state": "corroborated", "reason": "مصدران مستقلان"})
    assert review.status_code == 201, review.json()
    agreement = world.reviewer.post("harm-sharing", {
        "monitor": "unsmil", "starts_on": "2020-01-01", "reference": "UNSMIL/2025/7"})
    assert agreement.status_code == 201, agreement.json()
    return event


def test_every_page_renders_in_arabic_and_in_english(world: World) -> None:
    event = world.event(location="حي الصابري")
    assert world.source(event["id"]).status_code == 201
    HarmEvent.objects.filter(id=event["id"]).update(synthetic=True)
    recorder, reviewer = world.recorder.user, world.reviewer.user
    pages = {
        "/civilians/": ("الضرر بالمدنيين", "Civilian harm"),
        "/civilians/new/": ("تسجيل واقعة ضرر", "Record a harm event"),
        f"/civilians/{event['id']}/": ("حي الصابري", "حي الصابري"),
        "/civilians/outages/": ("انقطاعات الاتصالات", "Telecommunications outages"),
        "/civilians/sharing/": ("المشاركة مع جهات الرصد", "Sharing with monitors"),
    }
    for language, index in (("ar", 0), ("en", 1)):
        client = signed_in(recorder, language)
        for path, headings in pages.items():
            page = html(client, path)
            assert (ARABIC if language == "ar" else ENGLISH) in page, path
            assert h1(page).startswith(headings[index]), (path, h1(page))
            assert "casualties/casualties.css" in page
            assert "<script>" not in page.split("<body")[1], path  # no inline script
        queue = html(signed_in(reviewer, language), "/civilians/review/")
        assert h1(queue) == ("قائمة المراجعة" if language == "ar" else "Review queue")
        assert f'href="/civilians/{event["id"]}/"' in queue
    listing = html(signed_in(recorder), "/civilians/")
    assert "حي الصابري" in listing and "اصطناعية" in listing  # synthetic, visibly
    assert '<span class="figure" dir="ltr">4–9 (6)</span>' in listing  # min–max (best)
    assert "format=acled" in listing and "format=hxl" in listing
    assert "/reports/civilian-harm.pdf?from=" in listing and "lang=en" in listing
    assert 'href="/civilians/"' in listing and 'href="/civilians/outages/"' in listing  # nav


def test_the_list_filters_and_its_exports_keep_the_filters(world: World) -> None:
    world.event(location="سوق الحوت")
    world.event(location="الكيش", event_date="2025-10-07")
    client = signed_in(world.recorder.user)
    page = html(client, "/civilians/?from=2025-10-01&to=2025-10-31&state=unverified")
    assert "الكيش" in page and "سوق الحوت" not in page
    assert ("/api/v1/harm-events/export.csv?format=hxl&amp;from=2025-10-01&amp;to=2025-10-31"
            "&amp;state=unverified") in page
    assert "/reports/civilian-harm.pdf?from=2025-10-01&amp;to=2025-10-31&amp;lang=ar" in page
    refused = html(client, "/civilians/?state=maybe")
    assert 'class="error" role="alert"' in refused  # said on the page, not a 500


def test_who_cannot_read_harm_finds_no_page(world: World, make_user: Any) -> None:
    event = world.event()
    dispatcher = signed_in(make_user("dispatcher"))
    for path in ("/civilians/", "/civilians/new/", f"/civilians/{event['id']}/",
                 "/civilians/review/", "/civilians/sharing/"):
        html(dispatcher, path, 404)
    # The outage log is the dispatcher's too (outage.read); the board links it, not harm.
    assert h1(html(dispatcher, "/civilians/outages/")) == "انقطاعات الاتصالات"
    board = html(dispatcher, "/")
    assert 'href="/civilians/outages/"' in board and 'href="/civilians/"' not in board
    html(signed_in(make_user("records")), "/civilians/outages/", 403)
    # A monitor without an agreement reads nothing: 404 like anyone else.
    html(signed_in(world.monitor.user), "/civilians/", 404)
    # The inspector reads harm, records and reviews none of it.
    inspector = signed_in(world.inspector.user)
    assert f'href="/civilians/{event["id"]}/"' in html(inspector, "/civilians/")
    html(inspector, "/civilians/new/", 403)
    html(inspector, "/civilians/review/", 403)
    html(signed_in(world.recorder.user), "/civilians/00000000-0000-0000-0000-000000000000/", 404)


def test_a_monitor_sees_no_victim_name_and_each_read_is_in_the_ledger(world: World) -> None:
    event = corroborated(world)
    client = signed_in(world.monitor.user)
    listing = html(client, "/civilians/")
    assert f'href="/civilians/{event["id"]}/"' in listing
    page = html(client, f"/civilians/{event['id']}/")
    assert ARABIC in page and "محجوب" in page  # withheld
    assert VICTIM not in page and "الفيتوري" not in page
    assert "take-lock" not in page and "review-form" not in page and "source-form" not in page
    assert "/archive" not in page  # no archived copy for a monitor
    assert list(LedgerEntry.objects.order_by("at").values_list("what", flat=True)) == [
        "list", "event"]
    sharing = html(client, "/civilians/sharing/")
    assert "UNSMIL/2025/7" in sharing and "agreement-form" not in sharing
    assert "قائمة الوقائع" in sharing  # the ledger says what was received
    english = html(signed_in(world.monitor.user, "en"), f"/civilians/{event['id']}/")
    assert ENGLISH in english and "withheld" in english and VICTIM not in english
    # The protection officer sees the name.
    assert VICTIM in html(signed_in(world.recorder.user), f"/civilians/{event['id']}/")


def test_the_review_controls_are_for_a_second_protection_officer(world: World) -> None:
    event = world.event()
    assert world.source(event["id"]).status_code == 201
    path = f"/civilians/{event['id']}/"
    own = html(signed_in(world.recorder.user), path)
    assert "take-lock" not in own and "review-form" not in own
    assert "سجّلتَ هذه الواقعة" in own  # you recorded it
    assert "source-form" in own and "victim-form" in own  # a writer adds to it
    minutes = settings.HARM_LOCK_MINUTES
    second = signed_in(world.reviewer.user)
    page = html(second, path)
    assert "take-lock" in page and "review-form" in page and f"{minutes} دقيقة" in page
    assert "B2" in page and "SHA-256" in page  # the source's grade and its digest
    assert world.reviewer.post(f"harm-events/{event['id']}/lock").status_code == 200
    held = html(signed_in(world.recorder.user), path)
    assert f"{world.reviewer.user.username} حتى" in held  # held by X until HH:MM
    assert "source-form" not in held  # nobody else changes it meanwhile
    mine = html(second, path)
    assert "release-lock" in mine and "review-form" in mine
    queue = html(second, "/civilians/review/")
    assert f"{world.reviewer.user.username} حتى" in queue
    # After the review: its history, with who, the states and the digest's start.
    assert world.source(event["id"], kind="witness", organisation="",
                        api=world.reviewer).status_code == 201  # the lock's holder adds it
    reply = world.reviewer.post(f"harm-events/{event['id']}/reviews",
                                {"state": "corroborated", "reason": "شاهد ومستشفى"})
    assert reply.status_code == 201, reply.json()
    done = html(second, path)
    assert "شاهد ومستشفى" in done and reply.json()["digest"][:12] in done
    assert f'وُقّعت في <span dir="ltr">{settings.SITE_CODE}</span>' in done  # its site signed it
    assert "لا يجتاز التحقق" not in done  # and the chain checks out
    assert "release-lock" not in done  # the review let the event go
    # Corroborated still waits for a second person (to be verified, or disputed).
    assert f'href="/civilians/{event["id"]}/"' in html(second, "/civilians/review/")
    assert f'href="/civilians/{event["id"]}/"' not in html(signed_in(world.recorder.user),
                                                          "/civilians/review/")


def test_the_outage_log_shows_proposals_and_what_is_down(world: World) -> None:
    from opsroom.casualties.actions import do_propose_outage

    reply = world.recorder.post("outages", {
        "districts": ["BNG-D12"], "operator": "libyana", "services": ["mobile_voice", "sms"],
        "starts_at": now().isoformat(), "source": "بلاغ من الشركة"})
    assert reply.status_code == 201, reply.json()
    Outage.objects.filter(id=reply.json()["id"]).update(synthetic=True)
    do_propose_outage("bng-post-3", now(), world.ops)
    page = html(signed_in(world.recorder.user), "/civilians/outages/")
    assert "بلاغ من الشركة" in page and "ليبيانا" in page and "اصطناعية" in page
    assert "bng-post-3" in page and 'value="confirmed"' in page and 'value="dismissed"' in page
    assert 'id="outage-form"' in page and "vendor/leaflet/leaflet.js" in page
    dispatcher_page = html(signed_in(world.inspector.user), "/civilians/outages/")
    assert "بلاغ من الشركة" in dispatcher_page and 'id="outage-form"' not in dispatcher_page


@pytest.mark.usefixtures("benghazi")
def test_the_board_offers_the_outage_layer_to_who_reads_outages(make_user: Any) -> None:
    board = html(signed_in(make_user("dispatcher")), "/")
    found = re.search(r'<script id="boot" type="application/json">(.*?)</script>', board, re.S)
    assert found
    boot = json.loads(found.group(1))
    assert boot["outages_map"] == "/api/v1/outages/map"
    assert boot["words"]["outages_layer"] == "انقطاعات الاتصالات"  # the layer's name
    assert boot["labels"]["operator"]["libyana"] == "ليبيانا"  # for its tooltips


def test_an_incident_of_the_same_days_is_offered_and_linked(
        world: World, api_as: Any, new_incident: Any) -> None:
    incident = new_incident(api_as("calltaker"), description="إطلاق نار في الصابري")
    event = world.event(event_date=now().date().isoformat())
    path = f"/civilians/{event['id']}/"
    page = html(signed_in(world.recorder.user), path)
    assert 'id="incident-form"' in page and f'value="{incident["id"]}"' in page
    reply = world.recorder.patch(f"harm-events/{event['id']}",
                                 {"incident_ids": [incident["id"]]})
    assert reply.status_code == 200, reply.json()
    page = html(signed_in(world.recorder.user), path)
    assert f'href="/incidents/{incident["id"]}/"' in page and incident["number"] in page
    assert f'<option value="{incident["id"]}"' not in page  # offered once only


def test_a_protection_officers_and_a_monitors_day_starts_on_the_civilian_pages(
        world: World) -> None:
    for user in (world.recorder.user, world.monitor.user):
        reply = signed_in(user).get("/")
        assert reply.status_code == 302 and reply["Location"] == "/civilians/"
