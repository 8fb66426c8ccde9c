"""Delivering the outbox: right after a change, and again later for what failed."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..domain.errors import ServiceUnavailable
from ..domain.models import Notification
from .ports import Notifier, Outbox

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryReport:
    sent: int
    still_pending: int


class NotificationService:
    def __init__(self, outbox: Outbox, notifier: Notifier, clock: Callable[[], datetime]) -> None:
        self._outbox = outbox
        self._notifier = notifier
        self._clock = clock

    def deliver(self, notification: Notification) -> bool:
        """Try once. A failure leaves it pending in the outbox; it never raises."""
        try:
            self._notifier.publish(notification)
        except ServiceUnavailable as exc:
            log.warning("notification %s left pending: %s", notification.notification_id, exc)
            # Still pending either way; failing to count the attempt loses nothing.
            with contextlib.suppress(ServiceUnavailable):
                self._outbox.mark_notification_failed(notification.notification_id, str(exc))
            return False
        try:
            self._outbox.mark_notification_sent(
                notification.notification_id, self._clock().isoformat(timespec="seconds")
            )
        except ServiceUnavailable:
            log.warning("notification %s sent but not marked", notification.notification_id)
        return True

    def retry_pending(self, batch: int = 100) -> RetryReport:
        """Deliver everything still pending, a batch at a time, until a delivery fails.

        Each message is tried at most once per run: one that was published but could not be
        marked sent is still pending, and must not be published again and again in a loop.
        """
        sent = 0
        tried: set[str] = set()
        while True:
            fetched = self._outbox.pending_notifications(batch)
            fresh = [n for n in fetched if n.notification_id not in tried]
            tried.update(n.notification_id for n in fresh)
            delivered = sum(1 for n in fresh if self.deliver(n))
            sent += delivered
            if not fresh or delivered < len(fresh) or len(fetched) < batch:
                break
        if not tried:  # nothing was pending: no second read (the kiosk asks every minute)
            return RetryReport(sent=0, still_pending=0)
        still_pending = len(self._outbox.pending_notifications(10_000))
        return RetryReport(sent=sent, still_pending=still_pending)

    def recent(self, limit: int = 500) -> list[Notification]:
        return self._outbox.all_notifications(limit)
