"""What a patient receives: everything they need, nothing secret."""

from __future__ import annotations

from datetime import date

import pytest

from care4u_desktop.domain.models import NotificationEvent
from care4u_desktop.services.accounts import AccountService
from care4u_desktop.services.booking import BookingService
from care4u_desktop.services.messages import appointment_notification
from tests.fakes import (
    FakeNotifier,
    InMemoryStore,
    make_appointment,
    make_doctor,
    make_user,
)

PASSWORD = "s3cret-Passw0rd"


def test_booked_message_carries_number_doctor_specialization_date_and_time() -> None:
    patient = make_user("ada@example.com", name="Ada Lovelace")
    doctor = make_doctor(name="Sarah Johnson", specialization="Cardiology")
    appointment = make_appointment(
        patient, doctor, "2030-01-08", "09:00", appointment_id="K7M2-9QXR"
    )

    note = appointment_notification(
        NotificationEvent.BOOKED, appointment, patient, "2030-01-07T10:30"
    )

    assert note.recipient == "ada@example.com"
    assert note.appointment_id == "K7M2-9QXR"
    assert note.event is NotificationEvent.BOOKED
    assert "K7M2-9QXR" in note.subject and "booked" in note.subject
    for fact in ("K7M2-9QXR", "Sarah Johnson", "Cardiology", "Tuesday 08 January 2030", "09:00"):
        assert fact in note.body
    assert "Ada Lovelace" in note.body
    assert note.pending and note.created_at == "2030-01-07T10:30"


def test_cancelled_message_says_so() -> None:
    patient = make_user("ada@example.com")
    appointment = make_appointment(patient, make_doctor(), appointment_id="K7M2-9QXR")

    note = appointment_notification(NotificationEvent.CANCELLED, appointment, patient, "now")

    assert "cancelled" in note.subject
    assert "cancelled" in note.body
    assert "K7M2-9QXR" in note.body


def test_each_message_has_its_own_id() -> None:
    patient = make_user()
    appointment = make_appointment(patient, make_doctor())
    first = appointment_notification(NotificationEvent.BOOKED, appointment, patient, "now")
    second = appointment_notification(NotificationEvent.BOOKED, appointment, patient, "now")
    assert first.notification_id != second.notification_id


@pytest.mark.parametrize("event", list(NotificationEvent))
def test_messages_never_carry_the_password_or_its_hash(
    accounts: AccountService,
    booking: BookingService,
    store: InMemoryStore,
    notifier: FakeNotifier,
    event: NotificationEvent,
) -> None:
    store.put_doctor(make_doctor("doc-001"))
    session = accounts.sign_up(
        "Ada Lovelace", "ada@example.com", "5551234567", PASSWORD, PASSWORD
    ).session
    appointment = booking.book(session.user, "doc-001", date(2030, 1, 8), "09:00")
    if event is NotificationEvent.CANCELLED:
        booking.cancel(session, appointment.appointment_id)

    (note,) = [n for n in notifier.published if n.event is event]
    password_hash = session.user.password_hash
    salt_and_digest = password_hash.split("$", 1)[1]
    for text in (note.subject, note.body, note.recipient):
        assert PASSWORD not in text
        assert password_hash not in text
        assert salt_and_digest not in text
        assert "pbkdf2" not in text
    assert appointment.appointment_id in note.subject
