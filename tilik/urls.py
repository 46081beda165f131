from django.contrib import admin
from django.urls import include, path

from tilik.core.language import set_language
from tilik.jobs.health import health
from tilik.reports.views_home import home

handler500 = "tilik.core.security.busy.server_error"  # "database is locked" → 503 retry page

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),  # stores the choice on the profile
    path("admin/", admin.site.urls),
    path("wawancara/", include("tilik.interviews.urls")),
    path("kinerja/", include("tilik.performance.urls")),
    path("evaluasi/", include("tilik.evaluations.urls")),
    path("organisasi/", include("tilik.org.urls")),
    path("program/", include("tilik.programs.urls")),
    path("laporan/", include("tilik.reports.urls")),
    path("kepercayaan/", include("tilik.trust.urls")),
    path("tugas/", include("tilik.jobs.urls")),
    path("", include("tilik.surveys.urls")),
    path("", include("tilik.core.urls")),
    path("healthz", health, name="healthz"),  # monitoring (tilik/jobs/health.py): JSON, no login, nothing personal
    path("sehat/", health, name="health"),  # the same view under its first name
    path("", home, name="home"),  # Beranda: the year's dashboard, rendered by the reports app
]
