from django.core.exceptions import ImproperlyConfigured

from portal.settings.base import *  # noqa: F401,F403
from portal.settings.base import CACHES, DATABASES, PUBLIC_BASE_URL_SET, SECRET_KEY, env_bool, os

DEBUG = False

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
if not PUBLIC_BASE_URL_SET:
    raise ImproperlyConfigured(
        "PUBLIC_BASE_URL must be set in production (e.g. https://kennisbank-studentenwelzijn.nl): every link in "
        "mails, feeds, calendar files and the API starts with it."
    )
# Database connections are kept between requests (60 s unless DB_CONN_MAX_AGE says otherwise; 0 closes each one
# after its request): a new PostgreSQL connection per request costs the database a new process and the request
# a handshake. Each is checked before it is reused, so a restarted database costs one request a reconnect.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

LOCAL_BACKENDS = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")
if CACHES["default"]["BACKEND"] in LOCAL_BACKENDS and not env_bool("ALLOW_PROCESS_LOCAL_CACHE"):
    raise ImproperlyConfigured(
        "The cache must be shared by every process (REDIS_URL, or the database cache): a per-process cache "
        "serves stale pages. Set ALLOW_PROCESS_LOCAL_CACHE=true only for a single-process trial."
    )

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer's plain-http probe gets an answer, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# SECURE_COOKIES=false only for `make serve` on plain http://127.0.0.1.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Wagtail's live preview shows the page in a same-origin frame, so frames stay SAMEORIGIN (and CSP
# frame-ancestors 'self'); DENY would break the editors' preview.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
