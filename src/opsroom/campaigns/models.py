"""Campaigns: weapons collection (collection points, handovers, items and their chain of
custody), raids on drug dens (operations, their targets and outcomes) and the training of
judicial police officers. Every table replicates (opsroom.campaigns.apps says to whom).

A handover in amnesty mode records no person, on purpose: the campaign promised it. Nothing
here scores or ranks a person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opsroom.core.clock import now
from opsroom.core.models import ReplicatedModel
from opsroom.core.text import validate_name, validate_text


class CampaignKind(models.TextChoices):
    WEAPONS = "weapons", _("Weapons collection")
    DRUG_DENS = "drug_dens", _("Drug dens")
    OTHER = "other", _("Other operation")


class Campaign(ReplicatedModel):
    kind = models.CharField(_("kind"), max_length=12, choices=CampaignKind.choices)
    name_ar = models.CharField(_("Arabic name"), max_length=200, validators=[validate_name])
    name_en = models.CharField(_("English name"), max_length=200, validators=[validate_name])
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    # District ids (geo.District) the campaign covers; empty: the whole city.
    districts = models.JSONField(_("districts"), default=list)
    # What it aims at: {"weapons": 5000} or {"dens": 40}, by target key (see TARGET_KEYS).
    targets = models.JSONField(_("targets"), default=dict)
    # Amnesty: citizens hand weapons in without giving a name, and none is ever recorded.
    amnesty = models.BooleanField(_("amnesty mode"), default=False)
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-starts_on", "name_en"]

    def __str__(self) -> str:
        return self.name_en


# What a target may count, and the counter that feeds it.
TARGET_KEYS = ("weapons", "items", "ammunition_rounds", "handovers", "dens", "operations",
               "arrests", "seizures")


class PointKind(models.TextChoices):
    DIRECTORATE = "directorate", _("Security directorate")
    STATION = "station", _("Police station")
    CAMP = "camp", _("Camp")


class CollectionPoint(ReplicatedModel):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_ar = models.CharField(_("Arabic name"), max_length=200, validators=[validate_name])
    name_en = models.CharField(_("English name"), max_length=200, validators=[validate_name])
    kind = models.CharField(_("kind"), max_length=12, choices=PointKind.choices)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    lat = models.FloatField()
    lon = models.FloatField()
    district = models.ForeignKey("geo.District", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    # Opening hours by weekday (0 Monday … 6 Sunday, as Python counts), each a list of
    # ["HH:MM", "HH:MM"] spans in city time; an empty list: closed that day.
    hours = models.JSONField(_("opening hours"), default=dict)
    active = models.BooleanField(default=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Handover(ReplicatedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="handovers")
    point = models.ForeignKey(CollectionPoint, on_delete=models.PROTECT,
                              related_name="handovers")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    handed_at = models.DateTimeField(_("handed over at"))
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    # Nobody in amnesty mode (the API refuses one).
    person = models.ForeignKey("records.Person", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="handovers")
    amnesty = models.BooleanField(default=False)
    receipt_number = models.CharField(max_length=48, unique=True)
    verification_code = models.CharField(max_length=16)
    # Denormalised for the counters and the public figures: the point's district, the
    # handover's ISO week ("2026-W48") in city time.
    district = models.ForeignKey("geo.District", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    week = models.CharField(max_length=8)
    notes = models.CharField(max_length=300, blank=True, validators=[validate_text])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    synthetic = models.BooleanField(default=False)
    # Not a column: the items the recording action has just made, so that its reply shows
    # them without reading them back.
    new_items: list[Item] | None = None

    class Meta:
        indexes = [models.Index(fields=["campaign", "handed_at"])]


class ItemCategory(models.TextChoices):
    PISTOL = "pistol", _("Pistol")
    RIFLE = "rifle", _("Rifle")
    ASSAULT_RIFLE = "assault_rifle", _("Assault rifle")
    MACHINE_GUN = "machine_gun", _("Machine gun")
    GRENADE_LAUNCHER = "grenade_launcher", _("Grenade launcher")
    GRENADE = "grenade", _("Grenade")
    MINE = "mine", _("Mine")
    AMMUNITION = "ammunition", _("Ammunition")
    EXPLOSIVES = "explosives", _("Explosives")
    OTHER = "other", _("Other")


# Categories that are one weapon each (ammunition counts rounds; explosives and others pieces).
WEAPON_CATEGORIES = frozenset({
    ItemCategory.PISTOL, ItemCategory.RIFLE, ItemCategory.ASSAULT_RIFLE,
    ItemCategory.MACHINE_GUN, ItemCategory.GRENADE_LAUNCHER})


class Condition(models.TextChoices):
    WORKING = "working", _("Working")
    DAMAGED = "damaged", _("Damaged")
    UNSERVICEABLE = "unserviceable", _("Unserviceable")
    UNKNOWN = "unknown", _("Not known")


class CustodyStep(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("custody step", "Received")
    STORED = "stored", _("Stored")
    TRANSFERRED = "transferred", _("Transferred")
    DESTROYED = "destroyed", _("Destroyed")


class Item(ReplicatedModel):
    """A weapon, ammunition or explosive handed over, or found on a raid."""

    handover = models.ForeignKey(Handover, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="items")
    target = models.ForeignKey("campaigns.OperationTarget", on_delete=models.PROTECT,
                               null=True, blank=True, related_name="items")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("category"), max_length=16, choices=ItemCategory.choices)
    make_model = models.CharField(_("make and model"), max_length=120, blank=True,
                                  validators=[validate_name])
    calibre = models.CharField(_("calibre"), max_length=40, blank=True,
                               validators=[validate_name])
    serial = models.CharField(_("serial number"), max_length=60, blank=True,
                              validators=[validate_name])
    serial_key = models.CharField(max_length=60, blank=True, db_index=True)  # serials.key
    condition = models.CharField(_("condition"), max_length=14, choices=Condition.choices,
                                 default=Condition.UNKNOWN)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    # An officer confirmed a serial already handed in as a deliberate duplicate, and why.
    duplicate_reason = models.CharField(max_length=300, blank=True, validators=[validate_text])
    # The last custody step and where the item is: kept with the step (CustodyEvent is the
    # record; these two say where it stands without reading the whole chain).
    custody = models.CharField(max_length=12, choices=CustodyStep.choices,
                               default=CustodyStep.RECEIVED)
    location = models.CharField(max_length=200, blank=True)
    synthetic = models.BooleanField(default=False)


class SerialMark(ReplicatedModel):
    """The serial registry: one row per item with a serial, travelling to every site that
    takes handovers, so that a serial already handed in anywhere is known everywhere. It
    holds what the check needs and nothing of who handed the item in."""

    serial_key = models.CharField(max_length=60, db_index=True)
    item_id = models.UUIDField(unique=True)
    receipt_number = models.CharField(max_length=48, blank=True)
    category = models.CharField(max_length=16)
    at = models.DateTimeField(default=now)
    deliberate = models.BooleanField(default=False)


class CustodyEvent(ReplicatedModel):
    """One step of an item's chain of custody. Never edited: a correction is a new step."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="custody_events")
    step = models.CharField(max_length=12, choices=CustodyStep.choices)
    at = models.DateTimeField(default=now)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    location = models.CharField(max_length=200, blank=True, validators=[validate_text])
    to_whom = models.CharField(max_length=200, blank=True, validators=[validate_name])
    witnesses = models.JSONField(default=list)
    record_ref = models.CharField(max_length=80, blank=True, validators=[validate_name])
    note = models.CharField(max_length=300, blank=True, validators=[validate_text])

    class Meta:
        ordering = ["at", "hlc", "id"]


class ItemPhoto(ReplicatedModel):
    """A photo of an item: resized and kept by the project, never sent anywhere outside
    its sites. The image stays at the site that took it; the thumbnail travels."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="photos")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # JPEG, at most settings.PHOTO_MAX_PX on its longer side; stays at this site.
    image = models.BinaryField(default=b"")
    thumbnail = models.TextField()  # JPEG in base64, at most THUMB_PX: it travels
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, related_name="+")


class ReceiptCounter(ReplicatedModel):
    """The last receipt number a site gave in a year. Only its own site writes its row
    (the number carries the site code), so numbers are unique across sites."""

    site = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "year"],
                                               name="one_counter_per_site_year")]


class Tally(ReplicatedModel):
    """The campaign's counters, per site, district, ISO week and measure: the stats and
    the public figures read these instead of every item. Each site writes only its own
    rows, so counts made at two sites cut off from each other add up when they meet."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tallies")
    site = models.CharField(max_length=32)
    district = models.ForeignKey("geo.District", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    week = models.CharField(max_length=8)
    measure = models.CharField(max_length=32)  # "items:pistol", "handovers", "dens", ...
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["campaign", "site", "district", "week", "measure"], name="one_tally_row")]


class OperationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    BRIEFED = "briefed", _("Briefed")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", _("Completed")
    ABORTED = "aborted", _("Aborted")


# Before these, only those named on an operation and the owning agency's supervisors see it.
SECRET_STATUSES = frozenset({OperationStatus.PLANNED, OperationStatus.BRIEFED,
                             OperationStatus.UNDER_WAY})


class Operation(ReplicatedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="operations")
    code = models.CharField(_("code"), max_length=40, validators=[validate_name])
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                     related_name="+")
    planned_at = models.DateTimeField(_("planned for"))
    commander = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    # The people and units named on it (ids as text): they, and the owning agency's
    # supervisors, are the only ones who see it before it is completed.
    members = models.JSONField(default=list)
    units = models.JSONField(default=list)
    status = models.CharField(_("status"), max_length=10, choices=OperationStatus.choices,
                              default=OperationStatus.PLANNED)
    briefed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    abort_reason = models.CharField(max_length=300, blank=True, validators=[validate_text])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    synthetic = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner_agency", "code"],
                                               name="one_operation_per_code")]


class OperationTarget(ReplicatedModel):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="targets")
    place = models.CharField(_("place"), max_length=300, validators=[validate_text])
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    district = models.ForeignKey("geo.District", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    # A search warrant for the place, when entering needs one.
    warrant = models.ForeignKey("records.Warrant", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+")
    # The outcome, once recorded.
    done = models.BooleanField(default=False)
    den_closed = models.BooleanField(default=False)
    arrest_ids = models.JSONField(default=list)
    referred = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True, validators=[validate_text])
    outcome_at = models.DateTimeField(null=True, blank=True)


class Substance(models.TextChoices):
    HASHISH = "hashish", _("Hashish")
    TRAMADOL = "tramadol", _("Tramadol")
    CAPTAGON = "captagon", _("Captagon")
    COCAINE = "cocaine", _("Cocaine")
    HEROIN = "heroin", _("Heroin")
    CANNABIS = "cannabis", _("Cannabis (plant)")
    OTHER = "other", _("Other")


class MeasureUnit(models.TextChoices):
    GRAM = "g", _("grams")
    KILOGRAM = "kg", _("kilograms")
    PILL = "pills", _("pills")
    LITRE = "l", _("litres")
    PIECE = "pieces", _("pieces")


class Seizure(ReplicatedModel):
    target = models.ForeignKey(OperationTarget, on_delete=models.CASCADE,
                               related_name="seizures")
    substance = models.CharField(max_length=12, choices=Substance.choices)
    quantity = models.DecimalField(max_digits=12, decimal_places=3)
    unit = models.CharField(max_length=8, choices=MeasureUnit.choices)
    note = models.CharField(max_length=300, blank=True, validators=[validate_text])


class Course(ReplicatedModel):
    code = models.SlugField(max_length=32, unique=True)
    title_ar = models.CharField(max_length=200, validators=[validate_name])
    title_en = models.CharField(max_length=200, validators=[validate_name])
    # Passing it renews the judicial police officer capacity for this many days (0: no).
    validity_days = models.PositiveIntegerField(default=0)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]


class CourseSession(ReplicatedModel):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveIntegerField()  # "the 5th session"
    starts_on = models.DateField()
    ends_on = models.DateField()
    place = models.CharField(max_length=200, blank=True, validators=[validate_text])
    trainers = models.JSONField(default=list)  # names as written

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "number"],
                                               name="one_session_number_per_course")]
        ordering = ["course", "number"]


class Result(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    ABSENT = "absent", _("Absent")


class Attendance(ReplicatedModel):
    session = models.ForeignKey(CourseSession, on_delete=models.PROTECT,
                                related_name="attendances")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    result = models.CharField(max_length=10, choices=Result.choices, default=Result.ENROLLED)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    # A judicial user renewed the officer's capacity on this result.
    capacity = models.ForeignKey("records.JudicialCapacity", on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "officer"],
                                               name="one_attendance_per_session")]
