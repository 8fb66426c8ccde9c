"""Bearer tokens of the form ``<id>.<secret>``: the id finds the record in one lookup, the
secret proves the holder was given it. Only the SHA-256 of the secret is stored (a secret
of 32 random bytes needs no slow hash: nothing can be guessed from its digest)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

#: Longer tokens are refused unread (a header is not a place for megabytes).
MAX_TOKEN_LENGTH = 200


@dataclass(frozen=True)
class NewToken:
    id: str
    token: str = field(repr=False)
    secret_hash: str = field(repr=False)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token(prefix: str = "") -> NewToken:
    # token_urlsafe never writes a ".", so the first one always ends the id.
    record_id = prefix + secrets.token_urlsafe(12)
    secret = secrets.token_urlsafe(32)
    return NewToken(record_id, f"{record_id}.{secret}", hash_secret(secret))


def split_token(token: str | None) -> tuple[str, str] | None:
    """``(id, secret)``, or None for anything that cannot be one of ours."""
    if not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        return None
    record_id, dot, secret = token.strip().partition(".")
    if not dot or not record_id or not secret:
        return None
    return record_id, secret


def matches(stored_hash: str, secret: str) -> bool:
    """Constant time: how much of a made-up secret matched is not told by the answer's time."""
    return hmac.compare_digest(stored_hash.encode(), hash_secret(secret).encode())
