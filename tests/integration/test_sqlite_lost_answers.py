"""On a real SQLite file: a write that committed but whose answer was lost is reported as
stored, and another kiosk opening the same file sees exactly what the patient was told.

The fault injector (``AnswerLost``) calls the real store, so the commit is real; only the
answer is replaced by ``ServiceUnavailable``. The unit under test is the service's
read-back, which is not mocked.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.errors import (
    BookingNotMade,
    BookingUnconfirmed,
    CancelNotMade,
    SignUpUnconfirmed,
)
from care4u_desktop.domain.models import AppointmentStatus
from care4u_desktop.services.accounts import AccountService, Session
from care4u_desktop.services.notifications import NotificationService
from tests.fakes import FakeNotifier, FastHasher, FixedClock, make_doctor
from tests.faults import AnswerLost
from tests.wiring import booking_service

TUESDAY = date(2030, 1, 8)


class Kiosk:
    """The services of one kiosk over ``store`` (a store, or one wrapped in ``AnswerLost``)."""

    def __init__(self, store: Any, notifier: FakeNotifier) -> None:
        clock = FixedClock()
        self.notifications = NotificationService(store, notifier, clock)
        self.booking = booking_service(store, self.notifications, clock)
        self.accounts = AccountService(store, notifier, FastHasher(), clock)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "care4u.sqlite3"
    SQLiteStore(path).put_doctor(make_doctor("doc-001"))
    return path


def test_a_committed_booking_whose_answer_was_lost_is_booked_for_every_kiosk(
    path: Path,
) -> None:
    notifier = FakeNotifier()
    lossy = AnswerLost(SQLiteStore(path), "add_user", "book")
    kiosk = Kiosk(lossy, notifier)

    ada = kiosk.accounts.sign_up("Ada Lovelace", "ada@example.com", "5551234567", "long-pass-1")
    booked = kiosk.booking.book(ada.session.user, "doc-001", TUESDAY, "09:00")

    assert lossy.lost == ["add_user", "book"]
    other = SQLiteStore(path)  # another kiosk on the same file
    assert other.find_user_by_email("ada@example.com") == ada.session.user
    assert other.get_appointment(booked.appointment_id) == booked
    assert other.booked_times("doc-001", TUESDAY.isoformat()) == {"09:00"}
    (sent,) = notifier.published
    (stored,) = other.all_notifications()
    assert sent.notification_id == stored.notification_id and stored.sent_at is not None


def test_a_booking_the_file_refused_says_not_booked(path: Path) -> None:
    notifier = FakeNotifier()
    plain = Kiosk(SQLiteStore(path), notifier)
    ada = plain.accounts.sign_up("Ada Lovelace", "ada@example.com", "5551234567", "long-pass-1")
    refused = Kiosk(AnswerLost(SQLiteStore(path), "book", stored_first=False), notifier)

    with pytest.raises(BookingNotMade) as caught:
        refused.booking.book(ada.session.user, "doc-001", TUESDAY, "09:00")

    assert "Your appointment was not booked." in caught.value.message

    assert SQLiteStore(path).appointments_for_user(ada.session.user.user_id) == []


def test_a_booking_that_cannot_be_read_back_is_unconfirmed_then_found(path: Path) -> None:
    notifier = FakeNotifier()
    plain = Kiosk(SQLiteStore(path), notifier)
    ada = plain.accounts.sign_up("Ada Lovelace", "ada@example.com", "5551234567", "long-pass-1")
    blind = Kiosk(AnswerLost(SQLiteStore(path), "book", blind_after=True), notifier)

    with pytest.raises(BookingUnconfirmed) as caught:
        blind.booking.book(ada.session.user, "doc-001", TUESDAY, "09:00")

    assert caught.value.message.startswith("We could not confirm your booking.")

    # "Please check My appointments": there it is, and its message goes out on the retry.
    (appointment,) = plain.booking.history(ada.session).upcoming
    assert appointment.time == "09:00"
    assert plain.notifications.retry_pending().sent == 1
    assert [n.appointment_id for n in notifier.published] == [appointment.appointment_id]


def test_a_lost_cancel_answer_reads_back_cancelled_or_still_booked(path: Path) -> None:
    notifier = FakeNotifier()
    plain = Kiosk(SQLiteStore(path), notifier)
    ada = plain.accounts.sign_up("Ada Lovelace", "ada@example.com", "5551234567", "long-pass-1")
    first = plain.booking.book(ada.session.user, "doc-001", TUESDAY, "09:00")
    second = plain.booking.book(ada.session.user, "doc-001", TUESDAY, "10:00")

    cancelled = Kiosk(AnswerLost(SQLiteStore(path), "cancel"), notifier).booking.cancel(
        Session(ada.session.user), first.appointment_id
    )
    assert cancelled.status is AppointmentStatus.CANCELLED
    refused = Kiosk(AnswerLost(SQLiteStore(path), "cancel", stored_first=False), notifier)
    with pytest.raises(CancelNotMade) as caught:
        refused.booking.cancel(Session(ada.session.user), second.appointment_id)
    assert "not cancelled and is still booked" in caught.value.message

    other = SQLiteStore(path)
    assert [a.status for a in other.appointments_for_user(ada.session.user.user_id)] == [
        AppointmentStatus.CANCELLED,
        AppointmentStatus.BOOKED,
    ]


def test_a_sign_up_that_cannot_be_read_back_is_unconfirmed(path: Path) -> None:
    blind = Kiosk(AnswerLost(SQLiteStore(path), "add_user", blind_after=True), FakeNotifier())
    with pytest.raises(SignUpUnconfirmed) as caught:
        blind.accounts.sign_up("Ada Lovelace", "ada@example.com", "5551234567", "long-pass-1")
    assert caught.value.message.startswith("We could not confirm that your account was created.")
    assert SQLiteStore(path).find_user_by_email("ada@example.com") is not None
