"""Arabic and Latin name matching, without a database."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from opsroom.geo.gazetteer_match import Candidate, GazetteerIndex
from opsroom.geo.normalize import (
    arabic_to_latin,
    latin_skeleton,
    match_score,
    normalize_arabic,
    normalize_latin,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد", "احمد"), ("إبراهيم", "ابراهيم"), ("آمنة", "امنه"),  # hamza/madda alef forms
        ("الهوارى", "هواري"),  # alef maqsura and the article
        ("مدرسة", "مدرسه"),  # taa marbuta
        ("مُحَمَّد", "محمد"),  # diacritics
        ("بنغـــازي", "بنغازي"),  # tatweel
        ("شارع ٢٣ يوليو", "شارع 23 يوليو"),  # Arabic-Indic digits
        # the article behind a conjunction or preposition
        ("وبالكيش", "كيش"), ("والصابري", "صابري"), ("للشرطة", "شرطه"),
    ],
)
def test_arabic_normalisation(raw: str, expected: str) -> None:
    assert normalize_arabic(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Aş Şābirī", "sabiri"), ("Al-Hawary", "hawary"), ("el Hawari", "hawari"),
     ("Sidi Ḩusayn", "sidi husayn"), ("Qaryat al `Unayzi", "qaryat unayzi")],
)
def test_latin_normalisation(raw: str, expected: str) -> None:
    assert normalize_latin(raw) == expected


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [("الهواري", "Al-Hawary"), ("الصابري", "Sabiri"), ("الليثي", "Laithi"),
     ("الكيش", "Keesh"), ("سيدي حسين", "Sidi Hussain"), ("قاريونس", "Garyounis")],
)
def test_transliterations_share_a_skeleton(arabic: str, latin: str) -> None:
    assert match_score(latin, [arabic]) >= 85, (arabic_to_latin(arabic), latin_skeleton(latin))


@pytest.mark.parametrize(
    ("query", "name"),
    [("Hawarii", "Al-Hawari"), ("Benina", "Benena"), ("سيدي حسن", "سيدي حسين")],
)
def test_small_typos_still_match(query: str, name: str) -> None:
    assert match_score(query, [name]) >= 80


@pytest.mark.parametrize(
    ("query", "name"),
    [("Benina", "Al-Hawari"), ("الكيش", "سيدي منصور"), ("hospital", "Juliana")],
)
def test_unrelated_names_do_not_match(query: str, name: str) -> None:
    assert match_score(query, [name]) < 60


@pytest.fixture(scope="module")
def index() -> GazetteerIndex:
    folder = resources.files("opsroom.geo").joinpath("data", "benghazi")
    candidates = []
    for name, kind in (("districts.geojson", "district"), ("places.geojson", None)):
        for feature in json.loads(folder.joinpath(name).read_text(encoding="utf-8"))["features"]:
            props = feature["properties"]
            names = tuple(n for n in (props.get("name_ar"), props.get("name_en")) if n)
            candidates.append(Candidate(f"{name}:{props['code']}", names, kind or props["kind"]))
    return GazetteerIndex(candidates)


@pytest.mark.parametrize(
    ("query", "expected_en"),
    [("الهوارى", "Al-Hawari"), ("هواري", "Al-Hawari"), ("el hawari", "Al-Hawari"),
     ("صابرى", "As-Sabri"), ("sabri", "As-Sabri"), ("بنينة", "Benina"),
     ("sidi hussein", "Sidi Hussein")],
)
def test_real_gazetteer_finds_the_district_first(
    index: GazetteerIndex, query: str, expected_en: str
) -> None:
    best, score = index.search(query, limit=3)[0]
    assert expected_en in best.names and best.kind == "district", index.search(query, 3)
    assert score >= 80


def test_gazetteer_is_fast_enough_for_every_keystroke(index: GazetteerIndex) -> None:
    import time

    started = time.perf_counter()
    for query in ("ا", "ال", "الهو", "الهوا", "الهوار", "الهواري") * 10:
        index.search(query)
    # A loose bound: this is a regression guard, the benchmark is in bench/.
    assert (time.perf_counter() - started) / 60 < 0.05
