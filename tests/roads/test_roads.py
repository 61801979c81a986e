"""Road travel times: OpenStreetMap import, one-way streets, closures, the recommendation by
road, coverage and the nearest facility; checked against networkx on real Helsinki data."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest

from opsroom.core.clock import now
from opsroom.core.errors import InvalidInput
from opsroom.roads.actions import do_import_roads
from opsroom.roads.models import RoadClosure, RoadNetwork
from opsroom.roads.queries import active_network, forget_network, times_to

HELSINKI = Path(__file__).resolve().parent.parent / "data" / "osm" / "helsinki.osm.pbf"

# A 1 km square of streets at the equator-free latitude of Benghazi; A→B is one-way.
#   B ---- C
#   |      |
#   A ---- D        plus a private drive and a footpath that must be ignored
SQUARE = {"A": (32.100, 20.100), "B": (32.109, 20.100), "C": (32.109, 20.1106),
          "D": (32.100, 20.1106), "P": (32.1045, 20.105), "F": (32.1045, 20.1000)}


def osm_xml(ways: list[tuple[list[str], dict[str, str]]]) -> str:
    ids = {name: i + 1 for i, name in enumerate(SQUARE)}
    nodes = "".join(
        f'<node id="{ids[n]}" version="1" lat="{lat}" lon="{lon}"/>'
        for n, (lat, lon) in SQUARE.items()
    )
    body = ""
    for number, (refs, tags) in enumerate(ways, start=100):
        nd = "".join(f'<nd ref="{ids[r]}"/>' for r in refs)
        tg = "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items())
        body += f'<way id="{number}" version="1">{nd}{tg}</way>'
    return f'<?xml version="1.0"?><osm version="0.6">{nodes}{body}</osm>'


@pytest.fixture
def square(tmp_path: Path, db: Any) -> RoadNetwork:
    path = tmp_path / "square.osm"
    path.write_text(osm_xml([
        (["A", "B"], {"highway": "primary", "oneway": "yes", "maxspeed": "60"}),
        (["B", "C", "D", "A"], {"highway": "residential"}),
        (["A", "P", "C"], {"highway": "service", "access": "private"}),
        (["B", "F", "A"], {"highway": "footway"}),
    ]))
    return do_import_roads(None, path, name="square")


def seconds(from_point: str, to_point: str) -> float:
    loaded = active_network()
    assert loaded is not None
    lat, lon = SQUARE[to_point]
    slat, slon = SQUARE[from_point]
    return float(times_to(loaded, lat, lon, [slat], [slon], 1).eta_s[0])


def test_one_way_streets_and_access_rules_are_respected(square: RoadNetwork) -> None:
    assert square.node_count == 4  # the private drive and the footpath are not roads
    direct = seconds("A", "B")
    around = seconds("B", "A")
    assert direct == pytest.approx(1000.7 / (60 / 3.6), rel=0.01)  # 1 km at 60 km/h
    assert around == pytest.approx(3 * 1000 / (25 / 3.6), rel=0.02)  # three sides at 25
    assert around > 4 * direct


def test_closures_are_avoided_and_ignored_after_their_window(
    square: RoadNetwork, api_as: Any
) -> None:
    api = api_as("dispatcher")
    before = seconds("A", "B")
    road = {"type": "LineString", "coordinates": [[20.100, 32.100], [20.100, 32.109]]}
    reply = api.post("closures", {"kind": "road", "geometry": road, "reason": "checkpoint"})
    assert reply.status_code == 201, reply.content
    closure = reply.json()
    assert closure["active"] is True
    assert seconds("A", "B") > 4 * before  # now around the square
    assert api.delete(f"closures/{closure['id']}").status_code == 200
    assert seconds("A", "B") == pytest.approx(before)
    # A window that has already ended closes nothing; one that has not begun, neither.
    for start, end in ((now() - timedelta(hours=3), now() - timedelta(hours=1)),
                       (now() + timedelta(hours=1), now() + timedelta(hours=2))):
        reply = api.post("closures", {"kind": "road", "geometry": road, "reason": "later",
                                      "valid_from": start.isoformat(),
                                      "valid_until": end.isoformat()})
        assert reply.status_code == 201, reply.content
        assert seconds("A", "B") == pytest.approx(before)
    area = {"type": "Polygon", "coordinates": [[[20.098, 32.103], [20.102, 32.103],
                                                [20.102, 32.106], [20.098, 32.106],
                                                [20.098, 32.103]]]}
    assert api.post("closures", {"kind": "area", "geometry": area,
                                 "reason": "clashes"}).status_code == 201
    assert seconds("A", "B") > 4 * before
    listed = api.get("closures").json()
    assert {c["reason"] for c in listed} == {"clashes", "later"}


@pytest.mark.parametrize("body, field", [
    ({"kind": "area", "geometry": {"type": "Polygon", "coordinates": [[[20.1, 32.1],
      [20.2, 32.2], [20.2, 32.1], [20.1, 32.2], [20.1, 32.1]]]}, "reason": "x"}, "geometry"),
    ({"kind": "area", "geometry": {"type": "LineString", "coordinates": [[20.1, 32.1],
      [20.2, 32.2]]}, "reason": "x"}, "geometry"),
    ({"kind": "road", "geometry": {"type": "LineString", "coordinates": [[200, 32.1],
      [20.2, 32.2]]}, "reason": "x"}, "geometry"),
    ({"kind": "road", "geometry": {"type": "LineString", "coordinates": "nonsense"},
      "reason": "x"}, "geometry"),
    ({"kind": "lake", "geometry": {}, "reason": "x"}, "kind"),
    ({"kind": "road", "geometry": {"type": "LineString", "coordinates": [[20.1, 32.1],
      [20.2, 32.2]]}, "reason": ""}, "reason"),
])
def test_malformed_closures_are_refused_and_write_nothing(
    square: RoadNetwork, api_as: Any, body: dict[str, Any], field: str
) -> None:
    reply = api_as("dispatcher").post("closures", body)
    assert reply.status_code == 422, reply.content
    assert reply.json()["field"] == field
    assert RoadClosure.objects.count() == 0


def test_only_dispatching_roles_close_roads(square: RoadNetwork, api_as: Any) -> None:
    road = {"type": "LineString", "coordinates": [[20.100, 32.100], [20.100, 32.109]]}
    reply = api_as("calltaker").post("closures", {"kind": "road", "geometry": road,
                                                  "reason": "x"})
    assert reply.status_code == 403


def test_a_corrupt_or_empty_file_fails_clearly_and_keeps_the_network(
    square: RoadNetwork, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.osm.pbf"
    bad.write_bytes(b"\x00\x00\x00\x0dthis is not a protobuf at all")
    with pytest.raises(InvalidInput, match="not a readable OpenStreetMap file"):
        do_import_roads(None, bad)
    empty = tmp_path / "empty.osm.pbf"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty"):
        do_import_roads(None, empty)
    no_roads = tmp_path / "no-roads.osm"
    no_roads.write_text(osm_xml([(["A", "B"], {"highway": "footway"})]))
    with pytest.raises(InvalidInput, match="no drivable road"):
        do_import_roads(None, no_roads)
    assert list(RoadNetwork.objects.filter(active=True).values_list("name", flat=True)) == [
        "square"]


def test_the_import_command_reports_a_corrupt_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.osm.pbf"
    bad.write_bytes(b"garbage")
    done = subprocess.run([sys.executable, "-m", "opsroom.cli", "roads", "import", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "not a readable OpenStreetMap file" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.django_db
def test_road_times_agree_with_networkx_on_real_helsinki_streets() -> None:
    network = do_import_roads(None, HELSINKI, name="Helsinki")
    assert network.node_count > 1000 and network.edge_count > network.node_count
    forget_network()
    loaded = active_network()
    assert loaded is not None
    g = loaded.graph
    reference = nx.DiGraph()
    reference.add_weighted_edges_from(
        zip(g.src.tolist(), g.dst.tolist(), g.time_s.tolist(), strict=True))
    rng = np.random.default_rng(3)
    one_way = 0
    for target in rng.choice(g.node_count, 5, replace=False).tolist():
        sources = rng.choice(g.node_count, 40, replace=False)
        times = times_to(loaded, g.lat[target], g.lon[target], g.lat[sources], g.lon[sources],
                         enough=len(sources))
        expected = nx.single_source_dijkstra_path_length(reference.reverse(copy=False),
                                                        target, weight="weight")
        for source, eta in zip(sources.tolist(), times.eta_s.tolist(), strict=True):
            assert abs(eta - expected[source]) < 1.0, (source, target)
            back = nx.shortest_path_length(reference, target, source, weight="weight")
            one_way += abs(back - expected[source]) > 1.0
    assert one_way > 0  # the real streets have one-way rules that change times
