"""Sync learns the replicated tables from the apps' registrations and applies them parents
first, whatever order the apps registered them in."""

from __future__ import annotations

from opsroom.core.replication import registered_kinds
from opsroom.sync import registry


def test_every_replicated_table_comes_after_the_tables_it_points_to() -> None:
    order = [kind.name for kind in registry.kinds()]
    assert sorted(order) == sorted(k.name for k in registered_kinds())
    position = {name: i for i, name in enumerate(order)}
    for kind in registry.kinds():
        for f in registry.fields_of(kind):
            parent = registry.kind_of(f.related_model) if f.many_to_one else None
            if parent is not None and parent is not kind:
                assert position[parent.name] < position[kind.name], (
                    f"{kind.name}.{f.name} points to {parent.name}, applied later")


def test_the_domains_tables_are_the_ones_the_apps_registered() -> None:
    assert {k.name: k.model_label for k in registry.kinds()} == {
        "audit_anchor": "audit.AuditAnchor", "agency": "accounts.Agency",
        "user": "accounts.User", "closure": "roads.RoadClosure",
        "incident": "incidents.Incident", "incident_event": "incidents.IncidentEvent",
        "unit": "dispatch.Unit", "assignment": "dispatch.Assignment",
        "unit_event": "dispatch.UnitEvent",
        "person": "records.Person", "person_document": "records.PersonDocument",
        "record_event": "records.RecordEvent", "person_merge": "records.PersonMerge",
        "capacity": "records.JudicialCapacity", "warrant": "records.Warrant",
        "wanted_entry": "records.WantedEntry", "arrest": "records.Arrest",
        "custody_alarm": "records.CustodyAlarm", "search": "records.Search",
        "search_item": "records.SearchItem", "referral": "records.Referral",
        "sentence": "records.Sentence", "sentence_event": "records.SentenceEvent",
        "campaign": "campaigns.Campaign", "collection_point": "campaigns.CollectionPoint",
        "tally": "campaigns.Tally", "receipt_counter": "campaigns.ReceiptCounter",
        "serial_mark": "campaigns.SerialMark", "course": "campaigns.Course",
        "course_session": "campaigns.CourseSession", "attendance": "campaigns.Attendance",
        "handover": "campaigns.Handover", "item": "campaigns.Item",
        "custody_event": "campaigns.CustodyEvent", "item_photo": "campaigns.ItemPhoto",
        "operation": "campaigns.Operation", "operation_target": "campaigns.OperationTarget",
        "seizure": "campaigns.Seizure",
        "harm_event": "casualties.HarmEvent", "harm_source": "casualties.Source",
        "harm_victim": "casualties.Victim", "harm_review": "casualties.Review",
        "harm_agreement": "casualties.SharingAgreement",
        "harm_ledger": "casualties.LedgerEntry", "outage": "casualties.Outage",
    }
    # Need to know: what an agency owns carries its scope; reference data goes everywhere.
    scoped = {k.name for k in registry.kinds() if k.scope}
    assert scoped == {"incident", "incident_event", "assignment", "unit_event", "arrest",
                      "custody_alarm", "search", "search_item", "referral", "sentence",
                      "sentence_event", "handover", "item", "custody_event", "item_photo",
                      "operation", "operation_target", "seizure",
                      # civilian harm: the recording agency's (casualties/apps.py), an
                      # agreement the granting agency's, the ledger the monitor's
                      "harm_event", "harm_source", "harm_victim", "harm_review",
                      "harm_agreement", "harm_ledger"}
    # The shared registry of persons and warrants reaches the records and judicial
    # agencies only; the wanted list every police and judicial site, field posts included;
    # nothing of a person's record reaches a field post.
    registry_kinds = {k.name for k in registry.kinds() if k.agency_kinds is not None}
    assert registry_kinds == {"person", "person_document", "record_event", "person_merge",
                              "capacity", "warrant", "wanted_entry",
                              # the campaigns' shared tables (campaigns/apps.py)
                              "campaign", "collection_point", "tally", "receipt_counter",
                              "serial_mark", "course", "course_session", "attendance"}
    at_field_posts = {k.name for k in registry.kinds() if k.name in registry_kinds | scoped
                      and (k.site_roles is None or "field_post" in k.site_roles)}
    # ... and of the campaigns, only the serial registry (a serial is checked anywhere);
    # civilian harm reaches its own agency's posts (an event recorded at a cut-off post is
    # kept there until the link returns).
    assert at_field_posts == {"incident", "incident_event", "assignment", "unit_event",
                              "wanted_entry", "serial_mark", "harm_event", "harm_source",
                              "harm_victim", "harm_review", "harm_agreement", "harm_ledger"}


def test_civilian_harm_applies_events_before_what_hangs_on_them() -> None:
    """An event before its sources, victims and reviews (a victim names the source of its
    attribution), an agreement before the ledger that cites it; the outage log belongs to
    no agency and reaches every site; a review's lock never leaves its site."""
    order = [kind.name for kind in registry.kinds()]
    harm = [name for name in order if name.startswith("harm_") or name == "outage"]
    position = {name: i for i, name in enumerate(harm)}
    assert position["harm_event"] < position["harm_source"] < position["harm_victim"]
    assert position["harm_event"] < position["harm_review"]
    assert position["harm_agreement"] < position["harm_ledger"]
    # After the agencies and users they point to.
    assert order.index("user") < order.index("harm_event")
    assert order.index("user") < order.index("outage")
    kinds = registry.by_name()
    assert kinds["outage"].scope is None and kinds["outage"].site_roles is None
    assert kinds["harm_event"].local_fields == {"locked_by", "locked_until"}
    assert {f.name for f in registry.fields_of(kinds["harm_event"])} & {
        "locked_by", "locked_until"} == set()
    assert {k for k in kinds if kinds[k].append_only} >= {"harm_source", "harm_review",
                                                          "harm_ledger"}
