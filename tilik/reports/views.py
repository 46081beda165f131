"""Programme evaluation page, report downloads (queued as jobs: HTML, DOCX, PDF) and the recommendation editor."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tilik.core.models import Role
from tilik.core.permissions import READERS, evaluator_required, role_required
from tilik.core.roles import role_of
from tilik.jobs.services import job_enqueue, job_similar_pending
from tilik.programs.models import Program
from tilik.reports import jobs as report_jobs
from tilik.reports import recommendations as rules
from tilik.reports.scope import Scope, openable_program_ids, scope_for
from tilik.reports.selectors import build_report, level_sections, recommendation_form_rows, report_key
from tilik.reports.services import report_edit_save

report_readers = role_required(*READERS, Role.UNIT_HEAD)
FORMATS = ("html", "docx", "pdf")


def _lang(request: HttpRequest) -> str:
    """The report's language: ``?lang`` when given, else the reader's saved language (Profile.language)."""
    from tilik.core.language import language_of

    raw = request.GET.get("lang") or request.POST.get("lang") or ""
    if raw in ("en", "id"):
        return raw
    return "en" if language_of(request.user) == "en" else "id"


def _program_for(request: HttpRequest, slug: str) -> Program:
    """A programme the user may see; a unit head only one that staff of their unit took part in (else 404)."""
    program = get_object_or_404(Program, slug=slug)
    if program.pk not in openable_program_ids(request.user, [program]):
        raise Http404
    return program


def _download(request: HttpRequest, scope: Scope, fmt: str, program: Program | None) -> HttpResponse:
    """Queue the report for the background worker and go to its job page (a year report takes seconds).

    The worker renders it in the owner's scope; the job page's download is audited as an export.
    """
    if fmt not in FORMATS:
        raise Http404
    params = report_jobs.report_params(year=scope.year, program=program, fmt=fmt, lang=_lang(request))
    job = job_similar_pending(owner=request.user, kind=report_jobs.KIND, params=params)
    if job is None:
        name = program.name if program else _("Laporan evaluasi tahun %(year)s") % {"year": scope.year}
        job = job_enqueue(owner=request.user, kind=report_jobs.KIND, title=f"{name} ({fmt.upper()})", params=params)
    return redirect("jobs:detail", pk=job.pk)


@report_readers
def program_evaluation(request: HttpRequest, slug: str) -> HttpResponse:
    program = _program_for(request, slug)
    scope = scope_for(request.user, year=program.fiscal_year, program=program)
    levels = level_sections(scope)
    context: dict[str, Any] = {
        "program": program,
        "levels": levels,
        "verdicts": rules.page_verdicts(scope, levels),
        "scope": scope,
        "can_edit": role_of(request.user) in (Role.ADMIN, Role.EVALUATOR),
    }
    return render(request, "reports/program_evaluation.html", context)


@report_readers
def program_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    program = _program_for(request, slug)
    scope = scope_for(request.user, year=program.fiscal_year, program=program)
    return _download(request, scope, fmt, program)


@report_readers
def year_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    if not Program.objects.filter(fiscal_year=year).exists():
        raise Http404
    scope = scope_for(request.user, year=year)
    return _download(request, scope, fmt, None)


@report_readers
def report_index(request: HttpRequest) -> HttpResponse:
    years = sorted(set(Program.objects.values_list("fiscal_year", flat=True)), reverse=True)
    raw = request.GET.get("tahun", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else (years[0] if years else None)
    programs = list(Program.objects.filter(fiscal_year=year).order_by("name")) if year else []
    openable = openable_program_ids(request.user, programs)  # a unit head: programmes their staff took part in
    programs = [p for p in programs if p.pk in openable]
    return render(request, "reports/index.html", {"years": years, "year": year, "programs": programs})


@evaluator_required
@require_http_methods(["GET", "POST"])
def recommendations_edit(request: HttpRequest, slug: str | None = None, year: int | None = None) -> HttpResponse:
    program = get_object_or_404(Program, slug=slug) if slug else None
    the_year = program.fiscal_year if program else int(year or 0)
    scope = scope_for(request.user, year=the_year, program=program)
    report = build_report(scope, lang=_lang(request))
    rows = recommendation_form_rows(report, scope)
    if request.method == "POST":
        texts = {row["key"]: request.POST.get(f"rec-{i}", row["text"]) for i, row in enumerate(rows)}
        report_edit_save(
            key=report_key(scope), recommendations=texts, conclusion=request.POST.get("conclusion", ""), by=request.user
        )
        messages.success(request, _("Teks rekomendasi tersimpan; unduhan berikutnya memakainya."))
        return redirect(request.path)
    from tilik.reports.models import ReportEdit

    edit = ReportEdit.objects.filter(key=report_key(scope)).first()
    return render(
        request,
        "reports/recommendations_edit.html",
        {
            "rows": rows,
            "report": report,
            "program": program,
            "year": the_year,
            "conclusion": edit.conclusion if edit else "",
        },
    )
