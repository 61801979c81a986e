"""The ``opsroom sync ...`` command line (argparse only: it is built before Django is set
up; opsroom.sync.commands does the work)."""

from __future__ import annotations

from typing import Any


def add_commands(sub: Any) -> None:
    sync = sub.add_parser("sync", help="sync between sites (docs/sync.md)").add_subparsers(
        dest="sync_command", required=True, metavar="ACTION")
    p = sync.add_parser("run", help="the sync agent: publish the outbox to NATS JetStream, "
                        "apply what other sites changed, report health")
    p.add_argument("--nats", help="NATS URL (default OPSROOM_NATS_URL)")
    p.set_defaults(command="sync.run")
    p = sync.add_parser("export", help="write a signed bundle of changes (for a USB stick)")
    p.add_argument("--since", required=True,
                   help="a cursor printed by the last export, or a time (ISO 8601); 0 for all")
    p.add_argument("--out", required=True, help="the bundle file to write")
    p.add_argument("--for", dest="for_site",
                   help="only what this known site needs to know (default: everything)")
    p.set_defaults(command="sync.export")
    p = sync.add_parser("import", help="apply a bundle (verified, all or nothing, once)")
    p.add_argument("file")
    p.set_defaults(command="sync.import")
    p = sync.add_parser("key", help="print this site's public key")
    p.set_defaults(command="sync.key")
    p = sync.add_parser("sites", help="every known site and its state")
    p.set_defaults(command="sync.site_list")
    p = sync.add_parser("site-add", help="add or update a known site")
    p.add_argument("code")
    p.add_argument("--role", required=True, help="hub, directorate, station or field_post")
    p.add_argument("--agency", help="the agency whose records the site keeps")
    p.add_argument("--public-key", help="the site's key (opsroom sync key, at that site)")
    p.add_argument("--name")
    p.set_defaults(command="sync.site_add")
    p = sync.add_parser("digest", help="digests of the replicated tables (to compare sites)")
    p.add_argument("--agency", help="only what a site of this agency holds")
    p.add_argument("--role", help="and of this role (a field post keeps less)")
    p.set_defaults(command="sync.digest")
