"""Production settings pass Django's deployment checks, and refuse to start without a
real secret."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path


def check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    # Nothing of the test process leaks in (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OPSROOM_", "DJANGO_"))}
    clean.update({"OPSROOM_ENV": "production", "OPSROOM_DATA_DIR": str(tmp_path),
                  "OPSROOM_ALLOWED_HOSTS": "ops.example.ly", **env})
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING",
         "--settings", "opsroom.settings"],
        env=clean, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    done = check_deploy(tmp_path, OPSROOM_SECRET_KEY=secrets.token_urlsafe(50),
                        OPSROOM_RECEIPT_KEY=secrets.token_urlsafe(32))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_a_missing_or_short_receipt_key(tmp_path: Path) -> None:
    # The campaigns' receipts are checked by a keyed hash: the development key proves nothing.
    for key in ("", "short"):
        done = check_deploy(tmp_path, OPSROOM_SECRET_KEY=secrets.token_urlsafe(50),
                            OPSROOM_RECEIPT_KEY=key)
        assert done.returncode != 0
        assert "OPSROOM_RECEIPT_KEY" in done.stderr


def test_production_refuses_a_missing_or_short_secret(tmp_path: Path) -> None:
    for secret in ("", "short"):
        done = check_deploy(tmp_path, OPSROOM_SECRET_KEY=secret)
        assert done.returncode != 0
        assert "OPSROOM_SECRET_KEY" in done.stderr
