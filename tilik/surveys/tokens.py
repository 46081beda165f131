"""Invitation tokens: unguessable, derived from a stored nonce and SECRET_KEY; only their hash is stored."""

from __future__ import annotations

import base64
import hashlib
import secrets

from django.utils.crypto import salted_hmac

_SALT = "tilik.surveys.invitation-token"


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def token_for(pk: int, nonce: str) -> str:
    digest = salted_hmac(_SALT, f"{pk}:{nonce}", algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
