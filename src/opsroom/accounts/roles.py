"""Roles and what each may do. The access functions read this table; nothing else should.

A capability missing from a role's set means the role may not do it anywhere (403). Which
records a permitted user reaches is decided by agency ownership, in each domain's own
access.py (built on opsroom.accounts.access).
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from opsroom.audit.access import AUDIT_READ as _AUDIT_READ


class Role(models.TextChoices):
    CALLTAKER = "calltaker", _("Call-taker")
    DISPATCHER = "dispatcher", _("Dispatcher")
    SUPERVISOR = "supervisor", _("Supervisor")
    FIELD_UNIT = "field_unit", _("Field unit")
    RECORDS = "records", _("Records officer")
    JUDICIAL = "judicial", _("Judicial liaison / prosecutor")
    ANALYST = "analyst", _("Analyst")
    PROTECTION = "protection", _("Protection officer")
    # A user of a monitoring body (an agency of kind "monitor", such as a UN mission): reads
    # only what a sharing agreement gives it, and every read is in the ledger.
    MONITOR = "monitor", _("Monitor")
    INSPECTOR = "inspector", _("Inspector")
    ADMIN = "admin", _("Administrator")


class Cap(StrEnum):
    INCIDENT_READ = "incident.read"
    INCIDENT_CREATE = "incident.create"
    INCIDENT_UPDATE = "incident.update"  # edit fields, change status, merge
    INCIDENT_NOTE = "incident.note"  # on any incident of the agency
    # On an incident the user's own unit is or was sent to (a field unit's report).
    INCIDENT_NOTE_ASSIGNED = "incident.note.assigned"
    CALLER_READ = "caller.read"  # sensitive: every read is audited
    UNIT_READ = "unit.read"
    UNIT_UPDATE = "unit.update"  # status and position of any unit of the agency
    UNIT_SELF_UPDATE = "unit.self_update"  # a field unit's own status and position
    DISPATCH = "dispatch"  # recommendations, assign, release
    READ_ALL_AGENCIES = "read.all_agencies"  # the inspector's oversight
    AUDIT_READ = _AUDIT_READ  # access reports: who saw or changed what (itself audited)
    SITES_READ = "sites.read"  # the state of sync between sites: who is cut off
    # Settle the changes a partition left refused (a call sign made at two cut-off sites).
    SITES_SETTLE = "sites.settle"
    # Records and the judicial chain (opsroom.records).
    PERSON_READ = "person.read"  # a person's record: every read audited with its purpose
    PERSON_WRITE = "person.write"  # create, correct, merge persons
    RECORDS_READ = "records.read"  # arrests, custody, searches, referrals, sentences
    ARREST_WRITE = "arrest.write"  # arrests, rights, hand-over and release; home searches
    REFERRAL_WRITE = "referral.write"
    SENTENCE_UPDATE = "sentence.update"  # the police's steps in carrying out a sentence
    WARRANT_ISSUE = "warrant.issue"  # issue and withdraw warrants (issuing agency only)
    CAPACITY_GRANT = "capacity.grant"  # grant judicial police officer capacity
    JUDICIAL_ACK = "judicial.acknowledge"  # receive arrested persons and referrals
    SENTENCE_ISSUE = "sentence.issue"  # a court sends a sentence, or suspends it
    ALARM_ACK = "custody.alarm.ack"  # acknowledge a custody alarm
    WANTED_CHECK = "wanted.check"  # is this person wanted? (the minimal answer)
    # Campaigns (opsroom.campaigns).
    CAMPAIGN_READ = "campaign.read"  # campaigns, their progress, handovers and items
    CAMPAIGN_MANAGE = "campaign.manage"  # campaigns, collection points, operations, courses
    HANDOVER_WRITE = "handover.write"  # handovers, items' custody and photos
    RECEIPT_VERIFY = "receipt.verify"  # is this receipt genuine?
    OPERATION_READ = "operation.read"  # raids: planned ones only by those named on them
    TRAINING_READ = "training.read"  # courses and officers' training records
    # Civilian harm (opsroom.casualties).
    HARM_READ = "harm.read"  # harm events, victims, sources, reviews: 404 without it
    HARM_WRITE = "harm.write"  # record events, victims and sources
    HARM_REVIEW = "harm.review"  # review another officer's event; sharing agreements
    HARM_SHARED = "harm.shared"  # a monitor's read of what an agreement shares
    OUTAGE_READ = "outage.read"  # the telecommunications outage log and its map layer
    OUTAGE_WRITE = "outage.write"  # record, confirm and end outages
    # Statistics of places and periods (opsroom.stats): CompStat, response times, hotspots,
    # and the weekly reports; STATS_REPORT also makes a report now.
    STATS_READ = "stats.read"
    STATS_REPORT = "stats.report"


_OPERATIONS = {Cap.INCIDENT_READ, Cap.UNIT_READ}
_RECORDS = {Cap.PERSON_READ, Cap.PERSON_WRITE, Cap.RECORDS_READ, Cap.ARREST_WRITE,
            Cap.REFERRAL_WRITE, Cap.SENTENCE_UPDATE, Cap.WANTED_CHECK, Cap.CAMPAIGN_READ,
            Cap.HANDOVER_WRITE, Cap.RECEIPT_VERIFY, Cap.OPERATION_READ, Cap.TRAINING_READ}
_JUDICIAL = {Cap.PERSON_READ, Cap.RECORDS_READ, Cap.WARRANT_ISSUE, Cap.CAPACITY_GRANT,
             Cap.JUDICIAL_ACK, Cap.SENTENCE_ISSUE, Cap.ALARM_ACK, Cap.WANTED_CHECK,
             Cap.RECEIPT_VERIFY, Cap.TRAINING_READ}

ROLE_CAPS: dict[str, frozenset[Cap]] = {
    Role.CALLTAKER: frozenset(
        _OPERATIONS | {Cap.INCIDENT_CREATE, Cap.INCIDENT_NOTE, Cap.CALLER_READ}
    ),
    Role.DISPATCHER: frozenset(
        _OPERATIONS
        | {Cap.INCIDENT_CREATE, Cap.INCIDENT_UPDATE, Cap.INCIDENT_NOTE, Cap.CALLER_READ,
           Cap.UNIT_UPDATE, Cap.DISPATCH, Cap.SITES_READ, Cap.WANTED_CHECK,
           Cap.RECEIPT_VERIFY, Cap.OPERATION_READ, Cap.OUTAGE_READ}
    ),
    # A supervisor also watches the custody board and the sentence queue, and answers
    # their alarms.
    Role.SUPERVISOR: frozenset(
        _OPERATIONS
        | {Cap.INCIDENT_CREATE, Cap.INCIDENT_UPDATE, Cap.INCIDENT_NOTE, Cap.CALLER_READ,
           Cap.UNIT_UPDATE, Cap.DISPATCH, Cap.SITES_READ, Cap.WANTED_CHECK,
           Cap.RECORDS_READ, Cap.ALARM_ACK, Cap.CAMPAIGN_READ, Cap.CAMPAIGN_MANAGE,
           Cap.RECEIPT_VERIFY, Cap.OPERATION_READ, Cap.TRAINING_READ, Cap.OUTAGE_READ,
           Cap.OUTAGE_WRITE, Cap.STATS_READ, Cap.STATS_REPORT, Cap.SITES_SETTLE}
    ),
    # A field unit sees its agency's board and reports on the incidents it is sent to; it
    # moves only itself.
    Role.FIELD_UNIT: frozenset(
        _OPERATIONS | {Cap.INCIDENT_NOTE_ASSIGNED, Cap.UNIT_SELF_UPDATE, Cap.WANTED_CHECK,
                       Cap.RECEIPT_VERIFY, Cap.OPERATION_READ}),
    Role.RECORDS: frozenset({Cap.INCIDENT_READ, Cap.UNIT_READ} | _RECORDS),
    # Prosecutors and judges: warrants, capacities, receiving persons and referrals, courts'
    # sentences.
    Role.JUDICIAL: frozenset(_JUDICIAL),
    # Analysts study places and periods; they never see who called.
    Role.ANALYST: frozenset({Cap.INCIDENT_READ, Cap.UNIT_READ, Cap.CAMPAIGN_READ,
                             Cap.OUTAGE_READ, Cap.STATS_READ, Cap.STATS_REPORT}),
    # Protection officers record civilian harm and review each other's events (never
    # their own: opsroom.casualties.actions), and keep the outage log.
    Role.PROTECTION: frozenset({Cap.INCIDENT_READ, Cap.HARM_READ, Cap.HARM_WRITE,
                                Cap.HARM_REVIEW, Cap.OUTAGE_READ, Cap.OUTAGE_WRITE}),
    Role.MONITOR: frozenset({Cap.HARM_SHARED, Cap.OUTAGE_READ}),
    Role.INSPECTOR: frozenset(
        _OPERATIONS | {Cap.CALLER_READ, Cap.READ_ALL_AGENCIES, Cap.AUDIT_READ, Cap.SITES_READ,
                       Cap.PERSON_READ, Cap.RECORDS_READ, Cap.WANTED_CHECK,
                       Cap.CAMPAIGN_READ, Cap.RECEIPT_VERIFY, Cap.OPERATION_READ,
                       Cap.TRAINING_READ, Cap.HARM_READ, Cap.OUTAGE_READ, Cap.STATS_READ}
    ),
    # Administrators manage agencies, users, reference data and sites, not operations.
    Role.ADMIN: frozenset({Cap.SITES_READ}),
}


def role_can(role: str, cap: str) -> bool:
    return cap in ROLE_CAPS.get(role, frozenset())


# Roles that must sign in with a second factor (TOTP): they oversee, keep records, see
# every agency or administer; protection officers keep the names of the dead and the
# injured and sign reviews, and monitors sign in from outside the room.
TOTP_ROLES = frozenset({Role.SUPERVISOR, Role.RECORDS, Role.JUDICIAL, Role.PROTECTION,
                        Role.MONITOR, Role.INSPECTOR, Role.ADMIN})


def role_needs_totp(role: str) -> bool:
    return role in TOTP_ROLES
