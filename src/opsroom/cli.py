"""The ``opsroom`` command. Every subcommand honours OPSROOM_DATA_DIR and OPSROOM_DATABASE_URL
because they are read by the one settings module."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsroom.settings")
    import django

    django.setup()


def cmd_migrate(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0 if args.quiet else 1)
    return 0


def cmd_demo_load(args: argparse.Namespace) -> int:
    from opsroom.demo.loader import load_demo

    load_demo(out=sys.stdout, reset_passwords=args.reset_passwords)
    return 0


def cmd_demo_simulate(args: argparse.Namespace) -> int:
    from opsroom.demo.simulator import run_simulator

    return run_simulator(
        calls_per_hour=args.calls_per_hour, speed=args.speed, duration_s=args.duration,
        seed=args.seed, out=sys.stdout,
    )


def cmd_user_reset_2fa(args: argparse.Namespace) -> int:
    from opsroom.accounts.actions import do_reset_totp

    user = _user(args.username)
    do_reset_totp(None, user)
    print(f"{user.username} enrols a new second factor at the next sign-in")
    return 0


def cmd_demo_totp(args: argparse.Namespace) -> int:
    from django.conf import settings

    from opsroom.accounts.totp import code_at, current_step

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
    import uvicorn
    from django.conf import settings

    from opsroom.audit.anchors import start_periodic_anchoring
    from opsroom.core.retention_actions import start_daily_retention

    start_periodic_anchoring(settings.AUDIT_ANCHOR_MINUTES)
    start_daily_retention()

    uvicorn.run(
        "opsroom.asgi:application", host=args.host, port=args.port, lifespan="off",
        log_level=os.environ.get("OPSROOM_LOG_LEVEL", "info").lower(), proxy_headers=True,
        timeout_graceful_shutdown=3,  # open live streams must not hold a restart up
        # Per-request access lines cost more than a small request; a reverse proxy logs them.
        access_log=os.environ.get("OPSROOM_ACCESS_LOG", "") in ("1", "true"),
    )
    return 0


def _user(username: str) -> Any:
    from opsroom.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        print(f"opsroom: no user named {username!r}", file=sys.stderr)
        raise SystemExit(2)
    return user


def cmd_token_create(args: argparse.Namespace) -> int:
    from opsroom.accounts.actions import do_create_token

    user = _user(args.username)
    token, raw = do_create_token(None, user, name=args.name, scopes=args.scope, days=args.days)
    assert token.expires_at is not None
    print(f"API token {token.id} for {user.username}, scopes {', '.join(token.scopes)}, "
          f"expires {token.expires_at:%Y-%m-%d} (shown once; store it now):", file=sys.stderr)
    print(raw)
    return 0


def cmd_token_revoke(args: argparse.Namespace) -> int:
    from opsroom.accounts.actions import do_revoke_token
    from opsroom.accounts.models import ApiToken

    token = ApiToken.objects.filter(id=args.token_id).first()
    if token is None:
        print(f"opsroom: no token {args.token_id}", file=sys.stderr)
        return 2
    do_revoke_token(None, token)
    print(f"revoked {token.id}")
    return 0


def cmd_agency_create(args: argparse.Namespace) -> int:
    from opsroom.accounts.actions import do_create_agency

    agency = do_create_agency(
        None, code=args.code, name_ar=args.name_ar, name_en=args.name_en, kind=args.kind
    )
    print(f"created agency {agency.code}")
    return 0


def cmd_user_create(args: argparse.Namespace) -> int:
    from opsroom.accounts.actions import do_create_user
    from opsroom.accounts.models import Agency

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


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from opsroom.audit.anchors import verify_anchors
    from opsroom.audit.queries import verify_chain

    report = verify_chain()
    if not report.ok:
        print(f"audit chain BROKEN at entry {report.broken_seq}: {report.reason} "
              f"({report.entries} entries verified before it)", file=sys.stderr)
        return 1
    anchors = verify_anchors(Path(args.anchors) if args.anchors else None)
    if not anchors.ok:
        print(f"audit chain BROKEN at entry {anchors.broken_seq}: {anchors.reason}",
              file=sys.stderr)
        return 1
    print(f"audit chain intact: {report.entries} entries, {anchors.checked} anchors agree")
    return 0


def cmd_retention_run(args: argparse.Namespace) -> int:
    from opsroom.core.retention_actions import do_apply_retention

    for result in do_apply_retention():
        print(f"{result.kind:<15} kept {result.days:>4} days   {result.affected} changed")
    return 0


def cmd_audit_anchor(args: argparse.Namespace) -> int:
    from opsroom.audit.anchors import anchors_file, do_anchor

    anchor = do_anchor()
    print(f"anchored entry {anchor.seq} {anchor.entry_hash} (appended to {anchors_file()})")
    return 0


def cmd_geo_load(args: argparse.Namespace) -> int:
    from opsroom.core.errors import OpsError
    from opsroom.geo.actions import do_load_geography

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
    from opsroom.roads.actions import do_import_roads

    network = do_import_roads(None, Path(args.file), name=args.name or "")
    print(f"road network «{network.name}» active: {network.node_count} nodes, "
          f"{network.edge_count} directed road segments (largest connected part)")
    return 0


def cmd_roads_info(args: argparse.Namespace) -> int:
    from opsroom.roads.models import RoadNetwork

    network = RoadNetwork.objects.filter(active=True).first()
    if network is None:
        print("no road network is loaded (travel times are straight-line estimates)")
        return 1
    label = " (SYNTHETIC)" if network.synthetic else ""
    print(f"{network.name}{label}: {network.node_count} nodes, {network.edge_count} segments, "
          f"from {network.source}, imported {network.imported_at:%Y-%m-%d %H:%M}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opsroom",
        description="opsroom: software for a city's security operations room.",
        epilog="Settings come from OPSROOM_* environment variables (see README).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("migrate", help="create or upgrade the database")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_migrate)

    demo = sub.add_parser("demo", help="the Benghazi demo").add_subparsers(
        dest="demo_command", required=True, metavar="ACTION"
    )
    p = demo.add_parser("load", help="load the demo city, agencies, users and units (idempotent)")
    p.add_argument("--reset-passwords", action="store_true",
                   help="give every demo user a new password and print them")
    p.set_defaults(func=cmd_demo_load)
    p = demo.add_parser("simulate", help="create calls and move units, like a live room")
    p.add_argument("--calls-per-hour", type=float, default=60.0,
                   help="average call rate at the daily mean (default 60)")
    p.add_argument("--speed", type=float, default=1.0,
                   help="simulated seconds per real second (default 1)")
    p.add_argument("--duration", type=float, default=None,
                   help="stop after this many real seconds (default: run until stopped)")
    p.add_argument("--seed", type=int, default=None)
    p.set_defaults(func=cmd_demo_simulate)
    p = demo.add_parser("totp", help="the current sign-in code of a demo user (not in production)")
    p.add_argument("username")
    p.set_defaults(func=cmd_demo_totp)

    p = sub.add_parser("serve", help="serve the console and API (ASGI)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    p.set_defaults(func=cmd_serve)

    token = sub.add_parser("token", help="API tokens").add_subparsers(
        dest="token_command", required=True, metavar="ACTION"
    )
    p = token.add_parser("create", help="create a token; prints it on the last line")
    p.add_argument("username")
    p.add_argument("--name", default="")
    p.add_argument("--scope", action="append", choices=["read", "write", "device"],
                   help="read, write or device (repeatable; default: read and write)")
    p.add_argument("--days", type=int, default=None,
                   help="days until it expires (1–366; default OPSROOM_TOKEN_DAYS, 90)")
    p.set_defaults(func=cmd_token_create)
    p = token.add_parser("revoke", help="revoke a token by its id")
    p.add_argument("token_id")
    p.set_defaults(func=cmd_token_revoke)

    agency = sub.add_parser("agency", help="agencies").add_subparsers(
        dest="agency_command", required=True, metavar="ACTION"
    )
    p = agency.add_parser("create", help="create an agency")
    p.add_argument("code")
    p.add_argument("--name-ar", required=True)
    p.add_argument("--name-en", required=True)
    p.add_argument("--kind", required=True)
    p.set_defaults(func=cmd_agency_create)

    user = sub.add_parser("user", help="users").add_subparsers(
        dest="user_command", required=True, metavar="ACTION"
    )
    p = user.add_parser("create", help="create a user (password from OPSROOM_NEW_PASSWORD or "
                        "a prompt)")
    p.add_argument("username")
    p.add_argument("--agency", required=True, help="agency code")
    p.add_argument("--role", required=True)
    p.set_defaults(func=cmd_user_create)
    p = user.add_parser("reset-2fa", help="forget a user's second factor (a lost phone)")
    p.add_argument("username")
    p.set_defaults(func=cmd_user_reset_2fa)

    audit = sub.add_parser("audit", help="the audit log").add_subparsers(
        dest="audit_command", required=True, metavar="ACTION"
    )
    p = audit.add_parser("verify", help="check the hash chain and its anchors; non-zero exit "
                         "if broken")
    p.add_argument("--anchors", help="an anchors file (default: DATA_DIR/audit-anchors.jsonl)")
    p.set_defaults(func=cmd_audit_verify)
    p = audit.add_parser("anchor", help="publish the chain's head (also done by serve)")
    p.set_defaults(func=cmd_audit_anchor)

    retention = sub.add_parser("retention", help="how long records are kept").add_subparsers(
        dest="retention_command", required=True, metavar="ACTION"
    )
    p = retention.add_parser("run", help="apply the rules now (serve does it daily): hide old "
                             "callers' details, drop expired rows")
    p.set_defaults(func=cmd_retention_run)

    geo = sub.add_parser("geo", help="reference geography").add_subparsers(
        dest="geo_command", required=True, metavar="ACTION"
    )
    p = geo.add_parser("load", help="load a city: boundary, districts and places (GeoJSON)")
    p.add_argument("city")
    p.add_argument("districts")
    p.add_argument("places")
    p.set_defaults(func=cmd_geo_load)

    roads = sub.add_parser("roads", help="the road network for travel times").add_subparsers(
        dest="roads_command", required=True, metavar="ACTION"
    )
    p = roads.add_parser("import", help="build the road graph of an OpenStreetMap extract "
                         "(.osm.pbf) and make it active")
    p.add_argument("file")
    p.add_argument("--name", help="a name to show (default: the file's name)")
    p.set_defaults(func=cmd_roads_import)
    p = roads.add_parser("info", help="the active road network")
    p.set_defaults(func=cmd_roads_info)

    from opsroom.sync.commands import add_commands

    add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup()
    from opsroom.core.errors import OpsError

    try:
        result: int = args.func(args)
    except OpsError as exc:  # bad input: say which field, change nothing, no traceback
        where = f" ({exc.field})" if exc.field else ""
        print(f"opsroom: {exc.message}{where}; nothing was changed", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    sys.exit(main())
