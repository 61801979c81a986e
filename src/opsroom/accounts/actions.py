"""Every write to agencies, users and API tokens."""

from __future__ import annotations

from django.db import transaction

from opsroom.accounts.models import Agency, ApiToken, User, hash_token
from opsroom.accounts.roles import Role
from opsroom.audit.actions import do_audit
from opsroom.core.clock import now
from opsroom.core.errors import InvalidInput


@transaction.atomic
def do_create_agency(
    actor: User | None, *, code: str, name_ar: str, name_en: str, kind: str
) -> Agency:
    agency = Agency.objects.create(code=code, name_ar=name_ar, name_en=name_en, kind=kind)
    do_audit(actor, "agency.create", "agency", agency.id, detail={"code": code})
    return agency


@transaction.atomic
def do_create_user(
    actor: User | None,
    *,
    username: str,
    password: str,
    agency: Agency,
    role: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    if role not in Role.values:
        raise InvalidInput(f"unknown role '{role}'", field="role")
    user = User(
        username=username, agency=agency, role=role, first_name=first_name, last_name=last_name,
        is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN,
    )
    user.set_password(password)
    user.save(force_insert=True)
    do_audit(actor, "user.create", "user", user.id, detail={"username": username, "role": role})
    return user


@transaction.atomic
def do_set_password(actor: User | None, user: User, password: str) -> None:
    user.set_password(password)
    user.bump()
    user.save(update_fields=["password", "version", "updated_at"])
    do_audit(actor, "user.password", "user", user.id)


@transaction.atomic
def do_set_language(user: User, language: str) -> None:
    if language not in ("ar", "en"):
        raise InvalidInput("language must be 'ar' or 'en'", field="language")
    if user.language != language:
        user.language = language
        user.bump()
        user.save(update_fields=["language", "version", "updated_at"])
        do_audit(user, "user.language", "user", user.id, detail={"language": language})


@transaction.atomic
def do_create_token(actor: User | None, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Returns the token row and the raw token, which is shown once and never stored."""
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(user=user, name=name, token_hash=hash_token(raw))
    do_audit(actor, "token.create", "api_token", token.id, detail={"user": user.username})
    return token, raw


@transaction.atomic
def do_revoke_token(actor: User | None, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = now()
        token.save(update_fields=["revoked_at"])
        do_audit(actor, "token.revoke", "api_token", token.id)


def note_token_used(token: ApiToken) -> None:
    """Last-used time, written at most once a minute so reads stay reads."""
    moment = now()
    if token.last_used_at is None or (moment - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(id=token.id).update(last_used_at=moment)
        token.last_used_at = moment
