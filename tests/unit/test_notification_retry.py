"""Retrying the outbox in batches: everything goes out once, and a retry always ends."""

from __future__ import annotations

from datetime import date

import pytest

from care4u_desktop.domain.models import Doctor, Notification, User
from care4u_desktop.services.booking import BookingService
from care4u_desktop.services.notifications import NotificationService
from tests.fakes import FakeNotifier, FixedClock, InMemoryStore

TUESDAY, WEDNESDAY = date(2030, 1, 8), date(2030, 1, 9)


class GuardedNotifier(FakeNotifier):
    """Fails the test (instead of hanging it) if one message is published over and over."""

    def publish(self, notification: Notification) -> None:
        if sum(n.notification_id == notification.notification_id for n in self.published) >= 3:
            raise AssertionError(f"{notification.notification_id} published again and again")
        super().publish(notification)


@pytest.fixture
def five_pending(
    booking: BookingService, notifier: FakeNotifier, sarah: Doctor, ada: User
) -> list[str]:
    notifier.failing = True
    ids = [
        booking.book(ada, sarah.doctor_id, day, hhmm).appointment_id
        for day, hhmm in [
            (TUESDAY, "09:00"),
            (TUESDAY, "10:00"),
            (TUESDAY, "11:00"),
            (TUESDAY, "14:00"),
            (WEDNESDAY, "09:00"),
        ]
    ]
    notifier.failing = False
    return ids


def test_retry_goes_through_every_batch(
    notifications: NotificationService,
    store: InMemoryStore,
    notifier: FakeNotifier,
    five_pending: list[str],
) -> None:
    report = notifications.retry_pending(batch=2)

    assert (report.sent, report.still_pending) == (5, 0)
    assert sorted(n.appointment_id for n in notifier.published) == sorted(five_pending)
    assert store.pending_notifications() == []


def test_retry_stops_when_the_notifier_is_still_down(
    notifications: NotificationService, notifier: FakeNotifier, five_pending: list[str]
) -> None:
    notifier.failing = True

    report = notifications.retry_pending(batch=2)

    assert (report.sent, report.still_pending) == (0, 5)
    assert notifier.publish_attempts <= 5 + 2  # the bookings' own tries plus one batch


@pytest.mark.parametrize("batch", [1, 2, 100])
def test_retry_ends_when_sent_messages_cannot_be_marked_sent(
    store: InMemoryStore, clock: FixedClock, five_pending: list[str], batch: int
) -> None:
    # Published, but the store refuses to record it: each stays pending. A retry must
    # still end, must not email the same patient twice in one run, and must say what is
    # still pending.
    notifier = GuardedNotifier()
    notifications = NotificationService(store, notifier, clock)
    store.unavailable = {"mark_notification_sent"}

    report = notifications.retry_pending(batch=batch)

    published = [n.notification_id for n in notifier.published]
    assert len(published) == len(set(published)) == report.sent >= min(batch, 5)
    assert report.still_pending == 5


def test_next_retry_finishes_the_job_once_the_store_recovers(
    store: InMemoryStore, clock: FixedClock, five_pending: list[str]
) -> None:
    notifier = GuardedNotifier()
    notifications = NotificationService(store, notifier, clock)
    store.unavailable = {"mark_notification_sent"}
    notifications.retry_pending(batch=2)
    store.unavailable = set()

    report = notifications.retry_pending(batch=2)

    assert report.still_pending == 0
    assert sorted({n.appointment_id for n in notifier.published}) == sorted(five_pending)
