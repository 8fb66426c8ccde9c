"""Sign up and log in, with lockout after repeated failures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from ..domain import rules
from ..domain.errors import AccountLocked, InvalidCredentials, ServiceUnavailable, UserNotFound
from ..domain.models import Role, User
from . import outcomes
from .ports import Notifier, PasswordHasher, Store


@dataclass(frozen=True)
class Session:
    """Who is using the app right now."""

    user: User

    @property
    def is_staff(self) -> bool:
        return self.user.role in (Role.STAFF, Role.ADMIN)


@dataclass(frozen=True)
class SignUpResult:
    """A new account, logged in."""

    session: Session
    #: False when the email subscription could not be set up now (the account still exists).
    subscribed: bool


class AccountService:
    def __init__(
        self,
        store: Store,
        notifier: Notifier,
        hasher: PasswordHasher,
        clock: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._notifier = notifier
        self._hasher = hasher
        self._clock = clock

    def sign_up(
        self,
        name: str,
        email: str,
        phone: str,
        password: str,
        confirm_password: str | None = None,
        role: Role = Role.PATIENT,
    ) -> SignUpResult:
        name, email, phone = rules.validate_sign_up(name, email, phone, password, confirm_password)
        user = User(
            user_id=rules.new_id(),
            name=name,
            email=email,
            phone=phone,
            password_hash=self._hasher.hash(password),
            role=role,
            created_at=self._clock().isoformat(timespec="seconds"),
        )
        user = outcomes.add_user(self._store, user)  # read back if the answer is lost
        try:
            self._notifier.subscribe(email)
            subscribed = True
        except ServiceUnavailable:
            subscribed = False
        return SignUpResult(Session(user), subscribed)

    def log_in(self, email: str, password: str) -> Session:
        email = rules.normalise_email(email)
        user = self._store.find_user_by_email(email) if email else None
        if user is None:
            # Same message as a wrong password: do not reveal who has an account.
            raise InvalidCredentials()
        now = self._clock()
        if user.locked_until and datetime.fromisoformat(user.locked_until) > now:
            raise AccountLocked()
        if not self._hasher.verify(user.password_hash, password):
            failures = user.failed_logins + 1
            if failures >= rules.MAX_FAILED_LOGINS:
                until = (now + rules.LOCKOUT).isoformat(timespec="seconds")
                self._store.set_login_state(user.user_id, 0, until)
                raise AccountLocked()
            self._store.set_login_state(user.user_id, failures, None)
            raise InvalidCredentials()
        if user.failed_logins or user.locked_until:
            self._store.set_login_state(user.user_id, 0, None)
            user = replace(user, failed_logins=0, locked_until=None)
        return Session(user)

    def find_by_email(self, email: str) -> User:
        user = self._store.find_user_by_email(rules.normalise_email(email))
        if user is None:
            raise UserNotFound()
        return user
