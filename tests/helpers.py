"""Guards for hot paths, in the manner of Zulip's test helpers: how many SQL statements a
request runs, and which live events an action emits. The expected numbers are written in
the tests, so a regression fails with the statements listed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from opsroom.core.bus import Change, bus
from opsroom.core.models import ChangeEvent


@contextmanager
def assert_query_count(expected: int | dict[str, int]) -> Iterator[None]:
    """The block runs exactly ``expected`` statements (per database vendor when a dict:
    PostgreSQL takes an advisory lock and savepoints where SQLite needs none)."""
    want = expected[connection.vendor] if isinstance(expected, dict) else expected
    with CaptureQueriesContext(connection) as captured:
        yield
    got = len(captured.captured_queries)
    listing = "\n".join(f"  {i + 1}. {q['sql'][:200]}"
                        for i, q in enumerate(captured.captured_queries))
    assert got == want, f"{got} queries, expected {want}:\n{listing}"


@contextmanager
def capture_events() -> Iterator[list[tuple[str, str, str]]]:
    """The live events the block emits, as (kind, action, record id): the change rows it
    wrote, each of which must also reach this process's subscribers once the transaction
    commits (commit callbacks run at the end of the block, as a real commit would)."""
    start = ChangeEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    published: list[Change] = []
    unsubscribe = bus.subscribe(published.append)
    events: list[tuple[str, str, str]] = []
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            yield events
            assert published == [], "an event was published before its change committed"
    finally:
        unsubscribe()
    rows = ChangeEvent.objects.filter(seq__gt=start).order_by("seq")
    events.extend((row.kind, row.action, row.record_id) for row in rows)
    sent = [(c.kind, c.action, c.id) for c in published]
    assert sent == events, f"written {events}, published {sent}"


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """The same algorithm as production's (hashes still read "argon2"), at parameters cheap
    enough that a suite creating hundreds of users does not spend minutes hashing: a test
    proves who may do what, not how hard a password is to crack."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1
