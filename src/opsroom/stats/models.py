"""The read side of statistics, and the reports kept.

``DailyCount`` is a rollup: how many incidents were received on each local day, in each
district, of each type, owned by each agency. The database keeps it, by triggers on the
incidents table (opsroom.stats.rollup), in the same transaction as every write to an
incident, whoever makes it: an action, sync's bulk apply, a merge. So it can never
disagree with the incidents table, and ``opsroom stats rebuild`` recounts it from scratch.
Its keys are text (the district '' when an incident has none) so that one unique index
holds on SQLite and PostgreSQL alike. It is derived, so it is not replicated: every site
counts what it holds.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opsroom.core.clock import now
from opsroom.core.ids import uuid7


class DailyCount(models.Model):
    day = models.DateField()
    district = models.CharField(max_length=36, default="")  # District.id as text, or ''
    type = models.CharField(max_length=48)  # IncidentType.code
    agency = models.CharField(max_length=36)  # the owner agency's id as text
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "district", "type", "agency"],
                                    name="stats_dailycount_key"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.district or '-'} {self.type}: {self.n}"


class RollupState(models.Model):
    """Which time zone the rollup's days are in: a change of OPSROOM_TIME_ZONE recounts."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    time_zone = models.CharField(max_length=64)
    rebuilt_at = models.DateTimeField(default=now)


class Lang(models.TextChoices):
    AR = "ar", _("Arabic")
    EN = "en", _("English")


class Report(models.Model):
    """A weekly CompStat report as it was made: kept, listed, served again unchanged."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    week = models.CharField(_("week"), max_length=8)  # YYYY-Www
    lang = models.CharField(_("language"), max_length=2, choices=Lang.choices)
    # Whose incidents it counts: an agency's own, or None for every agency (the room).
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveSmallIntegerField(default=1)
    generated_at = models.DateTimeField(_("made"), default=now)
    # None: made on schedule by `opsroom serve`.
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-week", "-generated_at"]
        indexes = [models.Index(fields=["week", "lang", "agency"])]

    def __str__(self) -> str:
        return f"CompStat {self.week} ({self.lang})"
