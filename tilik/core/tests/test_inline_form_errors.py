"""Issue 17: every form renders through listing/_form.html (django-bootstrap5), so an invalid submit shows each
message under its field (``is-invalid`` on the input, ``invalid-feedback`` below it) with its label — on each of
the evaluator's main pages, not only the list pages' forms."""

from __future__ import annotations

import re
from html import escape
from typing import Any

import pytest
from django.urls import reverse

from tilik.core.tests.factories import ProgramFactory, make_unit, make_user
from tilik.surveys.tests.conftest import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluator(client: Any) -> Any:
    user = make_user("evaluator", username="eva")
    client.force_login(user)
    return user


def _field_tag(html: str, name: str) -> str:
    match = re.search(rf'<(?:input|select|textarea)\b[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    assert match, f"no input named {name}"
    return match.group(0)


def assert_inline_errors(response: Any, form_name: str = "form") -> dict[str, list[str]]:
    """Each field error of the bound form is on the page under its own field; returns the errors."""
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context[form_name]
    errors = {k: list(v) for k, v in form.errors.items()}
    assert errors, "the submit was expected to be invalid"
    for name, messages in errors.items():
        if name == "__all__":
            assert 'class="alert alert-danger form-errors"' in html and escape(messages[0]) in html
            continue
        field = form[name]
        tag = _field_tag(html, field.html_name)
        assert "is-invalid" in tag, tag
        # the message sits in the block the input points to (aria-describedby), under the field
        block = re.search(rf'<div id="{re.escape(field.auto_id)}_error"[^>]*>(.*?)</div>\s*</div>', html, re.S)
        described = re.search(r'aria-describedby="([^"]*)"', tag)
        assert block and described and f"{field.auto_id}_error" in described.group(1).split(), tag
        for message in messages:
            feedback = rf'<div class="invalid-feedback[^"]*">{re.escape(escape(message))}</div>'
            assert re.search(feedback, block.group(0)), message
        assert f'<label class="form-label" for="{field.id_for_label}">' in html or 'class="form-check-label"' in html
    return errors


def test_programme_form(client, evaluator):
    response = client.post(reverse("programs:program_create"), {"name": "", "jp": "-3"})
    errors = assert_inline_errors(response)
    assert "name" in errors


def test_angkatan_form(client, evaluator):
    program = ProgramFactory(fiscal_year=2026)
    response = client.post(
        reverse("programs:offering_create", args=[program.pk]),
        {"batch": "", "start_date": "2026-10-08", "end_date": "2026-10-01", "capacity": "x"},
    )
    assert "capacity" in assert_inline_errors(response)


def test_asn_form(client, evaluator):
    unit = make_unit("Dinas Uji", code="dinas-uji")
    response = client.post(reverse("org:employee_create"), {"nip": "123", "name": "", "unit": unit.pk})
    errors = assert_inline_errors(response)
    assert "name" in errors


def test_unit_form(client, evaluator):
    assert assert_inline_errors(client.post(reverse("org:unit_create"), {"name": ""}))


def test_budget_line_form(client, evaluator):
    response = client.post(reverse("programs:budget_line_create"), {"program": "", "pagu": "abc"})
    assert "pagu" in assert_inline_errors(response)


def test_jp_external_form(client, evaluator):
    response = client.post(reverse("programs:jp_external_create"), {"nip": "1" * 18, "jp": "0"})
    assert "nip" in assert_inline_errors(response)


def test_benefit_assumption_form(client, evaluator):
    program = ProgramFactory(fiscal_year=2026)
    response = client.post(reverse("programs:budget_detail", args=[program.pk]), {"isolation": "7"})
    assert assert_inline_errors(response)


def test_evaluation_plan_form(client, evaluator):
    assert assert_inline_errors(client.post(reverse("evaluations:plan_create"), {"name": ""}))


def test_instrument_forms(client, evaluator):
    url = reverse("surveys:instruments")
    assert assert_inline_errors(client.post(url, {"form": "create", "title": ""}), "create_form")
    assert assert_inline_errors(client.post(url, {"form": "xlsform"}), "upload_form")


def test_wave_form(client, evaluator):
    version = load("level1_reaksi").versions.get()
    response = client.post(reverse("surveys:wave_create", args=[version.pk]), {"title": "", "opens_at": "kemarin"})
    assert assert_inline_errors(response)


def test_performance_import_form(client, evaluator):
    assert "file" in assert_inline_errors(client.post(reverse("performance:import_upload"), {"kind": "measurements"}))


def test_interview_and_codebook_forms(client, evaluator):
    assert assert_inline_errors(client.post(reverse("interviews:create"), {"title": ""}))
    assert assert_inline_errors(client.post(reverse("interviews:codebook_create"), {"name": ""}))


def test_letterhead_form(client, evaluator):
    response = client.post(reverse("reports:letterhead"), {"pemda": "", "instansi": ""})
    assert assert_inline_errors(response)
