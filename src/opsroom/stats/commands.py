"""What each ``opsroom stats ...`` subcommand does (the command line itself is in
opsroom.stats.cli, which needs no Django)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from opsroom.accounts.models import Agency
from opsroom.stats.access import city_scope
from opsroom.stats.actions import do_make_report, do_rebuild_rollup, do_weekly_reports
from opsroom.stats.compstat import Scope
from opsroom.stats.queries import today


def cmd_rebuild(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    counted = do_rebuild_rollup(None)
    print(f"rollup rebuilt: {counted} incidents counted in "
          f"{time.perf_counter() - started:.1f} s")
    return 0


def _scope(code: str | None) -> Scope:
    if not code:
        return city_scope()
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        print(f"opsroom: no agency {code!r}", file=sys.stderr)
        raise SystemExit(2)
    return Scope(agency.id, agency.name_ar, agency.name_en)


def cmd_report(args: argparse.Namespace) -> int:
    if args.week is None and args.agency is None and args.lang is None:
        made = do_weekly_reports(today())
        for report in made:
            print(f"made CompStat {report.week} ({report.lang}), {report.pages} page(s)")
        if not made:
            print("the last full week's reports are already made")
        return 0
    if args.week is None:
        from opsroom.stats.windows import last_full_week

        args.week = last_full_week(today())
    scope = _scope(args.agency)
    for lang in [args.lang] if args.lang else ["ar", "en"]:
        report = do_make_report(None, args.week, lang, scope)
        print(f"made CompStat {report.week} ({report.lang}), {report.pages} page(s), "
              f"{len(bytes(report.pdf))} bytes")
        if args.out and args.lang:
            Path(args.out).write_bytes(bytes(report.pdf))
            print(f"written to {args.out}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "stats.rebuild": cmd_rebuild,
    "stats.report": cmd_report,
}
