"""The ``opsroom`` command as a newcomer and an operator use it: real processes, a real
database file under a temporary OPSROOM_DATA_DIR."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

OPSROOM = [sys.executable, "-m", "opsroom.cli"]


def run(
    args: list[str], env: dict[str, str], check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(OPSROOM + args, env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A migrated, demo-loaded database shared by this module's tests (SQLite on purpose: the
    embedded default a newcomer gets)."""
    data_dir = tmp_path_factory.mktemp("opsroom-data")
    env = {**os.environ, "OPSROOM_DATA_DIR": str(data_dir), "OPSROOM_DATABASE_URL": "",
           # No synthetic history (tests/stats/test_demo_history.py): its tens of thousands
           # of incidents cost seconds, and the simulator test counts the incidents it made.
           "OPSROOM_DEMO_HISTORY_DAYS": "0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run(["migrate", "--quiet"], env)
    first = run(["demo", "load"], env)
    env["FIRST_LOAD_OUTPUT"] = first.stdout
    return env


def test_help_lists_the_commands() -> None:
    out = subprocess.run([*OPSROOM, "--help"], capture_output=True, text=True).stdout
    for command in ("migrate", "demo", "serve", "token", "audit"):
        assert command in out


def test_first_load_prints_each_demo_password_once(demo_env: dict[str, str]) -> None:
    first = demo_env["FIRST_LOAD_OUTPUT"]
    for username in ("calltaker", "dispatcher", "supervisor", "records", "judicial", "analyst",
                     "protection", "inspector", "admin", "dispatcher2", "field1", "records-sd",
                     "records-birka", "protection2", "monitor"):
        assert f"  {username} " in first, username
    second = run(["demo", "load"], demo_env).stdout
    assert "calltaker" not in second and "already loaded" in second


def test_demo_lives_in_the_data_dir(demo_env: dict[str, str]) -> None:
    database = Path(demo_env["OPSROOM_DATA_DIR"]) / "opsroom.sqlite3"
    assert database.exists()
    with sqlite3.connect(database) as conn:
        assert conn.execute("select count(*) from accounts_user").fetchone()[0] == 21
        assert conn.execute("select count(*) from geo_district").fetchone()[0] >= 10
        assert conn.execute("select count(*) from dispatch_unit").fetchone()[0] >= 30
        assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"


# Run inside the demo's environment: what a records officer, the dispatcher, the raid's
# commander and the public see of the demo's campaigns, through the API.
_CAMPAIGNS_SEEN = """
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsroom.settings")
import django
django.setup()
from django.test import Client
from opsroom.accounts.actions import do_create_token
from opsroom.accounts.models import User
from opsroom.campaigns.models import Campaign, Handover, Operation

def api(username):
    _, raw = do_create_token(None, User.objects.get(username=username), name="test",
                             scopes=["read"])
    return Client(HTTP_AUTHORIZATION="Bearer " + raw)

campaign = Campaign.objects.get(name_en="Expanded weapons collection campaign")
handovers = Handover.objects.filter(campaign=campaign)
planned = Operation.objects.get(status="planned")
public = Client().get(f"/public/campaigns/{campaign.id}").json()
print(json.dumps({
    "handovers": handovers.count(), "synthetic": handovers.filter(synthetic=False).count() == 0,
    "districts": handovers.values("district").distinct().count(),
    "weeks": handovers.values("week").distinct().count(),
    "commander": planned.commander.username,
    "dispatcher": api("dispatcher").get(f"/api/v1/operations/{planned.id}").status_code,
    "dispatcher_list": [o["id"] for o in
                        api("dispatcher").get("/api/v1/operations").json()["items"]],
    "seen_by_commander": api(planned.commander.username).get(
        f"/api/v1/operations/{planned.id}").status_code,
    "planned": str(planned.id),
    "public_items": public["items"], "public_cells": len(public["cells"]),
}))
"""


def test_the_demo_runs_campaigns_and_keeps_a_planned_raid_secret(
        demo_env: dict[str, str]) -> None:
    assert "SYNTHETIC handovers" in demo_env["FIRST_LOAD_OUTPUT"]
    result = subprocess.run([sys.executable, "-c", _CAMPAIGNS_SEEN], env=demo_env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["handovers"] >= 300 and seen["synthetic"]
    assert seen["districts"] >= 5 and seen["weeks"] >= 6
    # The planned raid: 404 for the room's dispatcher (as for one that does not exist), and
    # not in the dispatcher's list; its commander, a supervisor, sees it.
    assert seen["dispatcher"] == 404 and seen["planned"] not in seen["dispatcher_list"]
    assert seen["commander"] == "supervisor" and seen["seen_by_commander"] == 200
    assert seen["public_items"] > 0 and seen["public_cells"] > 0


def test_token_create_prints_only_the_token_last(demo_env: dict[str, str]) -> None:
    result = run(["token", "create", "dispatcher"], demo_env)
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("ops_") and " " not in token
    missing = run(["token", "create", "nobody"], demo_env, check=False)
    assert missing.returncode != 0 and "nobody" in missing.stderr


def test_audit_verify_detects_tampering(demo_env: dict[str, str]) -> None:
    assert "intact" in run(["audit", "verify"], demo_env).stdout
    database = Path(demo_env["OPSROOM_DATA_DIR"]) / "opsroom.sqlite3"
    with sqlite3.connect(database) as conn:
        seq = conn.execute("select seq from audit_auditentry order by seq limit 1 offset 3") \
            .fetchone()[0]
        original = conn.execute("select action from audit_auditentry where seq=?", (seq,)) \
            .fetchone()[0]
        conn.execute("update audit_auditentry set action='x' where seq=?", (seq,))
    try:
        broken = run(["audit", "verify"], demo_env, check=False)
        assert broken.returncode != 0 and f"entry {seq}" in broken.stderr
    finally:
        with sqlite3.connect(database) as conn:
            conn.execute("update audit_auditentry set action=? where seq=?", (original, seq))


def test_audit_anchor_is_published_and_verified(demo_env: dict[str, str]) -> None:
    anchored = run(["audit", "anchor"], demo_env)
    assert "anchored entry" in anchored.stdout
    anchors = Path(demo_env["OPSROOM_DATA_DIR"]) / "audit-anchors.jsonl"
    assert anchors.exists()
    assert "anchors agree" in run(["audit", "verify"], demo_env).stdout
    forged = anchors.with_name("forged.jsonl")
    forged.write_text('{"seq": 2, "hash": "' + "f" * 64 + '"}\n')
    broken = run(["audit", "verify", "--anchors", str(forged)], demo_env, check=False)
    assert broken.returncode == 1 and "entry 2" in broken.stderr


def test_token_scopes_and_expiry_from_the_command_line(demo_env: dict[str, str]) -> None:
    made = run(["token", "create", "field1", "--scope", "device", "--days", "7"], demo_env)
    assert "scopes device" in made.stderr and made.stdout.strip().startswith("ops_")
    bad = run(["token", "create", "field1", "--days", "0"], demo_env, check=False)
    assert bad.returncode == 2 and "days" in bad.stderr


def test_simulator_creates_and_handles_calls(demo_env: dict[str, str]) -> None:
    result = run(["demo", "simulate", "--calls-per-hour", "3000", "--speed", "60",
                  "--duration", "6", "--seed", "7"], demo_env)
    assert "call BNG-OPS-" in result.stdout
    assert "assign " in result.stdout
    assert " repeats " in result.stdout and "merged " in result.stdout  # duplicate callers
    database = Path(demo_env["OPSROOM_DATA_DIR"]) / "opsroom.sqlite3"
    with sqlite3.connect(database) as conn:
        assert conn.execute("select count(*) from incidents_incident").fetchone()[0] > 5
        assert conn.execute(
            "select count(*) from incidents_incident where status != 'new'").fetchone()[0] > 0


def test_simulator_refuses_production(demo_env: dict[str, str]) -> None:
    env = {**demo_env, "OPSROOM_ENV": "production", "OPSROOM_SECRET_KEY": "x" * 50,
           "OPSROOM_ALLOWED_HOSTS": "ops.example"}
    result = run(["demo", "simulate", "--duration", "1"], env, check=False)
    assert result.returncode != 0 and "production" in result.stderr


def test_production_refuses_to_start_without_a_secret(demo_env: dict[str, str]) -> None:
    env = {**demo_env, "OPSROOM_ENV": "production"}
    env.pop("OPSROOM_SECRET_KEY", None)
    result = run(["migrate"], env, check=False)
    assert result.returncode != 0 and "OPSROOM_SECRET_KEY" in result.stderr


def test_serve_answers_over_real_http(demo_env: dict[str, str]) -> None:
    """`opsroom serve` (uvicorn, ASGI): health, static assets, the Arabic console, the API."""
    import json
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = run(["token", "create", "calltaker"], demo_env).stdout.strip().splitlines()[-1]
    server = subprocess.Popen([*OPSROOM, "serve", "--port", str(port)], env=demo_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/readyz") as response:
                    assert json.load(response)["status"] == "ready"
                    break
            except OSError:
                time.sleep(0.1)
        with urllib.request.urlopen(f"{base}/static/opsroom/console.css") as response:
            assert b"inline-start" in response.read()
        with urllib.request.urlopen(f"{base}/login/") as response:
            assert '<html lang="ar" dir="rtl">' in response.read().decode()
        request = urllib.request.Request(
            f"{base}/api/v1/incidents", method="POST",
            data=json.dumps({"type": "robbery", "location": {"lat": 32.1, "lon": 20.07}}).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            assert response.status == 201
            assert json.load(response)["district"] is not None
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["agency", "create", "Bad Code", "--name-ar", "س", "--name-en", "x", "--kind",
          "police_station"], "(code)"),
        (["agency", "create", "bng-x", "--name-ar", "س", "--name-en", "x", "--kind", "army"],
         "(kind)"),
        (["agency", "create", "bng-ops", "--name-ar", "س", "--name-en", "x", "--kind",
          "police_station"], "already exists"),
        (["user", "create", "newbie", "--agency", "bng-ops", "--role", "general"], "(role)"),
        (["user", "create", "calltaker", "--agency", "bng-ops", "--role", "calltaker"],
         "already exists"),
        (["user", "create", "newbie", "--agency", "bng-ops", "--role", "calltaker"],
         "(password)"),
    ],
)
def test_admin_commands_refuse_bad_input_clearly(
    demo_env: dict[str, str], args: list[str], message: str
) -> None:
    env = {**demo_env, "OPSROOM_NEW_PASSWORD": "short"}
    result = run(args, env, check=False)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_admin_commands_create_an_agency_and_a_user(demo_env: dict[str, str]) -> None:
    run(["agency", "create", "bng-ps-hawari", "--name-ar", "مركز شرطة الهواري",
         "--name-en", "Al-Hawari Police Station", "--kind", "police_station"], demo_env)
    env = {**demo_env, "OPSROOM_NEW_PASSWORD": "a long enough passphrase"}
    out = run(["user", "create", "hawari-desk", "--agency", "bng-ps-hawari", "--role",
               "calltaker"], env).stdout
    assert "created user hawari-desk" in out
