"""Weapons found in a home search and not handed over: one action refers the case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from opsroom.core.clock import now
from opsroom.records.actions import do_grant_capacity, do_record_search
from opsroom.records.models import Referral


def test_a_refusal_is_referred_with_the_search_and_its_weapons(
        world: Any, prosecution: Any, make_user: Any, settings: Any) -> None:
    judge = make_user("judicial", prosecution)
    officer = make_user("records")
    do_grant_capacity(judge, officer, now() + timedelta(days=30), now() - timedelta(days=1))
    search = do_record_search(
        world.records.user, place="منزل في حي السلماني", started_at=now() - timedelta(hours=2),
        officer=officer, basis="consent", consent_by="صاحب المنزل", consent_signed=True,
        justification="written consent of the occupant, signed before the search",
        person=world.person,
        items=[{"category": "weapon", "description": "بندقية كلاشنكوف", "quantity": 2},
               {"category": "drugs", "description": "حشيش", "quantity": 1}])
    none = world.records.post(f"searches/{search.id}/refusal", {})
    assert none.status_code == 422 and none.json()["field"] == "prosecution"
    settings.REFUSAL_PROSECUTION = prosecution.code
    reply = world.records.post(f"searches/{search.id}/refusal", {"summary": "رفض التسليم"})
    assert reply.status_code == 201, reply.content
    referral = Referral.objects.get(id=reply.json()["referral_id"])
    assert referral.prosecution == prosecution and referral.person == world.person
    assert "refusing_weapons_handover" in referral.offences
    assert reply.json()["items"] == 1  # the weapons, not the drugs
    assert str(search.id) in referral.summary
    # The weapons say which referral they went with; the drugs stay where they were.
    linked = {i.category: (i.linked_kind, i.linked_id) for i in search.items.all()}
    assert linked == {"weapon": ("referral", str(referral.id)), "drugs": ("", "")}
