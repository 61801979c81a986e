"""``opsroom sync ...``: run the agent, carry bundles, know sites, see their state."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def cmd_key(args: argparse.Namespace) -> int:
    from django.conf import settings

    from opsroom.sync.keys import public_key_text

    print(f"site {settings.SITE_CODE} public key (give it to the sites that import its "
          f"bundles):\n{public_key_text()}")
    return 0


def cmd_site_add(args: argparse.Namespace) -> int:
    from opsroom.sync.actions import do_add_site

    site = do_add_site(args.code, args.role, args.agency, public_key=args.public_key or "",
                       name=args.name or "")
    print(f"site {site.code}: {site.role}, agency {args.agency or '-'}"
          f"{', receives every agency' if site.receives_all else ''}")
    return 0


def cmd_site_list(args: argparse.Namespace) -> int:
    from opsroom.sync.queries import site_health

    for s in site_health():
        contact = s.last_contact.isoformat(timespec="seconds") if s.last_contact else "never"
        flag = "SILENT" if s.silent else "ok"
        lag = "-" if s.lag_s is None else f"{s.lag_s:.1f}s"
        me = " (this site)" if s.this_site else ""
        print(f"{s.code:<16} {s.role or '-':<12} {s.agency or '-':<16} {flag:<7} "
              f"last contact {contact}  backlog {s.backlog}  lag {lag}  applied {s.applied}{me}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from opsroom.sync.bundles import export_bundle, parse_since

    result = export_bundle(Path(args.out), parse_since(args.since), for_site=args.for_site)
    print(f"wrote {result.changes} changes to {result.path}")
    print(f"next export: --since {result.until}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from opsroom.sync.actions import do_import_bundle

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
    from opsroom.accounts.models import Agency
    from opsroom.sync.digest import site_digest

    agency_id = None
    if args.agency:
        agency = Agency.objects.filter(code=args.agency).first()
        if agency is None:
            print(f"opsroom: no agency '{args.agency}'", file=sys.stderr)
            return 2
        agency_id = str(agency.id)
    print(json.dumps(site_digest(agency_id), indent=1, sort_keys=True))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from opsroom.sync.agent import run_agent

    return run_agent(url=args.nats)


def add_commands(sub: Any) -> None:
    sync = sub.add_parser("sync", help="sync between sites (docs/sync.md)").add_subparsers(
        dest="sync_command", required=True, metavar="ACTION")
    p = sync.add_parser("run", help="the sync agent: publish the outbox to NATS JetStream, "
                        "apply what other sites changed, report health")
    p.add_argument("--nats", help="NATS URL (default OPSROOM_NATS_URL)")
    p.set_defaults(func=cmd_run)
    p = sync.add_parser("export", help="write a signed bundle of changes (for a USB stick)")
    p.add_argument("--since", required=True,
                   help="a cursor printed by the last export, or a time (ISO 8601); 0 for all")
    p.add_argument("--out", required=True, help="the bundle file to write")
    p.add_argument("--for", dest="for_site",
                   help="only what this known site needs to know (default: everything)")
    p.set_defaults(func=cmd_export)
    p = sync.add_parser("import", help="apply a bundle (verified, all or nothing, once)")
    p.add_argument("file")
    p.set_defaults(func=cmd_import)
    p = sync.add_parser("key", help="print this site's public key")
    p.set_defaults(func=cmd_key)
    p = sync.add_parser("sites", help="every known site and its state")
    p.set_defaults(func=cmd_site_list)
    p = sync.add_parser("site-add", help="add or update a known site")
    p.add_argument("code")
    p.add_argument("--role", required=True, help="hub, directorate, station or field_post")
    p.add_argument("--agency", help="the agency whose records the site keeps")
    p.add_argument("--public-key", help="the site's key (opsroom sync key, at that site)")
    p.add_argument("--name")
    p.set_defaults(func=cmd_site_add)
    p = sync.add_parser("digest", help="digests of the replicated tables (to compare sites)")
    p.add_argument("--agency", help="only what a site of this agency holds")
    p.set_defaults(func=cmd_digest)
