"""Settings for bench/survey_submissions.py: the test settings with the benchmark's URLconf."""

from __future__ import annotations

from tilik.settings.test import *  # noqa: F403

ROOT_URLCONF = "_survey_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
TILIK_PUBLIC_RATE_LIMIT = 10**9
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405 - persistent connections, as in production
