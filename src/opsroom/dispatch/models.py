from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opsroom.core.clock import now
from opsroom.core.models import ReplicatedModel
from opsroom.core.text import validate_name


class UnitStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    DISPATCHED = "dispatched", _("Dispatched")
    EN_ROUTE = "en_route", _("En route")
    ON_SCENE = "on_scene", _("On scene")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")
    # Committed to a running raid (opsroom.campaigns): on the board, never recommended.
    ON_OPERATION = "on_operation", _("On an operation")


class UnitKind(models.TextChoices):
    PATROL = "patrol", _("Patrol car")
    RAPID_RESPONSE = "rapid_response", _("Rapid response team")
    MOTORCYCLE = "motorcycle", _("Motorcycle patrol")
    TRAFFIC = "traffic", _("Traffic police")
    AMBULANCE = "ambulance", _("Ambulance")
    FIRE_ENGINE = "fire_engine", _("Fire engine")
    RESCUE = "rescue", _("Rescue team")
    EOD = "eod", _("Explosive ordnance disposal")
    INVESTIGATION = "investigation", _("Investigation team")
    NARCOTICS = "narcotics", _("Anti-narcotics team")


class Unit(ReplicatedModel):
    call_sign = models.CharField(_("call sign"), max_length=32, unique=True,
                                 validators=[validate_name])
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="units", verbose_name=_("agency")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    capabilities = models.JSONField(_("capabilities"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.AVAILABLE
    )
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    position_at = models.DateTimeField(_("position time"), null=True, blank=True)
    district = models.ForeignKey(
        "geo.District", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("district"),
    )
    home_lat = models.FloatField(null=True, blank=True)
    home_lon = models.FloatField(null=True, blank=True)
    # The field-unit user who reports for this unit from the phone page or the API.
    field_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("field user"),
    )
    current_incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["call_sign"]

    def __str__(self) -> str:
        return self.call_sign


class Assignment(ReplicatedModel):
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=now)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            # A unit serves one incident at a time.
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(released_at__isnull=True),
                name="one_active_assignment_per_unit",
            )
        ]


class UnitEvent(ReplicatedModel):
    """A unit's own timeline: status changes and position reports."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32)
    value = models.JSONField(null=True)
    previous_value = models.JSONField(null=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["hlc", "origin_site", "id"]
        indexes = [models.Index(fields=["unit", "at"])]
