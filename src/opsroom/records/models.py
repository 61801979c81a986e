"""Persons, warrants, judicial police capacities, arrests and custody, home searches,
referrals and sentences. Every table replicates (opsroom.records.apps says to whom).

There is, on purpose, no field for tribe, religion, ethnicity or political affiliation: see
docs/records.md. A family name is a name: nothing groups, filters or counts by it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opsroom.core.clock import now
from opsroom.core.models import ReplicatedModel
from opsroom.core.text import validate_name, validate_text


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Not known")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MERGED = "merged", _("Merged into another record")


def _name(label: Any, blank: bool = True) -> models.CharField[str, str]:
    return models.CharField(label, max_length=80, blank=blank, validators=[validate_name])


class Person(ReplicatedModel):
    first_name = _name(_("first name"), blank=False)
    father_name = _name(_("father's name"))
    grandfather_name = _name(_("grandfather's name"))
    family_name = _name(_("family name"), blank=False)
    # The mother's full name: how Libyan civil records tell two people of one name apart.
    mother_name = models.CharField(_("mother's name"), max_length=160, blank=True,
                                   validators=[validate_name])
    latin_name = models.CharField(_("name in Latin letters"), max_length=200, blank=True,
                                  validators=[validate_name])
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    national_number = models.CharField(_("national number"), max_length=12, blank=True,
                                       db_index=True)
    notes = models.TextField(_("notes"), blank=True, validators=[validate_text])
    # The name's tokens by part (opsroom.records.names.encode_parts), computed when the name
    # changes and replicated with it: every site builds its search index without reducing
    # every name again.
    name_keys = models.TextField(blank=True, editable=False)  # names.encode_parts
    status = models.CharField(max_length=8, choices=PersonStatus.choices,
                              default=PersonStatus.ACTIVE)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged_from")
    recorded_by_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                           related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    # Demo persons are made up; every screen and export says so.
    synthetic = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.father_name, self.grandfather_name,
                                    self.family_name) if p)


class PersonDocument(ReplicatedModel):
    """An identity document: a passport, an identity card, a family booklet."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=24)
    number = models.CharField(_("number"), max_length=40, validators=[validate_name])
    issued_by = models.CharField(_("issued by"), max_length=120, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)


class RecordEvent(ReplicatedModel):
    """A person's timeline: every change to the record and every act about the person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32)
    value = models.JSONField(null=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+")
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["hlc", "origin_site", "id"]
        indexes = [models.Index(fields=["person", "at"])]


class PersonMerge(ReplicatedModel):
    """Two records of one person folded together; undoing it restores both."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, related_name="+")
    reason = models.CharField(max_length=300, validators=[validate_text])
    at = models.DateTimeField(default=now)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, related_name="+")


class JudicialCapacity(ReplicatedModel):
    """The capacity of judicial police officer (مأمور الضبط القضائي), granted by a judicial
    user for a period: only its holder may carry out an arrest or a search."""

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="capacities")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    granting_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                        related_name="+")
    valid_from = models.DateTimeField(default=now)
    valid_until = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)


class WarrantKind(models.TextChoices):
    ARREST = "arrest", _("Arrest")
    SEARCH = "search", _("Search")
    SEIZURE = "seizure", _("Seizure")
    SUMMONS = "summons", _("Summons")


class WarrantStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    EXECUTED = "executed", _("Executed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class Warrant(ReplicatedModel):
    kind = models.CharField(_("kind"), max_length=8, choices=WarrantKind.choices)
    issuing_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                       related_name="+")
    reference = models.CharField(_("reference"), max_length=60, validators=[validate_name])
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="warrants")
    # For a search or a seizure: the place, as written and where it is.
    place = models.CharField(_("place"), max_length=300, blank=True, validators=[validate_text])
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    offences = models.JSONField(_("offences"), default=list)
    caution = models.CharField(_("caution"), max_length=200, blank=True,
                               validators=[validate_text])
    issued_at = models.DateTimeField(_("issued"), default=now)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=WarrantStatus.choices,
                              default=WarrantStatus.ISSUED)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, related_name="+")
    withdrawn_reason = models.CharField(max_length=300, blank=True, validators=[validate_text])
    executed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuing_agency", "reference"],
                                               name="one_warrant_per_reference")]


class WantedEntry(ReplicatedModel):
    """The minimal wanted list: one row per active arrest warrant, travelling to every
    site so that a post cut off from the network can still check a person. It holds what
    a check needs and nothing of the person's record."""

    # The warrant's id, not a key to it: a field post keeps the wanted list without the
    # warrants and person records behind it (need to know), so nothing here points there.
    warrant_id = models.UUIDField(unique=True)
    name = models.CharField(max_length=300)
    parts = models.JSONField(default=list)  # first, father, grandfather, family
    latin_name = models.CharField(max_length=200, blank=True)
    aliases = models.JSONField(default=list)
    name_keys = models.TextField(blank=True)
    national_number = models.CharField(max_length=12, blank=True, db_index=True)
    reference = models.CharField(max_length=60)
    issuing_agency_code = models.CharField(max_length=32)
    caution = models.CharField(max_length=200, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)


class BasisKind(models.TextChoices):
    WARRANT = "warrant", _("Warrant")
    IN_THE_ACT = "in_the_act", _("Caught in the act")
    CONSENT = "consent", _("Consent of the occupant")


class ArrestStatus(models.TextChoices):
    IN_CUSTODY = "in_custody", _("In police custody")
    HANDED_OVER = "handed_over", _("Handed over to the prosecution")
    ACKNOWLEDGED = "acknowledged", _("Received by the prosecution")
    RELEASED = "released", _("Released")


class Arrest(ReplicatedModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="arrests")
    arrested_at = models.DateTimeField(_("arrested at"))
    place = models.CharField(_("place"), max_length=300, validators=[validate_text])
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    unit = models.ForeignKey("dispatch.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    holding_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                       related_name="+")
    basis = models.CharField(_("legal basis"), max_length=12, choices=BasisKind.choices)
    warrant = models.ForeignKey(Warrant, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="arrests")
    justification = models.TextField(_("justification"), blank=True,
                                     validators=[validate_text])
    offences = models.JSONField(_("offences"), default=list)
    custody_class = models.CharField(max_length=16)
    limit_at = models.DateTimeField(_("custody limit"))
    status = models.CharField(_("status"), max_length=12, choices=ArrestStatus.choices,
                              default=ArrestStatus.IN_CUSTODY)
    prosecution = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    handed_over_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.CharField(max_length=300, blank=True, validators=[validate_text])
    # The arrested person's rights, each with when it was done.
    told_reason_at = models.DateTimeField(null=True, blank=True)
    lawyer_offered_at = models.DateTimeField(null=True, blank=True)
    family_informed_at = models.DateTimeField(null=True, blank=True)
    medical_check_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["status", "limit_at"])]


RIGHTS = ("told_reason", "lawyer_offered", "family_informed", "medical_check")


class CustodyAlarm(ReplicatedModel):
    """Raised once per arrest and step: 75 %, 90 % and past the limit, or a right not yet
    recorded in time; acknowledged by a supervisor or the receiving prosecution."""

    arrest = models.ForeignKey(Arrest, on_delete=models.CASCADE, related_name="alarms")
    step = models.CharField(max_length=24)  # "75", "90", "overdue", "right:<name>"
    raised_at = models.DateTimeField(default=now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["arrest", "step"],
                                               name="one_alarm_per_arrest_and_step")]


class Search(ReplicatedModel):
    """A home search: where, when, who, and on what legal basis."""

    place = models.CharField(_("place"), max_length=300, validators=[validate_text])
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    present = models.JSONField(_("officers present"), default=list)
    holding_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                       related_name="+")
    basis = models.CharField(_("legal basis"), max_length=12, choices=BasisKind.choices)
    warrant = models.ForeignKey(Warrant, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="searches")
    consent_by = models.CharField(_("consent given by"), max_length=200, blank=True,
                                  validators=[validate_name])
    consent_signed = models.BooleanField(default=False)
    justification = models.TextField(_("justification"), blank=True,
                                     validators=[validate_text])
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="searches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")


class ItemCategory(models.TextChoices):
    WEAPON = "weapon", _("Weapon")
    AMMUNITION = "ammunition", _("Ammunition")
    DRUGS = "drugs", _("Drugs")
    MONEY = "money", _("Money")
    DOCUMENT = "document", _("Document")
    VEHICLE = "vehicle", _("Vehicle")
    OTHER = "other", _("Other")


class SearchItem(ReplicatedModel):
    search = models.ForeignKey(Search, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(max_length=12, choices=ItemCategory.choices)
    description = models.CharField(max_length=300, validators=[validate_text])
    quantity = models.PositiveIntegerField(default=1)
    seized = models.BooleanField(default=True)
    # What became of it: the referral it was sent to the prosecution with (do_refer).
    linked_kind = models.CharField(max_length=24, blank=True)
    linked_id = models.CharField(max_length=64, blank=True)


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class Referral(ReplicatedModel):
    """A person and their case sent to a prosecution office, which acknowledges it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    from_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                    related_name="+")
    prosecution = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                    related_name="+")
    offences = models.JSONField(default=list)
    arrest_ids = models.JSONField(default=list)
    item_ids = models.JSONField(default=list)
    summary = models.TextField(blank=True, validators=[validate_text])
    referred_at = models.DateTimeField(default=now)
    status = models.CharField(max_length=12, choices=ReferralStatus.choices,
                              default=ReferralStatus.SENT)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")


class SentenceKind(models.TextChoices):
    IMPRISONMENT = "imprisonment", _("Imprisonment")
    FINE = "fine", _("Fine")
    OTHER = "other", _("Other measure")


class SentenceStatus(models.TextChoices):
    RECEIVED = "received", _("Received from the court")
    ASSIGNED = "assigned", _("Assigned to a unit")
    LOCATED = "located", _("Person located")
    EXECUTED = "executed", _("Executed")
    UNABLE = "unable", _("Could not be executed")
    SUSPENDED = "suspended", _("Suspended by the court")


class Sentence(ReplicatedModel):
    court = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    executing_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                         related_name="+")
    case_number = models.CharField(_("case number"), max_length=60, validators=[validate_name])
    judgment_date = models.DateField(_("judgment date"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="sentences")
    kind = models.CharField(_("sentence"), max_length=14, choices=SentenceKind.choices)
    term_days = models.PositiveIntegerField(_("term (days)"), null=True, blank=True)
    fine_lyd = models.DecimalField(_("fine (LYD)"), max_digits=12, decimal_places=3,
                                   null=True, blank=True)
    measure = models.CharField(_("measure"), max_length=300, blank=True,
                               validators=[validate_text])
    status = models.CharField(_("status"), max_length=10, choices=SentenceStatus.choices,
                              default=SentenceStatus.RECEIVED)
    received_at = models.DateTimeField(default=now)
    unit = models.ForeignKey("dispatch.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    outcome = models.CharField(max_length=300, blank=True, validators=[validate_text])
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")


class SentenceEvent(ReplicatedModel):
    """Each step of a sentence, as the court that passed it sees it (acknowledged back)."""

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10)
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+")
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["hlc", "origin_site", "id"]
