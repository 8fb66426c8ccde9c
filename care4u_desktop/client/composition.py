"""The desktop's services on ``care4u-server`` (``--backend api``): what the window calls.

The same members as ``composition.Services`` that the window uses (``AppServices``), each
built on first use, once, from any thread: urllib3 and the client load on the start-up
check's worker, after the log-in screen has painted. No adapter, boto3 or sqlite3 is ever
imported: this machine holds no data credentials, only its device token.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ..config import Config

if TYPE_CHECKING:
    from ..services.jobs import JobService
    from ..services.throttle import Throttle
    from .accounts import ApiAccounts, SessionTokens
    from .booking import ApiBooking
    from .http import ApiClient
    from .staff import ApiStaffDesk

T = TypeVar("T")


class ApiServices:
    def __init__(self, config: Config) -> None:
        self.config = config
        self._lock = threading.RLock()
        self._built: dict[str, Any] = {}

    def _once(self, name: str, build: Callable[[], T]) -> T:
        if name not in self._built:
            with self._lock:
                if name not in self._built:
                    self._built[name] = build()
        return cast(T, self._built[name])

    def open(self) -> int:
        """Ask the server for its doctors with this machine's device token (an unknown or
        revoked device is refused here, before anyone types); how many it has. The answer
        also gives the days that may be booked. Raises ``ServiceUnavailable`` when the
        server cannot be reached, like a store that cannot be opened."""
        return len(self.booking.doctor_summaries())

    @property
    def client(self) -> ApiClient:
        def build() -> ApiClient:
            from .http import ApiClient, ApiSettings

            return ApiClient(
                ApiSettings(
                    url=self.config.api_url,
                    device_token=self.config.device_token,
                    ca_file=self.config.api_ca_file,
                    read_timeout_s=float(self.config.api_read_timeout_seconds),
                )
            )

        return self._once("client", build)

    @property
    def _tokens(self) -> SessionTokens:
        def build() -> SessionTokens:
            from .accounts import SessionTokens

            return SessionTokens()

        return self._once("tokens", build)

    @property
    def exit_throttle(self) -> Throttle:
        def build() -> Throttle:
            from ..services.throttle import Throttle

            return Throttle()

        return self._once("exit_throttle", build)

    @property
    def accounts(self) -> ApiAccounts:
        def build() -> ApiAccounts:
            from .accounts import ApiAccounts

            return ApiAccounts(self.client, self._tokens, self.exit_throttle)

        return self._once("accounts", build)

    @property
    def booking(self) -> ApiBooking:
        def build() -> ApiBooking:
            from .booking import ApiBooking

            return ApiBooking(self.client, self._tokens, self.config.now, self.config.horizon_days)

        return self._once("booking", build)

    @property
    def staff(self) -> ApiStaffDesk:
        def build() -> ApiStaffDesk:
            from .staff import ApiStaffDesk

            return ApiStaffDesk(self.client)

        return self._once("staff", build)

    @property
    def jobs(self) -> JobService:
        """None: the server runs the background jobs (the notification retry) itself."""

        def build() -> JobService:
            from ..services.jobs import JobService

            return JobService([])

        return self._once("jobs", build)
