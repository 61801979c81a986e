"""``opsroom sync run``: the sync agent, one per site, beside the server.

It talks only to its own site's NATS server: the hub's server at the operations room, a
leaf node (with its own JetStream) everywhere else, so publishing goes on while the link to
the hub is down and JetStream forwards it when the link returns.

Streams (docs/sync.md has the picture):

* ``OUT`` in every site's own JetStream domain: this site's changes,
  ``opsroom.chg.<site>.<kind>``, published from the outbox with a ``Nats-Msg-Id``.
* ``TO`` at the hub: what each site needs to know, ``opsroom.to.<site>.<kind>``, routed
  by the hub's agent through the need-to-know rule.

The hub's agent pulls every site's ``OUT`` through that site's JetStream domain, across the
leaf link (a durable consumer ``hub-<site>`` on the leaf keeps its place while the link is
down), and its own; it applies what other sites changed and routes it into ``TO``. A leaf's
agent pulls ``opsroom.to.<site>.>`` from the hub's domain. Messages are acknowledged only
after the database committed them (and, at the hub, the routed copies were stored); a
redelivered message is applied again harmlessly.

(JetStream stream sourcing across the leaf link would also work, but after a long outage
its retry back-off delays the catch-up; the agent retries every second.)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import nats
import nats.errors
from django.conf import settings
from django.db import close_old_connections
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError

from opsroom.audit.anchors import held_anchor_records
from opsroom.sync import actions, queries, transport
from opsroom.sync.ask import anchors_subject
from opsroom.sync.models import Site, SiteRole

log = logging.getLogger("opsroom.sync")
T = TypeVar("T")

DUPLICATE_WINDOW_S = 24 * 3600.0
# One fetch takes what is waiting, up to this many messages (it returns at once with fewer);
# they are applied in transactions of up to APPLY_CHANGES changes. A site back from a
# blackout catches up in a few large transactions instead of hundreds of small ones (each
# transaction costs its audit entry, its site counters and its console announcements).
# The size of the next fetch follows the size of the last one's messages, so that a fetch
# holds about one transaction's changes: the next fetch (and its transfer across the link)
# overlaps the database work of this one, and it is acknowledged well within JetStream's
# 30 s. The first fetch from a stream is small, so the catch-up starts at once.
FIRST_FETCH = 16
FETCH_MESSAGES = 2000
APPLY_CHANGES = 5000
FETCH_CHANGES = APPLY_CHANGES
SITES_REFRESH_S = 5.0
# A leaf cut off from the hub holds small batches back (the outbox is already durable) and
# publishes full ones, so the hub catches up on a few large messages, not one per write.
PROBE_EVERY_S = 1.0


class Agent:
    def __init__(self, url: str, site: Site) -> None:
        self.url = url
        self.code = site.code
        self.hub = site.role == SiteRole.HUB
        self.hub_domain = settings.SYNC_HUB_DOMAIN
        self.db = ThreadPoolExecutor(1, thread_name_prefix="sync-db")
        self.stopping = asyncio.Event()
        self.nc: Any = None
        self._sites: tuple[float, list[Site]] = (-1e9, [])
        self._hub_probe: tuple[float, bool] = (-1e9, True)
        self._fetch_size: dict[int, int] = {}

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        def run() -> T:
            close_old_connections()
            return fn(*args)

        return await asyncio.get_running_loop().run_in_executor(self.db, run)

    # ---- connection and streams ---------------------------------------------------------
    async def connect(self) -> None:
        while not self.stopping.is_set():
            try:
                self.nc = await nats.connect(
                    servers=[self.url], name=f"opsroom-sync-{self.code}",
                    max_reconnect_attempts=-1, reconnect_time_wait=1, connect_timeout=3,
                    allow_reconnect=True,
                )
                return
            except Exception as error:  # the local server is not up yet: keep trying
                log.warning("sync %s: cannot reach NATS at %s (%s); retrying",
                            self.code, self.url, error)
                await self._sleep(2)

    async def ensure_streams(self) -> None:
        js = self.nc.jetstream()
        # Kept for OPSROOM_SYNC_STREAM_DAYS whether read or not: a site may be cut off for
        # weeks. (An "interest" stream would drop what arrives before the hub ever asked.)
        keep = settings.SYNC_STREAM_DAYS * 86400.0
        await self._upsert(js, StreamConfig(
            name="OUT", subjects=[f"opsroom.chg.{self.code}.>"], storage=StorageType.FILE,
            duplicate_window=DUPLICATE_WINDOW_S, max_age=keep))
        if self.hub:
            await self._upsert(js, StreamConfig(
                name="TO", subjects=["opsroom.to.>"], storage=StorageType.FILE,
                duplicate_window=DUPLICATE_WINDOW_S, max_age=keep))

    async def _upsert(self, js: Any, config: Any) -> None:
        try:
            current = await js.stream_info(config.name)
        except NotFoundError:
            await js.add_stream(config)
            return
        if ((current.config.subjects or []) != (config.subjects or [])
                or current.config.max_age != config.max_age):
            await js.update_stream(config)

    # ---- publishing the outbox ----------------------------------------------------------
    async def publish_outbox(self) -> int:
        """Publish every waiting batch; a batch is marked sent once JetStream has it all.

        A leaf that cannot reach the hub publishes only full batches and keeps the rest in its
        outbox until the link returns (or a full batch has gathered)."""
        js = self.nc.jetstream()
        sent = 0
        while not self.stopping.is_set():
            full_only = not self.hub and not await self.hub_reachable()
            taken = await self.call(actions.do_take_batch, None, full_only)
            if taken is None:
                return sent
            batch = transport.pack_batch(self.code, *taken)
            await self._publish_all(js, [(m.subject, m.msg_id, m.payload)
                                         for m in batch.messages])
            await self.call(actions.do_mark_sent, batch.number)
            sent += sum(m.changes for m in batch.messages)
        return sent

    async def _publish_all(self, js: Any, messages: list[tuple[str, str, bytes]]) -> None:
        """Publish without waiting for each acknowledgement in turn, then wait for them all
        (pipelined: one round trip for the lot, not one per message)."""
        if len(messages) == 1:
            subject, msg_id, payload = messages[0]
            await js.publish(subject, payload, timeout=10, headers={"Nats-Msg-Id": msg_id})
            return
        futures = [await js.publish_async(subject, payload, wait_stall=10,
                                          headers={"Nats-Msg-Id": msg_id})
                   for subject, msg_id, payload in messages]
        await asyncio.wait_for(asyncio.gather(*futures), 30)

    async def hub_reachable(self) -> bool:
        """Whether the hub's JetStream answers across the link (asked at most once a second;
        a link that is down answers at once: no responders)."""
        loop = asyncio.get_running_loop()
        asked_at, reachable = self._hub_probe
        if loop.time() - asked_at < PROBE_EVERY_S:
            return reachable
        try:
            await self.nc.jetstream(domain=self.hub_domain, timeout=1).account_info()
            reachable = True
        except Exception:
            reachable = False
        self._hub_probe = (loop.time(), reachable)
        return reachable

    async def publish_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                await self.publish_outbox()
            except Exception as error:
                log.warning("sync %s: publishing paused: %s", self.code, error)
                await self._sleep(1)
            await self._sleep(0.2)

    # ---- receiving ----------------------------------------------------------------------
    async def subscribe(self, source: str | None = None) -> Any:
        """A durable pull subscription: at the hub on ``source``'s OUT (in its domain), at a
        leaf on the hub's TO for this site."""
        if self.hub:
            assert source is not None
            js = self.nc.jetstream() if source == self.code else self.nc.jetstream(
                domain=source)
            return await js.pull_subscribe(f"opsroom.chg.{source}.>",
                                           durable=f"hub-{source}", stream="OUT")
        return await self.nc.jetstream(domain=self.hub_domain).pull_subscribe(
            f"opsroom.to.{self.code}.>", durable=f"site-{self.code}", stream="TO")

    async def receive_once(self, sub: Any, timeout: float = 1.0, rounds: int = 20) -> int:
        """Fetch and apply until the stream is drained (or ``rounds`` fetches); each fetch
        overlaps the database work of the batch before it, which is applied in order."""
        total = 0
        task: asyncio.Task[int] | None = None
        try:
            for _ in range(rounds):
                msgs = await self._fetch(sub, timeout if total == 0 and task is None else 0.2)
                if task is not None:
                    total += await task
                    task = None
                if not msgs:
                    break
                decoded = [(msg, *transport.decode(msg.data)) for msg in msgs]
                self._sized(sub, msgs, sum(len(body) for _, _, body in decoded))
                task = asyncio.create_task(self._process(decoded))
        finally:
            if task is not None:
                total += await task
        return total

    async def _fetch(self, sub: Any, timeout: float) -> list[Any]:
        try:
            msgs: list[Any] = await sub.fetch(self._fetch_size.get(id(sub), FIRST_FETCH),
                                              timeout=timeout)
        except nats.errors.TimeoutError:
            return []
        return msgs

    def _sized(self, sub: Any, msgs: list[Any], changes: int) -> None:
        """The next fetch's size, from how many changes these messages carried."""
        per_message = max(1.0, changes / max(1, len(msgs)))
        self._fetch_size[id(sub)] = max(1, min(FETCH_MESSAGES, int(FETCH_CHANGES / per_message)))

    async def _process(self, msgs: list[tuple[Any, str, list[dict[str, Any]]]]) -> int:
        """Apply a fetch in as few transactions as its size allows, in order."""
        total = 0
        group: list[tuple[Any, str, list[dict[str, Any]]]] = []
        size = 0
        for msg, origin, body in msgs:
            if group and size + len(body) > APPLY_CHANGES:
                total += await self._apply_group(group)
                group, size = [], 0
            group.append((msg, origin, body))
            size += len(body)
        if group:
            total += await self._apply_group(group)
        return total

    async def _apply_group(self, group: list[tuple[Any, str, list[dict[str, Any]]]]) -> int:
        """One transaction for the group's changes; at the hub, what each site needs to know
        of them goes on to TO as a few messages per site and kind (published pipelined);
        the messages are acknowledged once both are done."""
        changes = [change for _, _, body in group for change in body]
        await self.call(actions.do_apply_remote, changes, f"nats:{self.code}")
        if self.hub:
            routes = transport.route_group(
                [(self._msg_id(msg), msg.subject.rsplit(".", 1)[-1], origin, body)
                 for msg, origin, body in group], await self.leaf_sites())
            await self._publish_all(self.nc.jetstream(), routes)
        for msg, _, _ in group:
            await msg.ack()
        return len(changes)

    @staticmethod
    def _msg_id(msg: Any) -> str:
        return str((msg.headers or {}).get("Nats-Msg-Id")
                   or f"{msg.subject}:{msg.metadata.sequence.stream}")

    async def receive_loop(self) -> None:
        if self.hub:
            await self.hub_receive_loop()
            return
        sub = None
        while not self.stopping.is_set():
            try:
                if sub is None:
                    sub = await self.subscribe()
                await self.receive_once(sub)
            except Exception as error:  # link down, hub unreachable: wait and try again
                log.info("sync %s: receiving paused: %s", self.code, error)
                sub = None
                await self._sleep(1)

    async def hub_receive_loop(self) -> None:
        """Take turns over every site's stream; a site whose link is down is tried again
        0.3 s later, so a returning site is caught up within about a second of its link."""
        subs: dict[str, Any] = {}
        retry_at: dict[str, float] = {}
        loop = asyncio.get_running_loop()
        while not self.stopping.is_set():
            sources = [self.code] + [s.code for s in await self.leaf_sites()]
            busy = False
            for source in sources:
                if self.stopping.is_set():
                    return
                if loop.time() < retry_at.get(source, 0):
                    continue
                try:
                    if source not in subs:
                        subs[source] = await self.subscribe(source)
                    busy |= await self.receive_once(subs[source], timeout=0.25) > 0
                except Exception as error:  # that site's link is down: try again soon
                    log.info("sync %s: %s unreachable: %s", self.code, source, error)
                    subs.pop(source, None)
                    retry_at[source] = loop.time() + 0.3
            if not busy:
                await self._sleep(0.05)

    # ---- health -------------------------------------------------------------------------
    async def health_loop(self) -> None:
        async def heard(msg: Any) -> None:
            data = json.loads(msg.data)
            if self.hub:
                if data.get("site") and data["site"] != self.code:
                    await self.call(actions.do_note_contact, data["site"],
                                    int(data.get("backlog") or 0))
            else:
                await self.call(actions.do_take_summary, data.get("sites", []),
                                data.get("hub", ""))

        subject = "opsroom.health.site.*" if self.hub else "opsroom.health.summary"
        await self.nc.subscribe(subject, cb=heard)
        while not self.stopping.is_set():
            try:
                beat = await self.call(queries.heartbeat)
                await self.call(actions.do_note_contact, self.code, beat["backlog"])
                if self.hub:
                    rows = await self.call(queries.summary)
                    await self.nc.publish("opsroom.health.summary", json.dumps(
                        {"hub": self.code, "sites": rows}).encode())
                else:
                    await self.nc.publish(f"opsroom.health.site.{self.code}",
                                          json.dumps(beat).encode())
                for line in await self.call(actions.do_check_silence):
                    log.warning("sync %s: site %s", self.code, line)
            except Exception as error:
                log.info("sync %s: health report skipped: %s", self.code, error)
            await self._sleep(settings.SYNC_HEARTBEAT_SECONDS)

    # ---- questions from other sites -------------------------------------------------------
    async def answer_questions(self) -> None:
        """Another site checking its audit chain asks for the copies of its anchors held
        here (`opsroom audit verify --against`)."""
        async def anchors(msg: Any) -> None:
            try:
                of = str(json.loads(msg.data)["of"])[:32]
                held = await self.call(held_anchor_records, of)
                await msg.respond(json.dumps({"site": self.code, "anchors": held}).encode())
            except Exception as error:  # a malformed question gets no answer
                log.info("sync %s: question not answered: %s", self.code, error)

        await self.nc.subscribe(anchors_subject(self.code), cb=anchors)

    # ---- running ------------------------------------------------------------------------
    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), seconds)

    async def leaf_sites(self) -> list[Site]:
        """The known sites, read again every few seconds (not on every turn of the loops)."""
        loop = asyncio.get_running_loop()
        read_at, sites = self._sites
        if loop.time() - read_at > SITES_REFRESH_S:
            sites = await self.call(queries.leaf_sites)
            self._sites = (loop.time(), sites)
        return sites

    async def run(self) -> int:
        await self.connect()
        if self.nc is None:
            return 1
        await self.ensure_streams()
        await self.answer_questions()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stopping.set)
        tasks = [asyncio.create_task(t) for t in
                 (self.publish_loop(), self.receive_loop(), self.health_loop())]
        log.warning("sync %s: running (%s, NATS %s)", self.code,
                    "hub" if self.hub else "leaf", self.url)
        await self.stopping.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.nc.close(), 5)
        self.db.shutdown(wait=True, cancel_futures=True)
        return 0


def run_agent(url: str | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    url = url or settings.NATS_URL
    if not url:
        print("opsroom: no NATS server: set OPSROOM_NATS_URL or pass --nats (docs/sync.md)",
              file=sys.stderr)
        return 2
    site = Site.objects.filter(code=settings.SITE_CODE).first()
    if site is None:
        print(f"opsroom: this site ({settings.SITE_CODE}) is not registered: run "
              f"opsroom sync site-add {settings.SITE_CODE} --role ... --agency ... first",
              file=sys.stderr)
        return 2
    return asyncio.run(Agent(url, site).run())



