from __future__ import annotations

from typing import Any

import pytest

from tests.security.world import World, build_world


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db: Any) -> World:
    return build_world()
