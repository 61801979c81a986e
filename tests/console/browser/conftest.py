"""Real headless Chromium (Debian's package) driven by Playwright against a live server.

`make test` installs Chromium when it is missing (scripts/ensure-chromium.sh) and names it in
OPSROOM_CHROMIUM. Screenshots go to OPSROOM_ARTIFACTS (default: var/test-artifacts).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API keeps an event loop on the test's thread; the test's own database
# calls are still plain synchronous code, so Django's guard against ORM calls from inside an
# event loop does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"  # what the make_user factory sets


def current_code(username: str) -> str:
    """What the user's authenticator app shows now (enrolling them first if needed)."""
    from opsroom.accounts.actions import do_start_totp
    from opsroom.accounts.models import User
    from opsroom.accounts.totp import code_at, current_step

    user = User.objects.get(username=username)
    secret = user.totp_secret or do_start_totp(user)
    # A code works once: a second sign-in within the same 30 s takes the next step's code,
    # which the server accepts for clock drift.
    return code_at(secret, max(current_step(), user.totp_last_step + 1))


def chromium_path() -> str:
    for candidate in (os.environ.get("OPSROOM_CHROMIUM"), shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium is missing: run the suite with `make test`, which installs it")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    root = Path(os.environ.get("OPSROOM_ARTIFACTS") or Path.cwd() / "var" / "test-artifacts")
    root.mkdir(parents=True, exist_ok=True)
    return root


class Screen:
    """One signed-in browser context: a user at their own screen."""

    def __init__(self, browser: Any, base_url: str, username: str,
                 viewport: tuple[int, int] = (1366, 768)) -> None:
        self.context = browser.new_context(
            base_url=base_url, viewport={"width": viewport[0], "height": viewport[1]},
            locale="ar-LY", timezone_id="Africa/Tripoli",
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.goto("/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("button.primary")
        self.page.wait_for_load_state()
        if "/login/2fa/" in self.page.url:  # the role needs its second factor
            self.page.fill("#id_code", current_code(username))
            self.page.click("button.primary")
            self.page.wait_for_load_state()

    def open(self, path: str) -> Any:
        self.page.goto(path)
        if self.page.locator("#live").count() and self.page.locator("#boot").count():
            self.page.wait_for_selector("#live:not([hidden]):not(.down)", timeout=5000)
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def screen(browser: Any, opsroom_server: Any) -> Iterator[Callable[..., Screen]]:
    opened: list[Screen] = []

    def open_screen(username: str, viewport: tuple[int, int] = (1366, 768)) -> Screen:
        opened.append(Screen(browser, opsroom_server.url, username, viewport))
        return opened[-1]

    yield open_screen
    errors = [f"{s.page.url}: {e}" for s in opened for e in s.errors]
    for s in opened:
        s.close()
    assert errors == [], "the browser console reported errors"
