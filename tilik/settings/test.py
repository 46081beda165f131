"""Test settings: fast hashing, in-memory mail; DATABASE_URL picks SQLite or PostgreSQL."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

# Uploads made by tests never land in the checkout's media folder.
MEDIA_ROOT = VAR_DIR / "test-media"

SECRET_KEY = os.environ.get("SECRET_KEY", "test-only-not-secret")  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True  # serve from finders; no collectstatic needed in tests
# Login throttling off so other tests can log in freely; tests/security switch it on with override_settings.
AXES_ENABLED = False
TILIK_REQUIRE_2FA = False
# /sehat/ checks free disk space; a test run on a nearly full disk must not turn the URL matrix red.
TILIK_HEALTH_MIN_FREE_MB = 0
if TILIK_TASK_BACKEND == "rq":  # noqa: F405
    # Each pytest-xdist worker its own Redis database: a worker must never take another's jobs (their job
    # ids point into different test databases).
    _xdist = os.environ.get("PYTEST_XDIST_WORKER", "gw-1")[2:]
    RQ_QUEUES["default"]["URL"] = TILIK_REDIS_URL.rsplit("/", 1)[0] + f"/{1 + int(_xdist)}"  # noqa: F405
