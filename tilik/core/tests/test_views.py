import pytest
from django.urls import reverse

from tilik.core.tests.factories import OfferingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/masuk/")


def test_home_shows_year_programmes_in_indonesian(client):
    OfferingFactory(program__name="Manajemen Waktu", program__fiscal_year=2026)
    client.force_login(UserFactory())
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Beranda" in html and "Manajemen Waktu" in html and "Tahun anggaran" in html


def test_empty_database_says_what_to_do(client):
    client.force_login(UserFactory())
    assert "tilik demo" in client.get("/").content.decode()


def test_login_with_password(client):
    UserFactory(username="evaluator1")
    response = client.post(reverse("login"), {"username": "evaluator1", "password": "Rahasia-Tilik-2026"})
    assert response.status_code == 302 and response.url == "/"
    client.logout()
    bad = client.post(reverse("login"), {"username": "evaluator1", "password": "salah"})
    assert "Nama pengguna atau kata sandi salah" in bad.content.decode()


def test_english_switch(client):
    client.force_login(UserFactory())
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Home" in html and "Beranda" not in html


def test_indonesian_number_and_date_formats():
    import datetime as dt

    from django.template import Context, Template
    from django.utils import translation

    tpl = Template("{% load humanize %}{{ n|intcomma }}|{{ x|floatformat:1 }}|{{ d|date }}")
    with translation.override("id"):
        out = tpl.render(Context({"n": 1234567, "x": 1234.5, "d": dt.date(2026, 11, 28)}))
    assert out == "1.234.567|1.234,5|28 November 2026"


def test_years_are_not_grouped_like_numbers(client):
    OfferingFactory(program__fiscal_year=2026)
    client.force_login(UserFactory())
    html = client.get("/?tahun=2026").content.decode()
    assert "2.026" not in html and "2026" in html
