"""The booking screen says what is stored when the store's answer to "book" is lost.

The real SQLite store on a real file commits the booking; its answer is then replaced by
``ServiceUnavailable``, as a time-out after the commit would. The screens, the worker and
the service are the real ones.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.errors import ServiceUnavailable

from .support import btn, click, log_in, next_working_day, register, wait_idle
from .test_booking_flows import open_booking, slot

UNCONFIRMED = "We could not confirm your booking. Please check My appointments or ask at reception."
UNCONFIRMED_ES = (
    "No pudimos confirmar su reserva. Consulte Mis citas o pregunte en recepción, por favor."
)


def lose_the_answer_to_book(monkeypatch: pytest.MonkeyPatch, *, blind_after: bool) -> None:
    """``SQLiteStore.book`` commits, then its answer is lost; with ``blind_after`` the
    read-back of the appointment fails too (the file's share went away)."""
    real_book, real_get = SQLiteStore.book, SQLiteStore.get_appointment
    lost = []

    def book(self, appointment, notification):
        real_book(self, appointment, notification)
        lost.append(appointment.appointment_id)
        raise ServiceUnavailable()

    def get_appointment(self, appointment_id):
        if blind_after and lost:
            raise ServiceUnavailable()
        return real_get(self, appointment_id)

    monkeypatch.setattr(SQLiteStore, "book", book)
    monkeypatch.setattr(SQLiteStore, "get_appointment", get_appointment)


def confirm(qtbot, window, hhmm: str) -> None:
    sarah = window.services.store.get_doctor("doc-001")
    open_booking(qtbot, window, "Sarah Johnson", next_working_day(sarah))
    click(qtbot, slot(window, hhmm))
    click(qtbot, btn(window.booking, "confirmBookingButton"))
    wait_idle(qtbot, window)


def test_a_booking_whose_answer_was_lost_shows_booked_with_its_number(qtbot, window, monkeypatch):
    session = register(window)
    log_in(qtbot, window)
    lose_the_answer_to_book(monkeypatch, blind_after=False)

    confirm(qtbot, window, "10:00")

    (stored,) = window.services.store.appointments_for_user(session.user.user_id)
    assert window.booking.pages.currentIndex() == 1  # the confirmation page
    assert window.booking.confirmation.heading.text() == "Your appointment is booked"
    assert window.booking.appointment_id.text() == stored.appointment_id
    assert window.booking.banner.text() == ""


def test_a_booking_that_cannot_be_read_back_says_it_could_not_be_confirmed(
    qtbot, window, monkeypatch
):
    session = register(window)
    window.set_language("es")
    log_in(qtbot, window)
    lose_the_answer_to_book(monkeypatch, blind_after=True)

    confirm(qtbot, window, "11:00")

    assert window.booking.pages.currentIndex() == 0  # no number is shown: none is known
    assert window.booking.banner.text() == UNCONFIRMED_ES
    assert "No se cambió nada" not in window.booking.banner.text()
    shots = os.environ.get("CARE4U_SCREENSHOT_DIR")
    if shots:
        window.grab().save(str(Path(shots) / "booking-unconfirmed-es.png"))
    # "Please check My appointments": it is there.
    monkeypatch.undo()
    (stored,) = window.services.store.appointments_for_user(session.user.user_id)
    assert stored.time == "11:00"


def test_the_unconfirmed_message_in_english(qtbot, window, monkeypatch):
    register(window)
    log_in(qtbot, window)
    lose_the_answer_to_book(monkeypatch, blind_after=True)

    confirm(qtbot, window, "14:00")

    assert window.booking.banner.text() == UNCONFIRMED
