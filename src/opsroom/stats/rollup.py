"""The rollup of incidents by local day, district, type and agency, kept by the database.

Triggers on the incidents table add one to a day's count when an incident is written and
move it when its day, district, type or agency changes; a duplicate merged into another
incident stops counting (one event called in twice is one incident), and a deleted one is
taken off. They run inside the writing transaction, so a crash loses both or neither, and
they see every writer: the actions, sync's bulk apply of another site's changes, a
retention purge. ``rebuild`` recounts from the incidents table.

A day is the city's local day (OPSROOM_TIME_ZONE). PostgreSQL converts with its own time
zone database; SQLite has none, so each connection gets ``opsroom_local_day``, a
deterministic SQL function in Python (zoneinfo), and the triggers call it. A write to the
incidents table from outside opsroom (the sqlite3 shell) fails on that function rather than
leaving the rollup wrong.
"""

from __future__ import annotations

import functools
import uuid
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from opsroom.core.clock import now

TABLE = "stats_dailycount"
KEY = "day, district, type, agency"


@functools.lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_day(value: str | None) -> str | None:
    """SQLite's ``opsroom_local_day``: a stored UTC datetime's local date, ISO."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_zone(settings.TIME_ZONE)).date().isoformat()


def add_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created: give every SQLite connection the function the triggers call."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("opsroom_local_day", 1, local_day,
                                              deterministic=True)


def key_text(value: uuid.UUID | str | None) -> str:
    """A UUID as the rollup's keys hold it: the database's own text of the id."""
    if value is None or value == "":
        return ""
    as_uuid = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    return as_uuid.hex if connection.vendor == "sqlite" else str(as_uuid)


# --- SQLite ---------------------------------------------------------------------------

def _sqlite_key(row: str) -> str:
    return (f"opsroom_local_day({row}.received_at), COALESCE({row}.district_id, ''), "
            f"{row}.type_id, {row}.owner_agency_id")


def _sqlite_match(row: str) -> str:
    return (f"day = opsroom_local_day({row}.received_at) "
            f"AND district = COALESCE({row}.district_id, '') "
            f"AND type = {row}.type_id AND agency = {row}.owner_agency_id")


_SQLITE_ADD = (f"INSERT INTO {TABLE} ({KEY}, n) SELECT {_sqlite_key('NEW')}, 1 "
               f"WHERE NEW.merged_into_id IS NULL "
               f"ON CONFLICT ({KEY}) DO UPDATE SET n = n + 1;")
_SQLITE_TAKE = (f"UPDATE {TABLE} SET n = n - 1 WHERE OLD.merged_into_id IS NULL "
                f"AND {_sqlite_match('OLD')}; "
                f"DELETE FROM {TABLE} WHERE n = 0 AND {_sqlite_match('OLD')};")
_CHANGED = ("OLD.received_at IS NOT NEW.received_at OR OLD.district_id IS NOT NEW.district_id "
            "OR OLD.type_id IS NOT NEW.type_id OR OLD.owner_agency_id IS NOT "
            "NEW.owner_agency_id OR (OLD.merged_into_id IS NULL) IS NOT "
            "(NEW.merged_into_id IS NULL)")
SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS stats_incident_ai",
    "DROP TRIGGER IF EXISTS stats_incident_au",
    "DROP TRIGGER IF EXISTS stats_incident_ad",
    f"CREATE TRIGGER stats_incident_ai AFTER INSERT ON incidents_incident "
    f"BEGIN {_SQLITE_ADD} END",
    f"CREATE TRIGGER stats_incident_au AFTER UPDATE OF received_at, district_id, type_id, "
    f"owner_agency_id, merged_into_id ON incidents_incident WHEN {_CHANGED} "
    f"BEGIN {_SQLITE_TAKE} {_SQLITE_ADD} END",
    f"CREATE TRIGGER stats_incident_ad AFTER DELETE ON incidents_incident "
    f"BEGIN {_SQLITE_TAKE} END",
]
SQLITE_DROP = SQLITE_TRIGGERS[:3]

# --- PostgreSQL -------------------------------------------------------------------------

def _pg_key(row: str, zone: str) -> str:
    return (f"({row}.received_at AT TIME ZONE '{zone}')::date, "
            f"COALESCE({row}.district_id::text, ''), {row}.type_id, "
            f"{row}.owner_agency_id::text")


def _pg_match(row: str, zone: str) -> str:
    return (f"day = ({row}.received_at AT TIME ZONE '{zone}')::date "
            f"AND district = COALESCE({row}.district_id::text, '') "
            f"AND type = {row}.type_id AND agency = {row}.owner_agency_id::text")


def _pg_function(zone: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION stats_count_incident() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.received_at = NEW.received_at
     AND OLD.district_id IS NOT DISTINCT FROM NEW.district_id
     AND OLD.type_id = NEW.type_id AND OLD.owner_agency_id = NEW.owner_agency_id
     AND (OLD.merged_into_id IS NULL) = (NEW.merged_into_id IS NULL) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.merged_into_id IS NULL THEN
    UPDATE {TABLE} SET n = n - 1 WHERE {_pg_match('OLD', zone)};
    DELETE FROM {TABLE} WHERE n = 0 AND {_pg_match('OLD', zone)};
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.merged_into_id IS NULL THEN
    INSERT INTO {TABLE} ({KEY}, n) VALUES ({_pg_key('NEW', zone)}, 1)
    ON CONFLICT ({KEY}) DO UPDATE SET n = {TABLE}.n + 1;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql"""


PG_DROP = ["DROP TRIGGER IF EXISTS stats_count_incident ON incidents_incident"]


def _pg_triggers(zone: str) -> list[str]:
    return [
        _pg_function(zone),
        *PG_DROP,
        "CREATE TRIGGER stats_count_incident AFTER INSERT OR DELETE OR UPDATE OF "
        "received_at, district_id, type_id, owner_agency_id, merged_into_id "
        "ON incidents_incident FOR EACH ROW EXECUTE FUNCTION stats_count_incident()",
    ]


def _zone_name() -> str:
    name = str(settings.TIME_ZONE)
    ZoneInfo(name)  # an unknown zone fails here, not inside a trigger
    if "'" in name:
        raise ValueError(f"not a time zone: {name!r}")
    return name


def install_triggers() -> None:
    statements = (SQLITE_TRIGGERS if connection.vendor == "sqlite"
                  else _pg_triggers(_zone_name()))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_triggers() -> None:
    """For a bulk load (the benchmark's ten years): load, then ``rebuild``."""
    with connection.cursor() as cursor:
        for statement in (SQLITE_DROP if connection.vendor == "sqlite" else PG_DROP):
            cursor.execute(statement)


def _recount_sql() -> str:
    if connection.vendor == "sqlite":
        key = ("opsroom_local_day(received_at), COALESCE(district_id, ''), type_id, "
               "owner_agency_id")
    else:
        zone = _zone_name()
        key = (f"(received_at AT TIME ZONE '{zone}')::date, COALESCE(district_id::text, ''), "
               f"type_id, owner_agency_id::text")
    return (f"INSERT INTO {TABLE} ({KEY}, n) SELECT {key}, COUNT(*) FROM incidents_incident "
            # In key order: PostgreSQL's hash aggregate would otherwise scatter a period's
            # rows over tens of thousands of pages (7x slower reads at 10M incidents).
            f"WHERE merged_into_id IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")


@transaction.atomic
def rebuild() -> int:
    """Recount the rollup from the incidents table, and (re)install its triggers with the
    configured time zone. Returns the number of incidents counted."""
    from opsroom.stats.models import RollupState

    install_triggers()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(_recount_sql())
        cursor.execute(f"SELECT COALESCE(SUM(n), 0) FROM {TABLE}")
        counted = int(cursor.fetchone()[0])
    RollupState.objects.update_or_create(
        id=1, defaults={"time_zone": str(settings.TIME_ZONE), "rebuilt_at": now()})
    return counted


def ensure(**kwargs: Any) -> None:
    """post_migrate: install the triggers; recount when the rollup is new or was counted in
    another time zone."""
    from opsroom.stats.models import RollupState

    if not _has_tables():
        return
    state = RollupState.objects.filter(id=1).first()
    if state is None or state.time_zone != str(settings.TIME_ZONE):
        rebuild()
    else:
        install_triggers()


def _has_tables() -> bool:
    tables = set(connection.introspection.table_names())
    return {TABLE, "stats_rollupstate", "incidents_incident"} <= tables
