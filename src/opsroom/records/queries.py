"""Reads of the records app, always through its access functions. Reading a person's
record, searching by name and checking the wanted list are audited with their purpose."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from opsroom.accounts.models import User
from opsroom.audit.actions import do_audit
from opsroom.core.clock import now
from opsroom.core.errors import InvalidInput
from opsroom.records import names
from opsroom.records.access import (
    require_wanted_check,
    visible_alarms,
    visible_arrests,
    visible_persons,
    visible_referrals,
    visible_sentences,
)
from opsroom.records.actions import check_national_number
from opsroom.records.law import referral_limit, sentence_limit
from opsroom.records.models import (
    Arrest,
    ArrestStatus,
    CustodyAlarm,
    Person,
    PersonStatus,
    Referral,
    ReferralStatus,
    Sentence,
    SentenceStatus,
    WantedEntry,
)
from opsroom.records.search import Hit, search_persons, search_wanted

MIN_PURPOSE = 3


def need_purpose(purpose: str) -> str:
    purpose = purpose.strip()
    if len(purpose) < MIN_PURPOSE:
        raise InvalidInput("say why you need this record", field="purpose")
    return purpose


def find_persons(user: User, query: str, purpose: str, limit: int = 10) -> list[Hit]:
    """Persons a name (or a national number) may mean, audited with the purpose."""
    visible_persons(user)
    purpose = need_purpose(purpose)
    query = query.strip()
    if query.isdigit():
        number = check_national_number(query, field="q")
        hits = [Hit(p, 100.0, "national number matches") for p in Person.objects.filter(
            national_number=number, status=PersonStatus.ACTIVE)]
    else:
        if not names.tokens(query):
            raise InvalidInput("a name, in Arabic or Latin letters", field="q")
        hits = search_persons(query, limit)
    do_audit(user, "person.search", "person", "", purpose=purpose,
             detail={"results": len(hits)})
    return hits


def read_person(user: User, person: Person, purpose: str) -> Person:
    """A person's full record: the read is audited with its purpose."""
    purpose = need_purpose(purpose)
    do_audit(user, "person.read", "person", person.id, purpose=purpose)
    return person


def resolve(person: Person) -> Person:
    """A merged record resolves to the one it was merged into."""
    seen = set()
    while person.merged_into_id is not None and person.id not in seen:
        seen.add(person.id)
        person = Person.objects.get(id=person.merged_into_id)
    return person


def family_of_ids(person: Person) -> list[Any]:
    """The person's id and those of the records merged into it (their histories stay
    theirs and show together)."""
    ids = [person.id]
    frontier = [person.id]
    while frontier:
        children = list(Person.objects.filter(merged_into_id__in=frontier).values_list(
            "id", flat=True))
        ids += children
        frontier = children
    return ids


def possible_duplicates(user: User, limit: int = 50) -> list[tuple[Person, Person, float, str]]:
    """Pairs of active records that may be one person: the same national number, or a
    close name with the same birth year or mother's name. For a records officer, who
    decides (and may merge)."""
    persons = visible_persons(user).filter(status=PersonStatus.ACTIVE)
    pairs: list[tuple[Person, Person, float, str]] = []
    seen: set[tuple[Any, Any]] = set()
    numbered = persons.exclude(national_number="").order_by("national_number", "created_at")
    previous: Person | None = None
    for person in numbered:
        if previous is not None and previous.national_number == person.national_number:
            pairs.append((previous, person, 100.0, gettext("same national number")))
            seen.add((previous.id, person.id))
        previous = person
    for person in persons.order_by("-created_at")[:500]:
        for hit in search_persons(person.full_name, limit=5, min_score=85):
            other = hit.person
            if other.id == person.id or (other.id, person.id) in seen \
                    or (person.id, other.id) in seen:
                continue
            same_year = person.birth_year and person.birth_year == other.birth_year
            same_mother = person.mother_name and names.compare(
                person.mother_name, [names.NamePart("mother", tuple(names.tokens(
                    other.mother_name)))]).score >= 85
            if same_year or same_mother or hit.score >= 97:
                why = gettext("; ").join([hit.reason] + (
                    [gettext("same birth year")] if same_year else []) + (
                    [gettext("same mother's name")] if same_mother else []))
                pairs.append((other, person, hit.score, why))
                seen.add((other.id, person.id))
        if len(pairs) >= limit:
            break
    # A list of names that may be one person is a read of those records: audited.
    do_audit(user, "person.duplicates", "person", "", purpose="possible duplicates",
             detail={"pairs": len(pairs[:limit])})
    return pairs[:limit]


def in_custody(user: User) -> QuerySet[Arrest]:
    """Everyone the user's agency (or, for a prosecution, the office receiving them) holds
    now, the soonest limit first."""
    return visible_arrests(user).filter(
        status__in=(ArrestStatus.IN_CUSTODY, ArrestStatus.HANDED_OVER)).order_by("limit_at")


def open_alarms(user: User) -> QuerySet[CustodyAlarm]:
    return visible_alarms(user).filter(acknowledged_at__isnull=True,
                                       arrest__status__in=(ArrestStatus.IN_CUSTODY,
                                                           ArrestStatus.HANDED_OVER)
                                       ).order_by("-raised_at")


def referral_list(user: User, overdue_only: bool = False) -> QuerySet[Referral]:
    found = visible_referrals(user)
    if overdue_only:
        found = found.filter(status=ReferralStatus.SENT,
                             referred_at__lt=now() - referral_limit().duration)
    return found.order_by("-referred_at")


def sentence_queue(user: User, overdue_only: bool = False) -> QuerySet[Sentence]:
    open_ = visible_sentences(user).filter(status__in=(
        SentenceStatus.RECEIVED, SentenceStatus.ASSIGNED, SentenceStatus.LOCATED))
    if overdue_only:
        open_ = open_.filter(received_at__lt=now() - sentence_limit().duration)
    return open_.order_by("received_at")


def check_wanted(user: User, purpose: str, query: str = "", national_number: str = ""
                 ) -> list[tuple[WantedEntry, float]]:
    """The minimal answer: is this person wanted (by an active arrest warrant)? Each check
    is audited with its purpose. Answered from the wanted list every site holds, so a post
    cut off from the network can still check."""
    require_wanted_check(user)
    purpose = need_purpose(purpose)
    active = WantedEntry.objects.filter(active=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=now()))
    found: list[tuple[WantedEntry, float]] = []
    if national_number:
        number = check_national_number(national_number)
        found = [(entry, 100.0) for entry in active.filter(national_number=number)]
    elif query.strip():
        if len(names.tokens(query)) < 2:
            # One name alone (محمد) would make half the city "possibly wanted".
            raise InvalidInput("at least two names: the first and the family name",
                               field="q")
        found = [(hit.person, hit.score) for hit in search_wanted(query, limit=5)]
    else:
        raise InvalidInput("a name or a national number", field="q")
    do_audit(user, "wanted.check", "wanted", "", purpose=purpose,
             detail={"wanted": bool(found), "by": "national_number" if national_number
                     else "name"})
    return found[:5]
