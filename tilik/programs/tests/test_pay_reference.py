"""The golongan pay table, the hourly cost formula and the ROI assumption shown beside the result."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import OfferingFactory, ProgramFactory, make_employee
from tilik.evaluations.selectors_budget import program_budget
from tilik.org.choices import PNS_GOLONGAN
from tilik.programs import pay_reference, services
from tilik.programs.models import BenefitAssumption
from tilik.programs.services_budget import benefit_assumption_save
from tilik.programs.tests.support import make_user
from tilik.programs.tests.test_budget import _credited_run

pytestmark = pytest.mark.django_db


def test_table_covers_every_pns_golongan_and_rises_with_rank():
    assert list(pay_reference.GOLONGAN) == PNS_GOLONGAN
    mids = [pay_reference.base_pay(g) for g in PNS_GOLONGAN]
    assert mids == sorted(mids)
    assert pay_reference.GAJI_POKOK_PP_5_2024["III/a"] == (2_785_700, 4_575_200)  # Lampiran PP 5/2024


def test_hourly_cost_equals_the_documented_formula():
    # III/a: gaji pokok midpoint (2.785.700 + 4.575.200) / 2 = 3.680.450
    # tunjangan = 14 % × 3.680.450 + 4 × 72.420 + 185.000 = 515.263 + 289.680 + 185.000 = 989.943
    # hourly = (3.680.450 + 989.943) / (21 × 7,5) = 4.670.393 / 157,5 = 29.653,29 -> Rp 29.653
    cost = pay_reference.hourly_cost("III/a")
    assert cost.base_pay == Decimal(3_680_450)
    assert cost.allowance == Decimal(989_943)
    assert cost.hourly == Decimal(29_653)
    assert not cost.allowance_entered
    for golongan in PNS_GOLONGAN:
        c = pay_reference.hourly_cost(golongan)
        exact = (c.base_pay + c.allowance) / (Decimal(21) * Decimal("7.5"))
        assert abs(c.hourly - exact) <= Decimal("0.5")
    entered = pay_reference.hourly_cost("IV/b", allowance=Decimal(3_000_000))  # e.g. with the pemda's TPP
    assert entered.allowance_entered and entered.hourly == (
        (pay_reference.base_pay("IV/b") + 3_000_000) / Decimal("157.5")
    ).quantize(Decimal(1))
    with pytest.raises(KeyError):
        pay_reference.hourly_cost("PPPK IX")  # PPPK: entered by hand


def _program_with_completers():
    offering = OfferingFactory(program__jp=20, capacity=10)
    for _ in range(2):
        e = services.enrollment_create(offering=offering, employee=make_employee(), by=None, status="registered")
        services.enrollment_set_status(enrollment=e, status="attended", by=None)
        services.enrollment_set_status(enrollment=e, status="completed", by=None)
    services.budget_line_save(
        program=offering.program,
        fiscal_year=2026,
        category="honorarium",
        pagu=Decimal(8_000_000),
        realisasi=Decimal(6_000_000),
        by=None,
    )
    return offering.program


ASSUMPTION = {
    "description": "Laporan lebih cepat",
    "hours_saved_per_participant": Decimal(100),
    "isolation": Decimal("0.5"),
    "confidence": Decimal("0.8"),
}


def test_service_derives_hourly_cost_from_golongan_and_roi_uses_it():
    program = _program_with_completers()
    saved = benefit_assumption_save(program=program, by=None, golongan_basis="III/a", hourly_cost=None, **ASSUMPTION)
    assert saved.hourly_cost == Decimal(29_653)
    assert saved.hourly_cost_basis["gaji_pokok"] == "3680450" and saved.hourly_cost_basis["tunjangan"] == "989943"
    assert "PP No. 5 Tahun 2024" in saved.hourly_cost_basis["sumber_gaji"]
    b = program_budget(program)
    assert b.roi is None and b.roi_status.reason == "no_effect"  # the assumption alone gives no ROI
    benefit_assumption_save(
        program=program, by=None, golongan_basis="III/a", hourly_cost=None, outcome_change=Decimal(-30), **ASSUMPTION
    )
    _credited_run(program, program.offerings.first(), estimate=-30.0, ci=(-40.0, -20.0))
    b = program_budget(program)
    assert b.roi.concluded and b.roi.value_per_unit == pytest.approx(100 / 30 * 29_653)
    event = AuditEvent.objects.filter(action="benefit_assumption.save").latest("id")
    assert Decimal(event.detail["hourly_cost"]) == 29_653 and event.detail["golongan"] == "III/a"
    # a typed hourly cost stays the evaluator's own figure (no derivation stored)
    saved = benefit_assumption_save(
        program=program, by=None, golongan_basis="III/a", hourly_cost=Decimal(40_000), **ASSUMPTION
    )
    assert saved.hourly_cost == Decimal(40_000) and saved.hourly_cost_basis == {}


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"golongan_basis": "", "hourly_cost": None}, "hourly_cost"),  # neither golongan nor cost
        ({"golongan_basis": "III/a", "hourly_cost": None, "monthly_allowance": Decimal(-1)}, "monthly_allowance"),
        ({"golongan_basis": "", "hourly_cost": Decimal(1), "monthly_allowance": Decimal(5)}, "monthly_allowance"),
        ({"golongan_basis": "", "hourly_cost": Decimal(-1)}, "hourly_cost"),
    ],
)
def test_bad_assumptions_refused_and_nothing_stored(kw, field):
    program = ProgramFactory()
    with pytest.raises(ValidationError) as info:
        benefit_assumption_save(program=program, by=None, **ASSUMPTION, **kw)
    assert field in info.value.message_dict
    assert not BenefitAssumption.objects.exists()


def test_roi_page_offers_golongan_and_shows_the_assumption_beside_the_result(client):
    program = _program_with_completers()
    client.force_login(make_user("evaluator"))
    url = reverse("programs:budget_detail", args=[program.pk])
    form = client.get(url).content.decode()
    assert '<option value="IV/e">IV/e</option>' in form and 'name="monthly_allowance"' in form
    response = client.post(
        url,
        {
            "description": "Laporan lebih cepat",
            "hours_saved_per_participant": "100",
            "golongan_basis": "III/b",
            "monthly_allowance": "",
            "hourly_cost": "",
            "isolation": "0,5",
            "confidence": "0,8",
            "outcome_label": "menit per laporan",
            "outcome_change": "-30",
        },
    )
    assert response.status_code == 302
    # ROI (and the assumption beside it) needs an isolated, credible effect of the primary indicator
    _credited_run(program, program.offerings.first(), estimate=-30.0, ci=(-40.0, -20.0))
    expected = pay_reference.hourly_cost("III/b")
    assert BenefitAssumption.objects.get().hourly_cost == expected.hourly
    html = client.get(url).content.decode()
    result, beside = html.split("ROI Phillips", 1)[1].split("Asumsi yang dipakai", 1)
    assert "BCR" in result
    hourly = f"Rp {expected.hourly:,.0f}".replace(",", ".")
    pay = f"Rp {expected.base_pay:,.0f}".replace(",", ".")
    assert f"Biaya per jam ASN golongan III/b: {hourly} = (gaji pokok {pay} + tunjangan" in beside
    assert "(21 hari kerja × 7,5 jam)" in beside and "PP No. 5 Tahun 2024" in beside
    assert "asumsi bawaan yang dapat diubah" in beside
    # the form now leaves the derived cost empty so that another golongan re-derives it
    assert 'name="hourly_cost" value="' not in html.split("Asumsi manfaat</h2>", 1)[1]
