"""Records as API dictionaries, shared by the API, the live stream and the console."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from opsroom.core.clock import now
from opsroom.records import law
from opsroom.records.models import (
    RIGHTS,
    Arrest,
    ArrestStatus,
    CustodyAlarm,
    Person,
    Referral,
    Search,
    Sentence,
    WantedEntry,
    Warrant,
)

CLOCK_RUNNING = (ArrestStatus.IN_CUSTODY, ArrestStatus.HANDED_OVER)


def person_dict(person: Person) -> dict[str, Any]:
    return {
        "id": person.id, "first_name": person.first_name, "father_name": person.father_name,
        "grandfather_name": person.grandfather_name, "family_name": person.family_name,
        "full_name": person.full_name, "mother_name": person.mother_name,
        "latin_name": person.latin_name, "aliases": person.aliases, "sex": person.sex,
        "birth_date": person.birth_date, "birth_year": person.birth_year,
        "national_number": person.national_number, "notes": person.notes,
        "status": person.status, "merged_into": person.merged_into_id,
        "synthetic": person.synthetic, "version": person.version,
        "documents": [
            {"id": d.id, "kind": d.kind, "number": d.number, "issued_by": d.issued_by,
             "valid_until": d.valid_until} for d in person.documents.all()],
    }


def warrant_dict(warrant: Warrant) -> dict[str, Any]:
    return {
        "id": warrant.id, "kind": warrant.kind, "reference": warrant.reference,
        "issuing_agency": warrant.issuing_agency.code, "person_id": warrant.person_id,
        "place": warrant.place, "offences": warrant.offences, "caution": warrant.caution,
        "issued_at": warrant.issued_at, "valid_until": warrant.valid_until,
        "status": warrant.status, "withdrawn_reason": warrant.withdrawn_reason,
        "version": warrant.version,
    }


def custody_clock(arrest: Arrest, moment: datetime | None = None) -> dict[str, Any]:
    """The custody clock: its limit, its legal source, and how much of it has run."""
    moment = moment or now()
    limit = law.custody_limit(arrest.custody_class)
    running = arrest.status in CLOCK_RUNNING
    total = (arrest.limit_at - arrest.arrested_at).total_seconds()
    elapsed = (moment - arrest.arrested_at).total_seconds()
    return {
        "offence_class": arrest.custody_class, "limit_at": arrest.limit_at,
        "limit_hours": limit.hours,
        "source": limit.source, "verified": limit.verified, "running": running,
        "remaining_s": round((arrest.limit_at - moment).total_seconds()) if running else None,
        "fraction": round(elapsed / total, 3) if running and total > 0 else None,
    }


def arrest_dict(arrest: Arrest) -> dict[str, Any]:
    return {
        "id": arrest.id, "person_id": arrest.person_id, "person": arrest.person.full_name,
        "arrested_at": arrest.arrested_at, "place": arrest.place,
        "unit": arrest.unit.call_sign if arrest.unit else None,
        "officer": arrest.officer.username, "holding_agency": arrest.holding_agency.code,
        "basis": arrest.basis, "warrant_id": arrest.warrant_id,
        "justification": arrest.justification, "offences": arrest.offences,
        "status": arrest.status,
        "prosecution": arrest.prosecution.code if arrest.prosecution else None,
        "handed_over_at": arrest.handed_over_at, "acknowledged_at": arrest.acknowledged_at,
        "released_at": arrest.released_at, "release_reason": arrest.release_reason,
        "rights": {step: getattr(arrest, f"{step}_at") for step in RIGHTS},
        "custody": custody_clock(arrest), "version": arrest.version,
    }


def alarm_dict(alarm: CustodyAlarm) -> dict[str, Any]:
    arrest = alarm.arrest
    return {
        "id": alarm.id, "arrest_id": arrest.id, "person": arrest.person.full_name,
        "step": alarm.step, "raised_at": alarm.raised_at, "limit_at": arrest.limit_at,
        "acknowledged_at": alarm.acknowledged_at,
    }


def search_dict(search: Search) -> dict[str, Any]:
    return {
        "id": search.id, "place": search.place, "started_at": search.started_at,
        "ended_at": search.ended_at, "officer": search.officer.username,
        "present": search.present, "holding_agency": search.holding_agency.code,
        "basis": search.basis, "warrant_id": search.warrant_id,
        "consent_by": search.consent_by, "justification": search.justification,
        "person_id": search.person_id,
        "items": [{"id": i.id, "category": i.category, "description": i.description,
                   "quantity": i.quantity, "seized": i.seized} for i in search.items.all()],
    }


def referral_dict(referral: Referral) -> dict[str, Any]:
    limit = law.referral_limit()
    overdue = (referral.status == "sent"
               and (now() - referral.referred_at).total_seconds() > limit.hours * 3600)
    return {
        "id": referral.id, "person_id": referral.person_id, "person": referral.person.full_name,
        "from_agency": referral.from_agency.code, "prosecution": referral.prosecution.code,
        "offences": referral.offences, "arrest_ids": referral.arrest_ids,
        "item_ids": referral.item_ids, "summary": referral.summary,
        "referred_at": referral.referred_at, "status": referral.status,
        "acknowledged_at": referral.acknowledged_at, "overdue": overdue,
    }


def sentence_dict(sentence: Sentence) -> dict[str, Any]:
    limit = law.sentence_limit()
    open_ = sentence.status in ("received", "assigned", "located")
    return {
        "id": sentence.id, "court": sentence.court.code,
        "executing_agency": sentence.executing_agency.code,
        "case_number": sentence.case_number, "judgment_date": sentence.judgment_date,
        "person_id": sentence.person_id, "person": sentence.person.full_name,
        "kind": sentence.kind, "term_days": sentence.term_days,
        "fine_lyd": None if sentence.fine_lyd is None else str(sentence.fine_lyd),
        "measure": sentence.measure, "status": sentence.status,
        "received_at": sentence.received_at,
        "unit": sentence.unit.call_sign if sentence.unit else None,
        "outcome": sentence.outcome, "closed_at": sentence.closed_at,
        "overdue": open_ and (now() - sentence.received_at).total_seconds()
        > limit.hours * 3600,
    }


def wanted_answer(entry: WantedEntry, score: float) -> dict[str, Any]:
    """What a field unit or a dispatcher is told: wanted or not, and nothing of the
    record beyond the warrant's reference and its caution."""
    return {"reference": entry.reference, "issuing_agency": entry.issuing_agency_code,
            "caution": entry.caution, "valid_until": entry.valid_until,
            "match": "strong" if score >= 85 else "possible", "score": score}
