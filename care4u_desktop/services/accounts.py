"""Sign up and log in, with lockout after repeated failures; the kiosk's Staff exit.

Log-in gives nothing away:

- Each attempt is claimed from the store *before* the password is checked, in one atomic
  write (``UserStore.claim_login_attempt``), so however many arrive at once, at most
  ``MAX_FAILED_LOGINS`` are checked before the lock.
- The count is kept per normalised email, whether an account has it or not, and an
  unknown email is checked against a dummy hash made the same way as real ones: an
  unknown email and a wrong password get the same words in the same time, before the
  lock and after it.
- A successful log-in with a hash made the old way (the seed app's ``pbkdf2:sha256``)
  stores a fresh one made the current way.

Each sign-up, sign-in (and failed one), sign-out and kiosk unlock is recorded in the audit
trail by ids only: a failed sign-in of an email no account has names nobody.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from ..domain import rules
from ..domain.errors import (
    AccountLocked,
    InvalidCredentials,
    PermissionDenied,
    ServiceUnavailable,
    UserNotFound,
)
from ..domain.models import Role, User
from . import outcomes
from .audit import NO_AUDIT, Audit
from .ports import AttemptLimit, Notifier, PasswordHasher, UserStore
from .throttle import Throttle

log = logging.getLogger(__name__)

#: A count of failures (and an ended lock) is forgotten a day after its last attempt, so
#: the counts of unknown emails do not pile up in the store.
FORGET_FAILURES_AFTER = timedelta(days=1)
LOGIN_LIMIT = AttemptLimit(
    attempts=rules.MAX_FAILED_LOGINS,
    lock_s=int(rules.LOCKOUT.total_seconds()),
    forget_s=int(FORGET_FAILURES_AFTER.total_seconds()),
)


@dataclass(frozen=True)
class Session:
    """Who is using the app right now."""

    user: User
    #: The server's bearer token when the app works through ``care4u-server``; empty when
    #: the services run in this process. Never logged or shown.
    token: str = field(default="", repr=False, compare=False)

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
        users: UserStore,
        notifier: Notifier,
        hasher: PasswordHasher,
        clock: Callable[[], datetime],
        *,
        exit_throttle: Throttle | None = None,
        audit: Audit = NO_AUDIT,
    ) -> None:
        self._users = users
        self._notifier = notifier
        self._hasher = hasher
        self._clock = clock
        #: This kiosk's Staff exit: growing waits after failures (see ``unlock_kiosk``).
        self.exit_throttle = exit_throttle or Throttle()
        self._dummy: str | None = None
        self._audit = audit

    def sign_up(
        self,
        name: str,
        email: str,
        phone: str,
        password: str,
        confirm_password: str | None = None,
        role: Role = Role.PATIENT,
        *,
        registered_by: str = "",
    ) -> SignUpResult:
        """A new account, signed in. ``registered_by``: the member of staff who registered
        a walk-in patient (the trail says who did it)."""
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
        user = outcomes.add_user(self._users, user)  # read back if the answer is lost
        if registered_by:
            self._audit.record(
                "walk_in_registered", actor_user_id=registered_by, user_id=user.user_id
            )
        else:
            self._audit.record("sign_up", actor_user_id=user.user_id, user_id=user.user_id)
        try:
            self._notifier.subscribe(email)
            subscribed = True
        except ServiceUnavailable:
            subscribed = False
        return SignUpResult(Session(user), subscribed)

    def log_in(self, email: str, password: str, *, patients_only: bool = False) -> Session:
        """A session for the right password. Wrong or unknown: ``InvalidCredentials``;
        too many attempts (the 5th wrong one included): ``AccountLocked``.

        ``patients_only`` (a kiosk device on the server): a staff or admin account is
        refused with ``PermissionDenied("desk_device_only")``, and no session."""
        email = rules.normalise_email(email)
        dummy = self._dummy_hash()  # made by the very first log-in, whatever its email
        if not email:
            self._audit.record("sign_in_failed", outcome=InvalidCredentials.codes[0])
            raise InvalidCredentials()  # no account has it; nothing to count or learn
        now_s = int(self._clock().timestamp())
        # A kiosk's guesses are counted apart from the desk's: they lock the email at the
        # kiosks, never a receptionist out of the desk (a patient could otherwise shut the
        # reception down, five guesses per account every 15 minutes).
        counted = f"kiosk:{email}" if patients_only else email
        attempt = self._users.claim_login_attempt(counted, now_s, LOGIN_LIMIT)
        if attempt is None:
            # Locked: refused unchecked, an unknown email exactly like a real one.
            self._audit.record("sign_in_failed", outcome=AccountLocked.codes[0])
            raise AccountLocked()
        user = self._users.find_user_by_email(email)
        if user is None:
            self._hasher.verify(dummy, password)  # the same work as for a real account
        elif self._hasher.verify(user.password_hash, password):
            self._users.clear_login_attempts(counted)
            if patients_only and Session(user).is_staff:
                self._audit.record(
                    "sign_in_failed", outcome="desk_device_only", user_id=user.user_id
                )
                raise PermissionDenied("desk_device_only")
            self._audit.record("sign_in", actor_user_id=user.user_id, user_id=user.user_id)
            return Session(self._renewed(user, password))
        error = AccountLocked() if attempt >= LOGIN_LIMIT.attempts else InvalidCredentials()
        # The account (never the email) when there is one: an unknown email names nobody.
        self._audit.record(
            "sign_in_failed", outcome=error.code, user_id=user.user_id if user else ""
        )
        raise error

    def log_out(self, session: Session) -> None:
        """The person is done. In process there is nothing to end but the screen's state;
        over the API the server ends its session (``SessionService.close``) too."""
        self._audit.record(
            "sign_out", actor_user_id=session.user.user_id, user_id=session.user.user_id
        )

    def unlock_kiosk(
        self, email: str, password: str, *, throttle: Throttle | None = None
    ) -> Session:
        """The kiosk's Staff exit: the session of a staff or admin account, else
        ``InvalidCredentials`` (a patient's right password included, so the exit tells
        nobody whether a patient's guess was right).

        It never counts towards an account's lock nor sets it: a patient at the kiosk
        could otherwise lock a member of staff out. Guessing here is slowed down by this
        kiosk's ``exit_throttle`` instead (``TryAgainLater`` while it waits); a server,
        serving many kiosks, passes each device's own ``throttle``.
        """
        throttle = throttle or self.exit_throttle
        throttle.start()
        outcome: bool | None = None
        try:
            email = rules.normalise_email(email)
            dummy = self._dummy_hash()
            user = self._users.find_user_by_email(email) if email else None
            right = self._hasher.verify(user.password_hash if user else dummy, password)
            outcome = user is not None and right and Session(user).is_staff
        finally:
            throttle.finish(outcome)
        if not outcome or user is None:
            self._audit.record(
                "kiosk_unlock_failed",
                outcome=InvalidCredentials.codes[0],
                user_id=user.user_id if user else "",
            )
            raise InvalidCredentials()
        self._audit.record("kiosk_unlock", actor_user_id=user.user_id, user_id=user.user_id)
        return Session(self._renewed(user, password))

    def _dummy_hash(self) -> str:
        """A hash of a random password, made once the current way: an unknown email is
        checked against it, so it costs what checking a real account's password costs."""
        if self._dummy is None:
            import secrets  # not at start-up (tests/ui/test_start_up.py): first log-in only

            self._dummy = self._hasher.hash(secrets.token_urlsafe(16))
        return self._dummy

    def _renewed(self, user: User, password: str) -> User:
        """The user, with the password hashed again the current way if it was not (the
        seed app's pbkdf2 hashes). Best effort: a store that fails now only delays it."""
        if not self._hasher.needs_rehash(user.password_hash):
            return user
        fresh = self._hasher.hash(password)
        try:
            self._users.replace_password_hash(user.user_id, user.password_hash, fresh)
        except ServiceUnavailable:
            log.warning("could not store a renewed password hash; kept the old one")
            return user
        return replace(user, password_hash=fresh)

    def find_by_email(self, email: str) -> User:
        user = self._users.find_user_by_email(rules.normalise_email(email))
        if user is None:
            raise UserNotFound()
        return user
