"""Password hashing with werkzeug; the seed app's ``pbkdf2:sha256`` hashes still verify."""

from __future__ import annotations


class WerkzeugHasher:
    # werkzeug is imported on first use: importing it pulls in its HTTP server and test
    # client (~60 ms), which the kiosk's start-up does not need before the first log-in.
    def __init__(self, method: str = "scrypt") -> None:
        self._method = method

    def hash(self, password: str) -> str:
        from werkzeug.security import generate_password_hash

        return generate_password_hash(password, method=self._method)

    def verify(self, password_hash: str, password: str) -> bool:
        from werkzeug.security import check_password_hash

        try:
            return check_password_hash(password_hash, password)
        except (ValueError, TypeError):
            # A malformed hash in the store must read as "wrong password", not crash log-in.
            return False
