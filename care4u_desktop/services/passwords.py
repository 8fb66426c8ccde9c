"""Password hashing with werkzeug; the seed app's ``pbkdf2:sha256`` hashes still verify."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash


class WerkzeugHasher:
    def __init__(self, method: str = "scrypt") -> None:
        self._method = method

    def hash(self, password: str) -> str:
        return generate_password_hash(password, method=self._method)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return check_password_hash(password_hash, password)
        except (ValueError, TypeError):
            # A malformed hash in the store must read as "wrong password", not crash log-in.
            return False
