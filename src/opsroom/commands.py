"""What each ``opsroom`` subcommand does. opsroom.cli parses the command line and sets
Django up before importing this module (models cannot load before that)."""

from __future__ import annotations

import argparse
import gc
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management import call_command

from opsroom.accounts.actions import (
    do_create_agency,
    do_create_token,
    do_create_user,
    do_reset_totp,
    do_revoke_token,
)
from opsroom.accounts.models import Agency, ApiToken, User
from opsroom.accounts.totp import code_at, current_step
from opsroom.audit.anchors import (
    anchors_file,
    do_anchor,
    held_anchor_records,
    start_periodic_anchoring,
    verify_against,
    verify_anchors,
)
from opsroom.audit.queries import verify_chain
from opsroom.core.errors import OpsError
from opsroom.core.retention_actions import do_apply_retention, start_daily_retention
from opsroom.demo.loader import load_demo
from opsroom.demo.simulator import run_simulator
from opsroom.geo.actions import do_load_geography
from opsroom.records.actions import do_check_custody, do_expire_warrants, start_custody_watch
from opsroom.records.search import warm_indexes
from opsroom.roads.actions import do_import_roads
from opsroom.roads.models import RoadNetwork
from opsroom.serving import uvicorn_options
from opsroom.stats.actions import start_weekly_reports
from opsroom.stats.commands import COMMANDS as STATS_COMMANDS
from opsroom.sync.ask import ask_anchors
from opsroom.sync.commands import COMMANDS as SYNC_COMMANDS


def cmd_migrate(args: argparse.Namespace) -> int:
    call_command("migrate", interactive=False, verbosity=0 if args.quiet else 1)
    return 0


def cmd_demo_load(args: argparse.Namespace) -> int:
    load_demo(out=sys.stdout, reset_passwords=args.reset_passwords)
    return 0


def cmd_demo_simulate(args: argparse.Namespace) -> int:
    return run_simulator(
        calls_per_hour=args.calls_per_hour, speed=args.speed, duration_s=args.duration,
        seed=args.seed, out=sys.stdout,
    )


def cmd_user_reset_2fa(args: argparse.Namespace) -> int:
    user = _user(args.username)
    do_reset_totp(None, user)
    print(f"{user.username} enrols a new second factor at the next sign-in")
    return 0


def cmd_demo_totp(args: argparse.Namespace) -> int:
    if settings.PRODUCTION:
        print("opsroom: demo codes are for the demo only", file=sys.stderr)
        return 2
    user = _user(args.username)
    if not user.totp_secret:
        print(f"opsroom: {user.username} has no second factor", file=sys.stderr)
        return 2
    print(code_at(user.totp_secret, current_step()))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    start_periodic_anchoring(settings.AUDIT_ANCHOR_MINUTES)
    start_daily_retention()
    start_custody_watch(settings.CUSTODY_CHECK_SECONDS)
    start_weekly_reports(settings.STATS_REPORT_CHECK_MINUTES)
    warm_indexes()
    # What is loaded by now (Django, the road graph, the name index) lives as long as the
    # process: moved out of the collector's sight, a full collection scans thousands of
    # objects instead of hundreds of thousands, and no request waits ~50 ms behind one.
    gc.collect()
    gc.freeze()

    uvicorn.run(
        "opsroom.asgi:application", host=args.host, port=args.port, lifespan="off",
        log_level=os.environ.get("OPSROOM_LOG_LEVEL", "info").lower(), **uvicorn_options(),
        timeout_graceful_shutdown=3,  # open live streams must not hold a restart up
        # Per-request access lines cost more than a small request; a reverse proxy logs them.
        access_log=os.environ.get("OPSROOM_ACCESS_LOG", "") in ("1", "true"),
    )
    return 0


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        print(f"opsroom: no user named {username!r}", file=sys.stderr)
        raise SystemExit(2)
    return user


def cmd_token_create(args: argparse.Namespace) -> int:
    user = _user(args.username)
    token, raw = do_create_token(None, user, name=args.name, scopes=args.scope, days=args.days)
    assert token.expires_at is not None
    print(f"API token {token.id} for {user.username}, scopes {', '.join(token.scopes)}, "
          f"expires {token.expires_at:%Y-%m-%d} (shown once; store it now):", file=sys.stderr)
    print(raw)
    return 0


def cmd_token_revoke(args: argparse.Namespace) -> int:
    token = ApiToken.objects.filter(id=args.token_id).first()
    if token is None:
        print(f"opsroom: no token {args.token_id}", file=sys.stderr)
        return 2
    do_revoke_token(None, token)
    print(f"revoked {token.id}")
    return 0


def cmd_agency_create(args: argparse.Namespace) -> int:
    agency = do_create_agency(
        None, code=args.code, name_ar=args.name_ar, name_en=args.name_en, kind=args.kind
    )
    print(f"created agency {agency.code}")
    return 0


def cmd_user_create(args: argparse.Namespace) -> int:
    agency = Agency.objects.filter(code=args.agency).first()
    if agency is None:
        print(f"opsroom: no agency with code {args.agency!r}", file=sys.stderr)
        return 2
    password = os.environ.get("OPSROOM_NEW_PASSWORD") or getpass.getpass("Password: ")
    user = do_create_user(
        None, username=args.username, password=password, agency=agency, role=args.role
    )
    print(f"created user {user.username} ({user.role}, {agency.code})")
    return 0


def cmd_records_check(args: argparse.Namespace) -> int:
    alarms = do_check_custody()
    expired = do_expire_warrants()
    print(f"{len(alarms)} custody alarm(s) raised, {expired} warrant(s) expired")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    report = verify_chain()
    if not report.ok:
        print(f"audit chain BROKEN at entry {report.broken_seq}: {report.reason} "
              f"({report.entries} entries verified before it)", file=sys.stderr)
        for seq, reason in report.problems[1:]:
            print(f"  also entry {seq}: {reason}", file=sys.stderr)
        return 1
    anchors = verify_anchors(Path(args.anchors) if args.anchors else None)
    if not anchors.ok:
        print(f"audit chain BROKEN at entry {anchors.broken_seq}: {anchors.reason}",
              file=sys.stderr)
        return 1
    against = ""
    if args.against:
        held = verify_against(args.against, ask_anchors(args.against))
        if not held.ok:
            print(f"audit chain BROKEN at entry {held.broken_seq}: {held.reason}",
                  file=sys.stderr)
            return 1
        against = f"; {held.checked} anchors held by {args.against} agree"
    unsigned = f" ({anchors.unsigned} from before anchors were signed)" if anchors.unsigned else ""
    print(f"audit chain intact: {report.entries} entries, {anchors.checked} anchors "
          f"agree{unsigned}{against}")
    return 0


def cmd_audit_anchors(args: argparse.Namespace) -> int:
    """The anchors of a site held here, one JSON line each (for `verify --anchors` there)."""
    for record in held_anchor_records(args.of or settings.SITE_CODE):
        print(json.dumps(record))
    return 0


def cmd_retention_run(args: argparse.Namespace) -> int:
    for result in do_apply_retention():
        print(f"{result.kind:<15} kept {result.days:>4} days   {result.affected} changed")
    return 0


def cmd_audit_anchor(args: argparse.Namespace) -> int:
    anchor = do_anchor()
    print(f"anchored entry {anchor.seq} {anchor.entry_hash} (appended to {anchors_file()})")
    return 0


def cmd_geo_load(args: argparse.Namespace) -> int:
    def read(path: str) -> Any:
        try:
            return json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"opsroom: cannot read {path}: {exc}", file=sys.stderr)
            raise SystemExit(2) from None

    try:
        counts = do_load_geography(None, read(args.city), read(args.districts), read(args.places))
    except OpsError as exc:
        print(f"opsroom: {exc.message}; nothing was loaded", file=sys.stderr)
        return 2
    print(f"loaded {counts['districts']} districts and {counts['places']} places")
    return 0


def cmd_roads_import(args: argparse.Namespace) -> int:
    network = do_import_roads(None, Path(args.file), name=args.name or "")
    print(f"road network «{network.name}» active: {network.node_count} nodes, "
          f"{network.edge_count} directed road segments (largest connected part)")
    return 0


def cmd_roads_info(args: argparse.Namespace) -> int:
    network = RoadNetwork.objects.filter(active=True).first()
    if network is None:
        print("no road network is loaded (travel times are straight-line estimates)")
        return 1
    label = " (SYNTHETIC)" if network.synthetic else ""
    print(f"{network.name}{label}: {network.node_count} nodes, {network.edge_count} segments, "
          f"from {network.source}, imported {network.imported_at:%Y-%m-%d %H:%M}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "migrate": cmd_migrate,
    "demo_load": cmd_demo_load,
    "demo_simulate": cmd_demo_simulate,
    "user_reset_2fa": cmd_user_reset_2fa,
    "demo_totp": cmd_demo_totp,
    "serve": cmd_serve,
    "token_create": cmd_token_create,
    "token_revoke": cmd_token_revoke,
    "agency_create": cmd_agency_create,
    "user_create": cmd_user_create,
    "audit_verify": cmd_audit_verify,
    "retention_run": cmd_retention_run,
    "audit_anchor": cmd_audit_anchor,
    "audit_anchors": cmd_audit_anchors,
    "records_check": cmd_records_check,
    "geo_load": cmd_geo_load,
    "roads_import": cmd_roads_import,
    "roads_info": cmd_roads_info,
    **STATS_COMMANDS,
    **SYNC_COMMANDS,
}
