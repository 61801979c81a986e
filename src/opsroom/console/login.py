"""The console's sign-in: password with back-off, then (for the roles that need it) a
TOTP code, and a fresh confirmation before sensitive reads.

Back-off: after LOGIN_MAX_FAILURES wrong passwords (or codes) for one username within the
window, further attempts get HTTP 429 (and are audited) until it passes, even when right.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from opsroom.accounts import backoff
from opsroom.accounts.actions import do_start_totp, do_verify_totp
from opsroom.accounts.middleware_2fa import SECOND_FACTOR
from opsroom.accounts.proof import note_proof
from opsroom.accounts.roles import role_needs_totp
from opsroom.accounts.totp import provisioning_uri
from opsroom.audit.actions import do_audit


def _blocked_response(request: HttpRequest, template: str, context: dict[str, Any],
                      wait: int) -> HttpResponse:
    minutes = max(1, -(-wait // 60))
    context["blocked"] = _("Too many failed sign-ins. Try again in %(minutes)d min.") % {
        "minutes": minutes}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class ConsoleLoginView(auth_views.LoginView):
    template_name = "console/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))
        key = backoff.user_key(username)
        addr = request.META.get("REMOTE_ADDR")
        wait = backoff.blocked_for(key)
        if wait:
            backoff.do_note_blocked(key, "login", addr, wait)
            context = self.get_context_data(form=self.get_form())
            return _blocked_response(request, self.template_name, context, wait)
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form came back: wrong username or password
            backoff.do_record_failure(key, "login", addr)
            return response
        backoff.do_clear_failures(key)
        user: Any = request.user
        do_audit(user, "login", "user", user.pk, detail={"client": addr or ""})
        note_proof(request)
        if role_needs_totp(user.role):
            request.session[SECOND_FACTOR] = False
            target = reverse("console:second_factor")
            next_url = _safe_next(request, "")
            return HttpResponseRedirect(f"{target}?next={next_url}" if next_url else target)
        request.session[SECOND_FACTOR] = True
        return response


def _code_form(request: HttpRequest, template: str, extra: dict[str, Any]) -> HttpResponse:
    """POST handling shared by the second factor and the re-confirmation pages."""
    user: Any = request.user
    key = backoff.user_key(user.username)
    addr = request.META.get("REMOTE_ADDR")
    wait = backoff.blocked_for(key)
    if wait:
        backoff.do_note_blocked(key, "totp", addr, wait)
        return _blocked_response(request, template, extra, wait)
    ok = True
    if extra.get("ask_password"):
        ok = user.check_password(request.POST.get("password", ""))
    if ok and extra.get("ask_code"):
        ok = do_verify_totp(user, request.POST.get("code", ""))
    if not ok:
        backoff.do_record_failure(key, "totp" if extra.get("ask_code") else "login", addr)
        extra["error"] = True
        return render(request, template, extra, status=200)
    backoff.do_clear_failures(key)
    request.session[SECOND_FACTOR] = True
    note_proof(request)
    return HttpResponseRedirect(_safe_next(request, reverse("console:board")))


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """The code from the authenticator app; on first use, the enrolment (secret and URI)."""
    user: Any = request.user
    if not role_needs_totp(user.role):
        return HttpResponseRedirect(reverse("console:board"))
    context: dict[str, Any] = {"ask_code": True, "next": _safe_next(request, "")}
    if user.totp_confirmed_at is None:
        secret = do_start_totp(user)
        context["enrol_secret"] = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
        context["enrol_uri"] = provisioning_uri(secret, user.username,
                                                f"opsroom {settings.SITE_CODE}")
    if request.method == "POST":
        return _code_form(request, "console/second_factor.html", context)
    return render(request, "console/second_factor.html", context)


@login_required
def confirm(request: HttpRequest) -> HttpResponse:
    """Prove it is still you (password, and code where needed) before a sensitive read."""
    user: Any = request.user
    context: dict[str, Any] = {"ask_password": True, "ask_code": role_needs_totp(user.role),
                               "next": _safe_next(request, ""), "confirming": True}
    if request.method == "POST":
        return _code_form(request, "console/second_factor.html", context)
    return render(request, "console/second_factor.html", context)


def admin_sign_in(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin site has no sign-in of its own: the console's, with its back-off, audit
    and second factor, is the only one (opsroom.urls puts this in place of the admin's)."""
    target = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('console:login')}?next={quote(target)}")
