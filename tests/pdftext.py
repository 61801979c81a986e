"""Reading a rendered PDF back as a reader and a printer would, with poppler (pdftotext,
pdftoppm): the text of each page in reading order, right-to-left runs included, and the
pages as pictures. Shared by the tests of every PDF opsroom renders."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
import zlib
from pathlib import Path

import pytest

POPPLER_MISSING = "pdftotext/pdftoppm missing: run scripts/ensure-poppler.sh"

# pdftotext -layout writes each line left to right as it lies on the page, with every
# right-to-left run wrapped in RLE ... PDF (U+202B ... U+202C). Inside such a run the text is
# in reading order, and a left-to-right stretch in it (a date kept in order by an isolate)
# is nested in LRE ... PDF (U+202A ... U+202C).
_OPEN = "\u202a\u202b\u202d\u202e"
_CLOSE = "\u202c"
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def require_poppler() -> None:
    """Skip the calling test without poppler; fail it in CI, which must really run it."""
    if shutil.which("pdftotext") and shutil.which("pdftoppm"):
        return
    if os.environ.get("CI"):
        pytest.fail(POPPLER_MISSING)
    pytest.skip(POPPLER_MISSING)


def reading_order(piece: str) -> str:
    """A piece of a line back in the order it is read. A piece with Arabic in it is a
    right-to-left paragraph: its runs, which pdftotext gives from left to right, are read
    from right to left ("2026 <Arabic>" on the page reads "<Arabic> 2026")."""
    runs = [_CONTROLS.sub("", run).strip() for run in _runs(piece)]
    runs = [run for run in runs if run]
    if "\u202b" in piece:
        runs.reverse()
    return " ".join(" ".join(runs).split())


def _runs(piece: str) -> list[str]:
    """The piece cut into its outermost embeddings (with what they nest) and the plain
    text between them."""
    runs, current, depth = [], "", 0
    for char in piece:
        if char in _OPEN:
            if depth == 0 and current:
                runs.append(current)
                current = ""
            depth += 1
        current += char
        if char == _CLOSE and depth > 0:
            depth -= 1
            if depth == 0:
                runs.append(current)
                current = ""
    if current:
        runs.append(current)
    return runs


def lines_of(pdf: bytes) -> list[list[list[str]]]:
    """Each page's lines, each line's pieces (cut where columns part: two spaces or more)
    from left to right as they lie on the page, each piece in reading order with its
    presentation forms folded to their letters (NFKC)."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf,
                         capture_output=True, check=True, timeout=60).stdout.decode("utf-8")
    pages = []
    for page in unicodedata.normalize("NFKC", out).split("\f"):
        lines = [[reading_order(piece) for piece in re.split(r" {2,}", line)]
                 for line in page.split("\n")]
        pages.append([[piece for piece in line if piece] for line in lines])
    return [[line for line in page if line] for page in pages if any(page)]


def pages_of(pdf: bytes) -> list[list[str]]:
    """What a reader gets from each page: its pieces (see lines_of) line after line."""
    return [[piece for line in page for piece in line] for page in lines_of(pdf)]


def text_of(pdf: bytes) -> str:
    return "\n".join(piece for page in pages_of(pdf) for piece in page)


def squash(text: str) -> str:
    """Without its spaces: pdftotext spaces punctuation between Arabic runs unreliably."""
    return "".join(text.split())


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


def glyphs_per_character(pdf: bytes) -> dict[str, int]:
    """For each character, the most glyphs any one embedded font draws it with (from the
    fonts' ToUnicode maps, as written or compressed: fpdf2 writes them plain, WeasyPrint
    deflates them). Shaped Arabic draws a letter with a different glyph at the start,
    middle and end of a word; unshaped text has one glyph per character."""
    streams = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    most: dict[str, int] = {}
    for cmap in re.findall(rb"beginbfchar(.*?)endbfchar", b"\n".join(streams), re.S):
        counts: dict[str, int] = {}
        for _, target in re.findall(rb"<([0-9a-fA-F]+)> <([0-9a-fA-F]+)>", cmap):
            chars = bytes.fromhex(target.decode()).decode("utf-16-be")
            counts[chars] = counts.get(chars, 0) + 1
        for chars, n in counts.items():
            most[chars] = max(most.get(chars, 0), n)
    return most


def render_pages(pdf: bytes, folder: Path, *, dpi: int = 100) -> list[Path]:
    """Every page as a PNG, as a printer would rasterise it, in page order."""
    source = folder / "document.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(source), str(folder / "page")],
                   check=True, timeout=120)
    # pdftoppm pads the page number to the width of the last one: page-1.png or page-01.png.
    return sorted(folder.glob("page-*.png"), key=lambda path: int(path.stem.split("-")[-1]))
