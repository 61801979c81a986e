"""The base every replicated table shares, so multi-site sync needs no model migration."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from opsroom.core.clock import now
from opsroom.core.ids import uuid7


def current_site_code() -> str:
    return str(settings.SITE_CODE)


class ReplicatedModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    origin_site = models.CharField(max_length=32, default=current_site_code, editable=False)
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def bump(self) -> None:
        """Mark a change made by an action: sync compares versions and times."""
        self.version += 1
        self.updated_at = now()


class ChangeEvent(models.Model):
    """One committed change, written in the same transaction as the change itself.

    The console's live stream and the API stream read this table: ``seq`` is the event id a
    reconnecting client resumes from, and because it is written with the change, no process
    (the server, the simulator, a management command) can change a record unseen.
    """

    seq = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(default=now, db_index=True)
    kind = models.CharField(max_length=32)
    record_id = models.CharField(max_length=64)
    action = models.CharField(max_length=32)
    # The agency that owns the record: the access rules filter the stream on it.
    agency_id = models.UUIDField(null=True)
    version = models.PositiveIntegerField(default=1)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq} {self.kind} {self.record_id} {self.action}"
