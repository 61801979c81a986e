"""The ``opsroom`` command. Every subcommand honours OPSROOM_DATA_DIR and OPSROOM_DATABASE_URL
because they are read by the one settings module.

The command line is parsed before Django is set up (so ``--help`` and a mistyped command
touch no database or data directory); opsroom.commands does the work."""

from __future__ import annotations

import argparse
import os
import sys

import django

from opsroom.core.errors import OpsError
from opsroom.stats.cli import add_commands as add_stats_commands
from opsroom.sync.cli import add_commands as add_sync_commands


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsroom.settings")
    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opsroom",
        description="opsroom: software for a city's security operations room.",
        epilog="Settings come from OPSROOM_* environment variables (see README).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("migrate", help="create or upgrade the database")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(command="migrate")

    demo = sub.add_parser("demo", help="the Benghazi demo").add_subparsers(
        dest="demo_command", required=True, metavar="ACTION"
    )
    p = demo.add_parser("load", help="load the demo city, agencies, users and units (idempotent)")
    p.add_argument("--reset-passwords", action="store_true",
                   help="give every demo user a new password and print them")
    p.set_defaults(command="demo_load")
    p = demo.add_parser("simulate", help="create calls and move units, like a live room")
    p.add_argument("--calls-per-hour", type=float, default=60.0,
                   help="average call rate at the daily mean (default 60)")
    p.add_argument("--speed", type=float, default=1.0,
                   help="simulated seconds per real second (default 1)")
    p.add_argument("--duration", type=float, default=None,
                   help="stop after this many real seconds (default: run until stopped)")
    p.add_argument("--seed", type=int, default=None)
    p.set_defaults(command="demo_simulate")
    p = demo.add_parser("totp", help="the current sign-in code of a demo user (not in production)")
    p.add_argument("username")
    p.set_defaults(command="demo_totp")

    p = sub.add_parser("serve", help="serve the console and API (ASGI)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    p.set_defaults(command="serve")

    token = sub.add_parser("token", help="API tokens").add_subparsers(
        dest="token_command", required=True, metavar="ACTION"
    )
    p = token.add_parser("create", help="create a token; prints it on the last line")
    p.add_argument("username")
    p.add_argument("--name", default="")
    p.add_argument("--scope", action="append", choices=["read", "write", "device", "caller"],
                   help="read, write, device or caller (repeatable; default: read and write; "
                   "caller: may read callers' details, with a purpose)")
    p.add_argument("--days", type=int, default=None,
                   help="days until it expires (1–366; default OPSROOM_TOKEN_DAYS, 90)")
    p.set_defaults(command="token_create")
    p = token.add_parser("revoke", help="revoke a token by its id")
    p.add_argument("token_id")
    p.set_defaults(command="token_revoke")

    agency = sub.add_parser("agency", help="agencies").add_subparsers(
        dest="agency_command", required=True, metavar="ACTION"
    )
    p = agency.add_parser("create", help="create an agency")
    p.add_argument("code")
    p.add_argument("--name-ar", required=True)
    p.add_argument("--name-en", required=True)
    p.add_argument("--kind", required=True)
    p.set_defaults(command="agency_create")

    user = sub.add_parser("user", help="users").add_subparsers(
        dest="user_command", required=True, metavar="ACTION"
    )
    p = user.add_parser("create", help="create a user (password from OPSROOM_NEW_PASSWORD or "
                        "a prompt)")
    p.add_argument("username")
    p.add_argument("--agency", required=True, help="agency code")
    p.add_argument("--role", required=True)
    p.set_defaults(command="user_create")
    p = user.add_parser("reset-2fa", help="forget a user's second factor (a lost phone)")
    p.add_argument("username")
    p.set_defaults(command="user_reset_2fa")

    audit = sub.add_parser("audit", help="the audit log").add_subparsers(
        dest="audit_command", required=True, metavar="ACTION"
    )
    p = audit.add_parser("verify", help="check the hash chain and its anchors; non-zero exit "
                         "if broken")
    p.add_argument("--anchors", help="an anchors file (default: DATA_DIR/audit-anchors.jsonl)")
    p.add_argument("--against", metavar="SITE",
                   help="also check against the copies of this site's anchors that SITE holds "
                   "(asked over NATS; its sync agent answers)")
    p.set_defaults(command="audit_verify")
    p = audit.add_parser("anchor", help="publish the chain's head (also done by serve)")
    p.set_defaults(command="audit_anchor")
    p = audit.add_parser("anchors", help="print the anchors of a site held here, as JSON lines "
                         "(for `audit verify --anchors` at that site)")
    p.add_argument("--of", metavar="SITE", help="the site (default: this one)")
    p.set_defaults(command="audit_anchors")

    records = sub.add_parser("records", help="persons, warrants, custody").add_subparsers(
        dest="records_command", required=True, metavar="ACTION"
    )
    p = records.add_parser("check", help="raise the custody alarms that fell due and expire "
                           "warrants past their validity (serve does it every 30 s)")
    p.set_defaults(command="records_check")

    retention = sub.add_parser("retention", help="how long records are kept").add_subparsers(
        dest="retention_command", required=True, metavar="ACTION"
    )
    p = retention.add_parser("run", help="apply the rules now (serve does it daily): hide old "
                             "callers' details, drop expired rows")
    p.set_defaults(command="retention_run")

    geo = sub.add_parser("geo", help="reference geography").add_subparsers(
        dest="geo_command", required=True, metavar="ACTION"
    )
    p = geo.add_parser("load", help="load a city: boundary, districts and places (GeoJSON)")
    p.add_argument("city")
    p.add_argument("districts")
    p.add_argument("places")
    p.set_defaults(command="geo_load")

    roads = sub.add_parser("roads", help="the road network for travel times").add_subparsers(
        dest="roads_command", required=True, metavar="ACTION"
    )
    p = roads.add_parser("import", help="build the road graph of an OpenStreetMap extract "
                         "(.osm.pbf) and make it active")
    p.add_argument("file")
    p.add_argument("--name", help="a name to show (default: the file's name)")
    p.set_defaults(command="roads_import")
    p = roads.add_parser("info", help="the active road network")
    p.set_defaults(command="roads_info")

    add_stats_commands(sub)
    add_sync_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup()
    # Models, and so the commands, may load only once Django is set up.
    from opsroom.commands import COMMANDS

    try:
        result: int = COMMANDS[args.command](args)
    except OpsError as exc:  # bad input: say which field, change nothing, no traceback
        where = f" ({exc.field})" if exc.field else ""
        print(f"opsroom: {exc.message}{where}; nothing was changed", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    sys.exit(main())
