"""The base every replicated table shares: global ids, the site that made the row, and the
hybrid logical clocks multi-site sync merges by (see opsroom.sync)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from opsroom.core.clock import now
from opsroom.core.ids import uuid7
from opsroom.core.replication import current_capture

M = TypeVar("M", bound=models.Model)


def current_site_code() -> str:
    return str(settings.SITE_CODE)


class Replicated:
    """Capture for multi-site sync: every save of a replicated row stamps the changed fields
    with a hybrid logical clock and writes the row to the sync outbox in the same
    transaction (opsroom.sync.capture, which plugs itself in through
    opsroom.core.replication). Rows read from the database remember the values they were
    read with, so a save knows which fields it changed."""

    _loaded_values: dict[str, Any]

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)  # type: ignore[misc]
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def save(self, *args: Any, **kwargs: Any) -> None:
        capture = current_capture()
        if capture is None:  # no sync between sites installed
            super().save(*args, **kwargs)  # type: ignore[misc]
            return
        # One transaction: the row and its outbox entry are committed together or not at
        # all. Inside an action's transaction no savepoint of its own (two statements a
        # row): an error aborts the whole action anyway.
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            kwargs["update_fields"] = capture.before_save(self, kwargs.get("update_fields"))
            super().save(*args, **kwargs)  # type: ignore[misc]
            capture.after_save(self)


def create_replicated(model: type[M], rows: list[M]) -> list[M]:
    """New rows of one replicated table in one INSERT, each captured for sync as its own
    ``save()`` would be (no signals are sent, as with any bulk insert)."""
    capture = current_capture()
    with transaction.atomic(savepoint=False):
        if capture is not None:
            for row in rows:
                capture.before_save(row, None)
        made = model._default_manager.bulk_create(rows)
        if capture is not None:
            for row in made:
                capture.after_save(row)
    return made


class ReplicatedModel(Replicated, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    origin_site = models.CharField(max_length=32, default=current_site_code, editable=False)
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)
    # The hybrid logical clock of the row's latest change, and each field's own clock where
    # it differs from the creation clock ("*"): [hlc, site] pairs, compared as tuples.
    hlc = models.BigIntegerField(default=0, editable=False)
    clocks = models.JSONField(default=dict, editable=False)

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
