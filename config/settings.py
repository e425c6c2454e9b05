"""Settings for In the Frame, read from the environment.

Every value comes from an environment variable through the helpers below, which raise
ImproperlyConfigured with a message naming the variable when its value is unusable.
"""

import ipaddress
import logging
import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.module_loading import import_string

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}."
    )


def env_int(name, default, minimum=None, maximum=None):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        if maximum is None:
            bounds = f"at least {minimum}"
        elif minimum is None:
            bounds = f"at most {maximum}"
        else:
            bounds = f"between {minimum} and {maximum}"
        raise ImproperlyConfigured(f"{name} must be a whole number {bounds}; got {value!r}.")
    return number


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# An HTTP header's name: letters, digits and hyphens (e.g. X-Forwarded-Proto), nothing else.
_HEADER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")


def env_header(name):
    """The name of a request header a proxy sets, e.g. X-Real-IP; "" when unset."""
    value = env_str(name).strip()
    if value and not _HEADER_NAME.match(value):
        raise ImproperlyConfigured(
            f"{name} must be a header name such as X-Forwarded-Proto (letters, digits and "
            f"hyphens, without a value or a colon); got {value!r}."
        )
    return value


def database_from_url(url):
    """Turn DATABASE_URL into a Django DATABASES entry (sqlite:/// or postgres://)."""
    # Read whatever the URL, so a bad value is refused before it is ever used.
    conn_max_age = env_int("CONN_MAX_AGE", 600, minimum=0)
    connect_timeout = env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=1)
    prepare = env_bool("DATABASE_PREPARED_STATEMENTS", True)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        # urlsplit refuses a malformed host ("[::1") and .port one that is not 0-65535.
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid URL: {error}.") from None
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        path = unquote(parts.path)[1:] if parts.path.startswith("/") else unquote(parts.path)
        if not path:
            raise ImproperlyConfigured("DATABASE_URL sqlite:/// needs a file path.")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / path}
    if parts.scheme in ("postgres", "postgresql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(
                "DATABASE_URL must name a database, e.g. postgres://u:p@host/db."
            )
        if port == 0:
            raise ImproperlyConfigured("DATABASE_URL's port must be between 1 and 65535; got 0.")
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        # Without a limit, a database host that does not answer holds every request (and the
        # readiness check, /readyz) for minutes; ?connect_timeout= in the URL wins.
        options.setdefault("connect_timeout", str(connect_timeout))
        check_postgres_options(options)
        if prepare:
            # Parameters sent apart from the SQL (server-side binding) let psycopg prepare a
            # statement the connection has run twice; PostgreSQL then skips parsing it and,
            # once a generic plan serves, planning it: most of the database's work for a
            # page of index lookups. A pooler that cannot keep prepared statements per
            # client (PgBouncer before 1.21 in transaction mode) needs this off.
            options.update(server_side_binding=True, prepare_threshold=2)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            # A new connection per request costs several times the throughput: keep them.
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:/// or postgres://; got {parts.scheme or url!r}."
    )


def check_postgres_options(options):
    """A misspelt ?option= in DATABASE_URL would only fail at the first connection."""
    from psycopg import ProgrammingError
    from psycopg.conninfo import make_conninfo

    try:
        make_conninfo("", **options)
    except ProgrammingError as error:
        raise ImproperlyConfigured(f"DATABASE_URL has an unusable option: {error}.") from None


# The query options CACHE_URL may carry (redis-py reads them from the URL); anything else would
# only fail at the first connection.
REDIS_URL_OPTIONS = {
    "socket_timeout",
    "socket_connect_timeout",
    "socket_keepalive",
    "health_check_interval",
    "max_connections",
    "ssl_check_hostname",
    "protocol",
}


def caches_from_url(url):
    """The page cache and the aggregates' cache in the Redis server CACHE_URL names, e.g.
    redis://127.0.0.1:6379/0 (rediss:// for TLS, unix:///path/redis.sock?db=0)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(f"CACHE_URL is not a valid URL: {error}.") from None
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(
            f"CACHE_URL must start with redis://, rediss:// or unix://, e.g. "
            f"redis://127.0.0.1:6379/0; got {parts.scheme or url!r}."
        )
    if parts.scheme != "unix" and not parts.hostname:
        raise ImproperlyConfigured("CACHE_URL must name a host, e.g. redis://127.0.0.1:6379/0.")
    if port == 0:
        raise ImproperlyConfigured("CACHE_URL's port must be between 1 and 65535; got 0.")
    if parts.scheme != "unix" and not re.fullmatch(r"/?|/\d+", parts.path):
        raise ImproperlyConfigured(
            f"CACHE_URL's path is the database number, e.g. /0; got {parts.path!r}."
        )
    unknown = sorted(set(parse_qs(parts.query)) - REDIS_URL_OPTIONS - {"db"})
    if unknown:
        raise ImproperlyConfigured(
            f"CACHE_URL has an unusable option {unknown[0]!r}; it takes "
            f"{', '.join(sorted(REDIS_URL_OPTIONS))} and db."
        )
    from redis.connection import parse_url

    try:
        parse_url(url)  # the values: a number where one belongs
    except ValueError as error:
        raise ImproperlyConfigured(f"CACHE_URL has an unusable option: {error}") from None
    redis = {
        # Django's, keeping its redis-py client (catalog/redis_cache.py).
        "BACKEND": "catalog.redis_cache.RedisCache",
        "LOCATION": url,
        # A server that is down or unreachable costs a page at most this long before it is
        # rendered from the database (catalog/cache.py then leaves Redis alone for a while);
        # ?socket_timeout= and ?socket_connect_timeout= in the URL win.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    return {
        # Old versions' entries are never read again: they expire after a day (and Redis's own
        # maxmemory policy may drop them sooner, see README "A shared cache").
        "default": {**redis, "KEY_PREFIX": "aggregates", "TIMEOUT": 24 * 60 * 60},
        "pages": {**redis, "KEY_PREFIX": "pages", "TIMEOUT": 24 * 60 * 60},
    }


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random string, "
            "or DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
for _host in ALLOWED_HOSTS:
    # Django compares the bare host name: "https://example.org" or "example.org/" never match.
    if "/" in _host or " " in _host:
        raise ImproperlyConfigured(
            f"ALLOWED_HOSTS holds host names such as example.org, without a scheme or a path; "
            f"got {_host!r}."
        )
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Set it to the comma-separated host names the site answers to."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "taggit",
    "simple_history",
    "axes",
    "catalog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and CSRF middleware, so it sees the cookies they set: a response that
    # sets one, or says nothing of caching, is kept out of shared caches.
    "catalog.http_cache.PrivateByDefaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the path alone: /es/... is Spanish, every other address English
    # (catalog/i18n.py), after the session and before CommonMiddleware, as Django asks.
    "catalog.i18n.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A record's former address: a 301 to where it is now, or 410 Gone (catalog/addresses.py).
    "catalog.addresses.FormerAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # {{ csp_nonce }} and {% csp_nonce_attr %}, which the admin's templates use.
                "django.template.context_processors.csp",
                # The record types for the navigation (catalog/registry.py).
                "catalog.context_processors.record_types",
                # The same page in English and Spanish (catalog/i18n.py).
                "catalog.context_processors.languages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": database_from_url(env_str("DATABASE_URL", "sqlite:///db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The admin's address, e.g. "editors-7f3a/": moving it off "admin/" keeps scripted guessing
# away from the login page.
ADMIN_URL = env_str("ADMIN_URL", "admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/") or "//" in ADMIN_URL:
    raise ImproperlyConfigured(
        f"ADMIN_URL must be a path like 'admin/' (no leading slash, one trailing slash); "
        f"got {ADMIN_URL!r}."
    )

# Failed logins are counted per account and address: after LOGIN_FAILURE_LIMIT wrong passwords
# for one user name from one address, that pair is refused for LOGIN_COOLOFF_MINUTES, even with
# the right password. The same account from another address, and other accounts, still log in.
AUTHENTICATION_BACKENDS = [
    "catalog.login_limits.LoginLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(
    minutes=env_int("LOGIN_COOLOFF_MINUTES", 60, minimum=1, maximum=366 * 24 * 60)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "locked_out.html"
# Behind a reverse proxy every request comes from the proxy's address: name the header the
# proxy sets to the client's address (e.g. X-Real-IP) so attempts are counted per client.
CLIENT_IP_HEADER = env_header("CLIENT_IP_HEADER")
AXES_CLIENT_IP_CALLABLE = "catalog.login_limits.client_ip"

# Readers' suggested corrections (catalog/corrections.py): at most CORRECTION_LIMIT from one
# address (one IPv6 /64) in CORRECTION_WINDOW_MINUTES, counted in the "default" cache; past
# that, a 429 page with Retry-After. The address is found as for logins (CLIENT_IP_HEADER).
CORRECTION_LIMIT = env_int("CORRECTION_LIMIT", 5, minimum=1, maximum=10_000)
CORRECTION_WINDOW_MINUTES = env_int("CORRECTION_WINDOW_MINUTES", 60, minimum=1, maximum=7 * 24 * 60)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at today's addresses, Spanish under /es/ (config/urls.py); README "Translations".
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as "30 November 2026" in English (config/formats/en); Spanish keeps Django's own
# ("30 de noviembre de 2026"). Counts and years print without thousands separators in both
# languages (USE_THOUSAND_SEPARATOR stays off); figures are formatted by catalog/numbers.py.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_BACKEND = env_str("STATICFILES_BACKEND").strip() or (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
    if DEBUG
    else "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
try:
    import_string(STATICFILES_BACKEND)
except ImportError as error:
    raise ImproperlyConfigured(
        f"STATICFILES_BACKEND must be the dotted path of a storage class; {error}."
    ) from None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": STATICFILES_BACKEND},
}

# Security headers (see README "Production"). Django's defaults already send
# X-Content-Type-Options: nosniff; these are stated so the policy reads in one place.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Only our own files, and no inline script or style unless it carries the request's nonce
# (the admin's templates add it through {% csp_nonce_attr %}).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# HTTPS=1 when the site is reached over HTTPS (directly or through a TLS-terminating proxy):
# redirect plain HTTP, send HSTS, and keep session and CSRF cookies off plain connections.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# A proxy that terminates TLS tells Django so in a header, e.g. X-Forwarded-Proto: https.
# Set this only when the proxy always sets (or strips) that header.
_proxy_header = env_header("SECURE_PROXY_SSL_HEADER")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
for _origin in CSRF_TRUSTED_ORIGINS:
    try:
        _parts = urlsplit(_origin)
        _parts.port  # noqa: B018 -- raises ValueError when out of range
    except ValueError:
        _parts = None
    if not _parts or _parts.scheme not in ("http", "https") or not _parts.netloc:
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS holds origins such as https://www.example.org; got {_origin!r}."
        )

# Outbound requests (catalog/outbound.py: the link checker) never reach loopback, private,
# link-local or other internal addresses. Hosts named here are exempt from that address check
# (matched against the URL's host exactly, e.g. 127.0.0.1 for a test server); keep it empty in
# production unless an internal host really must be fetched.
OUTBOUND_ALLOWED_HOSTS = []
for _host in env_list("OUTBOUND_ALLOWED_HOSTS"):
    _bare = _host.lower().removeprefix("[").removesuffix("]")
    try:
        _bare = str(ipaddress.ip_address(_bare))
    except ValueError:
        if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?", _bare):
            raise ImproperlyConfigured(
                f"OUTBOUND_ALLOWED_HOSTS holds host names or addresses such as 127.0.0.1, "
                f"without a scheme, a port or a path; got {_host!r}."
            ) from None
    OUTBOUND_ALLOWED_HOSTS.append(_bare)

# In development, WhiteNoise serves straight from static/ and picks up edits.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# Slow aggregates (tag counts, a stage's busiest tools) are cached in the database itself, so
# every server process shares them (catalog/cache.py). The table comes with the migrations.
# Entries are keyed by the catalog's version, so an edit needs no invalidation: they are kept
# until culled (TIMEOUT None), as an entry of an old version is never read again.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "catalog_cache",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # Rendered public pages, in each server process's memory (catalog.cache.cached_page):
    # typically 10-80 KB, never over 256 KB, so 300 of them hold a worker's cache under 80 MB
    # at the very worst (the least recently used go first).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "catalog-pages",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}
# CACHE_URL (redis://host:port/db): both in one Redis server that every worker of every app
# server shares, so a page rendered once is served by all of them until the next edit.
CACHE_URL = env_str("CACHE_URL").strip()
if CACHE_URL:
    CACHES = caches_from_url(CACHE_URL)

# HTTP caching of anonymous public pages, exports and feeds (catalog/cache.py): how long a
# browser (max-age) and a shared cache such as a CDN (s-maxage) may reuse a response without
# asking, and how long past that a cache may serve it while it asks (stale-while-revalidate).
# Asking again is cheap: an ETag keyed by the catalog's version answers 304 with one query.
HTTP_CACHE_MAX_AGE = env_int("HTTP_CACHE_MAX_AGE", 60, minimum=0)
HTTP_CACHE_S_MAXAGE = env_int("HTTP_CACHE_S_MAXAGE", 300, minimum=0)
HTTP_CACHE_STALE_WHILE_REVALIDATE = env_int("HTTP_CACHE_STALE_WHILE_REVALIDATE", 60, minimum=0)

# The read API (/api/v1/, catalog/api.py): how many requests one client address may make in a
# window, e.g. "120/m" (per second s, minute m, hour h or day d), counted in the "default"
# cache (the database's cache table, or Redis with CACHE_URL), so every worker shares the count.
_RATE = re.compile(r"([1-9][0-9]{0,8})/([smhd])")
_RATE_PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def env_rate(name, default):
    """A rate such as "120/m" as (requests, seconds)."""
    value = env_str(name).strip() or default
    match = _RATE.fullmatch(value)
    if not match:
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per s, m, h or d, e.g. 120/m; got {value!r}."
        )
    return int(match[1]), _RATE_PERIODS[match[2]]


API_RATE_LIMIT = env_rate("API_RATE_LIMIT", "120/m")
# dumpdata/backup_catalog keep timestamps to the microsecond (Django's own cuts milliseconds).
SERIALIZATION_MODULES = {"json": "catalog.exact_json"}

# Tags compare case-insensitively, so "Deepfake" and "deepfake" are one tag.
TAGGIT_CASE_INSENSITIVE = True

LOG_LEVEL = env_str("LOG_LEVEL").strip().upper() or "WARNING"
if LOG_LEVEL not in logging.getLevelNamesMapping():
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL; got {LOG_LEVEL!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# Dataset releases (`manage.py release_dataset`, catalog/releases.py): the folder they are
# written to and served from (/data/releases/...), a path (relative ones from the project
# folder). It is made on the first release, so its parent folder must exist.
RELEASES_DIR = BASE_DIR / (env_str("RELEASES_DIR").strip() or "releases")
if "\0" in str(RELEASES_DIR):
    raise ImproperlyConfigured("RELEASES_DIR must be a folder's path; it holds a NUL character.")
if RELEASES_DIR.exists() and not RELEASES_DIR.is_dir():
    raise ImproperlyConfigured(f"RELEASES_DIR must be a folder; {RELEASES_DIR} is a file.")
if not RELEASES_DIR.exists() and not RELEASES_DIR.parent.is_dir():
    raise ImproperlyConfigured(
        f"RELEASES_DIR {RELEASES_DIR} cannot be made: its parent folder does not exist."
    )
# The site's public address, e.g. https://inframe.example.org: a release's tables and citation
# give absolute links with it (`release_dataset --site-url` wins).
SITE_URL = env_str("SITE_URL").strip().rstrip("/")
if SITE_URL and not re.fullmatch(r"https?://[^/\s?#@]+", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's address, such as https://inframe.example.org (a scheme and "
        f"a host, no path); got {SITE_URL!r}."
    )
# The licence of the data, as an SPDX identifier, stated in each release's datapackage.json and
# CITATION.cff and on /data/; unset, no licence is stated.
DATA_LICENSES = ("CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "ODbL-1.0", "PDDL-1.0")
DATA_LICENSE = env_str("DATA_LICENSE").strip()
if DATA_LICENSE and DATA_LICENSE not in DATA_LICENSES:
    raise ImproperlyConfigured(
        f"DATA_LICENSE must be one of {', '.join(DATA_LICENSES)}; got {DATA_LICENSE!r}."
    )
