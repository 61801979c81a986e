"""Every write to agencies, users and API tokens."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from opsroom.accounts.models import (
    TOKEN_SCOPES,
    Agency,
    AgencyKind,
    ApiToken,
    User,
    default_scopes,
    hash_token,
)
from opsroom.accounts.roles import Role
from opsroom.accounts.totp import matching_step, new_secret
from opsroom.audit.actions import do_audit
from opsroom.core.clock import now
from opsroom.core.errors import InvalidInput
from opsroom.core.text import check_name

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
_USERNAME = re.compile(r"[\w.@+-]{1,150}")


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password") from None


@transaction.atomic
def do_create_agency(
    actor: User | None, *, code: str, name_ar: str, name_en: str, kind: str
) -> Agency:
    if not _SLUG.fullmatch(code):
        raise InvalidInput("a code is lowercase letters, digits and hyphens", field="code")
    if Agency.objects.filter(code=code).exists():
        raise InvalidInput(f"an agency with code '{code}' already exists", field="code")
    if kind not in AgencyKind.values:
        raise InvalidInput(f"kind must be one of: {', '.join(AgencyKind.values)}", field="kind")
    for field, value in (("name_ar", name_ar), ("name_en", name_en)):
        check_name(value, field)
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
        raise InvalidInput(f"role must be one of: {', '.join(Role.values)}", field="role")
    if not _USERNAME.fullmatch(username):
        raise InvalidInput("a username is 1-150 letters, digits and @.+-_", field="username")
    if User.objects.filter(username=username).exists():
        raise InvalidInput(f"a user named '{username}' already exists", field="username")
    _check_password(password)
    check_name(first_name, "first_name", required=False)
    check_name(last_name, "last_name", required=False)
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
    _check_password(password, user)
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
def do_set_digits(user: User, arabic_digits: bool) -> None:
    """Arabic-Indic (٠١٢) or Western (012) digits on this user's screens."""
    if user.arabic_digits != arabic_digits:
        user.arabic_digits = arabic_digits
        user.bump()
        user.save(update_fields=["arabic_digits", "version", "updated_at"])
        do_audit(user, "user.digits", "user", user.id, detail={"arabic_digits": arabic_digits})


@transaction.atomic
def do_create_token(
    actor: User | None, user: User, name: str = "", scopes: list[str] | None = None,
    days: int | None = None,
) -> tuple[ApiToken, str]:
    """Returns the token row and the raw token, which is shown once and never stored.

    Every token expires: after ``days`` (default OPSROOM_TOKEN_DAYS, at most 366)."""
    scopes = list(scopes) if scopes else default_scopes()
    unknown = [scope for scope in scopes if scope not in TOKEN_SCOPES]
    if unknown:
        raise InvalidInput(f"unknown scope {unknown[0]!r}; use read, write, device or caller",
                           field="scopes")
    days = settings.TOKEN_DAYS if days is None else days
    if not 1 <= days <= 366:
        raise InvalidInput("a token lives 1 to 366 days", field="days")
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(
        user=user, name=name, token_hash=hash_token(raw), scopes=sorted(set(scopes)),
        expires_at=now() + timedelta(days=days),
    )
    do_audit(actor, "token.create", "api_token", token.id,
             detail={"user": user.username, "scopes": token.scopes, "days": days})
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


@transaction.atomic
def do_start_totp(user: User) -> str:
    """The secret ``user`` enrols with: made once, kept (unconfirmed) until a code proves
    they hold it, so the enrolment page shows the same key however often it is opened."""
    if not user.totp_secret:
        user.totp_secret = new_secret()
        user.save(update_fields=["totp_secret"])
    return user.totp_secret


@transaction.atomic
def do_verify_totp(user: User, code: str) -> bool:
    """Check a code (and confirm enrolment on the first good one); a code works once."""
    locked = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    step = matching_step(locked.totp_secret, code, locked.totp_last_step)
    if step is None:
        return False
    locked.totp_last_step = step
    fields = ["totp_last_step"]
    if locked.totp_confirmed_at is None:
        locked.totp_confirmed_at = now()
        fields.append("totp_confirmed_at")
        do_audit(locked, "user.totp.enrol", "user", locked.id)
    locked.save(update_fields=fields)
    user.totp_last_step, user.totp_confirmed_at = locked.totp_last_step, locked.totp_confirmed_at
    return True


@transaction.atomic
def do_enrol_totp_for_demo(user: User) -> str:
    """The demo's users get a confirmed secret at load, printed with their password."""
    user.totp_secret = new_secret()
    user.totp_confirmed_at = now()
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    do_audit(None, "user.totp.enrol", "user", user.id, detail={"demo": True})
    return user.totp_secret


@transaction.atomic
def do_reset_totp(actor: User | None, user: User) -> None:
    """A lost phone: the user enrols again at their next sign-in."""
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = "", None, 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    do_audit(actor, "user.totp.reset", "user", user.id)
