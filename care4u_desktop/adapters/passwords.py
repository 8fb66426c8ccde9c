"""Password hashing with werkzeug (an adapter of the `PasswordHasher` port); the seed app's
``pbkdf2:sha256`` hashes still verify."""

from __future__ import annotations


class WerkzeugHasher:
    # werkzeug is imported on first use: importing it pulls in its HTTP server and test
    # client (~60 ms), which the kiosk's start-up does not need before the first log-in.
    def __init__(self, method: str = "scrypt") -> None:
        self._method = method
        #: How this hasher's hashes begin, e.g. "scrypt:32768:8:1$" (known after one hash).
        self._prefix: str | None = None

    def hash(self, password: str) -> str:
        from werkzeug.security import generate_password_hash

        made = generate_password_hash(password, method=self._method)
        self._prefix = made.split("$", 1)[0] + "$"
        return made

    def verify(self, password_hash: str, password: str) -> bool:
        from werkzeug.security import check_password_hash

        try:
            return check_password_hash(password_hash, password)
        except (ValueError, TypeError):
            # A malformed hash in the store must read as "wrong password", not crash log-in.
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        # werkzeug writes the method and its parameters before the first "$"; a hash made
        # another way (pbkdf2, or scrypt with other costs) is made again the current way.
        if self._prefix is None:
            self.hash("")
        assert self._prefix is not None
        return not password_hash.startswith(self._prefix)
