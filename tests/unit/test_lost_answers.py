"""What the patient is told is what is stored, when a write's answer is lost.

``AnswerLost`` wraps the store: the write is carried out and its answer replaced by
``ServiceUnavailable`` (a time-out after the commit), or refused without being carried out,
or carried out after which nothing can be read. The service must read back before it
answers: booked if the booking exists, not booked if it does not, "could not confirm" only
when it cannot tell; never "Nothing was changed" when it does not know.
"""

from __future__ import annotations

from datetime import date

import pytest

from care4u_desktop.domain import rules
from care4u_desktop.domain.errors import ServiceUnavailable
from care4u_desktop.domain.models import AppointmentStatus, Doctor, NotificationEvent, User
from care4u_desktop.services.accounts import AccountService, Session
from care4u_desktop.services.booking import BookingService
from care4u_desktop.services.notifications import NotificationService
from tests.fakes import FakeNotifier, FastHasher, FixedClock, InMemoryStore
from tests.faults import AnswerLost
from tests.wiring import booking_service

TUESDAY = date(2030, 1, 8)
NOT_BOOKED = (
    "The booking system is not responding right now. Your appointment was not booked. "
    "Please try again in a moment or ask at reception."
)
BOOKING_UNCONFIRMED = (
    "We could not confirm your booking. Please check My appointments or ask at reception."
)
NOT_CANCELLED = (
    "The booking system is not responding right now. Your appointment was not cancelled "
    "and is still booked. Please try again in a moment or ask at reception."
)
CANCEL_UNCONFIRMED = (
    "We could not confirm that your appointment was cancelled. "
    "Please check My appointments or ask at reception."
)
NOT_SIGNED_UP = (
    "The booking system is not responding right now. Your account was not created. "
    "Please try again in a moment or ask at reception."
)
SIGN_UP_UNCONFIRMED = (
    "We could not confirm that your account was created. "
    "Please try to log in in a moment or ask at reception."
)


def services_on(
    store: AnswerLost, notifier: FakeNotifier, clock: FixedClock
) -> tuple[BookingService, AccountService]:
    notifications = NotificationService(store, notifier, clock)
    return (
        booking_service(store, notifications, clock, horizon_days=60),
        AccountService(store, notifier, FastHasher(), clock),
    )


# -- book ----------------------------------------------------------------------------------------


def test_a_booking_whose_answer_was_lost_is_reported_booked_and_notified(
    store: InMemoryStore, notifier: FakeNotifier, clock: FixedClock, sarah: Doctor, ada: User
) -> None:
    lossy = AnswerLost(store, "book")
    booking, _ = services_on(lossy, notifier, clock)

    appointment = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    assert lossy.lost == ["book"]  # the answer really was lost
    assert store.get_appointment(appointment.appointment_id) == appointment
    assert appointment.status is AppointmentStatus.BOOKED
    (sent,) = notifier.published  # the confirmation still goes out, at once
    assert sent.appointment_id == appointment.appointment_id
    assert store.pending_notifications() == []


def test_a_booking_that_was_not_stored_says_not_booked(
    store: InMemoryStore, notifier: FakeNotifier, clock: FixedClock, sarah: Doctor, ada: User
) -> None:
    booking, _ = services_on(AnswerLost(store, "book", stored_first=False), notifier, clock)

    with pytest.raises(ServiceUnavailable) as caught:
        booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    assert caught.value.message == NOT_BOOKED
    assert store.appointments_for_user(ada.user_id) == []
    assert notifier.published == [] and store.all_notifications() == []


def test_a_booking_that_cannot_be_read_back_is_unconfirmed_and_still_notified_later(
    store: InMemoryStore, notifier: FakeNotifier, clock: FixedClock, sarah: Doctor, ada: User
) -> None:
    booking, _ = services_on(AnswerLost(store, "book", blind_after=True), notifier, clock)

    with pytest.raises(ServiceUnavailable) as caught:
        booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    assert caught.value.message == BOOKING_UNCONFIRMED
    (stored,) = store.appointments_for_user(ada.user_id)  # it was booked after all
    (pending,) = store.pending_notifications()
    assert pending.appointment_id == stored.appointment_id
    # The outbox sends it when the store is back: at least once, under its stable id.
    report = NotificationService(store, notifier, clock).retry_pending()
    assert (report.sent, report.still_pending) == (1, 0)
    assert [n.notification_id for n in notifier.published] == [pending.notification_id]


def test_someone_elses_booking_under_the_same_number_is_not_taken_for_ours(
    store: InMemoryStore,
    notifier: FakeNotifier,
    clock: FixedClock,
    sarah: Doctor,
    ada: User,
    bob: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A store that refuses a colliding number answers ``ServiceUnavailable``; reading that
    number back finds Bob's appointment, which must not be reported as Ada's."""
    plain, _ = services_on(AnswerLost(store), notifier, clock)
    bobs = plain.book(bob, sarah.doctor_id, TUESDAY, "10:00")
    monkeypatch.setattr(rules, "new_appointment_id", lambda: bobs.appointment_id)

    with pytest.raises(ServiceUnavailable) as caught:
        plain.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    assert caught.value.message == NOT_BOOKED
    assert store.appointments_for_user(ada.user_id) == []


# -- cancel --------------------------------------------------------------------------------------


def test_a_cancellation_whose_answer_was_lost_is_reported_cancelled(
    store: InMemoryStore, notifier: FakeNotifier, clock: FixedClock, sarah: Doctor, ada: User
) -> None:
    lossy = AnswerLost(store, "cancel")
    booking, _ = services_on(lossy, notifier, clock)
    booked = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    cancelled = booking.cancel(Session(ada), booked.appointment_id)

    assert lossy.lost == ["cancel"]
    assert cancelled.status is AppointmentStatus.CANCELLED
    assert store.get_appointment(booked.appointment_id) == cancelled
    assert [n.event for n in notifier.published] == [
        NotificationEvent.BOOKED,
        NotificationEvent.CANCELLED,
    ]
    assert store.pending_notifications() == []


def test_a_cancellation_that_was_not_stored_says_still_booked(
    store: InMemoryStore, notifier: FakeNotifier, clock: FixedClock, sarah: Doctor, ada: User
) -> None:
    booking, _ = services_on(AnswerLost(store, "cancel", stored_first=False), notifier, clock)
    booked = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    with pytest.raises(ServiceUnavailable) as caught:
        booking.cancel(Session(ada), booked.appointment_id)

    assert caught.value.message == NOT_CANCELLED
    assert store.get_appointment(booked.appointment_id) == booked


def test_a_cancellation_that_cannot_be_read_back_is_unconfirmed(
    store: InMemoryStore, notifier: FakeNotifier, clock: FixedClock, sarah: Doctor, ada: User
) -> None:
    booking, _ = services_on(AnswerLost(store, "cancel", blind_after=True), notifier, clock)
    booked = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    with pytest.raises(ServiceUnavailable) as caught:
        booking.cancel(Session(ada), booked.appointment_id)

    assert caught.value.message == CANCEL_UNCONFIRMED
    current = store.get_appointment(booked.appointment_id)
    assert current is not None and current.status is AppointmentStatus.CANCELLED


# -- sign up -------------------------------------------------------------------------------------


def test_a_sign_up_whose_answer_was_lost_logs_the_patient_in(
    store: InMemoryStore, notifier: FakeNotifier, clock: FixedClock
) -> None:
    lossy = AnswerLost(store, "add_user")
    _, accounts = services_on(lossy, notifier, clock)

    result = accounts.sign_up("Ada Lovelace", "Ada@Example.com", "555 123 4567", "long-pass-1")

    assert lossy.lost == ["add_user"]
    assert result.session.user == store.find_user_by_email("ada@example.com")
    assert result.subscribed and notifier.subscribed == ["ada@example.com"]
    plain = AccountService(store, notifier, FastHasher(), clock)
    assert plain.log_in("ada@example.com", "long-pass-1").user.user_id == (
        result.session.user.user_id
    )


def test_a_sign_up_that_was_not_stored_says_no_account(
    store: InMemoryStore, notifier: FakeNotifier, clock: FixedClock
) -> None:
    _, accounts = services_on(AnswerLost(store, "add_user", stored_first=False), notifier, clock)

    with pytest.raises(ServiceUnavailable) as caught:
        accounts.sign_up("Ada Lovelace", "ada@example.com", "555 123 4567", "long-pass-1")

    assert caught.value.message == NOT_SIGNED_UP
    assert store.find_user_by_email("ada@example.com") is None
    assert notifier.subscribed == []


def test_a_sign_up_that_cannot_be_read_back_is_unconfirmed(
    store: InMemoryStore, notifier: FakeNotifier, clock: FixedClock
) -> None:
    _, accounts = services_on(AnswerLost(store, "add_user", blind_after=True), notifier, clock)

    with pytest.raises(ServiceUnavailable) as caught:
        accounts.sign_up("Ada Lovelace", "ada@example.com", "555 123 4567", "long-pass-1")

    assert caught.value.message == SIGN_UP_UNCONFIRMED
    assert store.find_user_by_email("ada@example.com") is not None


def test_a_plain_store_failure_does_not_claim_nothing_changed() -> None:
    assert "Nothing was changed" not in ServiceUnavailable().message
