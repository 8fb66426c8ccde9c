"""The focus goes where the patient's next action is, and a spent action is switched off.

After a booking: the appointment number (what to keep, read first by a screen reader).
After a cancellation: the next upcoming appointment in the list, or, when none is left,
the message saying it is cancelled; never "Back to doctors". And "Cancel selected
appointment" is off once the appointment it was for is cancelled.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from care4u_desktop.domain.models import AppointmentStatus

from .support import btn, click, log_in, next_working_day, register, wait_idle
from .test_kiosk import book_through_the_screens


def active(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def focused():
    return QApplication.focusWidget()


def name_of(widget) -> str:
    return widget.objectName() if widget is not None else "nothing"


def test_the_confirmation_puts_the_focus_on_the_appointment_number(qtbot, window):
    register(window)
    active(qtbot, window)
    log_in(qtbot, window)
    book_through_the_screens(qtbot, window)
    wait_idle(qtbot, window)

    number = window.booking.appointment_id
    assert focused() is number, f"the focus is on {name_of(focused())}"
    assert number.text() in number.accessibleName()
    # From the number, Tab goes on to what can be done with it.
    qtbot.keyClick(number, Qt.Key.Key_Tab)
    assert focused() is btn(window.booking, "printSlipButton")


def open_appointments(qtbot, window, times: list[str]):
    session = register(window)
    day = next_working_day(window.services.store.get_doctor("doc-001"), after_days=3)
    booked = [window.services.booking.book(session.user, "doc-001", day, t) for t in times]
    active(qtbot, window)
    log_in(qtbot, window)
    click(qtbot, btn(window.doctors, "myAppointmentsButton"))
    wait_idle(qtbot, window)
    return window.appointments, booked


def cancel_row(qtbot, window, view, row: int) -> None:
    view.table.selectRow(row)
    click(qtbot, btn(view, "cancelAppointmentButton"))
    click(qtbot, btn(view, "confirmCancelButton"))
    wait_idle(qtbot, window)


def test_after_a_cancellation_the_focus_goes_to_the_next_appointment(qtbot, window):
    view, booked = open_appointments(qtbot, window, ["09:00", "10:00"])
    cancel_row(qtbot, window, view, 0)

    assert window.services.store.get_appointment(booked[0].appointment_id).status is (
        AppointmentStatus.CANCELLED
    )
    assert "is cancelled" in view.banner.text()
    assert focused() is view.table, f"the focus is on {name_of(focused())}"
    current = view.table.currentIndex()
    assert view.model.is_upcoming(current.row())
    assert view.model.appointment(current.row()).appointment_id == booked[1].appointment_id
    # Not chosen for the patient: cancelling the next one takes a choice of its own.
    assert view.selected() is None
    assert not btn(view, "cancelAppointmentButton").isEnabled()


def test_after_the_last_upcoming_is_cancelled_the_focus_is_on_the_message(qtbot, window):
    view, _ = open_appointments(qtbot, window, ["09:00"])
    cancel_row(qtbot, window, view, 0)

    assert focused() is view.banner, f"the focus is on {name_of(focused())}"
    assert "is cancelled" in view.banner.accessibleName()


def test_cancel_is_off_once_the_appointment_is_cancelled(qtbot, window):
    view, booked = open_appointments(qtbot, window, ["09:00"])
    cancel_row(qtbot, window, view, 0)

    cancel = btn(view, "cancelAppointmentButton")
    assert cancel.isVisible()
    assert not cancel.isEnabled(), "Cancel stays on for an appointment already cancelled"
    # The cancelled appointment, still in the list, cannot be picked for cancelling again.
    row = next(
        r
        for r in range(view.model.rowCount())
        if view.model.appointment(r).appointment_id == booked[0].appointment_id
    )
    view.table.selectRow(row)
    assert not cancel.isEnabled()
