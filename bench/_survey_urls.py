"""URLs for bench/survey_submissions.py: the real site plus a floor view.

The floor is the cheapest useful Django request: one POST that inserts one row,
through the same middleware, database and gunicorn workers as the survey.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def floor(request: HttpRequest) -> HttpResponse:
    from tilik.surveys.models import PublicRateCounter

    PublicRateCounter.objects.create(key=uuid.uuid4().hex, hour=timezone.now())
    return HttpResponse("ok")


urlpatterns = [path("bench/floor/", floor), path("", include("tilik.urls"))]
