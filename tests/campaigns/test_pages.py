"""The campaigns' console pages through the test client: each renders for its roles in
Arabic (right to left) and English, refuses the others (403), hides a raid not yet ended
from a dispatcher of its own agency (404, and absent from the board), and audits every
read of a raid."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from tests.conftest import Api

from opsroom.accounts.middleware_2fa import SECOND_FACTOR
from opsroom.accounts.models import AgencyKind
from opsroom.audit.models import AuditEntry
from opsroom.campaigns.actions import (
    do_add_session,
    do_create_campaign,
    do_create_course,
    do_create_point,
    do_enrol,
    do_record_result,
)
from opsroom.core.clock import now
from opsroom.records.actions import do_grant_capacity

ARABIC = '<html lang="ar" dir="rtl">'
ENGLISH = '<html lang="en" dir="ltr">'


def signed_in(user: Any, language: str = "ar") -> Client:
    """A console session as after a full sign-in (password, and the code its role needs)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[SECOND_FACTOR] = True
    session["opsroom_auth_at"] = time.time()
    session.save()
    if language != "ar":
        assert client.post("/language/", {"language": language, "next": "/"}).status_code == 302
    return client


def html(client: Client, path: str, status: int = 200) -> str:
    reply = client.get(path)
    assert reply.status_code == status, (path, reply.status_code)
    return reply.content.decode() if status == 200 else ""


def h1(page: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", page, re.S)
    assert found, "no heading"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


@pytest.fixture
def raid(world: Any, make_user: Any, make_unit: Any) -> dict[str, Any]:
    dens = do_create_campaign(world.supervisor.user, kind="drug_dens",
                              name_ar="القضاء على أوكار المخدرات", name_en="Eliminating drug dens",
                              starts_on=date.today() - timedelta(days=30), targets={"dens": 40})
    commander = make_user("supervisor")
    member = make_user("records")
    unit = make_unit("RAID-1")
    reply = world.supervisor.post("operations", {
        "campaign_id": str(dens.id), "code": "OP-7",
        "planned_at": (now() + timedelta(hours=6)).isoformat(),
        "commander": commander.username, "members": [member.username], "units": [str(unit.id)],
        "targets": [{"place": "منزل مهجور، حي الصابري", "lat": 32.125, "lon": 20.07,
                     "no_warrant_reason": "an abandoned building, no dwelling: no warrant "
                                          "is needed to enter"}]})
    assert reply.status_code == 201, reply.content
    return {"op": reply.json(), "campaign": dens, "commander": commander, "member": member}


def test_the_campaigns_and_a_campaigns_progress_in_arabic_and_english(
        world: Any, make_user: Any) -> None:
    assert world.handover().status_code == 201
    assert world.handover([{"category": "ammunition", "calibre": "7.62×39",
                            "quantity": 120}]).status_code == 201
    analyst = make_user("analyst")
    page = html(signed_in(world.supervisor.user), "/campaigns/")
    assert ARABIC in page and h1(page) == "الحملات"
    assert "الحملة الموسعة لجمع السلاح" in page and "عفو السلاح" in page
    assert f'href="/campaigns/{world.campaign.id}/"' in page
    assert 'href="/campaigns/"' in page  # in the navigation
    # One weapon of a target of 5000.
    assert "1 من 5000" in page

    detail = html(signed_in(analyst), f"/campaigns/{world.campaign.id}/")
    assert ARABIC in detail and h1(detail) == "الحملة الموسعة لجمع السلاح"
    assert 'class="week-chart"' in detail and "<title id=\"week-chart-title\">" in detail
    week = now().isocalendar()
    assert f"الأسبوع {week.week}، {week.year}" in detail  # the table beside the chart
    assert f'href="/public/campaigns/{world.campaign.id}?format=html"' in detail
    assert "أقل من 5 " in detail  # the public page's floor, a setting
    assert "ذخيرة" in detail and "120" in detail  # rounds, by category

    english = signed_in(analyst, "en")
    page = html(english, f"/campaigns/{world.campaign.id}/")
    assert ENGLISH in page and h1(page) == "Expanded weapons collection campaign"
    assert f"Week {week.week}, {week.year}" in page and "Ammunition" in page
    assert h1(html(english, "/campaigns/")) == "Campaigns"
    html(english, "/campaigns/00000000-0000-0000-0000-000000000000/", 404)
    dispatcher = signed_in(make_user("dispatcher"))
    html(dispatcher, "/campaigns/", 403)
    html(dispatcher, f"/campaigns/{world.campaign.id}/", 403)


def test_a_campaigns_page_in_arabic_indic_digits(world: Any) -> None:
    assert world.handover().status_code == 201
    user = world.supervisor.user
    user.arabic_digits = True
    user.save()
    page = html(signed_in(user), f"/campaigns/{world.campaign.id}/")
    assert "١ من ٥٠٠٠" in page


def test_the_handover_form_offers_running_campaigns_and_the_agencys_points(
        world: Any, make_agency: Any, station: Any) -> None:
    supervisor = world.supervisor.user
    do_create_campaign(supervisor, kind="weapons", name_ar="حملة منتهية", name_en="Ended campaign",
                       starts_on=date.today() - timedelta(days=90),
                       ends_on=date.today() - timedelta(days=1))
    do_create_point(supervisor, code="other-agency-point", name_ar="نقطة جهة أخرى",
                    name_en="Another agency's point", kind="station", lat=32.11, lon=20.07,
                    hours={}, agency=station)
    page = html(signed_in(world.records.user), "/campaigns/handover/")
    assert ARABIC in page and h1(page) == "تسليم الأسلحة"
    assert f'value="{world.campaign.id}"' in page and f'value="{world.amnesty.id}"' in page
    assert "حملة منتهية" not in page
    assert f'value="{world.point.code}"' in page and "other-agency-point" not in page
    # Amnesty mode: the notice that no name is recorded, and the amnesty's dates.
    assert f'data-campaign="{world.amnesty.id}"' in page and "لا يُسجَّل أي اسم" in page
    assert 'id="item-template"' in page and "بندقية آلية" in page
    assert "campaigns/campaigns.js" in page and "<script>" not in page.split("<body")[1]
    english = html(signed_in(world.records.user, "en"), "/campaigns/handover/")
    assert ENGLISH in english and h1(english) == "Weapons handover"
    assert "Amnesty: no name is recorded." in english
    html(signed_in(supervisor), "/campaigns/handover/", 403)  # supervisors take no handovers


def test_the_receipt_check_is_for_every_role_that_checks_receipts(
        world: Any, make_user: Any) -> None:
    for role in ("records", "dispatcher", "field_unit", "judicial"):
        page = html(signed_in(make_user(role)), "/campaigns/receipts/verify/")
        assert ARABIC in page and h1(page) == "التحقق من إيصال"
    english = html(signed_in(make_user("dispatcher"), "en"),
                   "/campaigns/receipts/verify/?number=X-1")
    assert h1(english) == "Check a receipt" and 'value="X-1"' in english
    html(signed_in(make_user("analyst")), "/campaigns/receipts/verify/", 403)


def test_a_planned_raid_is_hidden_from_a_dispatcher_of_its_own_agency_and_every_read_audited(
        world: Any, raid: dict[str, Any], make_user: Any) -> None:
    op_id = raid["op"]["id"]
    detail_url = f"/campaigns/operations/{op_id}/"
    dispatcher = signed_in(make_user("dispatcher"))  # of the owning agency
    board = html(dispatcher, "/campaigns/operations/")
    assert ARABIC in board and h1(board) == "العمليات" and op_id not in board
    html(dispatcher, detail_url, 404)
    assert not AuditEntry.objects.filter(action="operation.read", object_id=op_id).exists()

    supervisor = signed_in(world.supervisor.user)
    board = html(supervisor, "/campaigns/operations/")
    assert op_id in board and "OP-7" in board and "RAID-1" in board
    assert "منزل مهجور، حي الصابري" in board and "مُخطَّط لها" in board
    assert "اعتماد الإحاطة" in board  # the owning supervisor moves it on
    page = html(supervisor, detail_url)
    assert "OP-7" in page and "/outcome" not in page  # no outcome before it is under way
    member = signed_in(raid["member"], "en")
    page = html(member, detail_url)
    assert ENGLISH in page and "Operation OP-7" in h1(page)
    assert "Mark as briefed" not in page  # named on it, but neither commander nor supervisor
    assert AuditEntry.objects.filter(action="operation.read", object_id=op_id).count() == 2
    assert AuditEntry.objects.filter(action="operation.list").count() == 2
    html(signed_in(make_user("analyst")), "/campaigns/operations/", 403)

    commander = Api(raid["commander"], ["read", "write"])
    for status in ("briefed", "under_way"):
        assert commander.post(f"operations/{op_id}/status", {"status": status}).status_code == 200
    page = html(member, detail_url)
    assert f'data-api="/api/v1/operations/{op_id}/targets/' in page  # the outcome form
    assert "Hashish" in page and "Record the outcome" in page
    assert commander.post(f"operations/{op_id}/status", {"status": "completed"}
                          ).status_code == 200
    assert op_id in html(dispatcher, "/campaigns/operations/")  # ended: the agency sees it
    html(dispatcher, detail_url)


def test_courses_with_results_renewals_and_capacities_about_to_expire(
        world: Any, make_agency: Any, make_user: Any) -> None:
    supervisor = world.supervisor.user
    prosecution = make_agency("bng-pros", kind=AgencyKind.PROSECUTION)
    prosecutor = make_user("judicial", prosecution)
    officer = world.records.user
    do_grant_capacity(prosecutor, officer, now() + timedelta(days=10), now() - timedelta(days=300))
    course = do_create_course(supervisor, code="jpo-duties", title_ar="واجبات مأموري الضبط القضائي",
                              title_en="Duties of Judicial Police Officers", validity_days=365)
    ended = date.today() - timedelta(days=1)
    session = do_add_session(supervisor, course, number=5, starts_on=ended - timedelta(days=4),
                             ends_on=ended, place="معهد تدريب الشرطة", trainers=["المستشار علي"])
    attendance = do_enrol(supervisor, session, officer)

    page = html(signed_in(supervisor), "/campaigns/courses/")
    assert ARABIC in page and h1(page) == "تدريب مأموري الضبط القضائي"
    assert "واجبات مأموري الضبط القضائي" in page and "الدورة 5" in page
    assert f'data-api="/api/v1/attendances/{attendance.id}/result"' in page
    assert "الصفات المنتهية خلال 30 يوماً" in page and officer.username in page
    do_record_result(supervisor, attendance, "passed", 87)
    judicial = html(signed_in(prosecutor), "/campaigns/courses/")
    assert f'data-api="/api/v1/attendances/{attendance.id}/renew"' in judicial
    assert "/result" not in judicial and "الصفات المنتهية" not in judicial
    english = html(signed_in(officer, "en"), "/campaigns/courses/")
    assert ENGLISH in english and "Duties of Judicial Police Officers" in english
    assert "Passed" in english and "/renew" not in english and "/result" not in english
    html(signed_in(make_user("analyst")), "/campaigns/courses/", 403)


def test_the_pages_need_a_sign_in_and_the_second_factor(world: Any) -> None:
    reply = Client().get("/campaigns/handover/")
    assert reply.status_code == 302 and reply["Location"].startswith("/login/")
    half = Client()
    half.force_login(world.records.user)  # password only: the role needs its code too
    for path in ("/campaigns/", "/campaigns/handover/", "/campaigns/courses/"):
        reply = half.get(path)
        assert reply.status_code == 302 and reply["Location"].startswith("/login/2fa/")
