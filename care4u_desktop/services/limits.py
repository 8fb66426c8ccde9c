"""Rate limits held by the server: requests per device, per signed-in account, and sign-in
attempts per device, each counted in fixed windows by the store (``RequestCounter``), so
every server process (or Lambda instance) sharing the store shares the counts.

These come on top of the account lock-out (``AccountService.log_in``): the lock-out stops
guessing one account's password, these stop one device from flooding the service or
trying many accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..domain.errors import TryAgainLater
from ..domain.models import Device, DeviceKind
from .ports import RequestCounter

#: The Staff exit's window: an hour.
UNLOCK_WINDOW_S = 3600


@dataclass(frozen=True)
class RateLimits:
    """Requests per window (``window_s`` seconds)."""

    kiosk: int = 120
    desk: int = 600
    account: int = 60
    #: Sign-in, sign-up and kiosk-unlock attempts of one device.
    sign_in: int = 30
    window_s: int = 60
    #: Staff-exit tries of one kiosk per ``UNLOCK_WINDOW_S``. The exit never counts towards
    #: an account's lock (a patient could lock staff out), so this is what stops guessing
    #: there in every process and Lambda container at once.
    unlock: int = 10

    def __post_init__(self) -> None:
        if min(self.kiosk, self.desk, self.account, self.sign_in, self.window_s, self.unlock) < 1:
            raise ValueError(f"rate limits must be 1 or more: {self}")


class RateLimiter:
    def __init__(
        self,
        counter: RequestCounter,
        clock: Callable[[], datetime],
        limits: RateLimits | None = None,
    ) -> None:
        self._counter = counter
        self._clock = clock
        self.limits = limits or RateLimits()

    def device_request(self, device: Device) -> None:
        """One request of ``device``; ``TryAgainLater`` over its kind's limit."""
        limit = self.limits.kiosk if device.kind is DeviceKind.KIOSK else self.limits.desk
        self.claim(f"device#{device.device_id}", limit)

    def account_request(self, user_id: str) -> None:
        self.claim(f"user#{user_id}", self.limits.account)

    def sign_in_attempt(self, device: Device) -> None:
        self.claim(f"sign-in#{device.device_id}", self.limits.sign_in)

    def kiosk_unlock(self, device: Device) -> None:
        self.claim(f"unlock#{device.device_id}", self.limits.unlock, UNLOCK_WINDOW_S)

    def claim(self, key: str, limit: int, window_s: int | None = None) -> None:
        """Count one request for ``key`` in the current window (``window_s``, else the
        limits' own), or raise ``TryAgainLater`` with the seconds until the window ends
        (nothing counted)."""
        window = window_s or self.limits.window_s
        now_s = int(self._clock().timestamp())
        start = now_s - now_s % window
        if not self._counter.claim_request(key, start, window, limit):
            raise TryAgainLater(max(1, start + window - now_s))
