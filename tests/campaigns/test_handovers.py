"""Handovers through the API: receipts, serials, amnesty, custody, the nearest points, the
receipt check and the public figures."""

from __future__ import annotations

import base64
import io
from datetime import timedelta
from typing import Any

from PIL import Image

from opsroom.audit.models import AuditEntry
from opsroom.campaigns.models import CustodyEvent, Handover, Item, SerialMark
from opsroom.campaigns.serials import serial_key
from opsroom.core.clock import now


def test_a_handover_gets_a_receipt_number_of_this_site_and_a_code(world: Any,
                                                                   settings: Any) -> None:
    reply = world.handover()
    assert reply.status_code == 201, reply.content
    body = reply.json()
    assert body["receipt_number"].startswith(f"{settings.SITE_CODE}-{now().year}-")
    assert len(body["verification_code"]) == 14  # XXXX-XXXX-XXXX
    second = world.handover().json()
    assert int(second["receipt_number"][-6:]) == int(body["receipt_number"][-6:]) + 1
    item = body["items"][0]
    assert item["custody"] == "received" and item["duplicate_of"] == []
    assert AuditEntry.objects.filter(action="handover.create", object_id=body["id"]).exists()


def test_a_handover_s_statements_do_not_grow_with_its_items_and_each_row_is_synced(
        world: Any) -> None:
    """The hot path of a busy collection point: the rows of all items go in one insert per
    table and their sync changes in one outbox insert, and the reply reads nothing back."""
    import json

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opsroom.sync.models import OutboxEntry

    def weapon(n: int) -> dict[str, Any]:
        return {"category": "rifle", "serial": f"QC-{now().timestamp()}-{n}"}

    world.handover([weapon(0)])  # the week's counters exist from here on
    counts = []
    for size in (1, 3):
        start = OutboxEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
        with CaptureQueriesContext(connection) as captured:
            reply = world.handover([weapon(n) for n in range(size)])
        assert reply.status_code == 201, reply.content
        counts.append(len(captured.captured_queries))
        body = reply.json()
        synced = [(e.kind, e.record_id) for e in OutboxEntry.objects.filter(seq__gt=start)]
        item_ids = {i["id"] for i in body["items"]}
        assert ("handover", body["id"]) in synced
        assert {r for k, r in synced if k == "item"} == item_ids
        events = CustodyEvent.objects.filter(item_id__in=item_ids)
        assert {r for k, r in synced if k == "custody_event"} == {str(e.id) for e in events}
        marks = SerialMark.objects.filter(item_id__in=item_ids)
        assert {r for k, r in synced if k == "serial_mark"} == {str(m.id) for m in marks}
        row = json.loads(OutboxEntry.objects.get(kind="handover", record_id=body["id"]).body)
        assert row["f"]["receipt_number"] == body["receipt_number"]
    assert counts[0] == counts[1], counts
    assert counts[1] <= 30, counts


def test_serials_compare_normalised_and_a_repeat_is_refused_naming_the_receipt(
        world: Any) -> None:
    first = world.handover([{"category": "pistol", "serial": "TT-33 4512"}]).json()
    before = Handover.objects.count()
    again = world.handover([{"category": "pistol", "serial": "tt33٤٥١٢"}])
    assert again.status_code == 409
    assert again.json()["field"] == "items.0.serial"
    assert again.json()["receipt_number"] == first["receipt_number"]
    assert Handover.objects.count() == before  # nothing written
    # Confirmed as a deliberate duplicate, with a reason: flagged and audited.
    confirmed = world.handover([{"category": "pistol", "serial": "TT 33-4512",
                                 "duplicate_reason": "same pistol brought back after repair"}])
    assert confirmed.status_code == 201, confirmed.content
    item = confirmed.json()["items"][0]
    assert item["duplicate_of"] == [first["receipt_number"]]
    assert AuditEntry.objects.filter(action="serial.duplicate_confirmed").count() == 1
    check = world.records.get("serials/check", serial="tt-334512").json()
    assert check["known"] and len(check["receipts"]) == 2
    flagged = world.records.get("serials/duplicates").json()["items"]
    assert {f["receipt_number"] for f in flagged} == {first["receipt_number"],
                                                      confirmed.json()["receipt_number"]}


def test_serial_key_folds_case_spaces_dashes_and_arabic_digits() -> None:
    assert serial_key(" AK-47 ١٢٣ ") == serial_key("ak47123") == "ak47123"
    assert serial_key("B8") != serial_key("88")


def test_amnesty_mode_records_no_person_and_refuses_one(world: Any) -> None:
    refused = world.handover(amnesty=True, person_id=str(world.person.id))
    assert refused.status_code == 422 and refused.json()["field"] == "person_id"
    made = world.handover(amnesty=True)
    assert made.status_code == 201, made.content
    assert made.json()["person_id"] is None and made.json()["amnesty"] is True
    # Outside amnesty a person is required.
    missing = world.records.post("handovers", {
        "campaign_id": str(world.campaign.id), "point": world.point.code,
        "items": [{"category": "grenade"}]})
    assert missing.status_code == 422 and missing.json()["field"] == "person_id"


def test_bad_items_name_their_field_and_write_nothing(world: Any) -> None:
    count = Item.objects.count()
    for items, field in (
        ([{"category": "pistol"}, {"category": "tank"}], "items.1.category"),
        ([{"category": "pistol", "serial": "X1", "quantity": 2}], "items.0.quantity"),
        ([{"category": "pistol", "serial": "S-9"}, {"category": "rifle", "serial": "s9"}],
         "items.1.serial"),
        ([{"category": "ammunition", "quantity": 0}], "items.0.quantity"),
    ):
        reply = world.handover(items)
        assert reply.status_code == 422, (items, reply.content)
        assert reply.json()["field"] == field
    assert Item.objects.count() == count
    future = world.handover(handed_at=(now() + timedelta(hours=2)).isoformat())
    assert future.status_code == 422 and future.json()["field"] == "handed_at"


def test_a_point_of_another_agency_is_refused(world: Any, make_user: Any,
                                              station: Any) -> None:
    from tests.conftest import Api
    other = Api(make_user("records", station), ["read", "write"])
    reply = other.post("handovers", {"campaign_id": str(world.campaign.id),
                                     "point": world.point.code, "person_id": str(world.person.id),
                                     "items": [{"category": "grenade"}]})
    assert reply.status_code == 422 and reply.json()["field"] == "point"


def test_custody_is_appended_never_edited(world: Any) -> None:
    item = world.handover().json()["items"][0]
    path = f"items/{item['id']}/custody"
    # Destroyed straight from received: not allowed; a transfer needs a witness.
    assert world.records.post(path, {"step": "destroyed", "record_ref": "D-1",
                                     "witnesses": ["أ", "ب"]}).status_code == 409
    no_witness = world.records.post(path, {"step": "transferred", "to_whom": "مخزن الإدارة"})
    assert no_witness.status_code == 422 and no_witness.json()["field"] == "witnesses"
    stored = world.records.post(path, {"step": "stored", "location": "مخزن المديرية، الرف 3"})
    assert stored.status_code == 201, stored.content
    one_witness = world.records.post(path, {"step": "destroyed", "record_ref": "D-1",
                                            "witnesses": ["الملازم علي"]})
    assert one_witness.status_code == 422 and one_witness.json()["field"] == "witnesses"
    destroyed = world.records.post(path, {"step": "destroyed", "record_ref": "محضر إتلاف 7/2026",
                                          "witnesses": ["الملازم علي", "النقيب سالم"]})
    assert destroyed.status_code == 201, destroyed.content
    after = world.records.post(path, {"step": "stored", "location": "x"})
    assert after.status_code == 409
    chain = world.records.get(f"items/{item['id']}").json()
    assert [e["step"] for e in chain["custody_events"]] == ["received", "stored", "destroyed"]
    assert chain["custody"] == "destroyed"
    # There is no endpoint to edit or delete a step.
    event = CustodyEvent.objects.filter(item_id=item["id"]).first()
    assert event is not None
    assert world.records.patch(f"items/{item['id']}/custody", {"step": "stored"}
                               ).status_code == 405


def test_a_photo_is_resized_and_served_back(world: Any) -> None:
    item = world.handover().json()["items"][0]
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), (120, 90, 60)).save(buffer, "PNG")
    reply = world.records.post(f"items/{item['id']}/photos",
                               {"data": base64.b64encode(buffer.getvalue()).decode()})
    assert reply.status_code == 201, reply.content
    assert max(reply.json()["width"], reply.json()["height"]) == 1600
    image = world.records.get(reply.json()["url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(image.content)).size == (1600, 1200)
    bad = world.records.post(f"items/{item['id']}/photos",
                             {"data": base64.b64encode(b"not an image at all").decode()})
    assert bad.status_code == 422 and bad.json()["field"] == "data"


def test_the_receipt_is_verified_by_its_code_even_unknown_here(world: Any,
                                                                api_as: Any) -> None:
    body = world.handover().json()
    dispatcher = api_as("dispatcher")
    ok = dispatcher.get(f"receipts/{body['receipt_number']}/verify",
                        code=body["verification_code"].lower().replace("-", " ")).json()
    assert ok["genuine"] and ok["known_here"] and len(ok["items"]) == 1
    forged = dispatcher.get(f"receipts/{body['receipt_number']}/verify", code="AAAA-BBBB-CCCC")
    assert (forged.json()["genuine"] is False and "items" not in forged.json()) or \
        forged.json()["items"] is None
    # A receipt of another site that sync has not brought yet: genuine by its code alone.
    from opsroom.campaigns.codes import verification_code
    number = "BNG-ST7-2026-000042"
    elsewhere = dispatcher.get(f"receipts/{number}/verify",
                               code=verification_code(number)).json()
    assert elsewhere["genuine"] and not elsewhere["known_here"]
    assert AuditEntry.objects.filter(action="receipt.verify").count() == 3


def test_the_receipt_pdf_is_served(world: Any) -> None:
    body = world.handover().json()
    reply = world.records.get(body["receipt_url"])
    assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf"
    assert reply.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="receipt.print", object_id=body["id"]).exists()


def test_nearest_open_points_by_road(world: Any, roads: Any) -> None:
    from opsroom.campaigns.actions import do_create_point
    do_create_point(world.supervisor.user, code="closed-camp", name_ar="معسكر مغلق",
                    name_en="Closed camp", kind="camp", lat=32.118, lon=20.068, hours={})
    far = do_create_point(world.supervisor.user, code="far-station", name_ar="مركز بعيد",
                          name_en="Far station", kind="station", lat=32.09, lon=20.10,
                          hours={d: [["00:00", "23:59"]] for d in
                                 ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})
    reply = world.records.get("collection-points/nearest", lat=32.117, lon=20.067)
    assert reply.status_code == 200, reply.content
    items = reply.json()["items"]
    assert [i["point"]["code"] for i in items] == ["bng-dir-point", far.code]
    assert items[0]["eta_s"] < items[1]["eta_s"] and items[1]["distance_m"] > 1000
    assert all(i["open_now"] for i in items)
    with_closed = world.records.get("collection-points/nearest", lat=32.117, lon=20.067,
                                    include_closed="true").json()["items"]
    assert "closed-camp" in [i["point"]["code"] for i in with_closed]


def test_stats_and_public_figures_keep_small_cells_out(world: Any, client: Any) -> None:
    for _ in range(6):
        world.handover([{"category": "pistol"}])
    world.handover([{"category": "ammunition", "calibre": "7.62×39", "quantity": 120}])
    stats = world.supervisor.get(f"campaigns/{world.campaign.id}/stats").json()
    assert stats["totals"]["weapons"] == 6 and stats["totals"]["ammunition_rounds"] == 120
    assert stats["targets"][0] == {"key": "weapons", "target": 5000, "achieved": 6,
                                   "percent": 0.1}
    assert len(stats["by_week"]) == 1
    public = client.get(f"/public/campaigns/{world.campaign.id}").json()
    assert public["items"] == 7 and public["by_category"]["pistol"] == 6
    assert "receipt" not in str(public) and "سالم" not in str(public)
    # The amnesty campaign has 2 items in its one district-week: nothing is shown.
    world.handover([{"category": "grenade"}], amnesty=True)
    world.handover([{"category": "mine"}], amnesty=True)
    small = client.get(f"/public/campaigns/{world.amnesty.id}").json()
    assert small["items"] == 0 and small["cells"] == [] and small["hidden_cells"] == 1
    page = client.get(f"/public/campaigns/{world.campaign.id}", HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and "الحملة الموسعة لجمع السلاح" in page.content.decode()


def test_serial_marks_hold_nothing_of_the_person(world: Any) -> None:
    world.handover([{"category": "rifle", "serial": "M1-2233"}])
    mark = SerialMark.objects.get()
    assert {f.name for f in SerialMark._meta.fields} >= {"serial_key", "receipt_number"}
    assert "person" not in {f.name for f in SerialMark._meta.fields}
    assert mark.serial_key == "m12233"


def test_serials_met_through_a_large_catch_up_are_still_audited_as_duplicates(
        world: Any, monkeypatch: Any) -> None:
    """A site back from a long cut: so many records arrive that open consoles get one
    reload instead of an event each, but a serial handed in at both sites is still
    audited as a duplicate."""
    import json
    import uuid

    from opsroom.core.models import ChangeEvent
    from opsroom.sync import actions as sync_actions
    from opsroom.sync import hlc
    from opsroom.sync.models import OutboxEntry

    serials = [f"CU-{n}-{now().timestamp()}" for n in range(3)]
    for serial in serials:
        assert world.handover([{"category": "rifle", "serial": serial}]).status_code == 201
    theirs = []
    for n, entry in enumerate(OutboxEntry.objects.filter(kind="serial_mark").order_by("-seq")[:3]):
        change = json.loads(entry.body)
        clock = hlc.tick() + 1000
        new_id = str(uuid.uuid4())
        change.update(s="BNG-FP9", h=clock, c=f"BNG-FP9-{clock}", id=new_id)
        change["f"].update(id=new_id, item_id=str(uuid.uuid4()), origin_site="BNG-FP9",
                           receipt_number=f"BNG-FP9-2026-00000{n}")
        change["cl"] = {"*": [clock, "BNG-FP9"]}
        theirs.append(change)
    monkeypatch.setattr(sync_actions, "ANNOUNCE_LIMIT", 1)
    before = ChangeEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    result = sync_actions.do_apply_changes(theirs)
    assert result.inserted == 3
    assert [(e.kind, e.action) for e in ChangeEvent.objects.filter(seq__gt=before)] == [
        ("sync", "reload")]
    audited = AuditEntry.objects.filter(action="serial.duplicate_detected")
    assert sorted(a.detail["receipt"] for a in audited) == sorted(
        c["f"]["receipt_number"] for c in theirs)


def test_a_new_agency_s_sites_get_the_shared_rows_at_once(world: Any, make_agency: Any) -> None:
    """The campaigns' shared rows (counters, the serial registry) go to every campaign
    agency; one added a moment ago is among them from its first row on."""
    import json

    from opsroom.sync.models import OutboxEntry

    assert world.handover().status_code == 201  # the agencies are read (and kept a minute)
    station = make_agency("bng-new-station", kind="police_station")
    assert world.handover().status_code == 201
    mark = OutboxEntry.objects.filter(kind="serial_mark").order_by("-seq").first()
    assert str(station.id) in json.loads(mark.body)["a"]
