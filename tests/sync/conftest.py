from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from tests.sync.sites import (
    GEO,
    LinkProxy,
    NatsServer,
    Site,
    free_port,
    nats_server_path,
    site_databases,
    wait_for,
)

HUB, STATION, POST = "BNG-OPS", "BNG-PS1", "BNG-FP1"
OFFLINE = "BNG-FP2"  # a field post with no network at all: bundles only
POST3 = "BNG-FP3"  # a third leaf, in the modules that ask for it (LEAF_SITES)
BIRKA = "bng-ps-birka"  # the demo's Al-Birka police station: every leaf site's agency
ROLES = {STATION: "station", POST: "field_post", POST3: "field_post"}
# The leaf sites of a module's world, unless the module names its own in LEAF_SITES.
LEAF_SITES = (STATION, POST)


class World:
    """The operations room (hub) and leaf sites of the Al-Birka police station (a station
    and field posts), each with its own database and NATS leaf node."""

    def __init__(self, hub: Site, leaves: dict[str, Site], links: dict[str, LinkProxy],
                 servers: list[NatsServer], base: Path, databases: dict[str, str]) -> None:
        self.databases = databases
        self.hub = hub
        self.leaves = leaves
        self.links = links
        self.servers = servers
        self.base = base
        self.roles = {code: ROLES[code] for code in leaves}

    @property
    def sites(self) -> list[Site]:
        return [self.hub, *self.leaves.values()]

    def cut(self) -> None:
        for link in self.links.values():
            link.cut()

    def restore(self) -> None:
        for link in self.links.values():
            link.restore()

    def converged(self, timeout: float = 60) -> dict[str, Any]:
        """Wait until each leaf holds exactly what the hub holds for the leaf's agency and
        role (a field post keeps less than a station)."""
        def same() -> dict[str, Any] | None:
            # Every digest at once: each is a process of its own (a second of start-up).
            roles = sorted(set(self.roles.values()))
            with ThreadPoolExecutor(max_workers=len(roles) + len(self.leaves)) as pool:
                hub = {role: pool.submit(self.hub.digest, BIRKA, role) for role in roles}
                held = {code: pool.submit(leaf.digest) for code, leaf in self.leaves.items()}
                by_role = {role: job.result() for role, job in hub.items()}
                if any(job.result() != by_role[self.roles[code]] for code, job in held.items()):
                    return None
            return by_role[self.roles.get(STATION, roles[0])]

        result: dict[str, Any] = wait_for(same, timeout, "every site's digest to match", 0.5)
        return result


def _world(base: Path, dbs: dict[str, str], codes: tuple[str, ...]) -> Iterator[World]:
    hub_nats = NatsServer(base, "hub", "hub", leaf_port=free_port())
    hub_nats.start()
    assert hub_nats.leaf_port
    links = {code: LinkProxy(hub_nats.leaf_port) for code in codes}
    leaf_nats = {code: NatsServer(base, code, code,
                                  hub_url=f"nats-leaf://127.0.0.1:{links[code].port}")
                 for code in codes}
    for server in leaf_nats.values():
        server.start()
    hub = Site(base, HUB, hub_nats, dbs[HUB])
    leaves = {code: Site(base, code, leaf_nats[code], dbs[code]) for code in codes}
    world = World(hub, leaves, links, [hub_nats, *leaf_nats.values()], base, dbs)
    try:
        # The hub's database and demo, and each leaf's database and geography, are made at
        # the same time: each is its own process and database (seconds off every world).
        with ThreadPoolExecutor(max_workers=1 + len(leaves)) as pool:
            made = [pool.submit(_run_all, hub, [("migrate", "--quiet"), ("demo", "load")])]
            made += [pool.submit(_run_all, leaf, [
                ("migrate", "--quiet"),
                ("geo", "load", str(GEO / "city.geojson"), str(GEO / "districts.geojson"),
                 str(GEO / "places.geojson"))]) for leaf in leaves.values()]
            for done in made:
                done.result()
        hub.run("sync", "site-add", HUB, "--role", "hub", "--agency", "bng-ops",
                "--public-key", _key(hub))
        roles = ROLES
        for code, leaf in leaves.items():
            hub.run("sync", "site-add", code, "--role", roles[code], "--agency", BIRKA,
                    "--public-key", _key(leaf))
        def set_up(code: str, leaf: Site) -> None:
            # Setting up a site: the hub's key, then a seed bundle of what it needs.
            leaf.run("sync", "site-add", HUB, "--role", "hub", "--public-key", _key(hub))
            seed = base / f"seed-{code}.bundle"
            hub.run("sync", "export", "--since", "0", "--for", code, "--out", str(seed))
            leaf.run("sync", "import", str(seed))
            leaf.run("sync", "site-add", code, "--role", roles[code], "--agency", BIRKA)
            leaf.run("user", "create", f"disp-{code.lower()}", "--agency", BIRKA,
                     "--role", "dispatcher")

        with ThreadPoolExecutor(max_workers=len(leaves)) as pool:
            for done in [pool.submit(set_up, code, leaf) for code, leaf in leaves.items()]:
                done.result()
        with ThreadPoolExecutor(max_workers=len(world.sites)) as pool:
            for done in [pool.submit(site.start_server) for site in world.sites]:
                done.result()
        for site in world.sites:
            site.start_agent()
        yield world
    finally:
        for site in world.sites:
            site.stop()
        for link in links.values():
            link.close()
        for server in world.servers:
            server.stop()


def _run_all(site: Site, commands: list[tuple[str, ...]]) -> None:
    for command in commands:
        site.run(*command)


def _key(site: Site) -> str:
    return site.run("sync", "key").stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
          ) -> Iterator[World]:
    if not nats_server_path():
        if os.environ.get("CI"):
            pytest.fail("nats-server is missing in CI: make test installs it")
        pytest.skip("nats-server is not installed (make test installs it)")
    base = tmp_path_factory.mktemp("sites")
    codes = tuple(getattr(request.module, "LEAF_SITES", LEAF_SITES))
    with site_databases(base, [HUB, *codes, OFFLINE]) as dbs:
        yield from _world(base, dbs, codes)
    if os.environ.get("OPSROOM_KEEP_SITES") is None:
        shutil.rmtree(base, ignore_errors=True)
