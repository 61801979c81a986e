"""The Django admin: every write it makes joins the audit chain with before and after, a
role granted there is on the inspector's report, and it has no sign-in of its own (found by
a hostile test: role changes in /admin/ left the chain untouched, and /admin/login/ took
twelve wrong passwords without a back-off, an audit entry or a second factor)."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from opsroom.accounts.middleware_2fa import SECOND_FACTOR
from opsroom.accounts.models import FailedLogin, User
from opsroom.audit.models import AuditEntry
from opsroom.audit.queries import verify_chain
from opsroom.core.clock import now
from opsroom.geo.models import Place

pytestmark = pytest.mark.usefixtures("benghazi")
PASSWORD = "correct horse battery staple"


class FormFields(HTMLParser):
    """The values a browser would submit with the admin's change form."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.data[name] = "on"
            else:
                self.data[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [] if "multiple" in a else "")
        elif tag == "option" and self._select and "selected" in a:
            if isinstance(self.data[self._select], list):
                self.data[self._select].append(a.get("value", ""))
            else:
                self.data[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data


def admin_client(make_user: Any) -> tuple[Client, User]:
    admin_user = make_user("admin")
    client = Client()
    client.force_login(admin_user)
    session = client.session
    session[SECOND_FACTOR] = True
    session.save()
    return client, admin_user


def change(client: Client, url: str, **values: Any) -> Any:
    page = client.get(url)
    assert page.status_code == 200, url
    fields = FormFields()
    fields.feed(page.content.decode())
    fields.data.update(values)
    fields.data.pop("_addanother", None)
    response = client.post(url, {**fields.data, "_save": "Save"})
    if response.status_code == 200 and response.context:  # the form came back: say why
        form = response.context["adminform"].form
        raise AssertionError(f"the admin refused the change: {form.errors.as_json()}")
    return response


def test_a_role_granted_in_the_admin_is_in_the_chain_and_on_the_inspector_s_report(
    make_user: Any, api_as: Any
) -> None:
    client, admin_user = admin_client(make_user)
    analyst = make_user("analyst")
    done = change(client, f"/admin/accounts/user/{analyst.pk}/change/", role="inspector")
    assert done.status_code == 302, done.content.decode()[:2000]
    analyst.refresh_from_db()
    assert analyst.role == "inspector"
    grant = AuditEntry.objects.get(action="user.role", object_id=str(analyst.pk))
    assert grant.actor_username == admin_user.username
    assert grant.detail == {"username": analyst.username, "before": "analyst",
                            "after": "inspector", "via": "admin"}
    edit = AuditEntry.objects.get(action="admin.change", object_id=str(analyst.pk))
    assert edit.detail["fields"]["role"] == ["analyst", "inspector"]
    assert verify_chain().ok
    rows = api_as("inspector").get(
        "audit/privileges", since=(now() - timedelta(hours=1)).isoformat(),
        until=(now() + timedelta(minutes=1)).isoformat(), purpose="monthly review").json()
    assert [(r["action"], r["detail"].get("after")) for r in rows
            if r["object_id"] == str(analyst.pk)][-1] == ("user.role", "inspector")


def test_a_call_sign_and_a_place_name_changed_in_the_admin_are_audited_before_and_after(
    make_user: Any, make_unit: Any
) -> None:
    client, _ = admin_client(make_user)
    unit = make_unit("ALPHA-1")
    assert change(client, f"/admin/dispatch/unit/{unit.pk}/change/",
                  call_sign="ALPHA-9").status_code == 302
    entry = AuditEntry.objects.get(action="admin.change", object_id=str(unit.pk))
    assert entry.detail["fields"]["call_sign"] == ["ALPHA-1", "ALPHA-9"]
    place = Place.objects.order_by("code").first()
    assert place is not None
    assert change(client, f"/admin/geo/place/{place.pk}/change/",
                  name_en="Renamed").status_code == 302
    renamed = AuditEntry.objects.get(action="admin.change", object_id=str(place.pk))
    assert renamed.detail["fields"]["name_en"] == [place.name_en, "Renamed"]
    assert verify_chain().ok


def test_a_password_set_in_the_admin_is_audited_without_the_password(make_user: Any) -> None:
    client, _ = admin_client(make_user)
    user = make_user("dispatcher")
    url = f"/admin/accounts/user/{user.pk}/password/"
    new = "another long passphrase here"
    done = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert done.status_code == 302
    entry = AuditEntry.objects.get(action="user.password", object_id=str(user.pk))
    assert new not in str(entry.detail) and entry.detail == {"via": "admin"}


def test_the_admin_has_no_sign_in_of_its_own(make_user: Any) -> None:
    make_user("admin", username="boss")
    client = Client()
    for _ in range(12):
        guessed = client.post("/admin/login/", {"username": "boss", "password": "wrong"})
        assert guessed.status_code == 302 and guessed.url.startswith("/login/?next=")
    right = client.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert right.status_code == 302 and right.url.startswith("/login/")
    assert client.get("/admin/").status_code == 302  # still nobody
    # The console's sign-in is the only one, with its back-off and its record.
    for _ in range(5):
        client.post("/login/", {"username": "boss", "password": "wrong"})
    assert client.post("/login/", {"username": "boss", "password": PASSWORD}).status_code == 429
    assert AuditEntry.objects.filter(action="login.failed").count() == 5
    assert FailedLogin.objects.filter(key="user:boss").count() == 5


def test_an_administrator_s_own_password_change_in_the_admin_is_audited(
    make_user: Any,
) -> None:
    client, admin_user = admin_client(make_user)
    new = "a brand new passphrase for me"
    done = client.post("/admin/password_change/", {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert done.status_code == 302
    entry = AuditEntry.objects.get(action="user.password")
    assert entry.object_id == str(admin_user.pk) and new not in str(entry.detail)
