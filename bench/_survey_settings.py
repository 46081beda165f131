"""Settings for bench/survey_submissions.py: the test settings with the benchmark's URLconf."""

from __future__ import annotations

from tilik.settings.test import *  # noqa: F403

ROOT_URLCONF = "_survey_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
TILIK_PUBLIC_RATE_LIMIT = 10**9
# As in production: no access log in the workers (gunicorn's default; the proxy keeps one), static
# files indexed once at start rather than looked up on every request.
WHITENOISE_AUTOREFRESH = False
