"""Errors an action or access function raises; the API turns each into a clear 4xx."""

from __future__ import annotations


class OpsError(Exception):
    status = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"detail": self.message}
        if self.field:
            body["field"] = self.field
        return body


class InvalidInput(OpsError):
    status = 422


class Forbidden(OpsError):
    status = 403


class NotFound(OpsError):
    """Also raised for another agency's record, so its existence never leaks."""

    status = 404


class Conflict(OpsError):
    """The request is well formed but the record's state refuses it (an illegal transition)."""

    status = 409
