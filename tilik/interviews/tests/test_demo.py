"""The interview demo reproduces its planted findings (tilik.demo.ground_truth_interviews)."""

import pytest
from django.contrib.auth import get_user_model

from tilik.demo import ground_truth_interviews as gti
from tilik.interviews.models import Codebook, Interview, Transcript
from tilik.interviews.selectors_analysis import code_frequency, intercoder_agreement

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_interview_demo_plants_its_findings():
    from tilik.demo.generator import build_demo
    from tilik.demo.interviews import build_interview_demo

    build_demo(seed=1, employees=300)
    summary = build_interview_demo(seed=1)
    assert summary["interviews"] == Interview.objects.count() >= 20
    assert set(gti.BUDGET_COMPLAINT_UNITS) <= set(summary["budget_units"])
    codebook = Codebook.objects.get(pk=summary["codebook"])
    users = get_user_model().objects
    coder_a, coder_b = users.get(username=gti.FIRST_CODER), users.get(username=gti.SECOND_CODER)

    by_unit = code_frequency(codebook, by="unit", coder=coder_a)
    codes_of = {}
    for interview in Interview.objects.select_related("unit"):
        codes_of[interview.unit.code] = {
            row.code.name for row in by_unit.rows if row.by_group.get(str(interview.unit.pk))
        }
    treated = [codes_of[u] for u in gti.PUSKESMAS if u in gti.TREATED_PUSKESMAS]
    control = [codes_of[u] for u in gti.PUSKESMAS if u not in gti.TREATED_PUSKESMAS]
    assert all("Kerja lebih cepat" in c for c in treated)
    assert not any("Kerja lebih cepat" in c for c in control)
    assert all("Pendaftaran dan antrean" in c for c in treated + control)
    budget_share_planted = sum("Kendala anggaran" in codes_of[u] for u in gti.BUDGET_COMPLAINT_UNITS) / 5
    others = [u for u in codes_of if u not in gti.BUDGET_COMPLAINT_UNITS]
    budget_share_other = sum("Kendala anggaran" in codes_of[u] for u in others) / len(others)
    assert budget_share_planted == 1 and budget_share_other < 0.4

    # The second coder is a pengode assigned to every interview it coded, not a second evaluator.
    assert coder_b.profile.role == "pengode" and not coder_b.is_staff
    assert Interview.objects.filter(coders=coder_b).count() == Interview.objects.count()
    # Codes nobody used have no kappa (0/0); a used code one coder never applied would give NaN and fail.
    kappas = [r.result.kappa for r in intercoder_agreement(codebook, coder_a, coder_b).rows if r.result and r.used]
    assert len(kappas) >= 8 and all(0.4 < k < 1 for k in kappas)  # realistic, imperfect agreement
    assert "Kepala puskesmas:" in Transcript.objects.first().text


def test_interview_demo_text_is_deterministic():
    import random

    from tilik.demo.interviews import _answers
    from tilik.org.models import Unit

    unit = Unit(name="Puskesmas Contoh", short_name="PKM Contoh")
    first = _answers(random.Random("1:interviews"), unit, puskesmas=True, treated=True, budget=False)
    again = _answers(random.Random("1:interviews"), unit, puskesmas=True, treated=True, budget=False)
    assert first == again
