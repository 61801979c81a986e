"""One settings module for every deployment, driven by OPSROOM_* environment variables.

The embedded default (no variables set) is one process on one machine with SQLite under
``var/``. Production sets OPSROOM_ENV=production, a real secret and a PostgreSQL URL.
Every variable is documented in README.md ("Configuration").
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from opsroom.core.env import (
    env_bool,
    env_float,
    env_int,
    env_list,
    parse_hours,
    parse_targets,
)
from opsroom.core.retention import parse_retention_days

PACKAGE_DIR = Path(__file__).resolve().parent

ENVIRONMENT = os.environ.get("OPSROOM_ENV", "development")
if ENVIRONMENT not in ("development", "production"):
    raise ImproperlyConfigured("OPSROOM_ENV must be 'development' or 'production'")
PRODUCTION = ENVIRONMENT == "production"

DATA_DIR = Path(os.environ.get("OPSROOM_DATA_DIR", "var")).resolve()


def _secret_key() -> str:
    """Production must be given its secret; development keeps a generated one in DATA_DIR."""
    key = os.environ.get("OPSROOM_SECRET_KEY", "")
    if PRODUCTION and (
        len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure")
        or key.lower() in {"changeme" * 7, "secret" * 9}
    ):
        # A demo, default or guessable secret would let anyone forge sessions.
        raise ImproperlyConfigured(
            "OPSROOM_SECRET_KEY must be set in production to a random value of at least 50 "
            "characters, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("OPSROOM_DEBUG", default=False)
ALLOWED_HOSTS = env_list(
    "OPSROOM_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("OPSROOM_CSRF_TRUSTED_ORIGINS", default=[])
# The reverse proxies (addresses or networks) whose X-Forwarded-For and X-Forwarded-Proto
# are believed. None by default: the client's address is the connection's own.
TRUSTED_PROXIES = env_list("OPSROOM_TRUSTED_PROXIES", default=[])

# The site code is part of every human incident number, so sites that work offline never
# hand out the same number.
SITE_CODE = os.environ.get("OPSROOM_SITE_CODE", "BNG-OPS")
# Multi-site sync (docs/sync.md). No NATS URL: a single site, no sync agent.
NATS_URL = os.environ.get("OPSROOM_NATS_URL", "")
# The JetStream domain of the hub's server; each leaf's own server has its own domain.
SYNC_HUB_DOMAIN = os.environ.get("OPSROOM_SYNC_HUB_DOMAIN", "hub")
# A site not heard from for this long raises an alert on the supervisors' board.
SYNC_SILENT_MINUTES = float(os.environ.get("OPSROOM_SYNC_SILENT_MINUTES", "5"))
SYNC_STREAM_DAYS = float(os.environ.get("OPSROOM_SYNC_STREAM_DAYS", "90"))
SYNC_BATCH_CHANGES = int(os.environ.get("OPSROOM_SYNC_BATCH", "1000"))
SYNC_HEARTBEAT_SECONDS = float(os.environ.get("OPSROOM_SYNC_HEARTBEAT_SECONDS", "5"))
CITY_TIME_ZONE = os.environ.get("OPSROOM_TIME_ZONE", "Africa/Tripoli")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # In the order of their layers, lowest first (docs/architecture.md).
    "opsroom.core",
    "opsroom.audit",
    "opsroom.accounts",
    "opsroom.geo",
    "opsroom.roads",
    "opsroom.incidents",
    "opsroom.dispatch",
    "opsroom.records",
    "opsroom.campaigns",
    "opsroom.casualties",
    "opsroom.stats",
    "opsroom.sync",
    "opsroom.console",
    "opsroom.demo",
]

# opsroom.asgi runs this whole chain and the view in one hop on the shared sync thread.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "opsroom.core.middleware.SecurityHeadersMiddleware",
    "opsroom.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "opsroom.accounts.middleware_2fa.SecondFactorMiddleware",
    "opsroom.accounts.middleware.UserLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "opsroom.urls"
ASGI_APPLICATION = "opsroom.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opsroom.console.context.console_context",
            ],
        },
    }
]


def _database() -> dict[str, Any]:
    url = os.environ.get("OPSROOM_DATABASE_URL", "")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'opsroom.sqlite3'}"
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # One connection per worker thread, kept: opening SQLite and running the PRAGMAs on
        # every request would cost more than the request's own queries.
        config["CONN_MAX_AGE"] = 600
        config["OPTIONS"] = {
            # WAL lets readers work while a writer commits; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue instead of failing half-way with "database is locked".
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # Tests run on a database file in WAL mode, as production does, not the in-memory
        # shared cache, whose table locks behave differently under concurrent writers.
        config["TEST"] = {"NAME": str(DATA_DIR / "test-opsroom.sqlite3")}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:board"
LOGOUT_REDIRECT_URL = "console:login"

SESSION_COOKIE_AGE = env_int("OPSROOM_SESSION_SECONDS", default=12 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Browsers refuse plain HTTP even on a first visit once the domain is on the preload list.
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env_bool("OPSROOM_SSL_REDIRECT", default=True)
    # Believed only from OPSROOM_TRUSTED_PROXIES: uvicorn drops the header from anyone else.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("OPSROOM_MAX_BODY_BYTES", default=1_000_000)

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = CITY_TIME_ZONE
LANGUAGE_COOKIE_NAME = "opsroom_language"

STATIC_URL = "/static/"
# Static files are served from the package's own folders by opsroom.asgi (no collectstatic
# step for a newcomer); a production reverse proxy may serve `collectstatic` output instead.
STATIC_ROOT = DATA_DIR / "static"

# Unit positions older than this are flagged as stale in recommendations.
POSITION_STALE_SECONDS = env_int("OPSROOM_POSITION_STALE_SECONDS", default=30 * 60)
# How long each kind of record is kept, where it differs from the rule's default, e.g.
# "caller_phone=60" (opsroom.core.retention; the kinds are checked once the apps are ready).
RETENTION_DAYS = parse_retention_days()
# `opsroom serve` anchors the audit chain's head this often, whenever it has grown (0: only
# `opsroom audit anchor`): entries written since the last anchor are the ones a database
# editor could still delete unseen (docs/security.md).
AUDIT_ANCHOR_MINUTES = env_int("OPSROOM_AUDIT_ANCHOR_MINUTES", default=1)
# Sensitive reads in the console (a caller's details) ask again for the password (and
# code) when the last proof is older than this.
REAUTH_SECONDS = env_int("OPSROOM_REAUTH_SECONDS", default=10 * 60)
# API tokens expire after this many days unless created with --days.
TOKEN_DAYS = env_int("OPSROOM_TOKEN_DAYS", default=90)
# Sign-in back-off: this many failures for one username (or unknown tokens from one
# address) within the window, and further attempts get 429 until the window passes.
LOGIN_MAX_FAILURES = env_int("OPSROOM_LOGIN_MAX_FAILURES", default=5)
LOGIN_WINDOW_SECONDS = env_int("OPSROOM_LOGIN_WINDOW_SECONDS", default=15 * 60)
# A unit in its home district ranks as if this many seconds faster (0: no preference).
HOME_PREFERENCE_SECONDS = env_int("OPSROOM_HOME_PREFERENCE_SECONDS", default=60)
# Coverage: a district with no available unit within this many minutes gets a move-up.
COVERAGE_MINUTES = env_int("OPSROOM_COVERAGE_MINUTES", default=8)
# The legal limits the records app watches (opsroom.records.law cites each one's source):
# police custody per offence class, in hours, e.g. "general=48,state_security=168"; the
# time to record each right of an arrested person; a referral's acknowledgement; how long
# a sentence may stay open before the supervisor's queue shows it.
CUSTODY_HOURS = parse_hours("OPSROOM_CUSTODY_HOURS", {"general", "state_security"})
RIGHTS_HOURS = env_float("OPSROOM_RIGHTS_HOURS", default=6.0)
REFERRAL_ACK_HOURS = env_float("OPSROOM_REFERRAL_ACK_HOURS", default=48.0)
SENTENCE_OPEN_DAYS = env_float("OPSROOM_SENTENCE_OPEN_DAYS", default=30.0)
# The offences (codes of opsroom.records.offences) of the state-security class: the crimes
# of Part 1 of Book 2 of the Penal Code, for which Article 26's last paragraph gives 7 days.
STATE_SECURITY_OFFENCES = env_list("OPSROOM_STATE_SECURITY_OFFENCES",
                                   default=["terrorism", "armed_rebellion", "state_security"])
# How often `opsroom serve` raises the custody alarms that fell due (0: only the command).
CUSTODY_CHECK_SECONDS = env_int("OPSROOM_CUSTODY_CHECK_SECONDS", default=30)

# Campaigns (opsroom.campaigns, docs/campaigns.md).
# The key of receipts' verification codes: the same at every site, so that any directorate
# checks any receipt, even cut off. Production must set it; development uses a fixed,
# public key (its codes prove nothing).
RECEIPT_KEY = os.environ.get("OPSROOM_RECEIPT_KEY", "")
if PRODUCTION and len(RECEIPT_KEY) < 32:
    raise ImproperlyConfigured(
        "OPSROOM_RECEIPT_KEY must be set in production, the same at every site, to a random "
        "value of at least 32 characters")
RECEIPT_KEY = RECEIPT_KEY or "opsroom-development-receipt-key"
# The public figures leave out every district-week with fewer items than this (never
# below 5: a smaller count can point at a household).
PUBLIC_MIN_COUNT = max(5, env_int("OPSROOM_PUBLIC_MIN_COUNT", default=5))
# Photos of items are resized to this many pixels on their longer side, thumbnails to 240.
PHOTO_MAX_PX = env_int("OPSROOM_PHOTO_MAX_PX", default=1600)
# The prosecution a refusal to hand weapons over is referred to (an agency code): the
# ministry's order names the Anti-Terrorism Prosecution.
REFUSAL_PROSECUTION = os.environ.get("OPSROOM_REFUSAL_PROSECUTION", "")
# Judicial police officer capacities ending within this many days are listed for renewal.
CAPACITY_WARN_DAYS = env_int("OPSROOM_CAPACITY_WARN_DAYS", default=30)
# Civilian harm (opsroom.casualties, docs/civilians.md).
# A review holds an event for this long, unless its reviewer lets it go or renews it.
HARM_LOCK_MINUTES = env_int("OPSROOM_HARM_LOCK_MINUTES", default=20)
# A new victim is compared by name with the victims of events this near, in km and days.
HARM_DUPLICATE_KM = env_float("OPSROOM_HARM_DUPLICATE_KM", default=5.0)
HARM_DUPLICATE_DAYS = env_int("OPSROOM_HARM_DUPLICATE_DAYS", default=14)
# A source's archived file (a photo of a hospital list, a statement) is at most this big;
# sent in base64, it must also fit in OPSROOM_MAX_BODY_BYTES.
HARM_ARCHIVE_MAX_BYTES = env_int("OPSROOM_HARM_ARCHIVE_MAX_BYTES", default=700_000)
# The city and country the exports and the report name (ACLED's admin1, country and iso).
CITY_NAME_EN = os.environ.get("OPSROOM_CITY_NAME", "Benghazi")
CITY_NAME_AR = os.environ.get("OPSROOM_CITY_NAME_AR", "بنغازي")
COUNTRY_NAME = os.environ.get("OPSROOM_COUNTRY_NAME", "Libya")
COUNTRY_ISO = env_int("OPSROOM_COUNTRY_ISO", default=434)  # ISO 3166-1 numeric

# Statistics (opsroom.stats, docs/stats.md). Weeks start on this day ("saturday", the
# Libyan working week's first day, by default), or are ISO 8601 weeks ("iso": Monday).
STATS_WEEK_START = os.environ.get("OPSROOM_STATS_WEEK_START", "saturday").strip().lower()
# A change is significant when the exact Poisson test (conditional binomial) gives a
# two-sided p below this; fewer than STATS_SMALL_COUNT incidents in both periods together
# is a small count, said beside the figure.
STATS_ALPHA = env_float("OPSROOM_STATS_ALPHA", default=0.05)
STATS_SMALL_COUNT = env_int("OPSROOM_STATS_SMALL_COUNT", default=10)
# Hotspots: Getis-Ord Gi* over square cells of this side, flagged only where the false
# discovery rate stays under STATS_ALPHA and the cell holds at least this many incidents.
STATS_CELL_M = env_int("OPSROOM_STATS_CELL_M", default=250)
STATS_HOTSPOT_MIN_COUNT = env_int("OPSROOM_STATS_HOTSPOT_MIN_COUNT", default=3)
# Response-time targets, by priority, met when STATS_TARGET_PERCENTILE per cent of the
# incidents are within them. Sources (docs/stats.md):
# - call to dispatch, priority 1: NFPA 1221 (2019) / NFPA 1225 (2022) alarm processing,
#   60 s for 90% of the highest-priority calls; the other priorities are this project's
#   defaults, not a standard's;
# - dispatch to arrival, priority 1: NFPA 1710 travel time, 240 s for 90% of the first
#   arriving unit; the others are this project's defaults;
# - call answering: NENA's 9-1-1 Call Processing Standard (NENA-STA-020), 90% of calls
#   answered within 15 s. The room's phones do not report ring times yet, so this target
#   is shown and not measured. None of these texts could be re-read here (docs/stats.md).
STATS_TARGET_PERCENTILE = env_int("OPSROOM_STATS_TARGET_PERCENTILE", default=90)
STATS_DISPATCH_TARGET_S = parse_targets(
    "OPSROOM_STATS_DISPATCH_TARGET_S", "1:60,2:120,3:300,4:600")
STATS_TRAVEL_TARGET_S = parse_targets(
    "OPSROOM_STATS_TRAVEL_TARGET_S", "1:240,2:480,3:900,4:1800")
STATS_ANSWER_TARGET_S = env_int("OPSROOM_STATS_ANSWER_TARGET_S", default=15)
# How often `opsroom serve` looks for a missing weekly report (0: never; then
# `opsroom stats report` from cron makes them).
STATS_REPORT_CHECK_MINUTES = env_int("OPSROOM_STATS_REPORT_CHECK_MINUTES", default=60)
# How many weekly CompStat reports are kept (retention: docs/security.md).
STATS_REPORT_WEEKS = env_int("OPSROOM_STATS_REPORT_WEEKS", default=156)

# How many handovers the demo's campaigns get (the tests of sync between sites load a
# smaller demo: its weeks and districts, not its volume, are what they need).
DEMO_HANDOVERS = max(20, env_int("OPSROOM_DEMO_HANDOVERS", default=400))
# How many days of synthetic incident history the demo gets, ending yesterday (548: a year
# and a half; from a year on, at least back to 1 January of last year, for year to date).
# Tests that load the whole demo ask for a few days: they need its kinds, not its volume.
DEMO_HISTORY_DAYS = max(0, env_int("OPSROOM_DEMO_HISTORY_DAYS", default=548))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("OPSROOM_LOG_LEVEL", "WARNING").upper(),
    },
}
