"""Every page each role can reach, for the accessibility and layout crawl (tests/browser/crawl/).

The page list comes from tilik/core/url_rules.py: for each role, every URL whose rule answers that role
200 on GET, filled with real objects of a small demo city (``tilik demo`` with 300 ASN and every
extension: evaluations, surveys, interviews, budget ...), chosen inside the role's scope. Downloads
(XLSX, CSV, PDF, JSON, SVG, files) are not pages and are listed in NOT_PAGES; a page with URL parameters
that PARAMS does not fill stops the crawl with its name, so a new page joins the crawl or is declared not
to be one.

Besides the signed-in roles, "publik" is a visitor without an account: the public IKM survey of an open
wave, a Level 1 survey opened from an invitation token, the thank-you page and the login page."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, expect

from tilik.core.url_rules import RULES

# Test role (url_rules) -> demo account (tilik/demo/accounts.py).
ACCOUNTS = {"evaluator": "evaluator", "pimpinan_unit": "pimpinan", "pimpinan_daerah": "walikota", "peserta": "peserta"}
PUBLIC = "publik"
CRAWLED_ROLES = (*ACCOUNTS, PUBLIC)
DEMO_PASSWORD = "demo-tilik-2026"  # noqa: S105 - the documented demo password
DEMO_EMPLOYEES = 300

# URL names that answer 200 but are not HTML pages (files, exports, JSON, charts, redirects' targets).
NOT_PAGES = frozenset(
    {
        "health",
        "healthz",
        "my_data_download",
        "programs:certificate_file",
        "programs:experiment_export",
        "interviews:audio",
        "interviews:codebook_export",
        "interviews:matrix",
        "surveys:version_xlsform",
        "surveys:whatsapp",
        "surveys:invitations",
        "surveys:poster",
        "surveys:export",
        "evaluations:run_chart",
        "evaluations:run_export",
        "jobs:download",
        "jobs:status",
    }
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class PageRef:
    role: str
    name: str  # URL name, e.g. "programs:offering"
    url: str  # path, e.g. "/program/angkatan/3/"

    @property
    def slug(self) -> str:
        """A file name for the page's screenshot."""
        return self.name.replace(":", "-")


@dataclass
class Picks:
    """The demo objects each parametrised page is opened with (one per URL parameter kind)."""

    objects: dict[str, Any]
    users: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.objects[key]


def _first(qs: Any, what: str) -> Any:
    obj = qs.first()
    assert obj is not None, f"the demo city has no {what}"
    return obj


def _picks() -> Picks:
    from django.contrib.auth import get_user_model

    from tilik.evaluations.models import EvaluationPlan, EvaluationRun
    from tilik.interviews.models import Code, Codebook, Interview
    from tilik.org.models import Employee, Unit
    from tilik.org.selectors import unit_subtree
    from tilik.programs.choices import EnrollmentStatus
    from tilik.programs.models import (
        BudgetLine,
        Certificate,
        Enrollment,
        JPEntry,
        Offering,
        Program,
        ReminderExperiment,
    )
    from tilik.programs.services_certificates import certificate_upload
    from tilik.surveys.models import InstrumentVersion, Question, Wave

    users = {role: get_user_model().objects.get(username=name) for role, name in ACCOUNTS.items()}
    head_unit = users["pimpinan_unit"].profile.unit
    assert head_unit is not None, "the demo's pimpinan unit has a unit"
    head_units = unit_subtree(head_unit)
    in_scope = Employee.objects.filter(
        memberships__end_date__isnull=True, memberships__unit__in=head_units, active=True
    ).order_by("pk")
    # A programme the unit head's staff took part in, with evaluation runs (the richest programme page).
    run = _first(EvaluationRun.objects.order_by("pk"), "evaluation run")
    program = _first(
        Program.objects.filter(evaluation_plans__runs__isnull=False, offerings__enrollments__employee__in=in_scope)
        .distinct()
        .order_by("-fiscal_year", "pk"),
        "evaluated programme with unit-head staff",
    )
    offering = _first(Offering.objects.filter(program=program).order_by("batch"), "offering")
    enrollment = _first(
        Enrollment.objects.filter(offering=offering, status=EnrollmentStatus.REGISTERED).order_by("pk")
        or Enrollment.objects.filter(offering=offering).order_by("pk"),
        "enrolment",
    )
    peserta = users["peserta"].profile.employee
    assert peserta is not None, "the demo's peserta has an employee record"
    certificate = Certificate.objects.filter(employee=peserta, status="pending").order_by("pk").first()
    if certificate is None:
        certificate = certificate_upload(
            employee=peserta,
            file=SimpleUploadedFile("sertifikat.pdf", PDF, content_type="application/pdf"),
            title="Pelatihan Pelayanan Prima",
            provider="LAN",
            jp=8,
            completed_on=dt.date(2026, 2, 1),
            by=users["peserta"],
            today=dt.date(2026, 3, 1),
        )
    codebook = _first(Codebook.objects.order_by("pk"), "codebook")
    version = _first(InstrumentVersion.objects.filter(instrument__code="level1-reaksi"), "Level 1 version")
    wave = _first(
        Wave.objects.filter(unit__in=head_units, audience="public").order_by("-closes_at", "pk"),
        "public wave in the unit head's scope",
    )
    from tilik.interviews.guides import GUIDES

    objects = {
        "employee": _first(in_scope, "ASN in the unit head's scope"),
        "employee_inactive": _first(Employee.objects.filter(active=False).order_by("pk"), "inactive ASN"),
        "unit": _first(Unit.objects.filter(pk__in=head_units).order_by("path"), "unit"),
        "service_unit": wave.unit,
        "program": program,
        "offering": offering,
        "enrollment": enrollment,
        "certificate": certificate,
        "budget_line": _first(
            BudgetLine.objects.filter(program=program).order_by("pk") or BudgetLine.objects.order_by("pk"),
            "budget line",
        ),
        "jp_entry": _first(JPEntry.objects.filter(employee=peserta).order_by("pk"), "JP entry of the peserta"),
        "experiment": _first(ReminderExperiment.objects.order_by("pk"), "reminder experiment"),
        "interview": _first(Interview.objects.order_by("pk"), "interview"),
        "codebook": codebook,
        "code": _first(Code.objects.filter(codebook=codebook).order_by("pk"), "code"),
        "guide": GUIDES[0].key,
        "version": version,
        "question": _first(Question.objects.filter(section__version=version).order_by("pk"), "question"),
        "wave": wave,
        "plan": _first(EvaluationPlan.objects.filter(pk=run.plan_id), "plan"),
        "run": run,
    }
    return Picks(objects=objects, users=users)


# How each parametrised page is filled: URL name -> kwargs from the picks and the role's own jobs.
PARAMS: dict[str, Callable[[Picks, dict[str, Any]], dict[str, Any]]] = {
    "org:employee": lambda p, j: {"pk": p["employee"].pk},
    "org:employee_edit": lambda p, j: {"pk": p["employee"].pk},
    "org:employee_transfer": lambda p, j: {"pk": p["employee"].pk},
    "org:employee_deactivate": lambda p, j: {"pk": p["employee"].pk},
    "org:employee_reactivate": lambda p, j: {"pk": p["employee_inactive"].pk},
    "org:unit_edit": lambda p, j: {"pk": p["unit"].pk},
    "programs:program": lambda p, j: {"pk": p["program"].pk},
    "programs:program_edit": lambda p, j: {"pk": p["program"].pk},
    "programs:budget_detail": lambda p, j: {"pk": p["program"].pk},
    "programs:offering_create": lambda p, j: {"program_pk": p["program"].pk},
    "programs:offering": lambda p, j: {"pk": p["offering"].pk},
    "programs:offering_edit": lambda p, j: {"pk": p["offering"].pk},
    "programs:offering_status": lambda p, j: {"pk": p["offering"].pk},
    "programs:offering_attendance": lambda p, j: {"pk": p["offering"].pk},
    "programs:enroll": lambda p, j: {"pk": p["offering"].pk},
    "programs:enroll_bulk": lambda p, j: {"pk": p["offering"].pk},
    "programs:enrollment_move": lambda p, j: {"pk": p["enrollment"].pk},
    "programs:enrollment_cancel": lambda p, j: {"pk": p["enrollment"].pk},
    "programs:certificate_edit": lambda p, j: {"pk": p["certificate"].pk},
    "programs:certificate_delete": lambda p, j: {"pk": p["certificate"].pk},
    "programs:budget_line_edit": lambda p, j: {"pk": p["budget_line"].pk},
    "programs:jp_entry_edit": lambda p, j: {"pk": p["jp_entry"].pk},
    "programs:experiment": lambda p, j: {"pk": p["experiment"].pk},
    "interviews:guide": lambda p, j: {"key": p["guide"]},
    "interviews:detail": lambda p, j: {"pk": p["interview"].pk},
    "interviews:coders": lambda p, j: {"pk": p["interview"].pk},
    "interviews:edit": lambda p, j: {"pk": p["interview"].pk},
    "interviews:delete": lambda p, j: {"pk": p["interview"].pk},
    "interviews:transcript": lambda p, j: {"pk": p["interview"].pk},
    "interviews:sentences": lambda p, j: {"pk": p["interview"].pk},
    "interviews:codebook": lambda p, j: {"pk": p["codebook"].pk},
    "interviews:codebook_delete": lambda p, j: {"pk": p["codebook"].pk},
    "interviews:code_edit": lambda p, j: {"pk": p["code"].pk},
    "interviews:code_delete": lambda p, j: {"pk": p["code"].pk},
    "interviews:suggestions": lambda p, j: {"pk": p["codebook"].pk},
    "interviews:frequency": lambda p, j: {"pk": p["codebook"].pk},
    "interviews:matrix": lambda p, j: {"pk": p["codebook"].pk},
    "interviews:cooccurrence": lambda p, j: {"pk": p["codebook"].pk},
    "interviews:agreement": lambda p, j: {"pk": p["codebook"].pk},
    "interviews:quotes": lambda p, j: {"pk": p["codebook"].pk},
    "surveys:version": lambda p, j: {"pk": p["version"].pk},
    "surveys:question_edit": lambda p, j: {"pk": p["question"].pk},
    "surveys:wave_create": lambda p, j: {"version_pk": p["version"].pk},
    "surveys:wave": lambda p, j: {"pk": p["wave"].pk},
    "surveys:results": lambda p, j: {"pk": p["wave"].pk},
    "surveys:bursts": lambda p, j: {"pk": p["wave"].pk},
    "trust:unit": lambda p, j: {"pk": p["service_unit"].pk},
    "reports:program": lambda p, j: {"slug": p["program"].slug},
    "reports:program_recommendations": lambda p, j: {"slug": p["program"].slug},
    "reports:year_recommendations": lambda p, j: {"year": p["program"].fiscal_year},
    "evaluations:plan": lambda p, j: {"pk": p["plan"].pk},
    "evaluations:plan_decision": lambda p, j: {"pk": p["plan"].pk},
    "evaluations:run": lambda p, j: {"pk": p["run"].pk},
    "jobs:detail": lambda p, j: {"pk": j["job"].pk} if j.get("job") else {},
}


def _needs_params(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return True
    return False


def signed_in_pages(role: str, picks: Picks, jobs: dict[str, Any]) -> list[PageRef]:
    """The pages `role` may open (rule answers 200), filled with in-scope demo objects."""
    pages = []
    unfilled = []
    for name, rule in sorted(RULES.items()):
        if name in NOT_PAGES or rule.expected(role) != 200 or role not in rule.allowed:
            continue
        if name in PARAMS:
            kwargs = PARAMS[name](picks, jobs)
            if not kwargs:
                continue  # e.g. a job page for a role that has no job
            pages.append(PageRef(role, name, reverse(name, kwargs=kwargs)))
        elif not _needs_params(name):
            pages.append(PageRef(role, name, reverse(name)))
        else:
            unfilled.append(name)
    assert not unfilled, (
        f"pages with URL parameters not in the crawl; fill them in tests/browser/pages.py PARAMS: {unfilled}"
    )
    return pages


def public_pages(token: str, slug: str) -> list[PageRef]:
    return [
        PageRef(PUBLIC, "surveys:public", reverse("surveys:public", kwargs={"slug": slug})),
        PageRef(PUBLIC, "surveys:token", reverse("surveys:token", kwargs={"token": token})),
        PageRef(PUBLIC, "surveys:thanks", reverse("surveys:thanks")),
        PageRef(PUBLIC, "login", reverse("login")),
    ]


@dataclass
class DemoSite:
    url: str
    pages: dict[str, list[PageRef]]


def _open_survey_links(picks: Picks) -> tuple[str, str]:
    """An open Level 1 wave with one invitation (token) and an open public IKM wave (slug)."""
    from tilik.surveys.models import Wave
    from tilik.surveys.services.waves import invitation_create, wave_create, wave_publish

    now = timezone.now()
    wave = wave_publish(
        wave=wave_create(
            version=picks["version"],
            title="Reaksi peserta — uji aksesibilitas",
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=7),
            by=None,
        ),
        by=None,
    )
    _inv, token = invitation_create(wave=wave, employee=picks.users["peserta"].profile.employee, by=None)
    public = _first(
        Wave.objects.filter(audience="public", status="published", opens_at__lte=now, closes_at__gte=now)
        .exclude(public_slug__isnull=True)
        .order_by("pk"),
        "open public wave",
    )
    return token, public.public_slug


def _report_jobs(picks: Picks) -> dict[str, dict[str, Any]]:
    from tilik.jobs.services import job_enqueue
    from tilik.reports import jobs as report_jobs

    program = picks["program"]
    jobs: dict[str, dict[str, Any]] = {}
    for role in ("evaluator", "pimpinan_unit", "pimpinan_daerah"):
        params = report_jobs.report_params(year=program.fiscal_year, program=program, fmt="pdf", lang="id")
        job = job_enqueue(owner=picks.users[role], kind=report_jobs.KIND, title=f"{program.name} (PDF)", params=params)
        jobs[role] = {"job": job}
    jobs["peserta"] = {}
    return jobs


def build_site() -> tuple[dict[str, list[PageRef]], Picks]:
    from tilik.demo.extensions import build_extensions
    from tilik.demo.generator import build_demo

    build_demo(seed=1, employees=DEMO_EMPLOYEES)
    build_extensions(seed=1)
    picks = _picks()
    jobs = _report_jobs(picks)
    token, slug = _open_survey_links(picks)
    pages = {role: signed_in_pages(role, picks, jobs[role]) for role in ACCOUNTS}
    pages[PUBLIC] = public_pages(token, slug)
    return pages, picks


def wipe() -> None:
    """Leave the test database as empty as the demo found it (the demo tests do the same)."""
    from django.apps import apps
    from django.contrib.sessions.models import Session

    from tilik.core.audit import audit_unlocked
    from tilik.core.models import AuditEvent
    from tilik.demo.services import demo_wipe

    # Rows outside Tilik's tables: the report jobs' queue rows, and what the crawl's requests add — the TOTP
    # device /akun/dua-langkah/ creates for each role (it points at the user, so first) and the sessions. On
    # PostgreSQL the live server commits those; on in-memory SQLite they roll back with each test.
    for app in ("otp_totp", "otp_static", "django_tasks_database"):
        if app in apps.app_configs:
            for model in apps.get_app_config(app).get_models():
                model._base_manager.all().delete()
    Session.objects.all().delete()
    demo_wipe(by="test")
    with audit_unlocked():
        AuditEvent.objects.all().delete()


def serve_demo(django_db_blocker: Any) -> Iterator[DemoSite]:
    """Build a small demo city, serve it (live server) while the caller yields, then wipe it.

    For a module-scoped fixture: the city is built once per module (about 15 s) and committed, so the tests
    must not use pytest-django's ``live_server``/``transactional_db`` (they flush after each test); mark them
    ``django_db`` (plain) so that pytest-django sets up the test database at all.
    """
    from pytest_django.live_server_helper import LiveServer

    from tilik.demo.services import data_present

    with django_db_blocker.unblock():
        present = data_present()
        assert not present, f"the crawl needs an empty test database, found {present}"
        try:
            started = time.perf_counter()
            pages, _picks_ = build_site()
            print(f"demo city for the crawl built in {time.perf_counter() - started:.1f} s")
            server = LiveServer("localhost")
            try:
                yield DemoSite(url=server.url, pages=pages)
            finally:
                server.stop()
        finally:
            wipe()


def signed_in_context(browser: Browser, site: DemoSite, role: str, **options: Any) -> BrowserContext:
    """A browser context (Indonesian, Bali time) signed in as the role's demo account (none for publik)."""
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar", **options)
    context.set_default_timeout(60_000)
    # The year's recommendations page took 30 s on a busy 2-core machine: a slow page is reported in the
    # timings the crawl prints, not failed as "not a page".
    context.set_default_navigation_timeout(90_000)
    if role == PUBLIC:
        return context
    page = context.new_page()
    # After signing in, a light page (not the dashboard, which takes seconds to compute on a busy machine).
    page.goto(f"{site.url}{reverse('login')}?next={reverse('surveys:thanks')}")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(ACCOUNTS[role])
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page.locator("form:has(input[name=password])")).to_have_count(0, timeout=60_000)
    page.close()
    return context
