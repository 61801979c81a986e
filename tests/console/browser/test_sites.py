"""Site health on the console: a site going silent appears on the dispatcher's board live,
and the sites page meets WCAG AA."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.console.browser.test_accessibility import violations

from opsroom.core.clock import now
from opsroom.sync.actions import do_add_site, do_check_silence
from opsroom.sync.models import SiteState

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("benghazi")]


def test_a_site_cut_off_appears_on_the_board_without_a_reload(
    screen: Any, make_user: Any, station: Any
) -> None:
    make_user("dispatcher", username="disp")
    dispatcher = screen("disp")
    board = dispatcher.open("/")
    board.evaluate("window.__sameDocument = true")
    banner = board.locator("#sites-alert")
    expect(banner).to_be_empty()

    for code in ("BNG-FP1", "BNG-FP2"):
        do_add_site(code, "field_post", station.code)
        SiteState.objects.create(site=code, last_contact=now() - timedelta(hours=2))
    assert do_check_silence() == ["BNG-FP1 silent", "BNG-FP2 silent"]
    alert = banner.locator("[role=alert]")
    expect(alert).to_contain_text("BNG-FP2", timeout=5000)
    expect(alert).to_contain_text(re.compile(r"BNG-FP1 \([^)]*\)، BNG-FP2"))  # an Arabic list
    assert board.evaluate("window.__sameDocument") is True

    sites = dispatcher.open("/sites/")
    expect(sites.locator(".sites-table")).to_contain_text("BNG-FP1")
    assert violations(sites) == []
