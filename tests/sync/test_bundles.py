"""Signed bundles through the command line: ``opsroom sync export`` and ``import``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Api
from tests.sync.test_merge import wipe_incidents

from opsroom.cli import main
from opsroom.core.keys import public_key_text
from opsroom.incidents.models import Incident, IncidentEvent
from opsroom.sync.actions import do_add_site
from opsroom.sync.digest import site_digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle(tmp_path: Path, api_as: Callable[..., Api],
           new_incident: Callable[..., dict[str, Any]]) -> tuple[Path, dict[str, Any]]:
    """A bundle holding three incidents, written by this site, which knows its own key."""
    api = api_as("dispatcher")
    for i in range(3):
        made = new_incident(api, description=f"call {i}")
        api.post(f"incidents/{made['id']}/notes", {"text": "no network here"})
    do_add_site("BNG-OPS", "hub", None, public_key=public_key_text())
    path = tmp_path / "field-post.bundle"
    assert main(["sync", "export", "--since", "0", "--out", str(path)]) == 0
    return path, site_digest()


def test_a_bundle_carried_on_a_stick_imports_once(
    bundle: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, expected = bundle
    wipe_incidents()
    assert main(["sync", "import", str(path)]) == 0
    assert site_digest() == expected
    assert Incident.objects.count() == 3
    assert main(["sync", "import", str(path)]) == 0
    assert "already imported" in capsys.readouterr().out
    assert site_digest() == expected


@pytest.mark.parametrize("damage", ["header", "body", "truncated", "signature", "not a bundle"])
def test_a_damaged_bundle_is_refused_and_changes_nothing(
    bundle: tuple[Path, dict[str, Any]], damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = bundle
    data = bytearray(path.read_bytes())
    if damage == "header":
        data = bytearray(bytes(data).replace(b'"since": 0', b'"since": 1', 1))
    elif damage == "body":
        data[-20] ^= 0xFF
    elif damage == "truncated":
        data = data[: len(data) - 40]
    elif damage == "signature":
        lines = bytes(data).split(b"\n", 3)
        lines[2] = lines[2][:10] + (b"A" if lines[2][10:11] != b"A" else b"B") + lines[2][11:]
        data = bytearray(b"\n".join(lines))
    else:
        data = bytearray(b"hello\n" + bytes(data))
    path.write_bytes(bytes(data))
    wipe_incidents()
    before = site_digest()
    assert main(["sync", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "nothing was changed" in err
    assert site_digest() == before
    assert not IncidentEvent.objects.exists()


def test_a_bundle_from_an_unknown_site_is_refused(
    bundle: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    from opsroom.sync.models import Site

    path, _ = bundle
    Site.objects.filter(code="BNG-OPS").delete()
    wipe_incidents()
    assert main(["sync", "import", str(path)]) == 2
    assert "unknown site 'BNG-OPS'" in capsys.readouterr().err
    assert not Incident.objects.exists()


def test_a_bundle_signed_by_another_key_is_refused(
    bundle: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path, _ = bundle
    do_add_site("BNG-OPS", "hub", None, public_key=public_key_text(Ed25519PrivateKey.generate()))
    wipe_incidents()
    assert main(["sync", "import", str(path)]) == 2
    assert "signature does not match" in capsys.readouterr().err
    assert not Incident.objects.exists()


def test_export_since_a_cursor_holds_only_later_changes(
    bundle: tuple[Path, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    api_as: Callable[..., Api], new_incident: Callable[..., dict[str, Any]],
) -> None:
    first = tmp_path / "first.bundle"
    assert main(["sync", "export", "--since", "0", "--out", str(first)]) == 0
    cursor = capsys.readouterr().out.strip().splitlines()[-1].split()[-1]
    new_incident(api_as("dispatcher"), description="later")
    later = tmp_path / "later.bundle"
    assert main(["sync", "export", "--since", cursor, "--out", str(later)]) == 0
    assert "wrote 3 changes" in capsys.readouterr().out  # a new user, an incident, its event
    assert main(["sync", "export", "--since", "yesterday", "--out", str(later)]) == 2
