from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tilik.core.roles import role_of


def roles(request: HttpRequest) -> dict[str, Any]:
    return {"tilik_role": role_of(request.user) if hasattr(request, "user") else None}
