"""The participation demo plants what the issue-7 screens must find (one demo city for the module)."""

from __future__ import annotations

import pytest

from tilik.core.audit import audit_unlocked
from tilik.core.models import AuditEvent, Profile, Role
from tilik.demo import ground_truth as gt
from tilik.demo import ground_truth_participation as gtp
from tilik.demo.generator import build_demo
from tilik.demo.participation import build_participation_demo
from tilik.demo.services import data_present, demo_wipe
from tilik.org.models import Employee
from tilik.programs.models import Certificate, ReminderExperiment
from tilik.programs.selectors_budget import budget_overview
from tilik.programs.selectors_jp import jp_overview, pending_certificates
from tilik.programs.selectors_participation import group_rates, participation_frame
from tilik.programs.selectors_strategies import experiment_results

SIZE = 1500
SEED = 1
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        assert not data_present(), "the demo tests need an empty test database"
        build_demo(seed=SEED, employees=SIZE)
        summary = build_participation_demo(seed=SEED)
        yield summary
        demo_wipe(by="test")
        with audit_unlocked():
            AuditEvent.objects.all().delete()


def test_randomised_reminder_uplift_is_recovered(demo):
    plan = gtp.EXPERIMENT
    experiment = ReminderExperiment.objects.get()
    assert experiment.seed == plan.seed and experiment.arms == list(plan.arms)
    assert demo["experiment"]["invitees"] == experiment.assignments.count() > 300
    arms = {a.arm: a for a in experiment_results(experiment)}
    for arm in ("whatsapp", "surat_pimpinan"):
        up = arms[arm].registration_uplift
        assert up.ci_low <= plan.uplift[arm] <= up.ci_high, up.interpretation_id
        att = arms[arm].attendance_uplift
        assert att.ci_low <= plan.attendance_uplift(arm) <= att.ci_high, att.interpretation_id
    assert arms["surat_pimpinan"].registration_uplift.ci_low > 0  # the large planted effect is detected


def test_budget_screen_finds_under_absorbed_programmes(demo):
    for planted in gt.BUDGET.low_absorption:
        rows = {r.program.name: r for r in budget_overview(planted.fiscal_year, low_pct=85)}
        assert rows[planted.name].low
        assert rows[planted.name].absorption_pct == pytest.approx(planted.pct, abs=0.01)
    normal = [
        r
        for r in budget_overview(2024, low_pct=85)
        if r.program.name not in {a.name for a in gt.BUDGET.low_absorption if a.fiscal_year == 2024}
    ]
    assert normal and not any(r.low for r in normal)


def test_participation_screen_flags_older_asn_and_low_opd(demo):
    frame = participation_frame(None, today=gt.REFERENCE_TODAY)  # all years pooled: a small city
    ages = {r.rate.group for r in group_rates(frame, "age_band") if r.rate.lower_than_rest}
    assert ages == {"50+"}
    planted = {"Dishub", "Satpol PP", *gt.PARTICIPATION.low_opd_names}
    flagged = {r.rate.group for r in group_rates(frame, "opd") if r.rate.lower_than_rest}
    assert flagged <= planted  # no false alarm; each planted OPD alone is small in a 1500-ASN city
    frame["planted_opd"] = frame["opd"].isin(planted).map({True: "rendah", False: "lain"})
    pooled = {r.rate.group: r.rate for r in group_rates(frame, "planted_opd")}
    assert pooled["rendah"].lower_than_rest


def test_jp_compliance_unchanged_and_certificates_waiting(demo):
    active = Employee.objects.filter(active=True).count()
    overview = jp_overview(2026, target=20)
    assert overview.overall.n == active
    assert overview.overall.n_compliant == round(gt.JP_COMPLIANCE.share_by_year[2026] * active)
    counts = {s: Certificate.objects.filter(status=s).count() for s in ("verified", "pending", "rejected")}
    assert counts == {
        "verified": gtp.CERTIFICATES.verified,
        "pending": gtp.CERTIFICATES.pending,
        "rejected": gtp.CERTIFICATES.rejected,
    }
    participant = Profile.objects.get(role=Role.PARTICIPANT).employee
    assert pending_certificates().filter(employee=participant).exists()
