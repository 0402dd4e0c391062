from portal.settings.base import *  # noqa: F401,F403
from portal.settings.base import os

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-key-not-for-production")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
