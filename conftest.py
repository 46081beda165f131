"""Fixtures for the whole suite (analysis, tilik and tests/)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _reset_language() -> Iterator[None]:
    """LocaleMiddleware activates the request's language in this thread and leaves it active; a test
    that switches to English would otherwise turn every later test in the same worker English."""
    yield
    translation.activate("id")
