"""A booking's message delivered after the answer (``services/delivery``): in order, and a
publish that fails leaves the message pending for the retry, as one made before it did."""

from __future__ import annotations

import threading
from datetime import date

from care4u_desktop.domain.models import Doctor, Notification, User
from care4u_desktop.services.delivery import THREAD_NAME, BackgroundDelivery
from care4u_desktop.services.notifications import NotificationService
from tests.fakes import FakeNotifier, FixedClock, InMemoryStore
from tests.wiring import booking_service

TUESDAY = date(2030, 1, 8)


class HeldNotifier(FakeNotifier):
    """Publishes only once ``gate`` is set; records the thread each publish ran on."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.threads: list[str] = []

    def publish(self, notification: Notification) -> None:
        self.threads.append(threading.current_thread().name)
        assert self.gate.wait(10), "the test never opened the gate"
        super().publish(notification)


def test_the_booking_is_answered_before_its_message_goes_and_it_goes_after(
    store: InMemoryStore, clock: FixedClock, sarah: Doctor, ada: User
) -> None:
    notifier = HeldNotifier()
    later = BackgroundDelivery()
    notifications = NotificationService(store, notifier, clock)
    # Wired as composition.build_app_services wires the desktop app's.
    booking = booking_service(store, notifications, clock, deliver_later=later)

    first = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")  # the publish is held
    second = booking.book(ada, sarah.doctor_id, TUESDAY, "10:00")

    assert [n.appointment_id for n in store.pending_notifications()] == [
        first.appointment_id,
        second.appointment_id,
    ]
    assert not later.wait(0.2)
    notifier.gate.set()
    assert later.wait(10)
    assert [n.appointment_id for n in notifier.published] == [
        first.appointment_id,
        second.appointment_id,
    ]
    assert store.pending_notifications() == []
    assert {t.split("_")[0] for t in notifier.threads} == {THREAD_NAME}


def test_a_failed_publish_after_the_answer_stays_pending_for_the_retry(
    store: InMemoryStore, clock: FixedClock, sarah: Doctor, ada: User
) -> None:
    notifier = FakeNotifier(failing=True)
    notifications = NotificationService(store, notifier, clock)
    later = BackgroundDelivery()
    booking = booking_service(store, notifications, clock, deliver_later=later)

    booked = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")
    assert later.wait(10)

    assert [n.appointment_id for n in store.pending_notifications()] == [booked.appointment_id]
    notifier.failing = False
    assert notifications.retry_pending().sent == 1
    assert [n.appointment_id for n in notifier.published] == [booked.appointment_id]


def test_a_delivery_that_breaks_does_not_stop_the_next() -> None:
    later = BackgroundDelivery()
    done: list[str] = []

    def broken() -> None:
        raise RuntimeError("a bug")

    later(broken)
    later(lambda: done.append("next"))
    assert later.wait(10)
    assert done == ["next"]
