"""Django admin is the system administrator's tool only (issue 17 item 4)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tilik.core.models import Role
from tilik.core.services import user_create_with_role

pytestmark = pytest.mark.django_db
PASSWORD = "Rahasia-Tilik-2026"


def test_new_evaluator_is_not_staff_and_admin_is():
    evaluator = user_create_with_role(username="eva", role=Role.EVALUATOR, by=None, password=PASSWORD)
    admin = user_create_with_role(username="adi", role=Role.ADMIN, by=None, password=PASSWORD)
    assert not evaluator.is_staff and not evaluator.is_superuser
    assert admin.is_staff and admin.is_superuser


@pytest.mark.parametrize("path", ["admin:index", "admin:programs_program_changelist", "admin:auth_user_add"])
def test_evaluator_marked_staff_before_is_sent_to_admin_login(client, path):
    """An evaluator account created while evaluators were staff still gets no admin page."""
    evaluator = user_create_with_role(username="eva", role=Role.EVALUATOR, by=None, password=PASSWORD)
    get_user_model().objects.filter(pk=evaluator.pk).update(is_staff=True)
    client.force_login(evaluator)
    response = client.get(reverse(path))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_admin_opens_admin_and_evaluator_sees_no_admin_link(client):
    admin = user_create_with_role(username="adi", role=Role.ADMIN, by=None, password=PASSWORD)
    client.force_login(admin)
    assert client.get(reverse("admin:index")).status_code == 200
    evaluator = user_create_with_role(username="eva", role=Role.EVALUATOR, by=None, password=PASSWORD)
    get_user_model().objects.filter(pk=evaluator.pk).update(is_staff=True)
    client.force_login(evaluator)
    page = client.get(reverse("home")).content.decode()
    assert reverse("admin:index") not in page
