"""``Accounts`` over the API: sign up, log in, log out, the kiosk's Staff exit."""

from __future__ import annotations

import logging
import threading

from ..domain import rules
from ..domain.errors import (
    AccountLocked,
    DomainError,
    InvalidCredentials,
    NotAuthenticated,
    SignUpNotMade,
    SignUpUnconfirmed,
    TryAgainLater,
)
from ..services.accounts import Session, SignUpResult
from ..services.throttle import Throttle
from . import wire
from .http import ApiClient
from .outcomes import confirmed_write

log = logging.getLogger(__name__)


class SessionTokens:
    """The bearer tokens of the sessions this app holds, by user id.

    ``Booking.book`` is given the patient, not the session (the in-process services need
    no more); over the API the booking must carry that patient's session, so it is looked
    up here. Usually one entry: the person in front of the kiosk."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, str] = {}

    def remember(self, session: Session) -> Session:
        with self._lock:
            self._tokens[session.user.user_id] = session.token
        return session

    def forget(self, session: Session) -> None:
        with self._lock:
            if self._tokens.get(session.user.user_id) == session.token:
                del self._tokens[session.user.user_id]

    def token_for(self, user_id: str) -> str:
        with self._lock:
            token = self._tokens.get(user_id)
        if not token:
            raise NotAuthenticated("session_ended")
        return token


class ApiAccounts:
    def __init__(self, client: ApiClient, tokens: SessionTokens, exit_throttle: Throttle) -> None:
        self._client = client
        self._tokens = tokens
        #: This kiosk's Staff exit waits here too, before asking the server (which has its
        #: own limit, answered as ``try_again_later``).
        self.exit_throttle = exit_throttle

    def sign_up(
        self,
        name: str,
        email: str,
        phone: str,
        password: str,
        confirm_password: str | None = None,
    ) -> SignUpResult:
        # Checked here first, with the very rules the server applies: a mistyped field is
        # shown at once, even with the server away, and the two passwords never travel.
        rules.validate_sign_up(name, email, phone, password, confirm_password)
        body = {"name": name, "email": email, "phone": phone, "password": password}

        def write() -> SignUpResult:
            data = self._client.send("POST", "/v1/accounts", body)
            return SignUpResult(
                self._tokens.remember(wire.session_from(data)), bool(data.get("subscribed"))
            )

        def read_back() -> SignUpResult | None:
            # The account is stored if its password now opens it: log in.
            try:
                session = self._log_in(email, password)
            except InvalidCredentials:
                return None
            except AccountLocked:
                raise SignUpUnconfirmed() from None
            return SignUpResult(session, subscribed=False)  # whether the email is set up: unknown

        return confirmed_write("sign_up", write, read_back, SignUpNotMade, SignUpUnconfirmed)

    def log_in(self, email: str, password: str) -> Session:
        return self._log_in(email, password)

    def _log_in(self, email: str, password: str) -> Session:
        # A log-in whose answer is lost leaves at most a session nobody holds, which the
        # server ends after its idle time: "not responding" is all there is to say.
        data = self._client.send("POST", "/v1/sessions", {"email": email, "password": password})
        return self._tokens.remember(wire.session_from(data))

    def log_out(self, session: Session) -> None:
        """End the session on the server. Best effort and never raises: the screen is
        already wiped, and a session the server could not be told about ends by itself
        after the kiosk's idle time."""
        self._tokens.forget(session)
        if not session.token:
            return
        try:
            self._client.send("DELETE", "/v1/sessions/current", token=session.token)
        except DomainError as exc:
            log.info("log-out: the server was not told (%s); it ends by itself", exc.code)

    def unlock_kiosk(self, email: str, password: str) -> Session:
        """A staff or admin log-in that closes the kiosk; no session is opened on the server
        (``POST /v1/kiosk/unlock``), so the session has no token."""
        self.exit_throttle.start()
        outcome: bool | None = None
        try:
            data = self._client.send(
                "POST", "/v1/kiosk/unlock", {"email": email, "password": password}
            )
            session = Session(wire.user_from(data["user"]))
            outcome = session.is_staff
        except InvalidCredentials:
            outcome = False
            raise
        except TryAgainLater as wait:
            self.exit_throttle.hold(wait.seconds)  # the server's wait, counted down on screen
            raise
        finally:
            self.exit_throttle.finish(outcome)
        if not outcome:
            raise InvalidCredentials()
        return session
