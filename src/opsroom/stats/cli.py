"""The ``opsroom stats ...`` command line (argparse only: it is built before Django is set
up; opsroom.stats.commands does the work)."""

from __future__ import annotations

from typing import Any


def add_commands(sub: Any) -> None:
    stats = sub.add_parser("stats", help="statistics: CompStat (docs/stats.md)").add_subparsers(
        dest="stats_command", required=True, metavar="ACTION")
    p = stats.add_parser("rebuild", help="recount the rollup of incidents by day, district "
                         "and type from the incidents table (and reinstall its triggers)")
    p.set_defaults(command="stats.rebuild")
    p = stats.add_parser("report", help="make the weekly CompStat reports that are missing "
                         "(serve does it every hour), or one week's again")
    p.add_argument("--week", help="YYYY-Www (default: the last full week)")
    p.add_argument("--lang", choices=["ar", "en"], help="one language (default: both)")
    p.add_argument("--agency", help="an agency's code: its own incidents (default: the city)")
    p.add_argument("--out", help="also write the PDF here (with --week and --lang)")
    p.set_defaults(command="stats.report")
