from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opsroom.core.clock import now
from opsroom.core.models import ReplicatedModel
from opsroom.core.text import validate_text


class RoadNetwork(models.Model):
    """One imported (or generated) road graph; its arrays live in DATA_DIR/roads/<sha256>.npz.

    Exactly one network is active: the one every travel time comes from.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=300)
    # A generated network is labelled as such everywhere it is shown.
    synthetic = models.BooleanField(_("synthetic"), default=False)
    node_count = models.PositiveIntegerField()
    edge_count = models.PositiveIntegerField()
    active = models.BooleanField(default=False)
    imported_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("road network")
        verbose_name_plural = _("road networks")
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=models.Q(active=True),
                                    name="one_active_road_network"),
        ]

    def __str__(self) -> str:
        return self.name


class ClosureKind(models.TextChoices):
    AREA = "area", _("No-go area")
    ROAD = "road", _("Closed road")


class RoadClosure(ReplicatedModel):
    """A closed road segment or a no-go area, valid for a window. Every route avoids it."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=8, choices=ClosureKind.choices)
    geometry = models.JSONField(_("geometry"))  # GeoJSON Polygon (area) or LineString (road)
    reason = models.CharField(_("reason"), max_length=300, validators=[validate_text])
    valid_from = models.DateTimeField(_("valid from"), default=now)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")

    class Meta:
        verbose_name = _("road closure")
        verbose_name_plural = _("road closures")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.reason}"
