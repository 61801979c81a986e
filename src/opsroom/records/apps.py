from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from opsroom.accounts.access import agency_stream_rule
from opsroom.accounts.roles import Cap
from opsroom.core.replication import ReplicatedKind, register_announcer, register_kinds
from opsroom.core.retention import RetentionRule, register_retention
from opsroom.core.streams import register_stream_rule


def _owned(*fields: str) -> Any:
    def audience(row: Any) -> list[str] | None:
        return list(dict.fromkeys(str(getattr(row, f)) for f in fields if getattr(row, f)))

    return audience


def _of_parent(parent: str, *fields: str) -> Any:
    def audience(row: Any) -> list[str] | None:
        owner = getattr(row, parent)
        return list(dict.fromkeys(str(getattr(owner, f)) for f in fields if getattr(owner, f)))

    return audience


def _itself(kind: str) -> Any:
    """A remote change of this table is about the row itself (its announcer tells the
    consoles and the name indexes)."""
    def about(fields: dict[str, Any], record_id: str) -> tuple[str, str]:
        return kind, record_id

    return about


# Sites that keep person records and what hangs on them: every role but the field post (a
# checkpoint or a patrol's post keeps the wanted list only).
KEEPS_RECORDS = frozenset({"hub", "directorate", "station"})


class RecordsConfig(AppConfig):
    name = "opsroom.records"
    label = "records"
    verbose_name = _("Records")

    def ready(self) -> None:
        # Django imports every apps.py before any model; ready() is where models may load.
        from opsroom.records import access, actions, offences

        unknown = set(settings.STATE_SECURITY_OFFENCES) - set(offences.BY_CODE)
        if unknown:
            raise ImproperlyConfigured(
                f"OPSROOM_STATE_SECURITY_OFFENCES names unknown offences: {sorted(unknown)}; "
                f"the codes are {', '.join(offences.BY_CODE)}")

        def shared(name: str, label: str, announce: Any = None) -> ReplicatedKind:
            return ReplicatedKind(name, label, access.records_agency_ids,
                                  agency_kinds=access.RECORDS_AGENCY_KINDS,
                                  site_roles=KEEPS_RECORDS, announce=announce)

        register_kinds([
            shared("person", "records.Person", announce=_itself("person")),
            shared("person_document", "records.PersonDocument"),
            shared("record_event", "records.RecordEvent"),
            shared("person_merge", "records.PersonMerge"),
            shared("capacity", "records.JudicialCapacity"),
            shared("warrant", "records.Warrant"),
            # The minimal wanted list reaches every police and judicial site, field posts
            # included: a post cut off can still check.
            ReplicatedKind("wanted_entry", "records.WantedEntry", access.records_agency_ids,
                           agency_kinds=access.RECORDS_AGENCY_KINDS,
                           announce=_itself("wanted_entry")),
            ReplicatedKind("arrest", "records.Arrest",
                           _owned("holding_agency_id", "prosecution_id"),
                           scope="holding_agency_id", also=("prosecution_id",),
                           site_roles=KEEPS_RECORDS, announce=_itself("arrest")),
            ReplicatedKind("custody_alarm", "records.CustodyAlarm",
                           _of_parent("arrest", "holding_agency_id", "prosecution_id"),
                           scope="arrest__holding_agency_id", also=("arrest__prosecution_id",),
                           site_roles=KEEPS_RECORDS, announce=_itself("custody_alarm")),
            ReplicatedKind("search", "records.Search", _owned("holding_agency_id"),
                           scope="holding_agency_id", site_roles=KEEPS_RECORDS),
            ReplicatedKind("search_item", "records.SearchItem",
                           _of_parent("search", "holding_agency_id"),
                           scope="search__holding_agency_id", site_roles=KEEPS_RECORDS),
            ReplicatedKind("referral", "records.Referral",
                           _owned("from_agency_id", "prosecution_id"),
                           scope="from_agency_id", also=("prosecution_id",),
                           site_roles=KEEPS_RECORDS, announce=_itself("referral")),
            ReplicatedKind("sentence", "records.Sentence",
                           _owned("executing_agency_id", "court_id"),
                           scope="executing_agency_id", also=("court_id",),
                           site_roles=KEEPS_RECORDS, announce=_itself("sentence")),
            ReplicatedKind("sentence_event", "records.SentenceEvent",
                           _of_parent("sentence", "executing_agency_id", "court_id"),
                           scope="sentence__executing_agency_id", also=("sentence__court_id",),
                           site_roles=KEEPS_RECORDS),
        ])
        register_retention(RetentionRule("wanted_ended", 30, actions.do_blank_ended_wanted))
        # Persons changed at another site: the search index follows their change rows.
        register_announcer("person", actions.announce_synced_persons)
        register_announcer("wanted_entry", actions.announce_synced_wanted)
        for kind in ("arrest", "custody_alarm", "referral", "sentence"):
            register_announcer(kind, actions.announce_synced(kind))
        for kind in ("person", "warrant"):
            register_stream_rule(kind, agency_stream_rule(Cap.PERSON_READ, shared=True))
        for kind in ("arrest", "custody_alarm", "search", "referral", "sentence"):
            register_stream_rule(kind, agency_stream_rule(Cap.RECORDS_READ))
