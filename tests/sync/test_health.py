"""Site health without NATS: the sites page, the board's banner, the API and the alert."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from tests.conftest import Api

from opsroom.core.clock import now
from opsroom.core.models import ChangeEvent
from opsroom.sync.actions import do_add_site, do_check_silence
from opsroom.sync.models import SiteState

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(ops_room: Any, station: Any) -> None:
    do_add_site("BNG-OPS", "hub", ops_room.code)
    do_add_site("BNG-PS1", "station", station.code)
    do_add_site("BNG-FP1", "field_post", station.code)
    SiteState.objects.create(site="BNG-PS1", last_contact=now() - timedelta(seconds=20),
                             backlog=3, lag_s=4.5, applied=120)
    SiteState.objects.create(site="BNG-FP1", last_contact=now() - timedelta(hours=2),
                             backlog=0, lag_s=None)


def page(make_user: Callable[..., Any], role: str, path: str) -> Any:
    client = Client()
    client.force_login(make_user(role))
    return client.get(path)


def test_the_api_names_every_site_and_which_is_silent(sites: None,
                                                      api_as: Callable[..., Api]) -> None:
    body = api_as("dispatcher").get("sites").json()
    by_code = {s["code"]: s for s in body["sites"]}
    assert set(by_code) == {"BNG-OPS", "BNG-PS1", "BNG-FP1"}
    assert by_code["BNG-OPS"]["this_site"]
    assert by_code["BNG-PS1"]["silent"] is False and by_code["BNG-PS1"]["backlog"] == 3
    assert by_code["BNG-FP1"]["silent"] is True
    assert api_as("calltaker").get("sites").status_code == 403


def test_the_sites_page_and_the_board_banner(sites: None,
                                             make_user: Callable[..., Any]) -> None:
    response = page(make_user, "dispatcher", "/sites/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "BNG-FP1" in text and "منقطع" in text  # silent, in Arabic by default
    assert "4 ث" in text  # the station's replication lag, in Arabic units
    banner = page(make_user, "dispatcher", "/sites/alert").content.decode()
    assert "BNG-FP1" in banner and "BNG-PS1" not in banner
    assert 'id="sites-alert"' in page(make_user, "dispatcher", "/").content.decode()
    assert page(make_user, "calltaker", "/sites/").status_code == 403
    assert 'id="sites-alert"' not in page(make_user, "calltaker", "/").content.decode()


@override_settings(SYNC_SILENT_MINUTES=5)
def test_a_site_going_silent_raises_one_live_alert_and_one_when_it_is_back(
    sites: None,
) -> None:
    assert "BNG-FP1 silent" in do_check_silence()
    assert do_check_silence() == []  # once, not at every heartbeat
    alert = ChangeEvent.objects.filter(kind="site").latest("seq")
    assert alert.action == "silent" and alert.record_id == "BNG-FP1"
    SiteState.objects.filter(site="BNG-FP1").update(last_contact=now())
    assert do_check_silence() == ["BNG-FP1 back"]


def test_the_command_line_lists_every_site_and_site_add_keeps_a_key(
    sites: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from opsroom.cli import main
    from opsroom.core.keys import public_key_text
    from opsroom.sync.models import Site

    assert main(["sync", "sites"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "SILENT" in lines["BNG-FP1"] and "backlog 3" in lines["BNG-PS1"]
    assert "(this site)" in lines["BNG-OPS"]
    key = public_key_text()
    assert main(["sync", "site-add", "BNG-PS1", "--role", "station", "--public-key", key]) == 0
    # Run again to change the agency only: the key stays.
    assert main(["sync", "site-add", "BNG-PS1", "--role", "directorate"]) == 0
    site = Site.objects.get(code="BNG-PS1")
    assert site.public_key == key and site.role == "directorate"


def test_site_add_refuses_a_malformed_key_and_changes_nothing(
    sites: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from opsroom.cli import main
    from opsroom.sync.models import Site

    assert main(["sync", "site-add", "BNG-PS1", "--role", "station",
                 "--public-key", "not-a-key"]) == 2
    assert "public key" in capsys.readouterr().err
    assert Site.objects.get(code="BNG-PS1").public_key == ""
