"""The live stream through a real server: what arrives, in which order, and to whom."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from opsroom.accounts.actions import do_set_password

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("benghazi")]


class StillOpen(Exception):
    pass


class Events:
    """A server-sent events reader over one open HTTP stream."""

    def __init__(self, url: str, token: str, last_event_id: str | None = None,
                 path: str = "/api/v1/stream", cookies: Any = None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        self.client = httpx.Client(base_url=url, timeout=5, cookies=cookies)
        self.context = self.client.stream("GET", path, headers=headers)
        self.response = self.context.__enter__()
        self.lines: Iterator[str] = self.response.iter_lines()

    def next(self, kind: str | None = None, deadline: float | None = None) -> dict[str, Any]:
        """The next event (of ``kind``), as {"id", "event", "data"}; keep-alives skipped.
        Past ``deadline`` (monotonic), StillOpen is raised."""
        frame: dict[str, Any] = {}
        for line in self.lines:
            if deadline is not None and time.monotonic() > deadline:
                raise StillOpen
            if line == "":
                if "data" in frame and (kind is None or frame.get("event") == kind):
                    frame["data"] = json.loads(frame["data"])
                    return frame
                frame = {}
                continue
            name, _, value = line.partition(":")
            if name in ("id", "event", "data"):
                frame[name] = value.removeprefix(" ")
        raise AssertionError("the stream ended")

    def close(self) -> None:
        self.context.__exit__(None, None, None)
        self.client.close()


def wait_until_connected(events: Events) -> None:
    """Read the stream's opening frame (retry and its starting point): only then is it
    subscribed, and a change made from here on is sure to be sent."""
    assert events.response.status_code == 200
    assert events.response.headers["content-type"].startswith("text/event-stream")
    for line in events.lines:
        if line == "":
            return
    raise AssertionError("the stream ended before it started")


def test_an_integration_hears_its_agency_s_new_incident_with_the_record_id(
    opsroom_server: Any, api_as: Any, new_incident: Any
) -> None:
    calltaker = api_as("calltaker")
    listener = api_as("dispatcher")
    events = Events(opsroom_server.url, listener.token)
    try:
        wait_until_connected(events)
        started = time.monotonic()
        created = new_incident(calltaker, description="fire near the port")
        event = events.next("incident")
        assert time.monotonic() - started < 1.0
        assert event["data"]["id"] == created["id"]
        assert event["data"]["action"] == "created"
        assert event["data"]["record"]["number"] == created["number"]
        assert event["data"]["record"]["description"] == "fire near the port"
        assert "caller" not in event["data"]["record"]
        assert int(event["id"]) == event["data"]["seq"]
    finally:
        events.close()


def test_another_agency_never_receives_the_operations_room_s_records(
    opsroom_server: Any, api_as: Any, station: Any, new_incident: Any, make_unit: Any
) -> None:
    ops = api_as("calltaker")
    station_calltaker = api_as("calltaker", station)
    station_listener = api_as("dispatcher", station)
    events = Events(opsroom_server.url, station_listener.token)
    try:
        wait_until_connected(events)
        new_incident(ops, description="ops room only")
        make_unit("OPS-9")
        own = new_incident(station_calltaker, description="the station's own")
        first = events.next()
        # Had anything of the operations room's leaked, it would have come first.
        assert first["data"]["id"] == own["id"]
    finally:
        events.close()


def test_reconnecting_with_last_event_id_misses_and_repeats_nothing(
    opsroom_server: Any, api_as: Any, new_incident: Any
) -> None:
    calltaker = api_as("calltaker")
    listener = api_as("supervisor")
    events = Events(opsroom_server.url, listener.token)
    try:
        wait_until_connected(events)
        first = new_incident(calltaker)
        second = new_incident(calltaker)
        got_first = events.next()
        assert got_first["data"]["id"] == first["id"]
    finally:
        events.close()  # the connection drops after the first event
    third = new_incident(calltaker)
    resumed = Events(opsroom_server.url, listener.token, last_event_id=got_first["id"])
    try:
        ids = [resumed.next()["data"]["id"] for _ in range(2)]
        assert ids == [second["id"], third["id"]]
        fourth = new_incident(calltaker)
        assert resumed.next()["data"]["id"] == fourth["id"]
    finally:
        resumed.close()


def test_unit_changes_reach_the_stream(
    opsroom_server: Any, api_as: Any, make_unit: Any
) -> None:
    dispatcher = api_as("dispatcher")
    unit = make_unit("ALPHA-1")
    events = Events(opsroom_server.url, dispatcher.token)
    try:
        wait_until_connected(events)
        reply = dispatcher.post(f"units/{unit.id}/status", {"status": "out_of_service"})
        assert reply.status_code == 200, reply.content
        event = events.next("unit")
        assert event["data"]["id"] == str(unit.id)
        assert event["data"]["record"]["status"] == "out_of_service"
        assert event["data"]["record"]["call_sign"] == "ALPHA-1"
    finally:
        events.close()


def test_the_stream_refuses_strangers_and_bad_resume_points(
    opsroom_server: Any, api_as: Any
) -> None:
    listener = api_as("dispatcher")
    with httpx.Client(base_url=opsroom_server.url, timeout=5) as client:
        assert client.get("/api/v1/stream").status_code == 401
        bad = client.get("/api/v1/stream", headers={
            "Authorization": f"Bearer {listener.token}", "Last-Event-ID": "abc"})
        assert bad.status_code == 422
        assert bad.json()["field"] == "Last-Event-ID"
        assert client.get("/stream").status_code == 401


def test_the_console_stream_uses_the_session(
    opsroom_server: Any, make_user: Any, api_as: Any, new_incident: Any
) -> None:
    user = make_user("dispatcher", username="console-user")
    do_set_password(None, user, "a long enough passphrase")
    with httpx.Client(base_url=opsroom_server.url, timeout=5) as client:
        login = client.get("/login/")
        token = login.cookies["csrftoken"]
        reply = client.post("/login/", data={
            "username": "console-user", "password": "a long enough passphrase",
            "csrfmiddlewaretoken": token}, headers={"Referer": opsroom_server.url + "/login/"})
        assert reply.status_code == 302
        cookies = client.cookies
    events = Events(opsroom_server.url, "", path="/stream", cookies=cookies)
    try:
        wait_until_connected(events)
        created = new_incident(api_as("calltaker"))
        assert events.next("incident")["data"]["id"] == created["id"]
    finally:
        events.close()


def stream_ends(events: Events, within: float, keep_busy: Any = None) -> bool:
    """Whether the stream closes within ``within`` seconds (``keep_busy`` is called between
    reads, so events keep flowing while it should close)."""
    deadline = time.monotonic() + within
    try:
        while True:
            if keep_busy:
                keep_busy()
            events.next(deadline=deadline)
    except StillOpen:
        return False
    except (AssertionError, httpx.ReadTimeout, httpx.RemoteProtocolError):
        return True


@pytest.fixture
def quick_checks(monkeypatch: Any) -> None:
    from opsroom.core import feed

    monkeypatch.setattr(feed, "KEEPALIVE_SECONDS", 0.3)


@pytest.mark.usefixtures("quick_checks")
def test_a_token_that_expires_while_its_stream_is_open_closes_it(
    opsroom_server: Any, api_as: Any, new_incident: Any
) -> None:
    """Found by a hostile test: a token that expired while GET /api/v1/stream was open kept
    receiving events, even as they kept coming."""
    from opsroom.accounts.models import ApiToken
    from opsroom.core.clock import now

    listener = api_as("dispatcher")
    calltaker = api_as("calltaker")
    events = Events(opsroom_server.url, listener.token)
    try:
        wait_until_connected(events)
        ApiToken.objects.filter(user=listener.user).update(expires_at=now())
        assert stream_ends(events, 5, keep_busy=lambda: new_incident(calltaker))
    finally:
        events.close()


@pytest.mark.usefixtures("quick_checks")
@pytest.mark.parametrize("change", ["role", "agency", "deactivated"])
def test_a_role_change_or_deactivation_closes_an_open_stream(
    change: str, opsroom_server: Any, api_as: Any, station: Any
) -> None:
    listener = api_as("dispatcher")
    events = Events(opsroom_server.url, listener.token)
    try:
        wait_until_connected(events)
        user = listener.user
        if change == "role":
            user.role = "analyst"
        elif change == "agency":
            user.agency = station
        else:
            user.is_active = False
        user.save()
        assert stream_ends(events, 5)
    finally:
        events.close()


@pytest.mark.usefixtures("quick_checks")
def test_signing_out_closes_the_console_s_stream(
    opsroom_server: Any, make_user: Any
) -> None:
    user = make_user("dispatcher", username="leaving")
    do_set_password(None, user, "a long enough passphrase")
    with httpx.Client(base_url=opsroom_server.url, timeout=5) as client:
        token = client.get("/login/").cookies["csrftoken"]
        client.post("/login/", data={"username": "leaving", "password": "a long enough passphrase",
                                     "csrfmiddlewaretoken": token},
                    headers={"Referer": opsroom_server.url + "/login/"})
        events = Events(opsroom_server.url, "", path="/stream", cookies=client.cookies)
        try:
            wait_until_connected(events)
            client.post("/logout/", data={"csrfmiddlewaretoken": client.cookies["csrftoken"]},
                        headers={"Referer": opsroom_server.url + "/"})
            assert stream_ends(events, 5)
        finally:
            events.close()
