"""User-supplied text is rendered escaped: script payloads in names, titles and file names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.security.world import build_world
from tilik.core.privacy.corrections import correction_request_create

pytestmark = pytest.mark.django_db
PAYLOAD = "<script>alert('tilik')</script>"
ATTR_PAYLOAD = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile(db):
    world = build_world(asn_name=f"Made {PAYLOAD}", file_name=f"{ATTR_PAYLOAD}.pdf")
    world.program_a.name = f"Program {PAYLOAD}"
    world.program_a.save()
    world.unit_a1.name = f"Puskesmas {PAYLOAD}"
    world.unit_a1.save()
    correction_request_create(
        employee=world.emp_a, by=world.users["peserta"], field=PAYLOAD, requested_value=ATTR_PAYLOAD, reason=PAYLOAD
    )
    return world


PAGES: list[tuple[str, str, dict[str, object]]] = [
    ("peserta", "home", {}),
    ("peserta", "my_data", {}),
    ("peserta", "programs:my_jp", {}),
    ("evaluator", "home", {}),
    ("evaluator", "correction_queue", {}),
    ("evaluator", "programs:certificates", {}),
    ("evaluator", "programs:jp", {}),
    ("evaluator", "programs:budget", {}),
    ("evaluator", "interviews:list", {}),
    ("pimpinan_unit", "programs:participation", {}),
    ("admin", "admin:org_employee_changelist", {}),
    ("admin", "admin:core_correctionrequest_changelist", {}),
    ("admin", "admin:org_unit_changelist", {}),
]


@pytest.mark.parametrize(("role", "name", "kwargs"), PAGES)
def test_payloads_are_escaped(client, hostile, role, name, kwargs):
    client.force_login(hostile.users[role])
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    html = response.content.decode()
    assert PAYLOAD not in html
    assert "<img src=x" not in html
    assert "onerror=alert" not in html or "&quot;&gt;&lt;img" in html


def test_payload_reaches_the_pages_escaped(client, hostile):
    client.force_login(hostile.users["evaluator"])
    html = client.get(reverse("correction_queue")).content.decode()
    assert "&lt;script&gt;alert(&#x27;tilik&#x27;)&lt;/script&gt;" in html


def test_payload_in_download_names_is_neutralised(client, hostile):
    client.force_login(hostile.users["peserta"])
    response = client.get(reverse("programs:certificate_file", args=[hostile.certificate_a.pk]))
    assert response.status_code == 200
    assert "<" not in response["Content-Disposition"] and '""' not in response["Content-Disposition"]
