"""Settings for Layanan.

Everything that differs between a laptop and production comes from environment
variables, with defaults that let a new user run the portal with no server:

- DATABASE_URL  default: SQLite file under var/ in WAL mode; postgres://… for PostgreSQL
- REDIS_URL     optional: cache, sessions and rate limits use Redis when set
- SECRET_KEY    generated into var/ for development; required in production
- LAYANAN_ENV   "production" turns DEBUG off and enables secure cookies and HSTS
- ALLOWED_HOSTS comma-separated; required in production
- LAYANAN_SEARCH_SEMANTIC  "0" turns semantic re-ranking of search results off
- SEARCH_LOG_RETENTION_DAYS  days the search log keeps a search (default 365)
- EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS
                SMTP for account mail in production (console output in development)
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LAYANAN_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = os.environ.get("LAYANAN_ENV", "development") == "production"
DEBUG = not PRODUCTION and os.environ.get("DEBUG", "1") == "1"


def _development_secret_key() -> str:
    """A stable per-checkout key so sessions survive restarts in development."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or None
if SECRET_KEY is None:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when LAYANAN_ENV=production.")
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    if PRODUCTION:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when LAYANAN_ENV=production.")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    # Domain apps. Dependencies point down this list, never up it.
    "layanan.audit",
    "layanan.throttle",
    "layanan.privacy",
    "layanan.accounts",
    "layanan.catalog",
    "layanan.knowledge",
    "layanan.community",
    "layanan.freshness",
    "layanan.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "layanan.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "layanan.urls"
WSGI_APPLICATION = "layanan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "layanan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "layanan.context_processors.site",
                "layanan.community.context_processors.notifications",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'layanan.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run while one writer writes; IMMEDIATE avoids
    # "database is locked" upgrades in the middle of a write transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache, sessions --------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "layanan",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "layanan" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "layanan" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security ---------------------------------------------------------------
# A strict Content Security Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = [
        o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
    ]

# --- Mail -------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Layanan <noreply@layanan.example>")

# --- Background tasks -------------------------------------------------------
# One task API: django-tasks, the backport of Django 6's Tasks framework.
# TASKS_BACKEND says where enqueued tasks wait (docs/freshness.md):
#   database  (default) a table in the main database; `manage.py db_worker` runs them
#   rq        Redis (RQ_REDIS_URL, else REDIS_URL); `manage.py rqworker default` runs them
#   immediate no queue: a task runs at once, in the process that enqueues it
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
RQ_REDIS_URL = os.environ.get("RQ_REDIS_URL") or REDIS_URL
if TASKS_BACKEND == "rq" and not RQ_REDIS_URL:
    raise ImproperlyConfigured("TASKS_BACKEND=rq needs RQ_REDIS_URL or REDIS_URL.")
RQ_QUEUES = {"default": {"URL": RQ_REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 900}}
RQ_SHOW_ADMIN_LINK = False  # the staff area is for agencies; operators use `manage.py rqstats`

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "catalog:home"
LOGOUT_REDIRECT_URL = "catalog:home"

# --- Layanan ----------------------------------------------------------------
# Absolute address of the portal, for links in emails.
LAYANAN_SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
LAYANAN_DEFAULT_REVIEW_INTERVAL_DAYS = 180
# Semantic re-ranking of search results (layanan/search/services/semantic.py);
# LAYANAN_SEARCH_SEMANTIC=0 turns it off, e.g. to index a large catalog quickly.
LAYANAN_SEARCH_SEMANTIC = os.environ.get("LAYANAN_SEARCH_SEMANTIC", "1").strip().lower() not in ("0", "false", "no", "off")
LAYANAN_DUE_SOON_DAYS = 14
# The search log keeps a search (and its clicks) this many days; the daily jobs
# delete older ones (UU PDP Pasal 43-44: nothing kept past its retention period).
_retention = os.environ.get("SEARCH_LOG_RETENTION_DAYS", "365").strip()
if not _retention.isdigit() or int(_retention) < 1:
    raise ImproperlyConfigured("SEARCH_LOG_RETENTION_DAYS must be a whole number of days, 1 or more.")
LAYANAN_SEARCH_LOG_RETENTION_DAYS = int(_retention)
# The daily digest escalates to the agency's admins what stays overdue this long.
LAYANAN_ESCALATE_AFTER_DAYS = int(os.environ.get("ESCALATE_AFTER_DAYS", 14))
LAYANAN_PAGE_SIZE = 20
# Rate limits per action: "N/period" with period s, m, h or d (e.g. "10/h").
LAYANAN_RATE_LIMITS = {
    "post": {"user": "10/h", "ip": "30/h"},
    "vote": {"user": "60/h", "ip": "200/h"},
    "flag": {"user": "20/d", "ip": "50/d"},
    "signup": {"ip": "10/h"},
    "feedback": {"user": "30/h", "ip": "60/h"},
    "login": {"ip": "30/h"},
    "account-mail": {"ip": "10/h"},
}
# Set to the number of reverse proxies in front of the portal so the client
# address is read from X-Forwarded-For; 0 trusts only REMOTE_ADDR.
LAYANAN_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
