"""Settling what a partition left, over real sites (tests/sync/test_sites.py calls it with
its ``world``): the same call sign made at the
station and at the field post while both are cut off; once the links return the hub
refuses one of the two, its supervisor keeps both under a new name, and every site ends
with both units and nothing left to settle (the leaves settle their own copies by
themselves)."""

from __future__ import annotations

import uuid
from typing import Any

from tests.sync.sites import Site, wait_for

STATION, POST = "BNG-PS1", "BNG-FP1"
BIRKA = "bng-ps-birka"  # the two leaves' agency (tests/sync/conftest.py)


def _make_unit(site: Site, call_sign: str) -> None:
    # No endpoint creates units (an administrator's job); at a site cut off, the action.
    site.python(
        "from opsroom.accounts.models import Agency\n"
        "from opsroom.dispatch.actions import do_create_unit\n"
        f"do_create_unit(None, call_sign={call_sign!r}, "
        f"agency_id=Agency.objects.get(code={BIRKA!r}).id, kind='patrol', "
        "capabilities=['police'])\n")


def _call_signs(site: Site, prefix: str) -> list[str]:
    return sorted(str(row[0]) for row in site.query(
        f"SELECT call_sign FROM dispatch_unit WHERE call_sign LIKE '{prefix}%'"))


def _unsettled(site: Site) -> int:
    """Refused units not settled (other tests of the module may leave other kinds)."""
    return int(site.query("SELECT COUNT(*) FROM sync_rejectedchange "
                          "WHERE settled_at IS NULL AND kind = 'unit'")[0][0])


def check_settling_after_partition(world: Any) -> None:
    world.converged()
    station, post = world.leaves[STATION], world.leaves[POST]
    call_sign = f"BLK-{uuid.uuid4().hex[:6]}"
    world.cut()
    _make_unit(station, call_sign)
    _make_unit(post, call_sign)
    world.restore()

    supervisor = world.hub.api("supervisor")  # the demo's supervisor of the room

    def refused_at_hub() -> list[dict[str, Any]] | None:
        answer = supervisor.get("sync/refused")
        assert answer.status_code == 200, answer.text
        rows = [r for r in answer.json() if r["kind"] == "unit" and r["clash"]
                and call_sign in r["clash"]["summary"]]
        return rows or None

    rows: list[dict[str, Any]] = wait_for(refused_at_hub, 60, "the hub to refuse one unit", 0.5)
    assert len(rows) == 1, rows
    [row] = rows
    assert row["options"] == ["keep_existing", "keep_refused", "keep_both"]
    assert row["origin_site"] in (STATION, POST)
    new_name = row["rename_suggestion"]
    assert new_name == f"{call_sign}-{row['origin_site']}"
    answer = supervisor.post(f"sync/refused/{row['id']}/settle", json={
        "decision": "keep_both", "reason": "two cars were given one call sign in the blackout",
        "rename_to": new_name})
    assert answer.status_code == 200, answer.text
    assert answer.json()["decision"] == "keep_both"

    world.converged()
    both = sorted([call_sign, new_name])

    def settled_everywhere() -> bool | None:
        for site in world.sites:
            if _call_signs(site, call_sign) != both or _unsettled(site) != 0:
                return None
        return True

    wait_for(settled_everywhere, 60, "both units and nothing refused at every site", 0.5)
    assert not [r for r in supervisor.get("sync/refused").json() if r["kind"] == "unit"]
