"""The link filters answer as tilik/core/url_rules.py declares (the dead-link crawl checks the pages)."""

from __future__ import annotations

from django.urls import reverse

from tilik.core.templatetags.tilik_links import may_open, opens_for
from tilik.core.url_rules import ROLES, RULES


def test_may_open_follows_every_rule_for_every_role():
    for name, rule in RULES.items():
        for role in ROLES:
            assert may_open(role, name) is (role in rule.allowed), (name, role)


def test_admin_site_only_for_admins_and_unknown_names_for_nobody():
    assert may_open("admin", "admin:index")
    assert not may_open("evaluator", "admin:index")
    assert not may_open("admin", "tidak:ada")


def test_opens_for_resolves_a_section_link():
    budget = reverse("programs:budget") + "?tahun=2026"
    assert opens_for(budget, "pimpinan_daerah")
    assert not opens_for(budget, "pimpinan_unit")
    assert not opens_for("", "evaluator")
    assert not opens_for("/tidak-ada-halaman/", "evaluator")
    assert opens_for("https://jdih.example.go.id/perwali", "peserta")
