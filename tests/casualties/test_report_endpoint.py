"""GET /reports/civilian-harm.pdf with records made through the API: the Arabic text a
reader extracts (pdftotext) names the period and the counted figures; a monitor's copy goes
into the ledger; refusals are clear and write nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from tests.casualties.conftest import World
from tests.pdftext import page_count, require_poppler, squash, text_of

from opsroom.audit.models import AuditEntry
from opsroom.casualties.models import LedgerEntry


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require_poppler()


def _period() -> dict[str, str]:
    return {"from": (date.today() - timedelta(days=20)).isoformat(),
            "to": date.today().isoformat()}


def _corroborated(world: World, **fields: Any) -> dict[str, Any]:
    event = world.event(**fields)
    world.source(event["id"])
    world.source(event["id"], kind="witness", reliability="C", credibility=3)
    reply = world.reviewer.post(f"harm-events/{event['id']}/reviews",
                                {"state": "corroborated", "reason": "two sources agree"})
    assert reply.status_code == 201
    return event


def test_the_arabic_report_reads_back_with_the_records_figures(world: World) -> None:
    _corroborated(world, killed={"min": 4, "max": 9, "best": 6})
    _corroborated(world, killed={"min": 1, "max": 2, "best": 1})
    world.event(killed={"min": 70, "max": 80, "best": 75})  # unverified: not counted
    reply = world.recorder.get("/reports/civilian-harm.pdf", **_period(), lang="ar")
    assert reply.status_code == 200, reply.content[:300]
    assert reply["Content-Type"] == "application/pdf"
    text = squash(text_of(reply.content))
    assert squash("ملخص الأضرار بين المدنيين") in text
    assert squash("بنغازي") in text
    assert _period()["from"] in text and _period()["to"] in text
    assert "5–11" in text  # killed, counted: 4+1 to 9+2
    assert "81–91" not in text  # the unverified event stays out of the total
    assert page_count(reply.content) >= 2
    assert AuditEntry.objects.filter(action="harm_report.read").count() == 1
    english = world.recorder.get("/reports/civilian-harm.pdf", **_period(), lang="en")
    assert "Civilian harm summary" in text_of(english.content)


def test_a_monitors_report_is_in_the_ledger(world: World) -> None:
    _corroborated(world)
    world.reviewer.post("harm-sharing", {"monitor": "unsmil", "starts_on": "2026-01-01"})
    reply = world.monitor.get("/reports/civilian-harm.pdf", **_period())
    assert reply.status_code == 200
    entry = LedgerEntry.objects.get(what="report.pdf")
    assert len(entry.event_ids) == 1 and entry.detail["lang"] == "ar"


def test_refusals_say_what_and_write_nothing(world: World, api_as: Any, client: Any) -> None:
    assert client.get("/reports/civilian-harm.pdf", _period()).status_code == 401
    dispatcher = api_as("dispatcher")
    assert dispatcher.get("/reports/civilian-harm.pdf", **_period()).status_code == 404
    bad = world.recorder.get("/reports/civilian-harm.pdf", **{**_period(), "lang": "fr"})
    assert bad.status_code == 422 and bad.json()["field"] == "lang"
    backwards = world.recorder.get("/reports/civilian-harm.pdf",
                                   **{"from": "2026-10-09", "to": "2026-10-01"})
    assert backwards.status_code == 422 and backwards.json()["field"] == "to"
    assert not AuditEntry.objects.filter(action="harm_report.read").exists()
