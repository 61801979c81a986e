"""What a harm write tells the live stream, and who may hear it: those who read harm, never
a dispatcher (that an event is recorded is itself sensitive), never a monitor."""

from __future__ import annotations

from typing import Any

from tests.casualties.conftest import World
from tests.helpers import capture_events

from opsroom.core.streams import stream_filter


def test_recording_and_reviewing_emit_one_event_each(world: World) -> None:
    with capture_events() as events:
        event = world.event()
    assert events == [("harm_event", "created", event["id"])]
    world.source(event["id"])
    world.source(event["id"], kind="witness", reliability="C", credibility=3)
    with capture_events() as events:
        world.reviewer.post(f"harm-events/{event['id']}/reviews",
                            {"state": "corroborated", "reason": "two sources"})
    assert events == [("harm_event", "reviewed", event["id"])]


def test_only_harm_readers_hear_harm_events(world: World, api_as: Any) -> None:
    assert stream_filter(world.recorder.user)("harm_event", None)
    assert stream_filter(world.inspector.user)("harm_event", None)
    assert not stream_filter(world.monitor.user)("harm_event", None)
    assert not stream_filter(api_as("dispatcher").user)("harm_event", None)
    assert stream_filter(api_as("dispatcher").user)("outage", None)
    assert not stream_filter(world.monitor.user)("outage", None)
