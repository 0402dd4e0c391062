"""Settings shared by every environment; values come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",  # the project: load_demo, the API router, URLs
    "home",
    "entries",
    "network",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail_modeladmin",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # naturaltime (Wagtail's workflow status "… geleden") is translated only when humanize is installed
    "django.contrib.humanize",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and CSRF, so that a hit skips them (it takes the CSRF steps itself for pages with a form).
    "home.cache.pages.AnonymousPageCacheMiddleware",
    # After it, so that a hit needs no Site at all.
    "home.site.lookup.SiteLookupMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
    "home.ops.headers.PersonalPageHeadersMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "home.abuse.security.AddressLockoutBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Trusted proxies in front of the app servers (home/client.py); 0 = clients connect directly.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
# Password guessing: five failures lock the account for that address for an hour (django-axes). An address
# alone is locked only after ADDRESS_FAILURE_LIMIT failures with any usernames (home/security.py): colleagues
# behind one NAT share it. Never the account alone: anyone who knows a username could lock its owner out
# from anywhere; a username attacked from many addresses is reported to the superusers instead.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
ADDRESS_FAILURE_LIMIT = int(os.environ.get("ADDRESS_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "home.abuse.client.client_address"
ATTACKED_ACCOUNT_ADDRESSES = int(os.environ.get("ATTACKED_ACCOUNT_ADDRESSES", "10"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_VERBOSE = False

# The public site runs no inline script. The Wagtail admin is excluded: it needs inline styles and scripts.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Admin sessions end after a working day (Django's default is two weeks).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_HOURS", "9")) * 3600
X_FRAME_OPTIONS = "SAMEORIGIN"
# No camera, microphone, location or payment for any page (the check-in page may allow the camera itself).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.site.context_processors.site_navigation",
            ],
        },
    },
]

# DATABASE_URL unset means the embedded default: a SQLite file next to manage.py.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default under a burst: readers never wait for the writer (WAL), a writer waits its turn
    # (busy timeout) and takes the write lock at BEGIN, so two transactions never deadlock on upgrading.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Four caches that every process shares (home/cache/), kept apart so that one kind of traffic cannot push out another:
# `default` (generations of the page cache, vocabularies, navigation), `pages` (whole pages, the only one a flood of
# distinct URLs can fill; least recently used go first), `fragments` (entry cards, one per revision, so that rendering
# them cannot push out pages) and `limits` (abuse counters, in the database, so nothing evicts them). Redis when
# REDIS_URL is set; otherwise directories that every process on this machine shares (measured: 2.2x the database
# cache's throughput for cached pages), or with CACHE_BACKEND=db the database, which several machines can share.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "redis" if REDIS_URL else "file")
CACHE_DIR = os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache"))
PAGE_CACHE_MAX_ENTRIES = int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "20000"))
FRAGMENT_CACHE_MAX_ENTRIES = int(os.environ.get("FRAGMENT_CACHE_MAX_ENTRIES", "50000"))
# Bytes of recently served pages each process keeps (a hit then reads only the generations; 0: off; RecentPages).
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_BYTES", str(16 * 1024 * 1024)))
LIMITS_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "kennisbank_limits",
    "OPTIONS": {"MAX_ENTRIES": 1_000_000, "CULL_FREQUENCY": 10},
}
if CACHE_BACKEND == "redis":
    _redis = {
        "BACKEND": "home.cache.backends.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        # A Redis that does not answer costs a request at most half a second, then it is skipped.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    # Generations are stored without expiry and pages with one: under Redis's `volatile-lru` policy
    # (docs/deploy.md) only pages are ever evicted.
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": "kennisbank"},
        "pages": {**_redis, "KEY_PREFIX": "kennisbank-pages"},
        "fragments": {**_redis, "KEY_PREFIX": "kennisbank-fragments"},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif CACHE_BACKEND == "locmem":  # one process only; production refuses it unless told otherwise
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"},
    }
elif CACHE_BACKEND == "file":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        "pages": {
            "BACKEND": "home.cache.backends.LeastRecentlyUsedFileCache",
            "LOCATION": str(Path(CACHE_DIR) / "pages"),
            "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES},
        },
        "fragments": {
            "BACKEND": "home.cache.backends.LeastRecentlyUsedFileCache",
            "LOCATION": str(Path(CACHE_DIR) / "fragments"),
            "OPTIONS": {"MAX_ENTRIES": FRAGMENT_CACHE_MAX_ENTRIES},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kennisbank_cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kennisbank_pages",
            "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES, "CULL_FREQUENCY": 4},
        },
        "fragments": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kennisbank_fragments",
            "OPTIONS": {"MAX_ENTRIES": FRAGMENT_CACHE_MAX_ENTRIES, "CULL_FREQUENCY": 4},
        },
    }
CACHES["limits"] = LIMITS_CACHE

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads and request bodies are bounded; the page editor needs many fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Documents are streamed by Django after home/documents.py has checked that the reader may see their page.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Kennisbank Studentenwelzijn <noreply@kennisbank-studentenwelzijn.nl>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = True

# E-mail is sent after commit through django-tasks; production uses the database worker.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

WAGTAIL_SITE_NAME = "Kennisbank Studentenwelzijn"
# No avatar requests to gravatar.com: editors' addresses stay here, and the CSP stays strict.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The one source of every absolute link (canonical, sitemap, feed, API, iCal, CSV, e-mail); the old
# WAGTAILADMIN_BASE_URL still works as an alias. `migrate` and `load_demo` give the default Site its host.
# Without it, links point where `make run` serves (PORT); production refuses to start without it.
PUBLIC_BASE_URL_SET = bool(os.environ.get("PUBLIC_BASE_URL") or os.environ.get("WAGTAILADMIN_BASE_URL"))
PUBLIC_BASE_URL = (
    os.environ.get("PUBLIC_BASE_URL")
    or os.environ.get("WAGTAILADMIN_BASE_URL")
    or f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
).rstrip("/")
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "dutch" if IS_POSTGRES else None,
    }
}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILAPI_BASE_URL = PUBLIC_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# Portal behaviour.
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "90"))
# Contact details of a contribution that was never published, counted from its last revision.
CONTRIBUTOR_RETENTION_DAYS = int(os.environ.get("CONTRIBUTOR_RETENTION_DAYS", "90"))
# Failed and successful admin logins (django-axes) and finished background tasks are kept this long.
LOGIN_LOG_DAYS = int(os.environ.get("LOGIN_LOG_DAYS", "30"))
TASK_RESULT_DAYS = int(os.environ.get("TASK_RESULT_DAYS", "7"))
UNCONFIRMED_MEMBER_DAYS = int(os.environ.get("UNCONFIRMED_MEMBER_DAYS", "30"))
# Reminder e-mails this many days before an event and before each masterclass session (send_reminders).
REMINDER_DAYS = int(os.environ.get("REMINDER_DAYS", "2"))
# An entry not reviewed for this many days is due for review (dashboard, list, monthly mail to Eindredactie).
REVIEW_AFTER_DAYS = int(os.environ.get("REVIEW_AFTER_DAYS", "730"))
# Abuse limits per client address and hour (home/limits.py); `make bench` raises them for its burst.
CONTRIBUTION_RATE_LIMIT = int(os.environ.get("CONTRIBUTION_RATE_LIMIT", "5"))
JOIN_RATE_LIMIT = int(os.environ.get("JOIN_RATE_LIMIT", "10"))
REGISTRATION_RATE_LIMIT = int(os.environ.get("REGISTRATION_RATE_LIMIT", "20"))
ALERT_RATE_LIMIT = int(os.environ.get("ALERT_RATE_LIMIT", "10"))
# Admin password resets: per client address and per account, an hour.
PASSWORD_RESET_RATE_LIMIT = int(os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5"))
PASSWORD_RESET_ACCOUNT_LIMIT = int(os.environ.get("PASSWORD_RESET_ACCOUNT_LIMIT", "3"))
# "Mijn netwerk" (network/members/): a sign-in link works this many minutes and once; a session lasts this many
# hours; an address gets at most so many sign-in mails per quarter of an hour; a client so many requests an hour.
MY_NETWORK_LINK_MINUTES = int(os.environ.get("MY_NETWORK_LINK_MINUTES", "15"))
MY_NETWORK_SESSION_HOURS = int(os.environ.get("MY_NETWORK_SESSION_HOURS", "4"))
SIGN_IN_MAILS_PER_QUARTER = int(os.environ.get("SIGN_IN_MAILS_PER_QUARTER", "3"))
SIGN_IN_RATE_LIMIT = int(os.environ.get("SIGN_IN_RATE_LIMIT", "20"))
# Certificates of attendance are kept apart from registrations, for professional registers' audits (privacy statement).
CERTIFICATE_RETENTION_YEARS = int(os.environ.get("CERTIFICATE_RETENTION_YEARS", "5"))
# OAI-PMH (`/oai/`, entries/exchange/): the repository's identifier in every record identifier (a name of our own,
# never the host and port, so records keep their identity when the site moves), the contact in Identify, records per
# page and how long a resumption token works.
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "kennisbank-studentenwelzijn.nl")
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "info@kennisbank-studentenwelzijn.nl")
OAI_PAGE_SIZE = int(os.environ.get("OAI_PAGE_SIZE", "100"))
# Pages per part of the sitemap (/sitemap.xml is the index of its parts; the protocol allows 50,000).
SITEMAP_PAGE_SIZE = int(os.environ.get("SITEMAP_PAGE_SIZE", "2000"))
OAI_TOKEN_HOURS = int(os.environ.get("OAI_TOKEN_HOURS", "24"))
# Alerts (entries/alerts.py): unconfirmed ones are removed after ALERT_CONFIRM_DAYS; at most so many per address.
ALERT_CONFIRM_DAYS = int(os.environ.get("ALERT_CONFIRM_DAYS", "7"))
ALERTS_PER_ADDRESS = int(os.environ.get("ALERTS_PER_ADDRESS", "20"))
ALERTS_PENDING_PER_ADDRESS = int(os.environ.get("ALERTS_PENDING_PER_ADDRESS", "5"))
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# The facet counts of a selection are kept (in the `fragments` cache) until anything is published, for every
# other page and order of it. Off only for `make bench`, which measures a listing as if its URL were new.
LISTING_COUNTS_CACHE = env_bool("LISTING_COUNTS_CACHE", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"mask_tokens": {"()": "home.ops.logs.MaskTokensFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "request_console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_tokens"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "portal.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Access and erasure requests ("Mijn netwerk"): counts per kind of record, never an address.
        "portal.personal": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "network": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # 404s and 410s on personal links: the path without its token.
        "django.request": {"handlers": ["request_console"], "level": "WARNING", "propagate": False},
    },
}
