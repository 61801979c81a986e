from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opsroom.core.clock import now
from opsroom.core.ids import uuid7
from opsroom.core.models import ReplicatedModel, current_site_code
from opsroom.core.text import validate_name


class IncidentType(models.Model):
    """Reference data, kept in step with opsroom.incidents.registry after every migrate."""

    code = models.SlugField(_("code"), max_length=48, primary_key=True)
    name_ar = models.CharField(_("Arabic name"), max_length=120, validators=[validate_name])
    name_en = models.CharField(_("English name"), max_length=120, validators=[validate_name])
    cap_category = models.CharField(_("CAP category"), max_length=16)
    acled_event_type = models.CharField(max_length=64, blank=True)
    acled_sub_event_type = models.CharField(max_length=64, blank=True)
    default_priority = models.PositiveSmallIntegerField(_("default priority"))
    # The CompStat group (registry.TYPE_GROUPS): violent, property, drugs, ...
    group = models.CharField(_("group"), max_length=32, default="other")
    required_capabilities = models.JSONField(_("required capabilities"), default=list)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("incident type")
        verbose_name_plural = _("incident types")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.name_en}"


class Status(models.TextChoices):
    NEW = "new", _("New")
    DISPATCHED = "dispatched", _("Dispatched")
    EN_ROUTE = "en_route", _("En route")
    ON_SCENE = "on_scene", _("On scene")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    MERGED = "merged", _("Merged")


OPEN_STATUSES = (Status.NEW, Status.DISPATCHED, Status.EN_ROUTE, Status.ON_SCENE)


class Incident(ReplicatedModel):
    number = models.CharField(_("number"), max_length=40, unique=True)
    type = models.ForeignKey(IncidentType, on_delete=models.PROTECT, verbose_name=_("type"))
    priority = models.PositiveSmallIntegerField(_("priority"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    owner_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="incidents"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    location_precision_m = models.PositiveIntegerField(_("location precision (m)"), null=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.ForeignKey(
        "geo.District", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)
    caller_name = models.CharField(_("caller name"), max_length=200, blank=True)
    caller_phone = models.CharField(_("caller phone"), max_length=40, blank=True)
    # Indexed only where set (Meta.indexes): an index of every row's NULL leads SQLite to
    # walk millions of rows for "not merged" (bench/compstat.py).
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from",
        db_index=False,
    )
    # Response intervals: received → dispatched → en route → on scene → cleared.
    received_at = models.DateTimeField(_("received"), default=now)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    en_route_at = models.DateTimeField(_("en route"), null=True, blank=True)
    on_scene_at = models.DateTimeField(_("on scene"), null=True, blank=True)
    cleared_at = models.DateTimeField(_("cleared"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [
            models.Index(fields=["owner_agency", "status", "priority"]),
            models.Index(fields=["owner_agency", "received_at"]),
            # Statistics read a period of one type or group across agencies (opsroom.stats).
            models.Index(fields=["received_at"]),
            models.Index(fields=["type", "received_at"]),
            models.Index(fields=["merged_into"], name="incidents_merged_into_idx",
                         condition=models.Q(merged_into__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.number


class IncidentEvent(ReplicatedModel):
    """The timeline: one row for every change, never updated or deleted."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=32)
    value = models.JSONField(_("value"), null=True)
    previous_value = models.JSONField(_("previous value"), null=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=now)

    class Meta:
        verbose_name = _("incident event")
        verbose_name_plural = _("incident events")
        # Merged timelines from several sites sort the same way everywhere.
        ordering = ["hlc", "origin_site", "id"]
        indexes = [models.Index(fields=["incident", "at"])]


class NumberSequence(models.Model):
    """The last human number given out per site and year; locked while a number is taken."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    site_code = models.CharField(max_length=32, default=current_site_code)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site_code", "year"], name="one_sequence_per_site_year")
        ]
