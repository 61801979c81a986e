"""Every console page passes axe-core's WCAG 2.1 A and AA rules (labels, contrast, names,
landmarks, focusable scroll regions) in Arabic and in English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("benghazi")]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
RULES = "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}"


def violations(page: Any) -> list[str]:
    page.evaluate(AXE)  # evaluated by the test harness, so the page's CSP does not apply
    found = page.evaluate(
        f"axe.run(document, {RULES}).then(r => r.violations.map("
        "v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))"
    )
    return list(found)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_console_pages_meet_wcag_aa(
    screen: Any, make_user: Any, make_unit: Any, api_as: Any, new_incident: Any, language: str
) -> None:
    make_user("dispatcher", username="disp")
    field_user = make_user("field_unit", username="field")
    make_unit("ALPHA-1")
    unit = make_unit("FIELD-1", field_user=field_user)
    incident = new_incident(api_as("calltaker"), description="حريق في مخزن")
    api_as("dispatcher").post(f"incidents/{incident['id']}/assignments", {"unit_id": str(unit.id)})

    dispatcher = screen("disp")
    page = dispatcher.open("/")
    if language == "en":
        page.click("button[name=language][value=en]")
    page.locator("#queue-body tr").first.click()
    page.wait_for_selector("#panel .panel-body")
    problems = {"/ (incident selected)": violations(page)}
    for path in ("/new/", f"/incidents/{incident['id']}/", "/units/", "/wall/"):
        dispatcher.open(path)
        problems[path] = violations(page)
    field = screen("field").open("/unit/")
    problems["/unit/"] = violations(field)
    assert {path: found for path, found in problems.items() if found} == {}



def test_campaigns_pages_meet_wcag_aa(screen: Any, make_user: Any, make_unit: Any,
                                     ops_room: Any) -> None:
    """In Arabic every page; in English those whose layout differs most (the chart, the
    handover form, a raid): one sign-in each for the records officer and the supervisor,
    who also sees the changes a blackout left to settle (a call sign made at two sites)."""
    from tests.console.browser.test_campaigns_flows import campaign_world
    from tests.sync.test_settle import CENTRE, refuse, remote

    from opsroom.dispatch.models import Unit

    world = campaign_world(make_user, full=True)
    campaign, operation = world["campaign"].id, world["operation"].id
    arabic = ["/campaigns/", f"/campaigns/{campaign}/", "/campaigns/handover/",
              "/campaigns/receipts/verify/", f"/public/campaigns/{campaign}?format=html",
              "/campaigns/operations/", f"/campaigns/operations/{operation}/",
              "/campaigns/courses/"]
    english = [f"/campaigns/{campaign}/", "/campaigns/handover/",
               f"/campaigns/operations/{operation}/"]
    problems: dict[str, list[str]] = {}
    officer = screen("rec")  # the raid's commander: its buttons and outcome form show
    page = officer.page
    for language, paths in (("ar", arabic), ("en", english)):
        if language == "en":
            page.click("button[name=language][value=en]")
        for path in paths:
            page.goto(path)
            problems[f"rec {language} {path}"] = violations(page)
    supervisor = screen("super")  # the course's results and the capacities running out
    supervisor.page.goto("/campaigns/courses/")
    problems["super ar /campaigns/courses/"] = violations(supervisor.page)
    make_unit("P-7")
    refuse(remote(Unit(call_sign="P-7", agency=ops_room, kind="patrol",
                       capabilities=["police"], lat=CENTRE[0], lon=CENTRE[1])))
    supervisor.page.goto("/sites/refused/")
    assert "P-7" in supervisor.page.content()  # the refused change, beside ours
    problems["super ar /sites/refused/"] = violations(supervisor.page)
    assert {path: found for path, found in problems.items() if found} == {}
