"""Gather a report's sections from stored results (read only). Presenters render the Report it returns."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tilik.core.build_cache import build_cache
from tilik.reports import recommendations as rules
from tilik.reports.findings import NOT_MEASURED, Report, Section
from tilik.reports.models import ReportEdit
from tilik.reports.scope import Scope
from tilik.reports.sections import costs, frame, front, impact, participation, qualitative, surveys, trust


def report_key(scope: Scope) -> str:
    return f"program:{scope.program.slug}" if scope.program is not None else f"year:{scope.year}"


def level_sections(scope: Scope) -> list[Section]:
    """Kirkpatrick Levels 1-5 in order (also the programme evaluation page)."""
    return [
        surveys.reaction_section(scope),
        surveys.learning_section(scope),
        qualitative.behaviour_section(scope),
        impact.results_section(scope),
        costs.roi_section(scope),
    ]


def build_report(scope: Scope, *, lang: str = "id") -> Report:
    # Inputs several sections read (the IKM table, each wave's published batch, results and frame, the trust
    # answers) are computed once per build (tilik.core.build_cache).
    with translation.override(lang), build_cache():
        return _build(scope, lang)


def _build(scope: Scope, lang: str) -> Report:
    counts = frame.snapshot_counts(scope)
    levels = level_sections(scope)
    results = Section("results", _("Hasil Evaluasi per Level"), status=levels[0].status, subsections=levels)
    results.status = next((s.status for s in levels if s.measured), NOT_MEASURED)
    if not results.measured:
        results.reason = _("Belum ada hasil pada Level 1–5.")
    ikm = surveys.ikm_section(scope)
    impact_s = impact.impact_section(scope, ikm)
    # Citra dan kepercayaan publik (issue 21): beside IKM, a subsection of the impact chapter.
    citra = trust.trust_section(scope)
    impact_s.subsections.append(citra)
    if citra.measured and not impact_s.measured:
        impact_s.status, impact_s.reason = citra.status, ""
    challenges = Section(
        "challenges",
        _("Tantangan"),
        subsections=[costs.budget_section(scope), participation.participation_section(scope)],
    )
    if scope.program is None:
        challenges.subsections.append(participation.jp_section(scope))
    challenges.status = next((s.status for s in challenges.subsections if s.measured), NOT_MEASURED)
    body = [
        frame.intro_section(scope),
        frame.objectives_section(scope),
        frame.methodology_section(scope, counts),
        results,
        impact_s,
        challenges,
    ]
    report = Report(
        title=_("Laporan Evaluasi %(what)s")
        % {"what": scope.program.name if scope.program else _("Program Pengembangan Kompetensi ASN")},
        subtitle=_("Tahun Anggaran %(y)s") % {"y": scope.year},
        region=settings.TILIK_REGION_NAME,
        year=scope.year,
        program=scope.program,
        generated_on=timezone.localdate(),
        lang=lang,
        scope_label=scope.unit_label,
        suppressed=scope.suppress,
        sections=body,
    )
    report.verdicts, derived = rules.build(scope, report.findings())
    edit = ReportEdit.objects.filter(key=report_key(scope)).first()
    report.recommendations = rules.apply_edits(derived, edit.recommendations if edit else {})
    rules.apply_action_edits(report.verdicts, edit.recommendations if edit else {})
    report.conclusion = _conclusion(body, levels)
    if edit and edit.conclusion.strip():
        report.conclusion.append(edit.conclusion.strip())
    appendix, report.snapshot = frame.appendix_section(scope, counts, report.all_sections())
    appendix.tables.append(rules.decision_table())
    report.sections.append(appendix)
    # Front matter last: it quotes the verdicts, recommendations and sections gathered above.
    report.data_as_of = frame.data_as_of(scope)
    report.kop = front.kop(report.region, today=report.generated_on)
    report.summary = front.executive_summary(report)
    return report


def _conclusion(body: list[Section], levels: list[Section]) -> list[str]:
    measured = [s.title for s in levels if s.measured]
    missing = [s.title for s in levels if not s.measured]
    out = []
    if measured:
        out.append(
            _("Terukur: %(l)s.")
            % {"l": "; ".join(f"{s.title} ({s.headline})" if s.headline else s.title for s in levels if s.measured)}
        )
    if missing:
        out.append(_("Belum diukur: %(l)s. Lengkapi data ini sebelum evaluasi berikutnya.") % {"l": ", ".join(missing)})
    sig = [s.title for s in levels if s.status == "significant"]
    if sig:
        out.append(_("Efek yang signifikan secara statistik (p < 0,05): %(l)s.") % {"l": ", ".join(sig)})
    return out


def recommendation_form_rows(report: Report, scope: Scope) -> list[dict[str, Any]]:
    """Derived recommendations with the edited text, for the edit form (including dropped ones)."""
    with translation.override(report.lang):
        others = rules.derive(report.findings(), participation=scope.program is None)
        derived = rules.form_items(report.verdicts, others)
    edit = ReportEdit.objects.filter(key=report_key(scope)).first()
    edits = edit.recommendations if edit else {}
    return [
        {"key": r.key, "rule": r.rule, "finding": r.finding_text, "derived": r.text, "text": edits.get(r.key, r.text)}
        for r in derived
    ]
