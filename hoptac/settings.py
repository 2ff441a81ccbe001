"""Hoptac settings: everything comes from the environment, with the embedded default.

Nothing set -> SpatiaLite file under var/, local-memory cache, console e-mail, DEBUG off.
See README.md ("Configuration") for every variable.
"""

from __future__ import annotations

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("HOPTAC_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
_DEV_KEY = "hoptac-insecure-development-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_KEY if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set SECRET_KEY (50+ random characters) or DEBUG=1 for development."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "ninja",
    "hoptac.core",  # before django_tasks_db: its `db_worker` command wraps theirs
    "django_tasks",
    "django_tasks_db",
    "hoptac.search",
    "hoptac.programmes",
    "hoptac.exchange",
    "hoptac.investment",
    "hoptac.geodata",
    "hoptac.indicators",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hoptac.core.replica.ReplicaMiddleware",  # where this request reads (no-op without replicas)
    "hoptac.core.middleware.ContentSecurityPolicyMiddleware",
    "hoptac.core.middleware.ReadApiMiddleware",  # cookie-less reads of /ogc/ and /tiles/
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "hoptac.core.middleware.BodyLimitMiddleware",  # before CSRF, whose check reads the body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hoptac.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "hoptac.core.middleware.StorageFullMiddleware",
]

ROOT_URLCONF = "hoptac.urls"
WSGI_APPLICATION = "hoptac.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hoptac" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hoptac.core.context_processors.site",
            ],
        },
    },
]

# --- Database: SpatiaLite file by default, PostGIS in production -------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"spatialite:///{VAR_DIR / 'hoptac.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"].endswith("spatialite"):
    # Several request threads (runserver) and the worker share one file: wait, don't fail.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)
    # A larger page cache and memory-mapped reads: the search index alone is hundreds of MB.
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests run in memory, one database per test process (pytest-xdist would otherwise derive a
    # file name from the path).
    DATABASES["default"].setdefault("TEST", {"NAME": ":memory:"})
if DATABASES["default"]["ENGINE"].endswith("postgis"):
    # A persistent connection broken by a database restart is replaced before it is used.
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    # Short OLTP queries: the JIT costs 60-90 ms on "my work" for nothing (bench/programmes).
    # A client that died mid-query (a worker killed) is noticed within seconds, so its locks
    # go with it instead of at the end of a long INSERT.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c client_connection_check_interval=5s"
    )
# Optional read replicas (PostgreSQL streaming replication): anonymous reads go to them,
# writes and a writer's next reads to the primary (hoptac/core/replica.py).
for _n, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[])):
    _replica = env.db_url_config(_url)
    _replica["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "connect_timeout": 2}
    _replica["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    _replica["CONN_HEALTH_CHECKS"] = True
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_n}" if _n else "replica"] = _replica
DATABASE_ROUTERS = ["hoptac.core.replica.ReplicaRouter"] if len(DATABASES) > 1 else []
SPATIALITE_LIBRARY_PATH = env.str("SPATIALITE_LIBRARY_PATH", default="mod_spatialite")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis in production (shared by every app process), memory otherwise ---------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis away costs speed, never a page (hoptac/core/cache.py).
            "BACKEND": "hoptac.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hoptac",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks: the database backend; `manage.py db_worker` runs them --------------
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A task whose worker has not been heard of for this long is run again once, then failed
# (hoptac/core/worker.py); a worker on the same machine whose process is gone is known at once.
TASK_WORKER_LEASE_SECONDS = env.int("TASK_WORKER_LEASE_SECONDS", default=120)

# --- Search ---------------------------------------------------------------------------
# Count and rank from posting lists packed by the index (hoptac/search/postings.py) instead of
# the database's full-text ranking: same results, built by `rebuild_search_index` and the
# worker's pack job (decision 0016); off, or not built yet, the SQL path answers.
SEARCH_POSTINGS = env.bool("HOPTAC_SEARCH_POSTINGS", default=True)
# The worker's job `search.pack_postings` packs the lists again once this many documents were
# written or deleted since the last pack (every write re-reads the delta in each process).
SEARCH_POSTINGS_PACK_AFTER = env.int("HOPTAC_SEARCH_POSTINGS_PACK_AFTER", default=200)
# How far the lists' caches grow past their size for 100,000 documents (memory per process).
SEARCH_CACHE_SCALE_MAX = env.float("HOPTAC_SEARCH_CACHE_SCALE_MAX", default=10.0)

# --- Identity ---------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
# django-ipware is not installed, so axes would see the proxy's address for every client.
AXES_CLIENT_IP_CALLABLE = "hoptac.core.http.client_address"
AXES_VERBOSE = False
# The investor portal's enquiry form: at most this many enquiries from one client address
# (hoptac.core.http.client_address) per window of seconds.
INVESTMENT_ENQUIRY_LIMIT = env.int("INVESTMENT_ENQUIRY_LIMIT", default=5)
INVESTMENT_ENQUIRY_WINDOW = env.int("INVESTMENT_ENQUIRY_WINDOW", default=3600)

# --- E-mail -----------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Hoptac <no-reply@hoptac.local>")
# The address people reach the site at: links in e-mails are made absolute with it (a mail is sent
# by the worker, outside any request, so it cannot ask the request for its host).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Networks (CIDR) inside which the server may send user-given requests (webhooks): none by
# default, so a webhook cannot reach the server's own or private addresses.
OUTBOUND_ALLOWED_NETWORKS = env.list("OUTBOUND_ALLOWED_NETWORKS", default=[])
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language and formats: Vietnamese first ---------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["hoptac.formats"]

# --- Static and uploaded files ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "hoptac" / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# The largest request body accepted (multipart included: hoptac.core.middleware.BodyLimitMiddleware
# answers 413 before reading more); the layer import accepts GEODATA_MAX_UPLOAD_BYTES + 1 MiB.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
# The largest document (evidence, attachment, agreement source) one may upload.
FILES_MAX_BYTES = env.int("FILES_MAX_BYTES", default=20 * 1024 * 1024)
# Behind nginx: downloads answer with X-Accel-Redirect to this internal location, which nginx
# serves from MEDIA_ROOT (`location /protected-media/ { internal; alias <MEDIA_ROOT>/; }`).
# Empty: Django sends the file itself.
FILES_ACCEL_REDIRECT_PREFIX = env.str("FILES_ACCEL_REDIRECT_PREFIX", default="")

# Geodata (spatial layers): an optional raster base map under the cities' own boundary layer
# (a local tile server, e.g. http://tiles.example.vn/{z}/{x}/{y}.png; empty: none), the largest
# layer upload, the features per vector tile, and the import paths (hoptac/geodata/README.md).
GEODATA_BASE_TILE_URL = env.str("GEODATA_BASE_TILE_URL", default="")
GEODATA_MAX_UPLOAD_BYTES = env.int("GEODATA_MAX_UPLOAD_BYTES", default=200 * 1024 * 1024)
GEODATA_TILE_MAX_FEATURES = env.int("GEODATA_TILE_MAX_FEATURES", default=5000)
# The dense tiles of a version are rendered at import (hoptac/geodata/tiles.py `prerender`): from
# this zoom, zoom by zoom while a tile holds this many features on average, at most this many
# tiles. A tile of a few hundred parcels costs some 40 ms of CPU to render; a kept one 5 ms.
GEODATA_PRERENDER_MIN_ZOOM = env.int("GEODATA_PRERENDER_MIN_ZOOM", default=10)
GEODATA_PRERENDER_MIN_FEATURES = env.int("GEODATA_PRERENDER_MIN_FEATURES", default=250)
GEODATA_PRERENDER_MAX_TILES = env.int("GEODATA_PRERENDER_MAX_TILES", default=2000)
GEODATA_INLINE_IMPORT_BYTES = env.int("GEODATA_INLINE_IMPORT_BYTES", default=2 * 1024 * 1024)
# A download of a version with more features than this is written by the task worker; the reader
# gets a page that reloads until the file is ready (smaller ones are written in the request).
GEODATA_INLINE_EXPORT_FEATURES = env.int("GEODATA_INLINE_EXPORT_FEATURES", default=20_000)
GEODATA_BULK_THRESHOLD = env.int("GEODATA_BULK_THRESHOLD", default=50_000)
GEODATA_PARTITION_THRESHOLD = env.int("GEODATA_PARTITION_THRESHOLD", default=10_000)
# A layer archive (zip, kmz) is refused before unpacking when its central directory declares more
# than this many bytes, or a compression ratio above GEODATA_MAX_ZIP_RATIO (zip bombs).
GEODATA_MAX_UNZIPPED_BYTES = env.int("GEODATA_MAX_UNZIPPED_BYTES", default=2 * 1024**3)
GEODATA_MAX_ZIP_RATIO = env.int("GEODATA_MAX_ZIP_RATIO", default=200)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Indicators: the most dossier records one records file may hold (a file of more is refused
# whole, before anything is saved); a big city's month is some 280,000 (hoptac/indicators/bulk.py).
INDICATORS_MAX_RECORDS = env.int("INDICATORS_MAX_RECORDS", default=15_000_000)
# The largest file the dossier-figures import page takes (a big city's month of records in CSV is
# some 40 MB); larger files from the server's shell (manage.py import_dossier_records).
INDICATORS_MAX_UPLOAD_BYTES = env.int("INDICATORS_MAX_UPLOAD_BYTES", default=200 * 1024 * 1024)
STORAGES = {
    # Random names, no public URL: downloads go through views that check permissions.
    "default": {"BACKEND": "hoptac.core.files.FileStorage"},
    "staticfiles": {
        # Hashed, compressed names in production; plain names in development and tests.
        "BACKEND": "hoptac.storage.StaticStorage"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- JSON API (Django Ninja): lists are paginated with bounded limit and offset ----------
NINJA_PAGINATION_CLASS = "hoptac.core.pagination.Pagination"

# --- Security: safe unless told otherwise -----------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy on every response (hoptac.core.middleware): on by default, in
# development too, so that an inline script without its nonce fails where it is written.
CSP_ENABLED = env.bool("CSP_ENABLED", default=True)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer's health check speaks plain HTTP to the app: /healthz is never redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SILENCED_SYSTEM_CHECKS = [
    "security.W005",  # HSTS on subdomains: the operator's call (SECURE_HSTS_INCLUDE_SUBDOMAINS)
    "security.W021",  # HSTS preload: the operator's call
    "gis.W001",  # Debian 12 ships GDAL 3.6; uploads are parsed by our own importers, not by URL
    # SQLite builds enterprise_match_idx without its covering columns and reads them from the
    # table; the index-only scan it exists for is PostgreSQL's (investment/README.md)
    "models.W040",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "hoptac.core.views.csrf_failure"
