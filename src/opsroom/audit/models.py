from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opsroom.core.clock import now
from opsroom.core.models import ReplicatedModel


class AuditEntry(models.Model):
    """One link of the append-only, hash-chained log. Rows are never updated or deleted;
    ``opsroom audit verify`` recomputes the chain and names the first broken link."""

    seq = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("time"), default=now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Copied, not joined: the entry must stay readable if the user or agency changes later.
    actor_username = models.CharField(max_length=150, blank=True)
    agency_code = models.CharField(max_length=32, blank=True)
    role = models.CharField(max_length=32, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_kind = models.CharField(max_length=32)
    object_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    client_addr = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    # How entry_hash was computed: 2 covers every stored column (opsroom.audit.actions);
    # 1 is the first form (entries written before it, which left out the actor's id).
    hash_version = models.PositiveSmallIntegerField(default=2)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_kind", "object_id"]),
            models.Index(fields=["actor", "at"]),
        ]


class AuditHead(models.Model):
    """A single row locked by each writer, so concurrent writers never fork the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default="0" * 64)


class AuditAnchor(ReplicatedModel):
    """The chain's head at a moment, published outside the database (a file other systems
    copy, the live stream, and sync between sites): rewriting the whole chain consistently
    would still disagree with an anchor kept elsewhere."""

    seq = models.BigIntegerField()
    entry_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=now)
    # Ed25519, by the key of the site that took it (opsroom.core.keys), over
    # opsroom.audit.anchors.anchor_message: kept outside the database, so an editor of the
    # database cannot make an anchor that verifies. Empty on anchors taken before signing.
    signature = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq} {self.entry_hash}"
