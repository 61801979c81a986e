"""Settling what a partition left, in one process: a remote change that a unique column or
constraint refuses is shown beside the record it clashed with, and a supervisor's decision
is applied here and queued in the outbox like any other change (tests/sync/settle_flow.py
checks the same over real sites)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from tests.conftest import CENTRE, Api

from opsroom.audit.models import AuditEntry
from opsroom.core.ids import uuid7
from opsroom.dispatch.models import Assignment, Unit
from opsroom.incidents.actions import Location, do_create_incident
from opsroom.sync import capture, hlc, registry
from opsroom.sync.actions import do_apply_changes, do_retry_refused
from opsroom.sync.models import OutboxEntry, RejectedChange
from opsroom.sync.queries import problem_counts

STATION = "BNG-PS1"


def remote(instance: Any, site: str = STATION) -> dict[str, Any]:
    """The change a row made at ``site`` arrives as (capture's own body, with its clock)."""
    kind = registry.kind_of(type(instance))
    assert kind is not None
    clock = hlc.tick()
    instance.hlc, instance.clocks, instance.origin_site = clock, {"*": [clock, site]}, site
    return capture.change_body(kind, instance, str(uuid7()), site)


def refuse(change: dict[str, Any]) -> RejectedChange:
    result = do_apply_changes([change], source="test")
    assert result.rejected == 1
    return RejectedChange.objects.get(record_id=change["id"], settled_at__isnull=True)


@pytest.fixture
def supervisor(api_as: Callable[..., Api]) -> Api:
    return api_as("supervisor")


@pytest.fixture
def clash(make_unit: Callable[..., Unit], ops_room: Any) -> tuple[Unit, dict[str, Any]]:
    """P-7 made here, and another P-7 made at the station while cut off."""
    ours = make_unit("P-7")
    theirs = remote(Unit(call_sign="P-7", agency=ops_room, kind="patrol",
                         capabilities=["police"], lat=CENTRE[0], lon=CENTRE[1]))
    return ours, theirs


def settle(api: Api, refused: RejectedChange, **body: Any) -> Any:
    return api.post(f"sync/refused/{refused.id}/settle", body)


def test_a_call_sign_made_at_two_sites_is_kept_twice_under_a_new_name(
        supervisor: Api, api_as: Callable[..., Api], station: Any,
        clash: tuple[Unit, dict[str, Any]]) -> None:
    ours, theirs = clash
    refused = refuse(theirs)
    assert problem_counts()["rejected"] == 1
    listed = supervisor.get("sync/refused")
    assert listed.status_code == 200, listed.content
    [row] = listed.json()
    assert row["options"] == ["keep_existing", "keep_refused", "keep_both"]
    assert row["rename_field"] == "call_sign"
    assert row["rename_suggestion"] == f"P-7-{STATION}"
    assert row["clash"]["fields"] == ["call_sign"]
    assert "P-7" in row["clash"]["summary"] and STATION in row["clash"]["summary"]
    existing, arriving = row["clash"]["existing"], row["arriving"]
    assert existing["record_id"] == str(ours.id) and existing["here"]
    assert arriving["record_id"] == theirs["id"] and arriving["site"] == STATION
    first = arriving["fields"][0]
    assert (first["name"], first["value"], first["clashes"]) == ("call_sign", "P-7", True)
    # Who may: the room's supervisor; not a dispatcher, nor a station's supervisor.
    assert api_as("dispatcher").get("sync/refused").status_code == 403
    assert api_as("supervisor", station).get("sync/refused").status_code == 403
    assert settle(api_as("dispatcher"), refused, decision="keep_both", reason="x",
                  rename_to="P-8").status_code == 403
    # Bad input names its field and changes nothing.
    for body, field in (({"decision": "keep_both", "reason": " ", "rename_to": "P-8"},
                         "reason"),
                        ({"decision": "drop_it", "reason": "same car"}, "decision"),
                        ({"decision": "keep_both", "reason": "two cars"}, "rename_to"),
                        ({"decision": "keep_both", "reason": "two cars", "rename_to": "P-7"},
                         "rename_to"),
                        ({"decision": "keep_both", "reason": "two cars",
                          "rename_to": "P" * 33}, "rename_to"),
                        ({"decision": "keep_both", "reason": "two cars",
                          "rename_to": "P\u200b8"}, "rename_to")):
        answer = settle(supervisor, refused, **body)
        assert (answer.status_code, answer.json().get("field")) == (422, field), body
    assert supervisor.post("sync/refused/999999/settle",
                           {"decision": "keep_both", "reason": "x"}).status_code == 404
    assert not Unit.objects.filter(id=theirs["id"]).exists()
    outbox = OutboxEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    answer = settle(supervisor, refused, decision="keep_both", reason="two different cars",
                    rename_to="P-7B")
    assert answer.status_code == 200, answer.content
    settled = answer.json()
    assert settled["decision"] == "keep_both" and settled["settled_at"]
    assert settled["settled_by"] == supervisor.user.username
    assert settled["reason"] == "two different cars" and settled["settled_with"] == str(ours.id)
    # Both units are here, the arriving one under its new name, as every site will have it.
    assert Unit.objects.get(id=ours.id).call_sign == "P-7"
    assert Unit.objects.get(id=theirs["id"]).call_sign == "P-7B"
    # The renamed unit waits in the outbox, a change of this site's, for every other site.
    [relayed] = OutboxEntry.objects.filter(seq__gt=outbox, record_id=theirs["id"])
    body = json.loads(relayed.body)
    assert (body["f"]["call_sign"], body["s"]) == ("P-7B", settings.SITE_CODE)
    assert body["cl"]["call_sign"][0] > theirs["h"] and body["c"] != theirs["c"]
    entry = AuditEntry.objects.get(action="sync.settle")
    assert entry.detail["decision"] == "keep_both" and entry.detail["rename_to"] == "P-7B"
    assert entry.detail["existing"] == str(ours.id) and entry.detail["refused"] == theirs["id"]
    assert problem_counts()["rejected"] == 0
    assert supervisor.get("sync/refused").json() == []
    again = settle(supervisor, refused, decision="keep_both", reason="again", rename_to="P-9")
    assert again.status_code == 409


def test_keep_existing_sets_the_arriving_unit_aside_and_keep_refused_ours(
        supervisor: Api, make_unit: Callable[..., Unit], ops_room: Any,
        clash: tuple[Unit, dict[str, Any]]) -> None:
    ours, theirs = clash
    answer = settle(supervisor, refuse(theirs), decision="keep_existing", reason="same car")
    assert answer.status_code == 200, answer.content
    aside = Unit.objects.get(id=theirs["id"])
    assert aside.status == "out_of_service"
    assert aside.call_sign == "P-7~" + theirs["id"].replace("-", "")[-6:]
    assert Unit.objects.get(id=ours.id).call_sign == "P-7"

    mine = make_unit("Q-1")
    other = remote(Unit(call_sign="Q-1", agency=ops_room, kind="patrol", capabilities=[]))
    answer = settle(supervisor, refuse(other), decision="keep_refused", reason="theirs is real")
    assert answer.status_code == 200, answer.content
    mine.refresh_from_db()
    assert mine.status == "out_of_service" and mine.call_sign.startswith("Q-1~")
    assert Unit.objects.get(id=other["id"]).call_sign == "Q-1"
    relayed = [json.loads(e.body) for e in OutboxEntry.objects.filter(
        record_id__in=[str(mine.id), other["id"]])]
    assert {(c["id"], c["f"]["call_sign"]) for c in relayed} >= {
        (str(mine.id), mine.call_sign), (other["id"], "Q-1")}


def test_the_same_unit_sent_at_two_sites(
        supervisor: Api, benghazi: Any, make_user: Callable[..., Any],
        make_unit: Callable[..., Unit]) -> None:
    from opsroom.dispatch.actions import do_assign_unit

    calltaker, dispatcher = make_user("calltaker"), make_user("dispatcher")

    def incident() -> Any:
        return do_create_incident(calltaker, type_code="robbery", location=Location(*CENTRE),
                                  description="partition")

    for decision in ("keep_existing", "keep_refused"):
        unit = make_unit()
        ours = do_assign_unit(dispatcher, incident(), unit)
        theirs = remote(Assignment(incident=incident(), unit=unit))
        refused = refuse(theirs)
        row = supervisor.get("sync/refused").json()[0]
        # A unit serves one incident at a time: no keeping both.
        assert row["options"] == ["keep_existing", "keep_refused"]
        assert row["clash"]["fields"] == ["unit"]
        assert row["clash"]["existing"]["record_id"] == str(ours.id)
        answer = settle(supervisor, refused, decision=decision, reason="one car, one call")
        assert answer.status_code == 200, answer.content
        ours.refresh_from_db()
        arrived = Assignment.objects.get(id=theirs["id"])
        if decision == "keep_existing":
            assert ours.released_at is None and arrived.released_at is not None
        else:
            assert ours.released_at is not None and arrived.released_at is None
        answer = settle(supervisor, refused, decision="keep_both", reason="x", rename_to="y")
        assert answer.status_code == 409


def test_a_refused_change_applies_by_itself_once_its_clash_is_gone(
        clash: tuple[Unit, dict[str, Any]]) -> None:
    ours, theirs = clash
    refused = refuse(theirs)
    assert do_retry_refused() == 0  # still clashing: left as it is, nothing new refused
    assert RejectedChange.objects.count() == 1
    # The settlement made elsewhere arrives: our P-7 renamed at the hub, say.
    change = remote(Unit.objects.get(id=ours.id), "BNG-OPS")
    change["f"]["call_sign"] = "P-7~hub"
    assert do_apply_changes([change]).updated == 1
    assert do_retry_refused() == 1
    refused.refresh_from_db()
    assert refused.decision == "applied" and refused.settled_at is not None
    assert Unit.objects.get(id=theirs["id"]).call_sign == "P-7"
    assert problem_counts()["rejected"] == 0
    assert AuditEntry.objects.filter(action="sync.settle",
                                     detail__decision="applied").count() == 1


def test_the_page_beside_the_sites_and_the_boards_count(
        make_user: Callable[..., Any], clash: tuple[Unit, dict[str, Any]]) -> None:
    from tests.console.test_pages import signed_in

    _ours, theirs = clash
    refused = refuse(theirs)
    client = signed_in(make_user("supervisor"))
    assert "/sites/refused/" in client.get("/sites/table").content.decode()
    assert "/sites/refused/" in client.get("/sites/alert").content.decode()  # on the board
    page = client.get("/sites/refused/").content.decode()
    assert "P-7" in page and STATION in page and f"P-7-{STATION}" in page
    assert 'name="csrfmiddlewaretoken"' in page and 'value="keep_both"' in page
    url = f"/sites/refused/{refused.id}/settle"
    answer = client.post(url, {"decision": "keep_both", "reason": "", "rename_to": "P-7B"})
    assert answer.status_code == 422 and "reason" in answer.content.decode()
    answer = client.post(url, {"decision": "keep_both", "reason": "two cars",
                               "rename_to": "P-7B"})
    assert answer.status_code == 302
    assert Unit.objects.get(id=theirs["id"]).call_sign == "P-7B"
    assert "/sites/refused/" not in client.get("/sites/alert").content.decode()
    dispatcher = signed_in(make_user("dispatcher"))
    assert dispatcher.get("/sites/refused/").status_code == 403
    assert "/sites/refused/" not in dispatcher.get("/sites/alert").content.decode()
