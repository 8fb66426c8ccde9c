"""The server's sessions: a signed-in person on one enrolled device.

A session token is ``<session_id>.<secret>`` (see ``tokens``). It works only from the device
that opened it, ends at log-out, after the device kind's idle time without a request, and at
its absolute end whatever happens (a kiosk's longest visit, a desk's shift): an abandoned
kiosk holds nothing usable for long. Each request re-reads the account, so a role taken
away or an account removed counts from the next request on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..domain.errors import NotAuthenticated
from ..domain.models import Device, DeviceKind, DeviceSession, User
from .accounts import Session
from .ports import SessionStore, UserStore
from .tokens import matches, new_token, split_token

#: ``last_seen_s`` is written again only when it is older than this: a kiosk's burst of
#: requests costs one write, and idle times are minutes, so 5 s is not felt.
TOUCH_AFTER_S = 5


@dataclass(frozen=True)
class SessionLengths:
    #: Seconds without a request after which the session is over.
    idle_s: int
    #: Seconds after sign-in after which it is over, whatever happens.
    absolute_s: int

    def __post_init__(self) -> None:
        if self.idle_s < 1 or self.absolute_s < 1:
            raise ValueError(f"session lengths must be 1 s or more: {self}")


@dataclass(frozen=True)
class SessionPolicy:
    """How long sessions last by device kind."""

    kiosk: SessionLengths = SessionLengths(idle_s=120, absolute_s=30 * 60)
    #: A working shift.
    desk: SessionLengths = SessionLengths(idle_s=60 * 60, absolute_s=12 * 60 * 60)

    def for_kind(self, kind: DeviceKind) -> SessionLengths:
        return self.kiosk if kind is DeviceKind.KIOSK else self.desk


@dataclass(frozen=True)
class OpenedSession:
    """A new session, as its device is told of it."""

    session: Session
    idle_seconds: int
    expires_at: datetime
    session_id: str = field(repr=False, default="")


class SessionService:
    def __init__(
        self,
        *,
        sessions: SessionStore,
        users: UserStore,
        clock: Callable[[], datetime],
        policy: SessionPolicy | None = None,
    ) -> None:
        self._sessions = sessions
        self._users = users
        self._clock = clock
        self.policy = policy or SessionPolicy()

    def open(self, user: User, device: Device) -> OpenedSession:
        """A session for ``user`` on ``device``, with that kind's lengths."""
        lengths = self.policy.for_kind(device.kind)
        now = self._clock()
        now_s = int(now.timestamp())
        token = new_token()
        self._sessions.add_session(
            DeviceSession(
                session_id=token.id,
                token_hash=token.secret_hash,
                user_id=user.user_id,
                device_id=device.device_id,
                created_s=now_s,
                last_seen_s=now_s,
                idle_s=lengths.idle_s,
                expires_s=now_s + lengths.absolute_s,
            )
        )
        return OpenedSession(
            Session(user, token.token),
            lengths.idle_s,
            (now + timedelta(seconds=lengths.absolute_s)).replace(microsecond=0),
            token.id,
        )

    def resolve(self, token: str, device: Device) -> Session:
        """The session ``token`` stands for on ``device``, its idle time started again;
        else ``NotAuthenticated`` (``session_ended``): made up, ended, over, another
        device's, or its account gone."""
        record = self._live_record(token, device)
        now_s = int(self._clock().timestamp())
        if record.over_at(now_s):
            self._sessions.delete_session(record.session_id)  # tidy; it is over either way
            raise NotAuthenticated("session_ended")
        user = self._users.get_user(record.user_id)
        if user is None:
            self._sessions.delete_session(record.session_id)
            raise NotAuthenticated("session_ended")
        # A short idle time (a test's, a few seconds) is moved on by every second's request.
        if now_s - record.last_seen_s >= min(TOUCH_AFTER_S, max(1, record.idle_s // 2)):
            self._sessions.touch_session(record.session_id, now_s)
        return Session(user, token)

    def close(self, session: Session) -> None:
        """End the session (nothing if it has ended already)."""
        parts = split_token(session.token)
        if parts is not None:
            self._sessions.delete_session(parts[0])

    def _live_record(self, token: str, device: Device) -> DeviceSession:
        parts = split_token(token)
        if parts is None:
            raise NotAuthenticated("session_ended")
        session_id, secret = parts
        record = self._sessions.get_session(session_id)
        if record is None or not matches(record.token_hash, secret):
            raise NotAuthenticated("session_ended")
        # Bound to its device: a token copied to (or sniffed by) another device is refused.
        if record.device_id != device.device_id:
            raise NotAuthenticated("session_ended")
        return record
