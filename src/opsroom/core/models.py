"""The base every replicated table shares, so multi-site sync needs no model migration."""

from __future__ import annotations

from django.conf import settings
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
