"""Production: no default secret, secure cookies, HSTS. Fails fast when misconfigured."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from tilik.core.observability import sentry_init, tilik_version

from .base import *  # noqa: F403
from .base import SENTRY_DSN, SENTRY_ENVIRONMENT, SENTRY_TRACES_SAMPLE_RATE, env_bool

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 40:
    raise ImproperlyConfigured("SECRET_KEY must be set (at least 40 characters) in production.")
DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health endpoint answers plain HTTP too: a local monitor may ask gunicorn's socket directly.
SECURE_REDIRECT_EXEMPT = [r"^sehat/$", r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_NAME = "__Secure-csrftoken"
# Admins and evaluators must enrol and use TOTP (set TILIK_REQUIRE_2FA=0 only for a trial server).
TILIK_REQUIRE_2FA = env_bool("TILIK_REQUIRE_2FA", True)

# Logs: one JSON object per line on stderr (journald keeps it; `journalctl -u tilik-web -o cat | jq`): every
# request (tilik.request: method, path, status, ms, user_id) and every job (tilik.jobs: job_id, kind, status,
# ms), and warnings and errors from everything else.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC, e.g. 2026-12-08T01:06:44.395751+00:00
        }
    },
    "filters": {"mask_tokens": {"()": "tilik.core.observability.MaskTokens"}},
    "handlers": {"json": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["mask_tokens"]}},
    "root": {"handlers": ["json"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "tilik.request": {"level": "INFO"},
        "tilik.jobs": {"level": "INFO"},
        # The request line already says 404/403; Django's own warning for it would be a second line.
        "django.request": {"level": "ERROR"},
    },
}

sentry_init(
    SENTRY_DSN,
    environment=SENTRY_ENVIRONMENT,
    release=f"tilik@{tilik_version()}",
    traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
)
