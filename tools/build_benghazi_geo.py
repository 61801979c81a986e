"""Build the Benghazi demo geography shipped in src/opsroom/geo/data/benghazi/.

A development tool, run by hand when the sources change; the product never reads the raw
sources. Usage: python tools/build_benghazi_geo.py [PATH_TO_SHARED_DATA]

- city.geojson: the Who's On First city polygon.
- districts.geojson: APPROXIMATE districts: Voronoi cells around named suburb points,
  clipped to the city polygon. No open neighbourhood polygons exist for Benghazi.
- places.geojson: suburbs, villages, police stations, hospitals, clinics, the courthouse.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPoint, Point, mapping, shape

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src/opsroom/geo/data/benghazi"
CITY_POPULATION = 650_629  # WOF, the city polygon's own figure
CENTRE = (20.0817, 32.1288)  # OSM place=city node (lon, lat)
MERGE_M = 700  # seeds closer than this are one district

# Names the sources lack or spell unhelpfully; originals stay in the places file.
EN_NAMES = {
    "أبوعطني": "Abu Atni", "أرض أزواوة": "Ard Izwawa", "البركة": "Al-Birka",
    "الرحبة": "Ar-Rahba", "الصابري": "As-Sabri", "الكيش": "Al-Keesh", "اللثامة": "Al-Lathama",
    "الليثي القديم": "Old Al-Laithi", "الهواري": "Al-Hawari", "بنينا": "Benina",
    "بوهديمة": "Bu Hadima", "جليانة": "Juliana", "حي الشقعابي": "Ash-Shaqaabi",
    "سوق اللحوم": "Souq al-Lahoum", "سيدي حسين": "Sidi Hussein", "سيدي منصور": "Sidi Mansour",
    "طابلينو": "Tabalino", "قاريونس": "Qar Younis", "قرية العنيزي": "Qaryat al-Unayzi",
    "الفويهات الشرقية": "Al-Fuwayhat East", "الصابري الغربي": "As-Sabri West",
    "القوارشة": "Al-Guwarsha", "قنفوده": "Ganfouda", "أرض المجريسي": "Ard al-Majarisi",
    "دكاكين حميد": "Dakakin Hamid", "العروبة": "Al-Urouba", "كامبو العجاج": "Kambu al-Ajjaj",
    "دار الكيش": "Dar al-Keesh",
}
AR_NAMES = {"Dakākīn Ḩamīd": "دكاكين حميد", "Al ‘Urūbah": "العروبة"}
# Census mahallat (2006) whose names match a district seed; both Sabri halves are counted
# where the OSM point stands for the whole quarter.
CENSUS_MATCH = {
    "سيدي حسين": ["سيدي حسين"], "الصابري": ["الصابري الشرقي"],
    "الصابري الغربي": ["الصابري الغربي"], "بنينا": ["بنينة"], "أبوعطني": ["بو عطني"],
    "قاريونس": ["قاريونس"], "القوارشة": ["القوارشة"], "قنفوده": ["قنفودة"],
}
PLACE_KINDS = {"suburb": "suburb", "locality": "locality", "hamlet": "hamlet",
               "village": "locality", "town": "locality", "neighbourhood": "neighbourhood"}


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def arabic_part(name: str) -> str:
    """Some source names mix a Latin transliteration into the Arabic field."""
    return " ".join(w for w in name.split() if any("\u0600" <= ch <= "\u06ff" for ch in w))


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (a[0] - b[0]) * 111_320 * math.cos(math.radians(32.1))
    dy = (a[1] - b[1]) * 110_574
    return math.hypot(dx, dy)


def rounded(geometry: Any) -> Any:
    return json.loads(json.dumps(mapping(shapely.set_precision(geometry, 1e-6))))


def seeds(src: Path, city: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for feature in load(src / "benghazi_places_osm_nodes_2019.geojson")["features"]:
        p = feature["properties"]
        name_ar = arabic_part(p["name_ar"] or "")
        if p["value"] in ("suburb", "locality", "hamlet", "village") and name_ar:
            found.append({"name_ar": name_ar, "xy": tuple(feature["geometry"]["coordinates"])})
    for feature in load(src / "benghazi_city_boundary_and_neighbourhoods_wof.geojson")[
        "features"
    ][1:]:
        p = feature["properties"]
        name_ar = arabic_part(p["name_ar"] or "") or AR_NAMES.get(p["name"], "")
        if name_ar:
            found.append({"name_ar": name_ar, "xy": (p["label_lon"], p["label_lat"])})
    inside = [s for s in found if city.contains(Point(s["xy"]))]
    kept: list[dict[str, Any]] = []
    for seed in inside:  # first come wins: OSM suburbs before WOF neighbourhoods
        if all(metres(seed["xy"], k["xy"]) >= MERGE_M and seed["name_ar"] != k["name_ar"]
               for k in kept):
            kept.append(seed)
    return kept


def census(src: Path) -> dict[str, int]:
    with (src / "benghazi_mahallat_census2006.csv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return {row["mahalla_ar"]: int(row["census_persons_2006"]) for row in rows}


def districts(src: Path, city: Any) -> list[dict[str, Any]]:
    points = seeds(src, city)
    cells = shapely.voronoi_polygons(MultiPoint([p["xy"] for p in points]), extend_to=city)
    people = census(src)
    rows = []
    for seed in points:
        cell = next(c for c in cells.geoms if c.contains(Point(seed["xy"])))
        geom = cell.intersection(city)
        counted = [people[m] for m in CENSUS_MATCH.get(seed["name_ar"], []) if m in people]
        rows.append({**seed, "geom": geom,
                     "population": sum(counted) if counted else None,
                     "population_source": "census2006" if counted else "estimate"})
    # The rest of the city's people are spread over the other cells by area, weighted to
    # fall off with distance from the centre (old Benghazi is dense, the outskirts are not).
    unknown = [r for r in rows if r["population"] is None]
    remainder = CITY_POPULATION - sum(r["population"] or 0 for r in rows)
    weights = [r["geom"].area * math.exp(-metres(r["xy"], CENTRE) / 6000) for r in unknown]
    for row, weight in zip(unknown, weights, strict=True):
        row["population"] = round(remainder * weight / sum(weights))
    rows.sort(key=lambda r: EN_NAMES.get(r["name_ar"], r["name_ar"]))
    return rows


def place_features(src: Path, city: Any, district_rows: list[dict[str, Any]]) -> list[Any]:
    near_city = city.buffer(0.15)  # about 15 km: the villages the room also serves
    features = []

    def near_name(xy: tuple[float, float]) -> tuple[str, str]:
        row = next((r for r in district_rows if r["geom"].contains(Point(xy))), None)
        if row is None:
            row = min(district_rows, key=lambda r: metres(r["xy"], xy))
        return row["name_ar"], EN_NAMES.get(row["name_ar"], row["name_ar"])

    for feature in load(src / "benghazi_places_osm_nodes_2019.geojson")["features"]:
        p = feature["properties"]
        xy = tuple(feature["geometry"]["coordinates"])
        if p["value"] == "city" or not (p["name_ar"] or p["name_en"]):
            continue
        if not near_city.contains(Point(xy)):
            continue
        name_ar = arabic_part(p["name_ar"] or "") or None
        features.append(_point(p, xy, PLACE_KINDS.get(p["value"], "other"),
                               name_ar, EN_NAMES.get(name_ar or "", p["name_en"])))
    for feature in load(src / "benghazi_police_hospitals_poi_osm_nodes_2019.geojson")["features"]:
        p = feature["properties"]
        xy = tuple(feature["geometry"]["coordinates"])
        if not city.contains(Point(xy)):
            continue
        kind, name_ar, name_en = p["value"], p["name_ar"], p["name_en"]
        if kind == "police":
            if name_ar == "مديرية امن بنغازي":
                kind, name_en = "security_directorate", "Benghazi Security Directorate"
            elif name_ar == "نقطة تفتيش":
                continue  # a checkpoint, not a station
            else:
                kind = "police_station"
                if (not name_ar and not name_en) or name_en == "Police Station":
                    # Unnamed in OSM: a descriptive label, marked as such, never a made-up name.
                    area_ar, area_en = near_name(xy)
                    name_ar, name_en = f"مركز شرطة قرب {area_ar}", f"Police station near {area_en}"
        elif kind not in ("hospital", "clinic", "courthouse") or not (name_ar or name_en):
            continue
        features.append(_point(p, xy, kind, name_ar, name_en))
    return features


def _point(p: dict[str, Any], xy: tuple[float, float], kind: str, name_ar: str | None,
           name_en: str | None) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(xy[0], 6), round(xy[1], 6)]},
        "properties": {"code": "osm-" + p["osm_id"].replace("/", "-"), "name_ar": name_ar,
                       "name_en": name_en, "kind": kind, "source": "osm2019"},
    }


def write(name: str, features: list[Any]) -> None:
    body = {"type": "FeatureCollection", "features": features}
    (OUT / name).write_text(json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n",
                            encoding="utf-8")


def main() -> int:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared/data"
    src = src / "benghazi"
    OUT.mkdir(parents=True, exist_ok=True)
    city_feature = load(src / "benghazi_city_boundary_and_neighbourhoods_wof.geojson")[
        "features"
    ][0]
    city = shape(city_feature["geometry"])
    write("city.geojson", [{"type": "Feature", "geometry": rounded(city), "properties": {
        "name_ar": "بنغازي", "name_en": "Benghazi", "population": CITY_POPULATION,
        "source": "whosonfirst:421199765"}}])
    rows = districts(src, city)
    write("districts.geojson", [
        {"type": "Feature", "geometry": rounded(row["geom"]), "properties": {
            "code": f"BNG-D{i:02d}", "name_ar": row["name_ar"],
            "name_en": EN_NAMES.get(row["name_ar"], row["name_ar"]),
            "population": row["population"], "population_source": row["population_source"],
            "approximate": True}}
        for i, row in enumerate(rows, start=1)
    ])
    places = place_features(src, city, rows)
    write("places.geojson", places)
    for row in rows:
        print(f"{EN_NAMES.get(row['name_ar'], row['name_ar']):<22} {row['name_ar']:<18} "
              f"{row['population']:>7} {row['population_source']}")
    print(f"{len(rows)} districts, {len(places)} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
