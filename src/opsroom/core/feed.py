"""The live feed: committed changes fanned out to every open stream in this process.

One pump per event loop reads new ``ChangeEvent`` rows (woken at once by this process's own
commits, and polling for other processes' every ``POLL_SECONDS``), encodes each event once,
and keeps the most recent ones in a ring. Each stream only filters the ring through the
access rules and writes: two hundred consoles cost one query per batch, not two hundred.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async
from django.core.serializers.json import DjangoJSONEncoder

from opsroom.core.bus import Change, bus
from opsroom.core.models import ChangeEvent

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5  # how soon another process's change (the simulator's) is seen
RING_SIZE = 5000  # events kept in memory for streams that fall behind or reconnect
BATCH = 1000
KEEPALIVE_SECONDS = 15.0
MAX_BACKLOG = 20000  # a stream further behind than this is told to reload


@dataclass(frozen=True)
class FeedEvent:
    seq: int
    kind: str
    agency_id: str | None
    frame: bytes  # the whole SSE frame, encoded once for every stream


def encode_frame(seq: int, kind: str, payload: dict[str, Any]) -> bytes:
    data = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return f"id: {seq}\nevent: {kind}\ndata: {data}\n\n".encode()


def _event_from_row(row: Any) -> FeedEvent:
    payload = {
        "seq": row.seq, "kind": row.kind, "id": row.record_id, "action": row.action,
        "version": row.version, "at": row.at, "record": row.data,
    }
    agency = None if row.agency_id is None else str(row.agency_id)
    return FeedEvent(row.seq, row.kind, agency, encode_frame(row.seq, row.kind, payload))


def _rows_after(seq: int, limit: int = BATCH) -> list[FeedEvent]:
    rows = ChangeEvent.objects.filter(seq__gt=seq).order_by("seq")[:limit]
    return [_event_from_row(row) for row in rows]


def current_seq() -> int:
    row = ChangeEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    return int(row or 0)


# Database reads run on asgiref's shared sync thread, like every request: one connection.
rows_after = sync_to_async(_rows_after, thread_sensitive=True)
last_seq = sync_to_async(current_seq, thread_sensitive=True)


class Feed:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.head = 0
        self.ring: deque[FeedEvent] = deque(maxlen=RING_SIZE)
        self._wake = asyncio.Event()
        self._news = asyncio.Event()
        self._started = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._unsubscribe: Callable[[], None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._unsubscribe = bus.subscribe(self._on_commit)
            self._task = self.loop.create_task(self._pump())

    async def ready(self) -> None:
        self.start()
        await self._started.wait()

    def stop(self) -> None:
        if self._unsubscribe:
            self._unsubscribe()
        if self._task:
            self._task.cancel()

    def _on_commit(self, change: Change) -> None:
        # Called on whatever thread committed; the pump lives on the event loop.
        if not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self._wake.set)

    def wake(self) -> None:
        self._wake.set()

    async def _pump(self) -> None:
        self.head = await last_seq()
        self._started.set()
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)
            self._wake.clear()
            try:
                await self._catch_up()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database may be briefly unreachable; keep serving
                log.exception("live feed: reading changes failed")
                await asyncio.sleep(POLL_SECONDS)

    async def _catch_up(self) -> None:
        while True:
            events = await rows_after(self.head)
            if not events:
                return
            self.ring.extend(events)
            self.head = events[-1].seq
            news, self._news = self._news, asyncio.Event()
            news.set()
            if len(events) < BATCH:
                return

    def waiter(self) -> asyncio.Event:
        return self._news

    def after(self, seq: int) -> list[FeedEvent] | None:
        """Ring events after ``seq``, or None when the ring no longer reaches back that far."""
        if seq >= self.head:
            return []
        if not self.ring or self.ring[0].seq > seq + 1:
            return None
        # Sequences may skip (rolled-back inserts), so search rather than index.
        return [event for event in self.ring if event.seq > seq]


_feeds: dict[asyncio.AbstractEventLoop, Feed] = {}


def feed_for_loop() -> Feed:
    loop = asyncio.get_running_loop()
    feed = _feeds.get(loop)
    if feed is None:
        for old_loop in [old for old in _feeds if old.is_closed()]:
            _feeds.pop(old_loop).stop()
        feed = _feeds[loop] = Feed(loop)
    return feed


Allowed = Callable[[FeedEvent], bool]


async def stream_events(
    allowed: Allowed, after: int | None, still_allowed: Callable[[], Any] | None = None
) -> AsyncIterator[bytes]:
    """The SSE body for one client: events after ``after`` that ``allowed`` lets through.

    ``after`` None starts from now. ``still_allowed`` (an async callable) is asked again
    every KEEPALIVE_SECONDS, busy or quiet, so an expired or revoked credential, a
    deactivated account or a changed role stops receiving within that time.
    """
    feed = feed_for_loop()
    await feed.ready()
    loop = asyncio.get_running_loop()
    check_at = loop.time() + KEEPALIVE_SECONDS
    position = feed.head if after is None else after
    yield f"retry: 2000\n: from {position}\n\n".encode()
    while True:
        if still_allowed is not None and loop.time() >= check_at:
            if not await still_allowed():
                return
            check_at = loop.time() + KEEPALIVE_SECONDS
        waiter = feed.waiter()
        events = feed.after(position)
        if events is None:  # fell out of the ring: read the gap from the database
            if feed.head - position > MAX_BACKLOG:
                yield encode_frame(feed.head, "reset", {"seq": feed.head, "reason": "behind"})
                return
            events = await rows_after(position)
        if events:
            chunk = b"".join(event.frame for event in events if allowed(event))
            position = events[-1].seq
            if chunk:
                yield chunk
            continue
        try:
            await asyncio.wait_for(waiter.wait(), max(0.0, check_at - loop.time()))
        except TimeoutError:
            if still_allowed is None or await still_allowed():
                check_at = loop.time() + KEEPALIVE_SECONDS
                yield b": keep-alive\n\n"
            else:
                return
