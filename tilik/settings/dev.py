"""Local development and `make demo`: DEBUG on, console e-mail, a per-checkout secret."""

from __future__ import annotations

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")


def _local_secret() -> str:
    # A random key kept in var/, never committed, so production cannot inherit it.
    path = VAR_DIR / "secret_key.txt"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret()
