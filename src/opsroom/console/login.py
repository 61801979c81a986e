"""The console's sign-in, with back-off: after LOGIN_MAX_FAILURES wrong passwords for one
username within the window, further attempts get HTTP 429 (and are audited) until it
passes, even with the right password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from opsroom.accounts import backoff
from opsroom.audit.actions import do_audit


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
            minutes = max(1, -(-wait // 60))
            context = self.get_context_data(form=self.get_form())
            context["blocked"] = _("Too many failed sign-ins. Try again in %(minutes)d min.") % {
                "minutes": minutes}
            response = self.render_to_response(context, status=429)
            response["Retry-After"] = str(wait)
            return response
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form came back: wrong username or password
            backoff.do_record_failure(key, "login", addr)
        else:
            backoff.do_clear_failures(key)
            do_audit(request.user if request.user.is_authenticated else None,
                     "login", "user", getattr(request.user, "pk", ""),
                     detail={"client": addr or ""})
        return response
