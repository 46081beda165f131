"""Log in through the real login page in a real browser."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "evaluator1"
PASSWORD = "Rahasia-Tilik-2026"


def test_login_leads_to_home(live_server: LiveServer, page: Page) -> None:
    user = get_user_model().objects.create_user(USERNAME, password=PASSWORD)
    user.is_staff = True
    user.save()

    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/masuk/"))  # anonymous users are sent to the login page

    # The login form is the one with a password field (the page also has a
    # language switcher, itself a form with submit buttons).
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(USERNAME)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()

    expect(page).not_to_have_url(re.compile(r"/masuk/"))
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible()
    expect(page.locator("body")).to_contain_text(USERNAME)
