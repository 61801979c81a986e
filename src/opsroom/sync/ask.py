"""Asking another site, over NATS, for what it holds of this one: the copies of this site's
audit anchors (`opsroom audit verify --against SITE`). That site's sync agent answers
(opsroom.sync.agent); across a leaf link the question travels like any other message."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import nats
import nats.errors
from django.conf import settings

from opsroom.core.errors import OpsError


class SiteUnreachable(OpsError):
    status = 503


def anchors_subject(site: str) -> str:
    return f"opsroom.ask.{site}.anchors"


def ask_anchors(site: str, url: str | None = None, timeout: float = 10.0
                ) -> list[dict[str, Any]]:
    """The anchors of this site that ``site`` holds."""
    url = url or settings.NATS_URL
    if not url:
        raise SiteUnreachable("no NATS server: set OPSROOM_NATS_URL (docs/sync.md)",
                              field="against")
    question = json.dumps({"of": settings.SITE_CODE}).encode()

    async def ask() -> bytes:
        nc = await nats.connect(servers=[url], connect_timeout=3, allow_reconnect=False,
                                max_reconnect_attempts=0)
        try:
            return bytes((await nc.request(anchors_subject(site), question,
                                           timeout=timeout)).data)
        finally:
            await nc.close()

    try:
        answer = json.loads(asyncio.run(ask()))
    except (nats.errors.Error, OSError, TimeoutError) as error:
        raise SiteUnreachable(f"site {site} did not answer ({type(error).__name__}): is its "
                              "sync agent running and the link up?", field="against") from None
    if answer.get("site") != site or not isinstance(answer.get("anchors"), list):
        raise SiteUnreachable(f"site {site} answered something else", field="against")
    return list(answer["anchors"])
