"""CompStat over ten years of incidents: the read side of statistics at city scale.

1. A fresh database (SQLite in a temporary data dir by default; with ``--database-url`` or
   OPSROOM_DATABASE_URL set to a PostgreSQL URL, a fresh database made beside the one named
   and dropped at the end): migrate, the Benghazi geography, three agencies (the operations
   room, Al-Birka's police station, civil defence).
2. **10,000,000 synthetic incidents** over the ten years ending yesterday, planned with
   numpy: the registry's types mixed by ``sim_weight``, the demo history's seasons, weeks,
   hours of the day, Ramadan and Eids, its persistent hotspots (shootings round As-Sabri,
   drugs in Qaryat al-Unayzi, ...) over a background spread by population, a city growing
   4 % a year and the groups' own trends over the last two years; 2 % second callers merged
   into the first call (never counted), 1 % of calls with no location and no district.
   They are written without the ORM (one multi-row ``executemany`` per 100,000 rows on
   SQLite with ``synchronous=OFF`` and ``journal_mode=OFF`` for the load only; ``COPY`` on
   PostgreSQL), in the order they came, with the rollup's triggers dropped
   (``rollup.drop_triggers``) and the secondary indexes built after the load; then
   ``rollup.rebuild()`` recounts the rollup and reinstalls its triggers. Both are timed.
3. Timed, each warmed up once, the median of ``--runs`` (5):
   - ``compstat_ms``: ``compstat(window("28d", yesterday), "district_type", every agency)``,
     the 28-day CompStat by district × type from the rollup, with its significance tests;
   - ``baseline_ms``: the same CompStat with its counts from one plain ``GROUP BY`` over the
     incidents table, each period a range of the received_at index (``plain_sql_counts``;
     median of 3); ``compstat.plain_counts``, the ORM's query per period, is printed too;
   - ``hotspots_ms``: ``hotspot_layer`` for the violent group over the last full month on
     the 250 m grid, warm (the first call, which builds the grid and its weights, is
     printed apart as cold).
   ``equal=1`` only if every count of the three periods, and every row of the table, is the
   same from the rollup as from the incidents table (both plain queries).
4. DuckDB: whether it can read the database directly (its sqlite/postgres scanner is an
   extension that is downloaded on first use, and this machine is offline), and the same
   counts over an exported snapshot (the columns CompStat needs): the export's time and the
   query's.

``OPSROOM_BENCH_KEEP=<dir>`` keeps the generated database for a rerun: the first run
generates into ``<dir>`` (SQLite) or into a database ``opsroom_bench_compstat_keep_<hash
of the dir>`` beside the URL (PostgreSQL; its name is printed first) and leaves it; a later
run with the same size, seed and backend reuses it (and prints the load and rebuild times
recorded when it was made). Delete the dir (and drop that database) when done.
``--incidents`` (or OPSROOM_BENCH_INCIDENTS) sets the size for a quick run.

The last line is exactly:
incidents=<n> compstat_ms=<x> baseline_ms=<y> speedup=<z> hotspots_ms=<h> equal=<0|1>
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import io
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INCIDENTS = 10_000_000
YEARS = 10
SEED = 16  # issue 16
MARKER = "bench-compstat.json"
KEEP_DATABASE = "opsroom_bench_compstat_keep"
RECEIVED = "incidents_i_receive_029402_idx"  # Incident.Meta: the index on received_at
CHUNK = 100_000  # rows written per statement and transaction
GROWTH = 1.04  # the city's calls grow 4 % a year
TREND_YEARS = 2.0  # the groups' own trends (the demo history's) over the last two years only
DUPLICATES = 0.02  # second callers merged into the first call, of all rows
NO_LOCATION = 0.01  # calls with no fix: no location, no district
STATION_DISTRICT, STATION_SHARE = "BNG-D02", 0.7  # Al-Birka's station handles most of its own
RAMADAN_DAYS, EID_DAYS, LUNAR_YEAR = 30, 3, 354.367
F = npt.NDArray[np.float64]
I = npt.NDArray[np.int64]  # noqa: E741


# ---- the database ---------------------------------------------------------------------------

@contextlib.contextmanager
def fresh_database(url: str, keep: Path | None) -> Iterator[str]:
    """No URL: SQLite in the data dir. A PostgreSQL URL: a new database beside it, dropped at
    the end (kept with OPSROOM_BENCH_KEEP, under a name made from the kept dir's path)."""
    if not url:
        yield ""
        return
    import psycopg

    prefix, _, _ = url.rpartition("/")
    name = (f"{KEEP_DATABASE}_{hashlib.sha1(str(keep).encode()).hexdigest()[:8]}" if keep
            else f"opsroom_bench_compstat_{os.getpid()}")
    with psycopg.connect(url, autocommit=True) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not keep:
            db.execute(f"DROP DATABASE IF EXISTS {name}")
        if not keep or not exists:
            db.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{prefix}/{name}"
    finally:
        if not keep:
            with psycopg.connect(url, autocommit=True) as db:
                db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def reset_postgres(url: str) -> None:
    """A kept PostgreSQL database that does not hold what is asked for: start it again."""
    import psycopg

    prefix, _, name = url.rpartition("/")
    with psycopg.connect(f"{prefix}/postgres", autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        db.execute(f"CREATE DATABASE {name}")


# ---- the plan: numpy arrays, one entry per incident, in the order they came -----------------

@dataclass
class Plan:
    epoch: I  # received_at, Unix seconds (UTC)
    type: npt.NDArray[np.int16]  # index into types
    district: npt.NDArray[np.int16]  # index into the districts, -1: none
    lat: F  # NaN: no location
    lon: F
    agency: npt.NDArray[np.int8]  # index into the agencies
    priority: npt.NDArray[np.int8]
    merged_into: I  # index of the incident a second caller reported, or -1
    number: list[str]
    id_hi: npt.NDArray[np.uint64]  # the UUIDv7, high and low 64 bits
    id_lo: npt.NDArray[np.uint64]

    def __len__(self) -> int:
        return len(self.epoch)

    def id_text(self, i: int) -> str:
        return f"{int(self.id_hi[i]):016x}{int(self.id_lo[i]):016x}"


def _season(doy: F, strength: float, peak: int) -> F:
    """A year's wave of mean 1 peaking on day ``peak`` (von Mises), as the demo history's."""
    wave = np.exp(strength * np.cos(2 * math.pi * (doy - peak) / 365.25))
    result: F = wave / np.i0(strength)
    return result


def _lunar(starts: tuple[date, ...], first: date) -> list[date]:
    """The demo's dates of a lunar feast, and the same feast back to ``first`` (it comes
    about eleven days earlier each solar year)."""
    days = list(starts)
    k = 1
    while (earlier := starts[0] - timedelta(days=round(LUNAR_YEAR * k))) >= first - timedelta(
            days=40):
        days.append(earlier)
        k += 1
    return sorted(days)


def _in_ranges(days: list[date], starts: list[date], length: int) -> F:
    first = days[0]
    flags = np.zeros(len(days))
    for start in starts:
        a, b = (start - first).days, (start - first).days + length
        flags[max(0, a):max(0, min(len(days), b))] = 1.0
    return flags


def plan_incidents(n: int, end: date, seed: int, geo: Any, types: list[Any],
                   agency_codes: list[str]) -> Plan:
    """``n`` incidents over the ten years ending on ``end``, as arrays: no database."""
    from opsroom.demo import history as demo
    from opsroom.incidents.registry import GROUP_OF_TYPE

    rng = np.random.default_rng(seed)
    zone = ZoneInfo(_settings().TIME_ZONE)
    try:
        start = end.replace(year=end.year - YEARS) + timedelta(days=1)
    except ValueError:  # 29 February
        start = end.replace(year=end.year - YEARS, day=28) + timedelta(days=1)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    years = np.array([(d - end).days / 365.25 for d in days])
    recent = np.maximum(years, -TREND_YEARS)
    doy = np.array([d.timetuple().tm_yday for d in days], dtype=float)
    dow = np.array([d.weekday() for d in days])
    ramadan_starts = _lunar(demo.RAMADAN_STARTS, start)
    ramadan = _in_ranges(days, ramadan_starts, RAMADAN_DAYS)
    eids = np.maximum(
        _in_ranges(days, [s + timedelta(days=RAMADAN_DAYS) for s in ramadan_starts], EID_DAYS),
        _in_ranges(days, _lunar(demo.EID_ADHA, start), EID_DAYS))

    # The expected count of each (day, type, component): component 0 is the background,
    # the others the type's hotspots, as in the demo history.
    groups = sorted({GROUP_OF_TYPE[spec.code] for spec in types})
    level = {g: rng.gamma(demo.DAY_DISPERSION, 1 / demo.DAY_DISPERSION, size=len(days))
             for g in groups}
    spots_of: list[tuple[Any, ...]] = []
    for spec in types:
        spots_of.append(demo.TYPE_HOTSPOTS.get(spec.code)
                        or demo.GROUPS[GROUP_OF_TYPE[spec.code]].hotspots)
    width = 1 + max(len(s) for s in spots_of)
    rates = np.zeros((len(days), len(types), width))
    for t, spec in enumerate(types):
        plan = demo.GROUPS[GROUP_OF_TYPE[spec.code]]
        hotspots = spots_of[t]
        concentration = (1.0 if spec.code in demo.TYPE_HOTSPOTS
                         else demo.CONCENTRATION.get(spec.code, 1.0))
        weights = [h.weight * concentration for h in hotspots]
        background = max(0.05, 1.0 - sum(weights))
        scale = background + sum(weights)
        strength, peak = demo.TYPE_SEASON.get(spec.code, plan.season)
        shape = (spec.sim_weight * GROWTH ** years * _season(doy, strength, peak)
                 * np.array(demo.WEEKS[demo.TYPE_WEEK.get(spec.code, plan.week)])[dow]
                 * np.where(ramadan > 0, plan.ramadan, 1.0) * level[GROUP_OF_TYPE[spec.code]])
        if spec.code == "celebratory_gunfire":
            shape = shape * np.where(ramadan > 0, demo.RAMADAN_GUNFIRE / plan.ramadan, 1.0)
            shape = shape * np.where(eids > 0, demo.EID_GUNFIRE, 1.0)
        rates[:, t, 0] = shape * background / scale * plan.yearly ** recent
        for c, (hotspot, weight) in enumerate(zip(hotspots, weights, strict=True), start=1):
            rates[:, t, c] = shape * weight / scale * hotspot.yearly ** recent

    duplicates = round(n * DUPLICATES)
    first = n - duplicates
    counts = rng.multinomial(first, (rates / rates.sum()).ravel())
    flat = np.repeat(np.arange(counts.size), counts)
    del counts
    day_i, type_i, comp_i = np.unravel_index(flat, rates.shape)
    del flat
    day = day_i.astype(np.int32)
    type_ = type_i.astype(np.int16)
    comp = comp_i.astype(np.int8)
    del day_i, type_i, comp_i

    # Where: the background in districts drawn by population, uniformly inside each; a
    # hotspot's calls round its centre (drawn again when they fall outside every district).
    lat, lon = np.full(first, np.nan), np.full(first, np.nan)
    district = np.full(first, -1, dtype=np.int16)
    background = np.flatnonzero(comp == 0)
    located = background[rng.random(len(background)) >= NO_LOCATION]
    chosen = rng.choice(len(geo.codes), size=len(located), p=geo.population
                        / geo.population.sum())
    for i in range(len(geo.codes)):
        where = located[chosen == i]
        lat[where], lon[where] = demo.uniform_in(geo.polygons[i], len(where), rng)
        district[where] = i
    del background, located, chosen
    for t in range(len(types)):
        for c, hotspot in enumerate(spots_of[t], start=1):
            where = np.flatnonzero((type_ == t) & (comp == c))
            if not len(where):
                continue
            clat, clon = geo.centres[hotspot.district]
            sd_lat = hotspot.spread_m / 111_320
            sd_lon = sd_lat / math.cos(math.radians(clat))
            todo = where
            for _ in range(30):
                lat[todo] = clat + rng.normal(0, sd_lat, len(todo))
                lon[todo] = clon + rng.normal(0, sd_lon, len(todo))
                found = geo.district_of(lat[todo], lon[todo])
                district[todo] = found
                todo = todo[found < 0]
                if not len(todo):
                    break
            lat[todo], lon[todo] = clat, clon
            district[todo] = geo.codes.index(hotspot.district)
    del comp

    # When: the hour by kind of call, with Friday's and Ramadan's own hours.
    profiles = sorted({demo.TYPE_HOURS.get(s.code, demo.GROUPS[GROUP_OF_TYPE[s.code]].hours)
                       for s in types})
    profile_of_type = np.array([profiles.index(demo.TYPE_HOURS.get(
        s.code, demo.GROUPS[GROUP_OF_TYPE[s.code]].hours)) for s in types])
    profile = profile_of_type[type_]
    friday = (dow == 4)[day]
    fasting = (ramadan > 0)[day]
    hour = np.zeros(first, dtype=np.int64)
    for k, name in enumerate(profiles):
        for on_friday in (False, True):
            for in_ramadan in (False, True):
                where = np.flatnonzero((profile == k) & (friday == on_friday)
                                       & (fasting == in_ramadan))
                if not len(where):
                    continue
                p = np.array(demo.HOURS[name])
                if on_friday:
                    p = p * np.array(demo.FRIDAY_HOURS)
                if in_ramadan:
                    p = p * np.array(demo.RAMADAN_HOURS)
                hour[where] = rng.choice(24, size=len(where), p=p / p.sum())
    del profile, friday, fasting
    midnight = np.array([int(datetime.combine(d, clock_time(), zone).timestamp())
                         for d in days], dtype=np.int64)
    epoch = midnight[day] + hour * 3600 + rng.integers(0, 3600, size=first)
    del hour

    # Who: civil defence owns fires and rescues; Al-Birka's station most of its district's
    # other calls; the operations room the rest.
    group_of = np.array([GROUP_OF_TYPE[s.code] for s in types])
    agency = np.full(first, agency_codes.index("bench-ops"), dtype=np.int8)
    station_district = geo.codes.index(STATION_DISTRICT)
    agency[(district == station_district) & (rng.random(first) < STATION_SHARE)] = (
        agency_codes.index("bench-station"))
    agency[group_of[type_] == "fire_rescue"] = agency_codes.index("bench-civil-defence")
    default = np.array([s.default_priority for s in types])[type_]
    shift = rng.choice([-1, 0, 1], size=first, p=[0.05, 0.85, 0.10])
    priority = np.clip(default + shift, 1, 4).astype(np.int8)
    del default, shift

    # Second callers: a few minutes after an urgent call, at the same place.
    urgent = np.flatnonzero(priority <= 2)
    pool = urgent if len(urgent) >= duplicates else np.arange(first)
    original = np.sort(rng.choice(pool, size=duplicates, replace=False))
    del urgent, pool
    epoch = np.concatenate([epoch, epoch[original] + rng.integers(40, 300, size=duplicates)])
    merged_into = np.concatenate([np.full(first, -1, dtype=np.int64), original])

    def extend(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return np.concatenate([values, values[original]])

    type_, district, agency, priority = (extend(type_), extend(district), extend(agency),
                                         extend(priority))
    lat, lon, day = extend(lat), extend(lon), extend(day)

    order = np.argsort(epoch, kind="stable")
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    merged_into = merged_into[order]
    merged_into = np.where(merged_into >= 0, position[np.maximum(merged_into, 0)], -1)
    epoch, type_, district, agency, priority = (epoch[order], type_[order], district[order],
                                                agency[order], priority[order])
    lat, lon, day = lat[order], lon[order], day[order]
    del order, position

    # Numbers: a sequence per local year of the day planned, in the order the calls came.
    # The SYN. prefix marks them synthetic (no real number, <site>-<year>-<n>, starts so).
    year_of_day = np.array([d.year for d in days], dtype=np.int64)
    year = year_of_day[day]
    sequence = np.zeros(n, dtype=np.int64)
    for y in np.unique(year):
        where = np.flatnonzero(year == y)
        sequence[where] = np.arange(1, len(where) + 1)
    number = [f"SYN.BENCH-{y}-{s:07d}" for y, s in zip(year.tolist(), sequence.tolist(),
                                                       strict=True)]
    del year, sequence, day

    # Ids: UUIDv7 of the incident's own time, so the primary key's index grows at its end.
    ms = epoch * 1000 + rng.integers(0, 1000, size=n)
    bits = rng.integers(0, 1 << 62, size=n, dtype=np.int64).astype(np.uint64)
    version_rand = rng.integers(0, 1 << 12, size=n, dtype=np.int64).astype(np.uint64)
    id_hi = (ms.astype(np.uint64) << np.uint64(16)) | np.uint64(0x7000) | version_rand
    id_lo = bits | (np.uint64(0b10) << np.uint64(62))
    return Plan(epoch, type_, district, lat, lon, agency, priority, merged_into, number,
                id_hi, id_lo)


def _settings() -> Any:
    from django.conf import settings

    return settings


# ---- the load ---------------------------------------------------------------------------------

COLUMNS = ("id, origin_site, created_at, updated_at, version, number, priority, status, lat, "
           "lon, address, description, caller_name, caller_phone, received_at, district_id, "
           "owner_agency_id, type_id, clocks, hlc, merged_into_id")


def chunk_values(plan: Plan, start: int, stop: int, district_ids: list[str],
                 agency_ids: list[str], type_codes: list[str], zone_suffix: str
                 ) -> tuple[list[Any], ...]:
    """The varying columns of rows ``start:stop``, as Python lists."""
    hi, lo = plan.id_hi[start:stop].tolist(), plan.id_lo[start:stop].tolist()
    ids = [f"{h:016x}{v:016x}" for h, v in zip(hi, lo, strict=True)]
    stamps = np.datetime_as_string(plan.epoch[start:stop].astype("datetime64[s]")).tolist()
    times = [f"{s[:10]} {s[11:]}{zone_suffix}" for s in stamps]
    numbers = plan.number[start:stop]
    priorities = plan.priority[start:stop].tolist()
    merged = plan.merged_into[start:stop].tolist()
    statuses = ["merged" if m >= 0 else "closed" for m in merged]
    merged_ids = [plan.id_text(m) if m >= 0 else None for m in merged]
    lats = [None if math.isnan(v) else v for v in plan.lat[start:stop].tolist()]
    lons = [None if math.isnan(v) else v for v in plan.lon[start:stop].tolist()]
    districts = [district_ids[d] if d >= 0 else None
                 for d in plan.district[start:stop].tolist()]
    agencies = [agency_ids[a] for a in plan.agency[start:stop].tolist()]
    types = [type_codes[t] for t in plan.type[start:stop].tolist()]
    hlcs = [(int(h) >> 16) << 16 for h in hi]  # the incident's own millisecond, counter 0
    return (ids, times, numbers, priorities, statuses, lats, lons, districts, agencies, types,
            hlcs, merged_ids)


def secondary_indexes(cursor: Any, vendor: str) -> list[tuple[str, str]]:
    """The incidents table's indexes that no constraint needs (name, statement)."""
    if vendor == "sqlite":
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                       "tbl_name = 'incidents_incident' AND sql IS NOT NULL")
    else:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = "
            "'incidents_incident' AND indexname NOT IN (SELECT conname FROM pg_constraint "
            "WHERE conrelid = 'incidents_incident'::regclass)")
    return [(str(name), str(sql)) for name, sql in cursor.fetchall()]


def bulk_load(plan: Plan, district_ids: list[str], agency_ids: list[str],
              type_codes: list[str]) -> dict[str, float]:
    """Write the plan into incidents_incident: the secondary indexes dropped and built again
    after, the rollup's triggers dropped (``rebuild`` reinstalls them)."""
    from django.db import connection

    from opsroom.stats import rollup

    vendor = connection.vendor
    site = str(_settings().SITE_CODE)
    rollup.drop_triggers()
    with connection.cursor() as cursor:
        indexes = secondary_indexes(cursor, vendor)
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    started = time.perf_counter()
    raw = connection.connection
    if vendor == "sqlite":
        raw.execute("PRAGMA journal_mode=OFF")  # for the load only: no rollback journal
        raw.execute("PRAGMA synchronous=OFF")
        raw.execute("PRAGMA cache_size=-1000000")  # 1 GB of page cache while loading
        quoted = site.replace("'", "''")
        sql = (f"INSERT INTO incidents_incident ({COLUMNS}) VALUES (?1, '{quoted}', ?2, ?2, 1, "
               f"?3, ?4, ?5, ?6, ?7, '', '', '', '', ?2, ?8, ?9, ?10, '{{}}', ?11, ?12)")
    else:
        connection.cursor().execute("SET maintenance_work_mem = '1GB'")
    for begin in range(0, len(plan), CHUNK):
        stop = min(len(plan), begin + CHUNK)
        if vendor == "sqlite":
            values = chunk_values(plan, begin, stop, district_ids, agency_ids, type_codes, "")
            raw.execute("BEGIN")
            raw.executemany(sql, zip(*values, strict=True))
            raw.execute("COMMIT")
        else:
            _copy_chunk(raw, plan, begin, stop, site, district_ids, agency_ids, type_codes)
        if stop % 1_000_000 == 0 or stop == len(plan):
            print(f"  load: {stop:,} incidents in {time.perf_counter() - started:.0f} s",
                  flush=True)
    inserted = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for _, statement in indexes:
            cursor.execute(statement)
    indexed = time.perf_counter() - started
    started = time.perf_counter()
    if vendor == "sqlite":
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=NORMAL")
    else:  # what autovacuum would do soon after a load this size
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) incidents_incident")
    settled = time.perf_counter() - started
    return {"insert_s": inserted, "index_s": indexed, "settle_s": settled}


def _copy_chunk(raw: Any, plan: Plan, begin: int, stop: int, site: str,
                district_ids: list[str], agency_ids: list[str], type_codes: list[str]
                ) -> None:
    (ids, times, numbers, priorities, statuses, lats, lons, districts, agencies, types, hlcs,
     merged) = chunk_values(plan, begin, stop, district_ids, agency_ids, type_codes, "+00")
    out = io.StringIO()
    null = "\\N"
    for i in range(len(ids)):
        out.write("\t".join((
            ids[i], site, times[i], times[i], "1", numbers[i], str(priorities[i]), statuses[i],
            null if lats[i] is None else repr(lats[i]),
            null if lons[i] is None else repr(lons[i]), "", "", "", "", times[i],
            districts[i] or null, agencies[i], types[i], "{}", str(hlcs[i]),
            merged[i] or null)))
        out.write("\n")
    with (raw.cursor() as cursor, raw.transaction(),
          cursor.copy(f"COPY incidents_incident ({COLUMNS}) FROM STDIN") as copy):
        copy.write(out.getvalue())


def rebuild_rollup() -> tuple[int, float]:
    """``rollup.rebuild()``, timed; on PostgreSQL the new rows analysed, as autovacuum would."""
    from django.db import connection

    from opsroom.stats import rollup

    started = time.perf_counter()
    counted = rollup.rebuild()
    seconds = time.perf_counter() - started
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {rollup.TABLE}")
    print(f"rollup rebuilt in {seconds:.1f} s ({counted:,} incidents counted)", flush=True)
    return counted, seconds


# ---- set-up -----------------------------------------------------------------------------------

def set_up(n: int, seed: int, end: date) -> dict[str, Any]:
    """Migrate, the geography and agencies, the incidents, the rollup: what was timed."""
    from django.core.management import call_command
    from django.db import connection

    from opsroom.accounts.models import Agency, AgencyKind
    from opsroom.demo.history import Geography
    from opsroom.demo.loader import read_geojson
    from opsroom.geo.actions import do_load_geography
    from opsroom.incidents.registry import INCIDENT_TYPES
    from opsroom.stats import rollup

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    do_load_geography(None, read_geojson("city.geojson"), read_geojson("districts.geojson"),
                      read_geojson("places.geojson"))
    agencies = {
        "bench-ops": Agency.objects.create(
            code="bench-ops", name_ar="غرفة العمليات (تجريبية)",
            name_en="Operations room (synthetic)", kind=AgencyKind.OPERATIONS_ROOM),
        "bench-station": Agency.objects.create(
            code="bench-station", name_ar="مركز شرطة البركة (تجريبي)",
            name_en="Al-Birka police station (synthetic)", kind=AgencyKind.POLICE_STATION),
        "bench-civil-defence": Agency.objects.create(
            code="bench-civil-defence", name_ar="الدفاع المدني (تجريبي)",
            name_en="Civil defence (synthetic)", kind=AgencyKind.CIVIL_DEFENCE),
    }
    print(f"migrated, geography and agencies in {time.perf_counter() - started:.1f} s")
    geo = Geography.load()
    types = [spec for spec in INCIDENT_TYPES if spec.sim_weight > 0]
    codes = list(agencies)
    started = time.perf_counter()
    plan = plan_incidents(n, end, seed, geo, types, codes)
    planned = time.perf_counter() - started
    print(f"planned {len(plan):,} incidents ({int((plan.merged_into >= 0).sum()):,} second "
          f"callers merged, {int(np.isnan(plan.lat).sum()):,} with no location) from "
          f"{datetime.fromtimestamp(int(plan.epoch[0]), UTC):%Y-%m-%d} to "
          f"{datetime.fromtimestamp(int(plan.epoch[-1]), UTC):%Y-%m-%d} in {planned:.1f} s",
          flush=True)
    key = rollup.key_text
    times = bulk_load(plan, [key(i) for i in geo.ids], [key(agencies[c].id) for c in codes],
                      [spec.code for spec in types])
    del plan
    gc.collect()
    load_s = times["insert_s"] + times["index_s"] + times["settle_s"]
    settle = "WAL again" if connection.vendor == "sqlite" else "VACUUM ANALYZE"
    print(f"loaded in {load_s:.1f} s: rows {times['insert_s']:.1f} s, secondary indexes "
          f"{times['index_s']:.1f} s, {settle} {times['settle_s']:.1f} s", flush=True)
    counted, rebuild_s = rebuild_rollup()
    return {"incidents": n, "seed": seed, "end": end.isoformat(), "planned_s": planned,
            "load_s": load_s, **times, "rebuild_s": rebuild_s, "counted": counted}


# ---- measurements -----------------------------------------------------------------------------

def timed(fn: Callable[[], Any], runs: int) -> tuple[float, list[float], Any]:
    """Warm up once, then ``runs`` timed calls: (median ms, every ms, the last result)."""
    result = fn()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), timings, result


def plan_of(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return [str(row[-1]) for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN {sql}")
        return [str(row[0]) for row in cursor.fetchall()]


def captured(fn: Callable[[], Any]) -> list[str]:
    """The SQL statements ``fn`` runs, with their parameters in place."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        fn()
    return [q["sql"] for q in queries.captured_queries]


def counts_sql(periods: tuple[Any, ...], snapshot: str) -> str:
    """The three periods' counts by district × type over a DuckDB snapshot, by UTC bounds
    as ``plain_counts`` reads the incidents table."""
    sums = []
    for p in periods:
        start, stop = (b.strftime("%Y-%m-%d %H:%M:%S") for b in p.utc_bounds())
        sums.append(f"COUNT(*) FILTER (WHERE received_at >= TIMESTAMP '{start}' AND "
                    f"received_at < TIMESTAMP '{stop}')")
    spans = " OR ".join(
        f"(received_at >= TIMESTAMP '{a:%Y-%m-%d %H:%M:%S}' AND received_at < TIMESTAMP "
        f"'{b:%Y-%m-%d %H:%M:%S}')" for a, b in (p.utc_bounds() for p in periods))
    return (f"SELECT district || '|' || type, {', '.join(sums)} FROM {snapshot} "
            f"WHERE counted AND ({spans}) GROUP BY 1")


def duckdb_figures(periods: tuple[Any, ...], runs: int, plain: dict[str, list[int]],
                   data_dir: Path) -> None:
    """DuckDB straight on the database if it can, and over an exported snapshot."""
    try:
        import duckdb
    except ImportError as error:
        print(f"duckdb: unavailable ({error})")
        return
    from django.db import connection

    db = duckdb.connect()
    db.execute("SET autoinstall_known_extensions = false")
    scanner = "sqlite" if connection.vendor == "sqlite" else "postgres"
    try:
        db.execute(f"LOAD {scanner}")
        direct = True
    except duckdb.Error as error:
        reason = str(error).splitlines()[0]
        print(f"duckdb: direct read unavailable (LOAD {scanner}: {reason}; INSTALL needs the "
              f"network, extensions.duckdb.org)")
        direct = False
    if direct:
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            db.execute(f"ATTACH '{settings['NAME']}' AS live (TYPE sqlite, READ_ONLY)")
        else:
            db.execute(f"ATTACH 'dbname={settings['NAME']} host={settings['HOST']} "
                       f"user={settings['USER']} port={settings['PORT'] or 5432}' AS live "
                       f"(TYPE postgres, READ_ONLY)")
        db.execute("CREATE VIEW direct AS SELECT CAST(received_at AS TIMESTAMP) AS received_at, "
                   "COALESCE(CAST(district_id AS VARCHAR), '') AS district, type_id AS type, "
                   "merged_into_id IS NULL AS counted FROM live.incidents_incident")
        query_ms, _, rows = timed(lambda: db.execute(counts_sql(periods, "direct")).fetchall(),
                                  runs)
        same = {k: list(v) for k, *v in rows} == plain
        print(f"duckdb direct: query_ms={query_ms:.1f} equal={int(same)}")

    started = time.perf_counter()
    frame = export_snapshot(data_dir)
    exported = time.perf_counter() - started
    started = time.perf_counter()
    db.register("exported", frame)
    db.execute("CREATE TABLE snapshot AS SELECT received_at, CAST(district AS VARCHAR) AS "
               "district, CAST(type AS VARCHAR) AS type, counted FROM exported")
    db.unregister("exported")
    loaded = time.perf_counter() - started
    rows_n = len(frame)
    del frame
    gc.collect()
    query_ms, timings, rows = timed(
        lambda: db.execute(counts_sql(periods, "snapshot")).fetchall(), runs)
    same = {k: list(v) for k, *v in rows} == plain
    print(f"duckdb snapshot: {rows_n:,} rows exported in {exported:.1f} s, into DuckDB in "
          f"{loaded:.1f} s; the three periods' counts by district × type: "
          f"{', '.join(f'{t:.1f}' for t in timings)} ms, equal to the incidents table: {same}")
    print(f"duckdb: snapshot_s={exported + loaded:.1f} query_ms={query_ms:.1f} "
          f"equal={int(same)}")
    db.close()


def export_snapshot(data_dir: Path) -> Any:
    """The columns CompStat counts by, every incident: a pandas frame."""
    import pandas as pd  # type: ignore[import-untyped]
    from django.db import connection

    if connection.vendor == "sqlite":
        parts = []
        connection.ensure_connection()
        cursor = connection.connection.execute(
            "SELECT received_at, COALESCE(district_id, ''), type_id, "
            "merged_into_id IS NULL FROM incidents_incident")
        while batch := cursor.fetchmany(1_000_000):
            received, district, kind, counted = zip(*batch, strict=True)
            parts.append(pd.DataFrame({
                "received_at": pd.to_datetime(pd.Series(received), format="ISO8601"),
                "district": pd.Categorical(district), "type": pd.Categorical(kind),
                "counted": np.array(counted, dtype=bool)}))
        cursor.close()
        frame = pd.concat(parts, ignore_index=True)
        # Categories differ between the parts: concat made them plain strings again.
        for column in ("district", "type"):
            frame[column] = frame[column].astype("category")
        return frame
    path = data_dir / "snapshot.csv"
    with connection.cursor() as cursor, path.open("wb") as out:
        raw = cursor.cursor
        with raw.copy(
                "COPY (SELECT received_at AT TIME ZONE 'UTC', COALESCE(district_id::text, ''), "
                "type_id, merged_into_id IS NULL FROM incidents_incident) TO STDOUT "
                "WITH (FORMAT csv)") as copy:
            for data in copy:
                out.write(data)
    frame = pd.read_csv(path, names=["received_at", "district", "type", "counted"],
                        header=None, dtype={"district": "category", "type": "category"},
                        keep_default_na=False, true_values=["t"], false_values=["f"])
    frame["received_at"] = pd.to_datetime(frame["received_at"], format="ISO8601")
    path.unlink()
    return frame


def disk_used(data_dir: Path) -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        size = sum(p.stat().st_size for p in data_dir.glob("opsroom.sqlite3*"))
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = int(cursor.fetchone()[0])
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM stats_dailycount")
        cells = int(cursor.fetchone()[0])
    return f"{size / 1e9:.2f} GB, of which the rollup is {cells:,} rows"


def plain_sql_counts(periods: Any, column: str, scope: Any, filters: Any
                     ) -> dict[str, list[int]]:
    """``rollup_counts``' answer for every agency and no filter, by one plain GROUP BY over
    the incidents table: each period a range of the received_at index (named to SQLite,
    whose planner, with no statistics, would rather walk the merged_into index), as a
    careful hand would write it."""
    from django.db import connection

    assert column == "district_type" and scope.agency_id is None
    if connection.vendor == "sqlite":
        cell, hint = "COALESCE(district_id, '') || '|' || type_id", " INDEXED BY " + RECEIVED
    else:
        cell, hint = "COALESCE(district_id::text, '') || '|' || type_id", ""
    spans: list[str] = []
    params: list[Any] = []
    for i, period in enumerate(periods):
        spans.append(f"SELECT {i} AS period, {cell} AS cell FROM incidents_incident{hint} "
                     f"WHERE merged_into_id IS NULL AND received_at >= %s AND received_at < %s")
        params.extend(connection.ops.adapt_datetimefield_value(b) for b in period.utc_bounds())
    sums = ", ".join(f"SUM(CASE WHEN period = {i} THEN 1 ELSE 0 END)"
                     for i in range(len(periods)))
    sql = f"SELECT cell, {sums} FROM ({' UNION ALL '.join(spans)}) AS spans GROUP BY cell"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {key: [int(v) for v in values] for key, *values in cursor.fetchall()}


def measure(args: argparse.Namespace, end: date, data_dir: Path) -> tuple[int, str]:
    from django.db import connection

    from opsroom.incidents.models import Incident
    from opsroom.incidents.registry import GROUP_BY_CODE
    from opsroom.stats import compstat as cs
    from opsroom.stats import hotspots
    from opsroom.stats.windows import Period, window

    win = window("28d", end)
    periods = (win.current, win.previous, win.last_year)
    scope = cs.Scope(None, "كل الجهات", "Every agency")
    filters = cs.Filters()
    print(f"window: {', '.join(p.label() for p in periods)} (current, previous, a year ago)")

    def rolled() -> cs.Compstat:
        return cs.compstat(win, "district_type", scope, filters)

    def plain() -> cs.Compstat:
        with mock.patch.object(cs, "rollup_counts", plain_sql_counts):
            return cs.compstat(win, "district_type", scope, filters)

    def counts(fn: Callable[..., dict[str, list[int]]]) -> Callable[[], dict[str, list[int]]]:
        return lambda: fn(periods, "district_type", scope, filters)

    compstat_ms, compstat_runs, table = timed(rolled, args.runs)
    baseline_ms, baseline_runs, reference = timed(plain, args.baseline_runs)
    rollup_ms, _, rollup_cells = timed(counts(cs.rollup_counts), args.runs)
    sql_ms, _, sql_cells = timed(counts(plain_sql_counts), args.baseline_runs)
    orm_ms, orm_runs, orm_cells = timed(counts(cs.plain_counts), args.baseline_runs)

    def cells(c: cs.Compstat) -> list[tuple[str, int, int, int]]:
        return [(r.key, r.current, r.previous, r.last_year) for r in [*c.rows, c.total]]

    equal = (rollup_cells == sql_cells == orm_cells and cells(table) == cells(reference))
    print(f"compstat by district × type, from the rollup: {len(table.rows):,} rows, "
          f"{table.total.current:,} / {table.total.previous:,} / {table.total.last_year:,} "
          f"incidents; {', '.join(f'{t:.1f}' for t in compstat_runs)} ms "
          f"(median {compstat_ms:.1f}); its counts alone (rollup_counts) {rollup_ms:.1f} ms, "
          f"the rest (rows, significance tests) {compstat_ms - rollup_ms:.1f} ms")
    print(f"baseline, the same compstat from one plain GROUP BY over the incidents table: "
          f"{', '.join(f'{t:.1f}' for t in baseline_runs)} ms (median {baseline_ms:.1f}); "
          f"its counts alone {sql_ms:.1f} ms")
    print(f"compstat.plain_counts (the ORM's GROUP BY, a query a period, the tests' "
          f"reference): {', '.join(f'{t:.1f}' for t in orm_runs)} ms (median {orm_ms:.1f})")
    print(f"every cell equal (rollup, plain SQL, plain_counts, and the tables' rows): {equal} "
          f"({len(rollup_cells):,} district × type cells)")
    for label, fn in (("rollup_counts", counts(cs.rollup_counts)),
                      ("plain SQL", counts(plain_sql_counts)),
                      ("plain_counts", counts(cs.plain_counts))):
        for sql in captured(fn)[:1]:
            print(f"query plan ({label}, {connection.vendor}):")
            for line in plan_of(sql):
                print(f"    {line}")

    violent = list(GROUP_BY_CODE["violent"].types)
    month_end = end + timedelta(days=1)
    if month_end.day != 1:
        month_end = month_end.replace(day=1)
    month_start = (month_end - timedelta(days=1)).replace(day=1)
    month = Period(month_start, month_end)

    def layer() -> dict[str, Any]:
        return hotspots.hotspot_layer(Incident.objects.all(), types=violent, period=month,
                                      unit="grid")

    hotspots.forget()
    started = time.perf_counter()
    first = layer()
    for sql in [q for q in captured(layer) if "incidents_incident" in q][:1]:
        print(f"query plan (hotspot_layer, {connection.vendor}):")
        for line in plan_of(sql):
            print(f"    {line}")
    cold_ms = (time.perf_counter() - started) * 1000
    hotspots_ms, hot_runs, result = timed(layer, args.runs)
    district_ms, _, by_district = timed(
        lambda: hotspots.hotspot_layer(Incident.objects.all(), types=violent, period=month,
                                       unit="district"), args.runs)
    assert first["total"] == result["total"]
    print(f"hotspots, violent group, {month.label()}, {result['cell_m']} m grid: "
          f"{result['total']:,} incidents in {result['cells']:,} cells "
          f"({result['outside']:,} outside), {result['hot']} hot, {result['cold']} cold; "
          f"cold (grid and weights built) {cold_ms:.1f} ms, warm "
          f"{', '.join(f'{t:.1f}' for t in hot_runs)} ms (median {hotspots_ms:.1f}); "
          f"by district {district_ms:.1f} ms ({by_district['hot']} hot)")

    if args.duckdb:
        duckdb_figures(periods, args.runs, rollup_cells, data_dir)
    print(f"disk: {disk_used(data_dir)}")
    incidents = Incident.objects.count()
    speedup = baseline_ms / compstat_ms if compstat_ms else float("inf")
    print(f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    line = (f"incidents={incidents} compstat_ms={compstat_ms:.1f} "
            f"baseline_ms={baseline_ms:.1f} speedup={speedup:.1f} "
            f"hotspots_ms={hotspots_ms:.1f} equal={int(equal)}")
    return (0 if equal else 1), line


# ---- main -------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int,
                        default=int(os.environ.get("OPSROOM_BENCH_INCIDENTS")
                                    or DEFAULT_INCIDENTS))
    parser.add_argument("--runs", type=int, default=5, help="timed runs after a warm-up")
    parser.add_argument("--baseline-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--database-url", default=os.environ.get("OPSROOM_DATABASE_URL", ""),
                        help="a PostgreSQL URL: a fresh database is made beside it")
    parser.add_argument("--no-duckdb", dest="duckdb", action="store_false")
    parser.add_argument("--rebuild", action="store_true",
                        help="with a kept database: recount the rollup again (timed)")
    args = parser.parse_args()
    began = time.perf_counter()
    keep = os.environ.get("OPSROOM_BENCH_KEEP", "")
    data_dir = Path(keep).resolve() if keep else Path(tempfile.mkdtemp(
        prefix="opsroom-bench-compstat-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with fresh_database(args.database_url, data_dir if keep else None) as url:
            return run(args, data_dir, url, bool(keep), began)
    finally:
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)  # ten million incidents: gigabytes


def run(args: argparse.Namespace, data_dir: Path, url: str, keep: bool, began: float) -> int:
    backend = "postgresql" if url else "sqlite"
    marker = data_dir / MARKER
    wanted = {"incidents": args.incidents, "seed": args.seed, "backend": backend,
              "database": url.rpartition("/")[2] if url else "opsroom.sqlite3"}
    kept: dict[str, Any] | None = None
    if keep and marker.exists():
        recorded = json.loads(marker.read_text())
        if {k: recorded.get(k) for k in wanted} == wanted and recorded.get("complete"):
            kept = recorded
    if keep and kept is None:  # not what is asked for: start again
        marker.unlink(missing_ok=True)
        if url:
            reset_postgres(url)
        else:
            for path in data_dir.glob("opsroom.sqlite3*"):
                path.unlink()
    os.environ.update({"OPSROOM_DATA_DIR": str(data_dir), "OPSROOM_DATABASE_URL": url,
                       "OPSROOM_LOG_LEVEL": "warning",
                       "DJANGO_SETTINGS_MODULE": "opsroom.settings"})
    import django

    django.setup()
    from opsroom.core.clock import now, to_city_time

    print(f"database: {'PostgreSQL ' + wanted['database'] if url else 'SQLite'} in "
          f"{data_dir}{' (kept)' if keep else ''}")
    if kept is not None:
        end = date.fromisoformat(kept["end"])
        print(f"reusing the kept database of {kept['incidents']:,} incidents up to {end}: it "
              f"was loaded in {kept['load_s']:.1f} s (rows {kept['insert_s']:.1f} s, indexes "
              f"{kept['index_s']:.1f} s) and its rollup rebuilt in {kept['rebuild_s']:.1f} s")
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)  # the code may have new migrations since
        print(f"migrated in {time.perf_counter() - started:.1f} s")
        if args.rebuild:
            rebuild_rollup()
    else:
        end = to_city_time(now()).date() - timedelta(days=1)
        recorded = set_up(args.incidents, args.seed, end)
        if keep:
            marker.write_text(json.dumps({**wanted, **recorded, "complete": True}, indent=1))
    from django.db import connection

    connection.close()  # what follows runs on an ordinary connection, as a server's
    status, line = measure(args, end, data_dir)
    print(f"run time {time.perf_counter() - began:.0f} s")
    print(line)  # the exact last line
    return status


if __name__ == "__main__":
    sys.exit(main())
