from django.contrib import admin
from django.urls import include, path

from tilik.core.language import set_language
from tilik.evaluations import views_budget, views_planner
from tilik.jobs.health import health
from tilik.programs.urls import urlpatterns as program_urls
from tilik.reports.views_home import home
from tilik.surveys.views import participation

handler500 = "tilik.core.security.busy.server_error"  # "database is locked" → 503 retry page

# The programs namespace also holds pages whose views live in higher apps (import-linter's layers: programs
# imports neither surveys nor evaluations); their paths and names stay /program/... and programs:...
programs = [
    *program_urls,
    path("partisipasi/", participation.participation, name="participation"),
    path("anggaran/<int:pk>/", views_budget.budget_detail, name="budget_detail"),
    path("perencana/", views_planner.planner, name="planner"),
]

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),  # stores the choice on the profile
    path("admin/", admin.site.urls),
    path("wawancara/", include("tilik.interviews.urls")),
    path("kinerja/", include("tilik.performance.urls")),
    path("evaluasi/", include("tilik.evaluations.urls")),
    path("organisasi/", include("tilik.org.urls")),
    path("program/", include((programs, "programs"))),
    path("laporan/", include("tilik.reports.urls")),
    path("kepercayaan/", include("tilik.trust.urls")),
    path("tugas/", include("tilik.jobs.urls")),
    path("", include("tilik.surveys.urls")),
    path("", include("tilik.core.urls")),
    path("healthz", health, name="healthz"),  # monitoring (tilik/jobs/health.py): JSON, no login, nothing personal
    path("sehat/", health, name="health"),  # the same view under its first name
    path("", home, name="home"),  # Beranda: the year's dashboard, rendered by the reports app
]
