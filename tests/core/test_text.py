"""Text reads as what it is (found by a hostile test: a right-to-left override in a call
sign or a name, and a note of zero-width characters only, were accepted)."""

from __future__ import annotations

from typing import Any

import pytest

from opsroom.core.errors import InvalidInput
from opsroom.dispatch.actions import do_create_unit
from opsroom.dispatch.models import Unit
from opsroom.incidents.models import IncidentEvent

pytestmark = pytest.mark.usefixtures("benghazi")

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"
LINE = {"type": "LineString", "coordinates": [[20.06, 32.12], [20.07, 32.12]]}


@pytest.mark.parametrize(("path", "body", "field"), [
    ("closures", {"kind": "road", "geometry": LINE, "reason": f"closed{RLO}lanigiro"},
     "reason"),
    ("closures", {"kind": "road", "geometry": LINE, "reason": ZERO_WIDTH}, "reason"),
    ("incidents", {"type": "robbery", "description": f"see {RLO}txet"}, "description"),
    ("incidents", {"type": "robbery", "caller": {"name": f"سالم{RLO}"}}, "caller.name"),
    ("incidents", {"type": "robbery", "caller": {"name": "سا\u200dلم"}}, "caller.name"),
])
def test_reordering_and_invisible_text_is_refused_naming_the_field(
    api_as: Any, path: str, body: dict[str, Any], field: str
) -> None:
    reply = api_as("dispatcher").post(path, body)
    assert reply.status_code == 422, reply.content
    assert reply.json()["field"] == field


def test_a_note_of_invisible_characters_is_empty(api_as: Any, new_incident: Any) -> None:
    api = api_as("dispatcher")
    incident = new_incident(api)
    for text in (ZERO_WIDTH, f" {ZERO_WIDTH}\u200e ", f"ok{RLO}"):
        reply = api.post(f"incidents/{incident['id']}/notes", {"text": text})
        assert reply.status_code == 422 and reply.json()["field"] == "text"
    assert not IncidentEvent.objects.filter(kind="note").exists()


def test_arabic_text_with_direction_marks_is_still_welcome(
    api_as: Any, new_incident: Any
) -> None:
    """A right-to-left mark keeps mixed Arabic and Latin text in order; it reorders nothing
    beyond itself, so free text may hold one (names may not)."""
    api = api_as("dispatcher")
    incident = new_incident(api, description="سيارة BMW\u200f رقم 5-12345")
    assert incident["description"].startswith("سيارة BMW")


def test_a_call_sign_with_an_override_is_refused_by_the_action_and_the_admin(
    ops_room: Any
) -> None:
    with pytest.raises(InvalidInput) as refused:
        do_create_unit(None, call_sign=f"ALPHA{RLO}1", agency_id=ops_room.id, kind="patrol",
                       capabilities=["police"])
    assert refused.value.field == "call_sign"
    assert not Unit.objects.exists()
    from django.core.exceptions import ValidationError

    unit = Unit(call_sign=f"ALPHA{RLO}1", agency=ops_room, kind="patrol")
    with pytest.raises(ValidationError) as invalid:
        unit.full_clean(exclude=["capabilities"])
    assert "call_sign" in invalid.value.message_dict
