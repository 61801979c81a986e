"""Render a synthetic sample weapons-handover receipt to docs/img/receipt.png (page 1).

Every name and number here is invented. Needs poppler's pdftoppm
(scripts/ensure-poppler.sh installs it). Usage: .venv/bin/python tools/render_receipt_sample.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from opsroom.campaigns.receipt import ReceiptData, ReceiptItem, render_receipt

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = ReceiptData(
    receipt_number="BNG-OPS-2026-000123",
    verification_code="7KQ2-M9XA-4TZB",
    handed_at_local=datetime(2026, 3, 14, 10, 42, tzinfo=ZoneInfo("Africa/Tripoli")),
    campaign_ar="الحملة الوطنية لجمع السلاح 2026",
    campaign_en="National weapons collection campaign 2026",
    point_ar="نقطة التجميع رقم 3 — مركز شرطة الكيش",
    point_en="Collection point 3 — Al-Kish police station",
    officer_name="الملازم أول سالم عبد الله المغربي",
    handed_by="محمد علي الفيتوري",
    amnesty=False,
    items=(
        ReceiptItem(category_ar="بندقية آلية", category_en="Assault rifle",
                    make_model="Kalashnikov AK-47", calibre="7.62×39 mm",
                    serial="KT-1987-44512", condition_ar="صالحة للاستعمال",
                    condition_en="Serviceable", quantity=1),
        ReceiptItem(category_ar="مسدس", category_en="Pistol", make_model="Beretta 92FS",
                    calibre="9×19 mm", serial="BER-M71302Z", condition_ar="تالف جزئياً",
                    condition_en="Partly damaged", quantity=1),
        ReceiptItem(category_ar="ذخيرة", category_en="Ammunition", make_model="—",
                    calibre="7.62×39 mm", serial="—", condition_ar="سليمة",
                    condition_en="Intact", quantity=120),
    ),
    verify_hint_ar="يمكن لأي مديرية أمن التحقق من هذا الإيصال: الرقم + رمز التحقق.",
    verify_hint_en="Any security directorate can check this receipt: number + code.",
    synthetic=True,
)


def main() -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        sys.exit("pdftoppm is missing: run scripts/ensure-poppler.sh")
    pdf = render_receipt(SAMPLE)  # the first render also imports and warms up HarfBuzz
    timings = []
    for _ in range(9):
        started = time.perf_counter()
        render_receipt(SAMPLE)
        timings.append((time.perf_counter() - started) * 1000)
    target = ROOT / "docs" / "img" / "receipt.png"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "receipt.pdf"
        source.write_bytes(pdf)
        subprocess.run([pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
                        str(source), str(Path(tmp) / "page")], check=True, timeout=60)
        shutil.copyfile(Path(tmp) / "page.png", target)
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB; the PDF: "
          f"{len(pdf) // 1024} KB, rendered in {min(timings):.0f} ms at best, "
          f"{statistics.median(timings):.0f} ms in the median of {len(timings)}")


if __name__ == "__main__":
    main()
