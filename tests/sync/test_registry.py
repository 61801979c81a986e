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
    }
    # Need to know: what an agency owns carries its scope; reference data goes everywhere.
    scoped = {k.name for k in registry.kinds() if k.scope}
    assert scoped == {"incident", "incident_event", "assignment", "unit_event", "arrest",
                      "custody_alarm", "search", "search_item", "referral", "sentence",
                      "sentence_event", "handover", "item", "custody_event", "item_photo",
                      "operation", "operation_target", "seizure"}
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
    # ... and of the campaigns, only the serial registry (a serial is checked anywhere).
    assert at_field_posts == {"incident", "incident_event", "assignment", "unit_event",
                              "wanted_entry", "serial_mark"}
