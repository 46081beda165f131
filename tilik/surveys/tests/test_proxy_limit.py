"""The public-survey limiter counts each citizen behind nginx apart, and only a trusted proxy's word counts
(issue 19 item 6; tilik/core/security/proxy.py)."""

from __future__ import annotations

from django.test import Client

from tilik.surveys.models import Response
from tilik.surveys.tests.conftest import skm_post


def _post(client: Client, url: str, *, peer: str, forwarded_for: str) -> int:
    client.cookies.clear()  # a visitor without the "already answered" cookie
    return client.post(url, skm_post(), REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded_for).status_code


def test_citizens_behind_the_proxy_each_get_their_own_budget(client, public_wave, settings) -> None:
    settings.TILIK_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.TILIK_PUBLIC_RATE_LIMIT = 2
    url = f"/s/p/{public_wave.public_slug}/"
    assert [_post(client, url, peer="127.0.0.1", forwarded_for="203.0.113.9") for _ in range(3)] == [302, 302, 429]
    # Another citizen through the same nginx is not held back by the first one's limit.
    assert _post(client, url, peer="127.0.0.1", forwarded_for="203.0.113.10") == 302
    assert Response.objects.count() == 3


def test_a_client_cannot_dodge_the_limit_by_sending_the_header_itself(client, public_wave, settings) -> None:
    settings.TILIK_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.TILIK_PUBLIC_RATE_LIMIT = 2
    url = f"/s/p/{public_wave.public_slug}/"
    statuses = [_post(client, url, peer="198.51.100.4", forwarded_for=f"203.0.113.{i}") for i in range(3)]
    assert statuses == [302, 302, 429]


def test_a_daily_cap_per_address_and_wave_holds_across_hours(client, public_wave, settings) -> None:
    # Without cookies, one address cannot refill its budget every hour: the day has its own cap.
    from datetime import timedelta

    from django.utils import timezone

    from tilik.surveys.services.responses import public_rate_hit

    now = timezone.now().replace(hour=10, minute=30)
    hits = [
        public_rate_hit(wave=public_wave, address="203.0.113.9", limit=2, day_limit=3, now=now + timedelta(hours=h))
        for h in (0, 0, 1, 1, 2)
    ]
    assert hits == [True, True, True, False, False]
    # Another address is not held back.
    assert public_rate_hit(wave=public_wave, address="203.0.113.10", limit=2, day_limit=3, now=now + timedelta(hours=1))


def test_the_first_refusal_per_window_is_audited_without_the_address(client, public_wave, settings) -> None:
    from tilik.core.models import AuditEvent

    settings.TILIK_PUBLIC_RATE_LIMIT = 2
    url = f"/s/p/{public_wave.public_slug}/"
    statuses = [_post(client, url, peer="198.51.100.4", forwarded_for="") for _ in range(5)]
    assert statuses == [302, 302, 429, 429, 429]
    event = AuditEvent.objects.get(action="wave.public_rate_limited")
    assert event.target_id == str(public_wave.pk) and event.detail == {"window": "jam", "limit": 2}
    assert "198.51.100.4" not in str(event.detail) + event.actor_label
