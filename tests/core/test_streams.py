"""The live stream's filter: which events each role receives, decided from the rules the
domains registered, once per stream and with no query per event. Written out by hand, so
a change to who hears what must change this table."""

from __future__ import annotations

from typing import Any

import pytest
from tests.helpers import assert_query_count

from opsroom.core.errors import Forbidden
from opsroom.core.streams import require_stream, stream_filter

EVENTS = [("incident", "own"), ("incident", "other"), ("unit", "own"), ("unit", "other"),
          ("closure", "other"), ("audit_anchor", None), ("site", None), ("sync", None),
          ("person", None), ("warrant", None), ("arrest", "own"), ("arrest", "other"),
          ("custody_alarm", "own"), ("custody_alarm", "other"), ("sentence", "own")]
#              incident  unit  closure anchor site sync  person warrant arrest alarm sentence
RECEIVES = {
    "calltaker":  (1, 0,  1, 0,  1,    0,     0,   1,    0,     0,      0, 0,  0, 0,  0),
    "dispatcher": (1, 0,  1, 0,  1,    0,     1,   1,    0,     0,      0, 0,  0, 0,  0),
    "supervisor": (1, 0,  1, 0,  1,    0,     1,   1,    0,     0,      1, 0,  1, 0,  1),
    "field_unit": (1, 0,  1, 0,  1,    0,     0,   1,    0,     0,      0, 0,  0, 0,  0),
    "records":    (1, 0,  1, 0,  1,    0,     0,   1,    1,     1,      1, 0,  1, 0,  1),
    "judicial":   (0, 0,  0, 0,  0,    0,     0,   0,    1,     1,      1, 0,  1, 0,  1),
    "analyst":    (1, 0,  1, 0,  1,    0,     0,   1,    0,     0,      0, 0,  0, 0,  0),
    "protection": (1, 0,  0, 0,  0,    0,     0,   1,    0,     0,      0, 0,  0, 0,  0),
    "inspector":  (1, 1,  1, 1,  1,    1,     1,   1,    1,     1,      1, 1,  1, 1,  1),
    "admin":      (0, 0,  0, 0,  0,    0,     1,   0,    0,     0,      0, 0,  0, 0,  0),
}


@pytest.mark.parametrize("role", sorted(RECEIVES))
def test_each_role_hears_what_it_may_read_and_nothing_else(
    role: str, make_user: Any, ops_room: Any, station: Any
) -> None:
    user = make_user(role)
    user.agency  # noqa: B018 - loaded, as the stream's user is
    owners = {"own": str(ops_room.id), "other": str(station.id), None: None}
    with assert_query_count(0):
        allowed = stream_filter(user)
        got = tuple(int(allowed(kind, owners[owner])) for kind, owner in EVENTS)
        for _ in range(10_000):  # every event of a busy stream: no query, no new decision
            allowed("incident", owners["own"])
    assert got == RECEIVES[role], f"{role}: got {got}, expected {RECEIVES[role]}"
    assert not allowed("no_such_kind", owners["own"])


def test_a_role_that_hears_nothing_is_refused_a_stream(make_user: Any) -> None:
    nobody = make_user("analyst")
    nobody.role = "retired"  # a role the table does not know has no capability at all
    with pytest.raises(Forbidden):
        require_stream(nobody)
    require_stream(make_user("admin"))  # the state of sites, nothing else
    require_stream(make_user("judicial"))  # warrants, and the custody alarms of its arrests
