from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from opsroom.core.models import ReplicatedModel
from opsroom.core.text import validate_name


class CityBoundary(ReplicatedModel):
    name_ar = models.CharField(_("Arabic name"), max_length=200, validators=[validate_name])
    name_en = models.CharField(_("English name"), max_length=200, validators=[validate_name])
    geometry = models.JSONField(_("geometry"))  # a GeoJSON Polygon or MultiPolygon, WGS84

    class Meta:
        verbose_name = _("city boundary")
        verbose_name_plural = _("city boundaries")


class District(ReplicatedModel):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_ar = models.CharField(_("Arabic name"), max_length=200, validators=[validate_name])
    name_en = models.CharField(_("English name"), max_length=200, validators=[validate_name])
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_source = models.CharField(max_length=32, blank=True)
    # Demo districts are drawn from points, not surveyed: the UI must say so.
    approximate = models.BooleanField(_("approximate boundary"), default=False)
    geometry = models.JSONField(_("geometry"))
    centroid_lat = models.FloatField()
    centroid_lon = models.FloatField()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name_en} / {self.name_ar}"


class PlaceKind(models.TextChoices):
    SUBURB = "suburb", _("Suburb")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    HAMLET = "hamlet", _("Hamlet")
    LOCALITY = "locality", _("Locality")
    SECURITY_DIRECTORATE = "security_directorate", _("Security directorate")
    POLICE_STATION = "police_station", _("Police station")
    HOSPITAL = "hospital", _("Hospital")
    CLINIC = "clinic", _("Clinic")
    COURTHOUSE = "courthouse", _("Courthouse")
    FIRE_STATION = "fire_station", _("Fire station")
    WEAPONS_COLLECTION = "weapons_collection", _("Weapons-collection point")
    OTHER = "other", _("Other")


class Place(ReplicatedModel):
    code = models.CharField(_("code"), max_length=64, unique=True)
    name_ar = models.CharField(_("Arabic name"), max_length=200, blank=True,
                               validators=[validate_name])
    name_en = models.CharField(_("English name"), max_length=200, blank=True,
                               validators=[validate_name])
    kind = models.CharField(_("kind"), max_length=32, choices=PlaceKind.choices)
    lat = models.FloatField()
    lon = models.FloatField()
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="places"
    )
    source = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en or self.name_ar
