"""Civilian harm: an event (one moment in time and space, ACLED's unit), the people it
harmed, the sources that speak of it, the reviews that moved its state, what monitors were
given, and the telecommunications outages. Every table replicates
(opsroom.casualties.apps says to whom).

Figures are ranges: every count is a minimum, a maximum and a best estimate, because
sources disagree and a total must not hide it. Actors are as the sources attribute them,
never a judgement of ours; nothing here scores a person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opsroom.core.clock import now
from opsroom.core.models import ReplicatedModel
from opsroom.core.text import validate_name, validate_text

# ACLED's six event types and their sub-event types (ACLED Codebook, 2023 edition, §3).
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack",
                                   "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
# ACLED's disorder type follows from the event type (Codebook §2).
DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}


class TimePrecision(models.IntegerChoices):
    DAY = 1, _("The exact day")
    WEEK = 2, _("Within the week")
    MONTH = 3, _("Within the month")


class GeoPrecision(models.IntegerChoices):
    EXACT = 1, _("The exact place")
    NEAR = 2, _("Near the place")
    REGION = 3, _("Only the district or region")


class State(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified")
    CORROBORATED = "corroborated", _("Corroborated")
    VERIFIED = "verified", _("Verified")
    DISPUTED = "disputed", _("Disputed")
    REJECTED = "rejected", _("Rejected")


# What a review may move an event to, from each state. Rejected can be reopened (to
# unverified) when a new source turns up; nothing is ever deleted.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.UNVERIFIED: frozenset({State.CORROBORATED, State.VERIFIED, State.DISPUTED,
                                 State.REJECTED}),
    State.CORROBORATED: frozenset({State.VERIFIED, State.DISPUTED, State.REJECTED,
                                   State.UNVERIFIED}),
    State.VERIFIED: frozenset({State.DISPUTED, State.CORROBORATED, State.REJECTED,
                               State.UNVERIFIED}),
    State.DISPUTED: frozenset({State.CORROBORATED, State.VERIFIED, State.REJECTED,
                               State.UNVERIFIED}),
    State.REJECTED: frozenset({State.UNVERIFIED}),
}

FIGURES = ("killed", "injured", "missing")


class HarmEvent(ReplicatedModel):
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    event_date = models.DateField(_("date"))
    time_precision = models.PositiveSmallIntegerField(_("time precision"),
                                                      choices=TimePrecision.choices)
    event_type = models.CharField(_("event type"), max_length=40)
    sub_event_type = models.CharField(_("sub-event type"), max_length=40)
    # As attributed by the sources (ACLED's actor1/assoc_actor_1/actor2/assoc_actor_2).
    actor1 = models.CharField(_("actor 1"), max_length=200, blank=True,
                              validators=[validate_name])
    assoc_actor_1 = models.CharField(max_length=200, blank=True, validators=[validate_name])
    actor2 = models.CharField(_("actor 2"), max_length=200, blank=True,
                              validators=[validate_name])
    assoc_actor_2 = models.CharField(max_length=200, blank=True, validators=[validate_name])
    civilian_targeting = models.BooleanField(_("civilians targeted"), default=False)
    location = models.CharField(_("place"), max_length=200, validators=[validate_name])
    lat = models.FloatField()
    lon = models.FloatField()
    geo_precision = models.PositiveSmallIntegerField(_("geo precision"),
                                                     choices=GeoPrecision.choices)
    district = models.ForeignKey("geo.District", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    killed_min = models.PositiveIntegerField(default=0)
    killed_max = models.PositiveIntegerField(default=0)
    killed_best = models.PositiveIntegerField(default=0)
    injured_min = models.PositiveIntegerField(default=0)
    injured_max = models.PositiveIntegerField(default=0)
    injured_best = models.PositiveIntegerField(default=0)
    missing_min = models.PositiveIntegerField(default=0)
    missing_max = models.PositiveIntegerField(default=0)
    missing_best = models.PositiveIntegerField(default=0)
    notes = models.TextField(_("notes"), max_length=4000, blank=True, validators=[validate_text])
    # Ids of the operations room's incidents about the same event (incidents.Incident).
    incident_ids = models.JSONField(default=list)
    state = models.CharField(max_length=12, choices=State.choices, default=State.UNVERIFIED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    # A review in progress: who holds the event and until when (kept at this site only).
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    locked_until = models.DateTimeField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-event_date", "-created_at"]
        indexes = [models.Index(fields=["event_date"]), models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.event_date} {self.location}"

    def figure(self, name: str) -> tuple[int, int, int]:
        return (getattr(self, f"{name}_min"), getattr(self, f"{name}_max"),
                getattr(self, f"{name}_best"))


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not known")


class AgeBand(models.TextChoices):
    # Every Casualty's minimum asks for age or an age band; these bands are the UN's
    # children / adults / older persons split, with the unknown kept as such.
    CHILD = "child", _("Child (0–17)")
    ADULT = "adult", _("Adult (18–59)")
    OLDER = "older", _("Older person (60+)")
    UNKNOWN = "unknown", _("Not known")


class CivilianStatus(models.TextChoices):
    CIVILIAN = "civilian", _("Civilian")
    NON_CIVILIAN = "non_civilian", _("Not a civilian (combatant, armed)")
    UNKNOWN = "unknown", _("Not known")


class Outcome(models.TextChoices):
    KILLED = "killed", _("Killed")
    INJURED = "injured", _("Injured")
    MISSING = "missing", _("Missing")


class Cause(models.TextChoices):
    GUNFIRE = "gunfire", _("Gunfire")
    SHELLING = "shelling", _("Shelling or rockets")
    AIR_STRIKE = "air_strike", _("Air or drone strike")
    EXPLOSIVE = "explosive", _("Explosive device")
    ASSAULT = "assault", _("Assault")
    ABDUCTION = "abduction", _("Abduction")
    FIRE = "fire", _("Fire")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class Victim(ReplicatedModel):
    """One person harmed, as far as they are known (Every Casualty's minimum)."""

    event = models.ForeignKey(HarmEvent, on_delete=models.PROTECT, related_name="victims")
    # Blank: unknown. An alias when the name is withheld or not known.
    name = models.CharField(_("name"), max_length=200, blank=True, validators=[validate_name])
    alias = models.CharField(_("alias"), max_length=120, blank=True, validators=[validate_name])
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices,
                                default=AgeBand.UNKNOWN)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    civilian_status = models.CharField(_("civilian status"), max_length=12,
                                       choices=CivilianStatus.choices,
                                       default=CivilianStatus.UNKNOWN)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    cause = models.CharField(_("cause"), max_length=12, choices=Cause.choices,
                             default=Cause.UNKNOWN)
    perpetrator = models.CharField(_("perpetrator as attributed"), max_length=200, blank=True,
                                   validators=[validate_name])
    attribution_source = models.ForeignKey("Source", on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="+")
    # The recorder saw the likely duplicates and said this is another person.
    distinct_from = models.JSONField(default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]


class SourceKind(models.TextChoices):
    HOSPITAL = "hospital_record", _("Hospital record")
    WITNESS = "witness", _("Witness")
    FAMILY = "family", _("Family")
    OFFICIAL = "official_statement", _("Official statement")
    MEDIA = "media", _("Media")
    NGO = "ngo", _("NGO")
    SOCIAL = "social_post", _("Social post forwarded by a person")


# The Admiralty (NATO) grading: the source's reliability and the information's credibility.
class Reliability(models.TextChoices):
    A = "A", _("A — completely reliable")
    B = "B", _("B — usually reliable")
    C = "C", _("C — fairly reliable")
    D = "D", _("D — not usually reliable")
    E = "E", _("E — unreliable")
    F = "F", _("F — reliability cannot be judged")


class Credibility(models.IntegerChoices):
    CONFIRMED = 1, _("1 — confirmed by other sources")
    PROBABLE = 2, _("2 — probably true")
    POSSIBLE = 3, _("3 — possibly true")
    DOUBTFUL = 4, _("4 — doubtful")
    IMPROBABLE = 5, _("5 — improbable")
    UNKNOWN = 6, _("6 — truth cannot be judged")


class Source(ReplicatedModel):
    """What one source says of an event, with an archived copy of it. Never edited: a
    source that changes its account is a new source."""

    event = models.ForeignKey(HarmEvent, on_delete=models.PROTECT, related_name="sources")
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    description = models.CharField(_("name or description"), max_length=300,
                                   validators=[validate_text])
    # The organisation behind it (a hospital, a newspaper, an NGO): two sources of one
    # organisation are not independent.
    organisation = models.CharField(_("organisation"), max_length=200, blank=True,
                                    validators=[validate_name])
    received_at = models.DateTimeField(_("received"))
    reliability = models.CharField(_("reliability"), max_length=1, choices=Reliability.choices)
    credibility = models.PositiveSmallIntegerField(_("credibility"),
                                                   choices=Credibility.choices)
    # Its own figures (null: it does not say).
    killed_min = models.PositiveIntegerField(null=True, blank=True)
    killed_max = models.PositiveIntegerField(null=True, blank=True)
    injured_min = models.PositiveIntegerField(null=True, blank=True)
    injured_max = models.PositiveIntegerField(null=True, blank=True)
    missing_min = models.PositiveIntegerField(null=True, blank=True)
    missing_max = models.PositiveIntegerField(null=True, blank=True)
    claim = models.TextField(_("what it says"), max_length=4000, blank=True,
                             validators=[validate_text])
    # The archived copy: text as received, or a file in base64, with its SHA-256 over the
    # bytes. Written once.
    archive_name = models.CharField(max_length=200, blank=True, validators=[validate_name])
    archive_type = models.CharField(max_length=100, blank=True)
    archive_encoding = models.CharField(max_length=8, default="text")  # text or base64
    archive = models.TextField(blank=True)
    archive_size = models.PositiveIntegerField(default=0)
    archive_sha256 = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["received_at", "id"]


class Review(ReplicatedModel):
    """One signed step of an event's verification: appended, never changed. ``digest`` is
    the SHA-256 of this review's content and the previous review's digest, so the event's
    history is a chain of its own besides its entries in the audit log; ``signature`` signs
    the digest with the reviewing site's key."""

    event = models.ForeignKey(HarmEvent, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    reviewer_username = models.CharField(max_length=150)
    at = models.DateTimeField(default=now)
    from_state = models.CharField(max_length=12, choices=State.choices)
    state = models.CharField(max_length=12, choices=State.choices)
    reason = models.TextField(max_length=2000, validators=[validate_text])
    previous_digest = models.CharField(max_length=64, blank=True)
    digest = models.CharField(max_length=64)
    # The digest signed with the Ed25519 key of the site where the review was made
    # (opsroom.core.keys; the same key signs its sync bundles), and that key.
    site = models.CharField(max_length=32)
    public_key = models.CharField(max_length=64)
    signature = models.CharField(max_length=100)
    audit_seq = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "hlc", "id"]


class SharingAgreement(ReplicatedModel):
    """What a monitor (an agency of kind ``monitor``) is given, agreed by the operations
    room: by default corroborated and verified events, never victims' names."""

    monitor = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                related_name="+")
    granted_by = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                   related_name="+")
    states = models.JSONField(default=list)
    include_victims = models.BooleanField(default=True)  # ages, sexes, outcomes
    include_names = models.BooleanField(default=False)
    include_sources = models.BooleanField(default=False)  # kinds and grades, no archive
    districts = models.JSONField(default=list)  # district ids; empty: the whole city
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    reference = models.CharField(max_length=120, blank=True, validators=[validate_name])
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")

    class Meta:
        ordering = ["-starts_on"]


class LedgerEntry(ReplicatedModel):
    """What a monitor received, when, under which agreement. Appended, never changed."""

    monitor = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="+")
    username = models.CharField(max_length=150)
    agreement = models.ForeignKey(SharingAgreement, on_delete=models.PROTECT, null=True,
                                  related_name="ledger")
    at = models.DateTimeField(default=now)
    what = models.CharField(max_length=40)  # list, event, export.acled, summary, report.pdf
    event_ids = models.JSONField(default=list)
    detail = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "id"]


class Operator(models.TextChoices):
    LIBYANA = "libyana", _("Libyana")
    ALMADAR = "almadar", _("Al-Madar Al-Jadeed")
    LANDLINE = "landline", _("Landline company (Libya Post, Telecommunication & IT)")
    LTT = "ltt", _("Libya Telecom & Technology (internet)")
    INTERNET = "internet_other", _("Other internet provider")
    UNKNOWN = "unknown", _("Not known yet")


class Service(models.TextChoices):
    VOICE = "mobile_voice", _("Mobile voice")
    SMS = "sms", _("SMS")
    DATA = "mobile_data", _("Mobile data")
    LANDLINE = "landline", _("Landline")
    INTERNET = "internet", _("Internet")


MOBILE_SERVICES = frozenset({Service.VOICE, Service.SMS, Service.DATA})


class OutageStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed (a site went silent)")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class Outage(ReplicatedModel):
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    districts = models.JSONField(default=list)  # district ids
    operator = models.CharField(_("operator"), max_length=16, choices=Operator.choices)
    services = models.JSONField(default=list)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, validators=[validate_text])
    status = models.CharField(max_length=10, choices=OutageStatus.choices,
                              default=OutageStatus.CONFIRMED)
    # A proposal from sync's site health: the silent site's code (one proposal per silence).
    silent_site = models.CharField(max_length=32, blank=True)
    notes = models.CharField(max_length=500, blank=True, validators=[validate_text])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-starts_at"]
