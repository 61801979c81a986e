"""What each ``opsroom sync ...`` subcommand does (the command line itself is in
opsroom.sync.cli, which needs no Django)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from opsroom.accounts.models import Agency
from opsroom.core.keys import public_key_text
from opsroom.sync.actions import do_add_site, do_import_bundle
from opsroom.sync.agent import run_agent
from opsroom.sync.bundles import export_bundle, parse_since
from opsroom.sync.digest import site_digest
from opsroom.sync.queries import site_health


def cmd_key(args: argparse.Namespace) -> int:
    print(f"site {settings.SITE_CODE} public key (give it to the sites that import its "
          f"bundles):\n{public_key_text()}")
    return 0


def cmd_site_add(args: argparse.Namespace) -> int:
    site = do_add_site(args.code, args.role, args.agency, public_key=args.public_key or "",
                       name=args.name or "")
    print(f"site {site.code}: {site.role}, agency {args.agency or '-'}"
          f"{', receives every agency' if site.receives_all else ''}")
    return 0


def cmd_site_list(args: argparse.Namespace) -> int:
    for s in site_health():
        contact = s.last_contact.isoformat(timespec="seconds") if s.last_contact else "never"
        flag = "SILENT" if s.silent else "ok"
        lag = "-" if s.lag_s is None else f"{s.lag_s:.1f}s"
        me = " (this site)" if s.this_site else ""
        print(f"{s.code:<16} {s.role or '-':<12} {s.agency or '-':<16} {flag:<7} "
              f"last contact {contact}  backlog {s.backlog}  lag {lag}  applied {s.applied}{me}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    result = export_bundle(Path(args.out), parse_since(args.since), for_site=args.for_site)
    print(f"wrote {result.changes} changes to {result.path}")
    print(f"next export: --since {result.until}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    result = do_import_bundle(Path(args.file))
    if result.already:
        print(f"bundle from {result.site} was already imported; nothing changed")
        return 0
    a = result.applied
    print(f"bundle from {result.site}: {result.changes} changes; {a.inserted} new, "
          f"{a.updated} updated, {a.unchanged} already here, {a.pending} waiting for a "
          f"parent, {a.rejected} rejected")
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    agency_id = None
    if args.agency:
        agency = Agency.objects.filter(code=args.agency).first()
        if agency is None:
            print(f"opsroom: no agency '{args.agency}'", file=sys.stderr)
            return 2
        agency_id = str(agency.id)
    print(json.dumps(site_digest(agency_id, args.role), indent=1, sort_keys=True))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    return run_agent(url=args.nats)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "sync.key": cmd_key,
    "sync.site_add": cmd_site_add,
    "sync.site_list": cmd_site_list,
    "sync.export": cmd_export,
    "sync.import": cmd_import,
    "sync.digest": cmd_digest,
    "sync.run": cmd_run,
}
