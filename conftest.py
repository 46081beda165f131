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


@pytest.fixture(autouse=True)
def _empty_task_queue() -> None:
    """With TILIK_TASK_BACKEND=rq (scripts/test.sh's tasks-rq step) the queue lives in Redis, outside the
    test's rolled-back transaction: each test starts with an empty one."""
    from django.conf import settings

    if settings.TILIK_TASK_BACKEND == "rq":
        import django_rq

        django_rq.get_connection("default").flushdb()
