"""Render a synthetic sample civilian harm summary (Arabic) to docs/img/civilian-report.png
(page 1, 100 dpi).

Every figure here is invented: clashes in central Benghazi on 7 October 2026 and a
remnant of them on the 12th, three counted events. The district outlines are the
approximate ones shipped in src/opsroom/geo/data/benghazi/. Needs poppler's pdftoppm
(scripts/ensure-poppler.sh installs it).
Usage: .venv/bin/python tools/render_civilian_report_sample.py [--lang en] [--png OUT.png]
[--pdf OUT.pdf]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from opsroom.casualties.report import render_harm_report
from opsroom.casualties.reportdata import (
    DistrictRow,
    HarmReportData,
    MapDistrict,
    MapEvent,
    OutageDay,
    Range,
    StateRow,
    WeekRow,
)

ROOT = Path(__file__).resolve().parent.parent
DISTRICTS = ROOT / "src/opsroom/geo/data/benghazi/districts.geojson"
SABRI, SOUQ, BIRKA = "BNG-D12", "BNG-D25", "BNG-D02"  # As-Sabri, Souq al-Lahoum, Al-Birka
KILLED = {SABRI: 3, SOUQ: 2, BIRKA: 1}


def _rings(geometry: dict[str, Any]) -> tuple[tuple[tuple[float, float], ...], ...]:
    polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                else geometry["coordinates"])
    return tuple(tuple((float(x), float(y)) for x, y, *_ in polygon[0]) for polygon in polygons)


def _centre(ring: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    return (sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring))


def sample() -> HarmReportData:
    features = json.loads(DISTRICTS.read_text(encoding="utf-8"))["features"]
    by_code = {f["properties"]["code"]: f for f in features}
    districts = tuple(MapDistrict(f["properties"]["code"], f["properties"]["name_ar"],
                                  f["properties"]["name_en"], _rings(f["geometry"]),
                                  KILLED.get(f["properties"]["code"], 0))
                      for f in features)
    sabri = _centre(_rings(by_code[SABRI]["geometry"])[0])
    souq = _centre(_rings(by_code[SOUQ]["geometry"])[0])
    birka = _centre(_rings(by_code[BIRKA]["geometry"])[0])

    def name(code: str) -> tuple[str, str]:
        return by_code[code]["properties"]["name_ar"], by_code[code]["properties"]["name_en"]

    def population(code: str) -> int:
        return int(by_code[code]["properties"]["population"])

    states = (
        StateRow("unverified", "غير متحقق منه", "Unverified", 2, 3, Range(0, 2, 1),
                 Range(1, 3, 2), Range(0, 1, 0)),
        StateRow("corroborated", "مؤيد بمصدرين", "Corroborated", 2, 5, Range(2, 5, 3),
                 Range(3, 7, 4), Range(0, 1, 1)),
        StateRow("verified", "متحقق منه", "Verified", 1, 6, Range(2, 4, 3), Range(5, 8, 6),
                 Range(0, 0, 0)),
        StateRow("disputed", "متنازع عليه", "Disputed", 1, 2, Range(0, 3, 1),
                 Range(0, 2, 1), Range(0, 0, 0)),
        StateRow("rejected", "مرفوض", "Rejected", 1, 0, Range(0, 0, 0), Range(0, 0, 0),
                 Range(0, 0, 0)),
    )
    return HarmReportData(
        city_ar="بنغازي", city_en="Benghazi",
        period_from=date(2026, 10, 1), period_to=date(2026, 10, 14),
        generated_at=datetime(2026, 10, 15, 9, 30, tzinfo=ZoneInfo("Africa/Tripoli")),
        generated_by="protection.officer2",
        counted_states=("corroborated", "verified"),
        states=states,
        total=StateRow("total", "المجموع", "Total", 3, 11, Range(4, 9, 6), Range(8, 15, 10),
                       Range(0, 1, 1)),
        districts=(
            DistrictRow(SABRI, *name(SABRI), 1, Range(2, 4, 3), Range(5, 8, 6)),
            DistrictRow(SOUQ, *name(SOUQ), 1, Range(1, 3, 2), Range(2, 5, 3)),
            DistrictRow(BIRKA, *name(BIRKA), 1, Range(1, 2, 1), Range(1, 2, 1)),
        ),
        weeks=(
            WeekRow("2026-W41", date(2026, 10, 5), 2, Range(3, 7, 5), Range(7, 13, 9)),
            WeekRow("2026-W42", date(2026, 10, 12), 1, Range(1, 2, 1), Range(1, 2, 1)),
        ),
        map_districts=districts,
        map_events=(
            MapEvent(sabri[1] + 0.002, sabri[0] - 0.003, 1, "verified", 3, 6),
            MapEvent(souq[1] - 0.001, souq[0] + 0.002, 2, "corroborated", 2, 3),
            MapEvent(birka[1], birka[0], 3, "corroborated", 1, 1),
        ),
        outages=(
            OutageDay(SABRI, *name(SABRI), date(2026, 10, 7), population(SABRI), 0.62),
            OutageDay(SOUQ, *name(SOUQ), date(2026, 10, 7), population(SOUQ), 0.41),
            OutageDay(BIRKA, *name(BIRKA), date(2026, 10, 7), population(BIRKA), 0.175),
            OutageDay(SABRI, *name(SABRI), date(2026, 10, 8), population(SABRI), 0.25),
        ),
        sources=7,
        synthetic=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pdf", type=Path, help="also keep the whole PDF here")
    parser.add_argument("--lang", choices=("ar", "en"), default="ar")
    parser.add_argument("--png", type=Path, default=ROOT / "docs/img/civilian-report.png",
                        help="where page 1 goes")
    args = parser.parse_args()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        sys.exit("pdftoppm is missing: run scripts/ensure-poppler.sh")
    data = sample()
    pdf = render_harm_report(data, args.lang)  # the first render also warms up HarfBuzz
    timings = []
    for _ in range(9):
        started = time.perf_counter()
        render_harm_report(data, args.lang)
        timings.append((time.perf_counter() - started) * 1000)
    if args.pdf:
        args.pdf.write_bytes(pdf)
    target = args.png.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.pdf"
        source.write_bytes(pdf)
        subprocess.run([pdftoppm, "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile",
                        str(source), str(Path(tmp) / "page")], check=True, timeout=60)
        shutil.copyfile(Path(tmp) / "page.png", target)
    print(f"{target}: {target.stat().st_size // 1024} KB; the PDF: "
          f"{len(pdf) // 1024} KB, rendered in {min(timings):.0f} ms at best, "
          f"{statistics.median(timings):.0f} ms in the median of {len(timings)}")


if __name__ == "__main__":
    main()
