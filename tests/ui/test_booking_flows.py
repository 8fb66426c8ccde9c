"""Browse, filter, book, lose a race, cancel: the patient's path through the kiosk."""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton

from care4u_desktop.domain.models import AppointmentStatus

from .support import btn, click, field, find, log_in, next_working_day, register, text_of, wait_idle

SLOT_TAKEN = "This time slot has just been booked. Please choose another."


def visible_doctors(window) -> list[tuple[str, str]]:
    proxy = window.doctors.proxy
    return [(proxy.index(r, 0).data(), proxy.index(r, 1).data()) for r in range(proxy.rowCount())]


def open_booking(qtbot, window, doctor_name: str, day) -> None:
    doctors = window.doctors
    field(doctors, "doctorSearch").clear()
    qtbot.keyClicks(field(doctors, "doctorSearch"), doctor_name)
    assert visible_doctors(window)[0][0] == f"Dr. {doctor_name}"
    window.doctors.table.selectRow(0)
    click(qtbot, btn(doctors, "bookButton"))
    wait_idle(qtbot, window)
    assert window.current_view() is window.booking
    calendar = window.booking.calendar
    if calendar.selectedDate() != QDate(day):
        calendar.setSelectedDate(QDate(day))
        wait_idle(qtbot, window)


def slot(window, hhmm: str) -> QPushButton:
    return find(window.booking, QPushButton, f"slot-{hhmm}")  # type: ignore[no-any-return]


def test_doctor_list_shows_next_free_time_and_filters(qtbot, window):
    register(window)
    log_in(qtbot, window)
    rows = visible_doctors(window)
    assert len(rows) >= 8
    assert ("Dr. Sarah Johnson", "Cardiology") in rows
    assert all(
        window.doctors.proxy.index(r, 2).data() for r in range(window.doctors.proxy.rowCount())
    )

    qtbot.keyClicks(field(window.doctors, "doctorSearch"), "cardio")
    assert {spec for _, spec in visible_doctors(window)} == {"Cardiology"}

    field(window.doctors, "doctorSearch").clear()
    combo = find(window.doctors, QComboBox, "specializationFilter")
    combo.setCurrentIndex(combo.findText("Pediatrics"))
    assert ("Dr. Michael Chen", "Pediatrics") in visible_doctors(window)
    assert {spec for _, spec in visible_doctors(window)} == {"Pediatrics"}

    qtbot.keyClicks(field(window.doctors, "doctorSearch"), "zzz")
    assert visible_doctors(window) == []
    assert window.doctors.empty.isVisible()
    assert not btn(window.doctors, "bookButton").isEnabled()


def test_a_patient_books_a_free_slot_and_reads_the_confirmation(qtbot, window):
    session = register(window)
    log_in(qtbot, window)
    sarah = window.services.store.get_doctor("doc-001")
    day = next_working_day(sarah)
    open_booking(qtbot, window, "Sarah Johnson", day)

    confirm = btn(window.booking, "confirmBookingButton")
    assert not confirm.isEnabled()
    click(qtbot, slot(window, "10:00"))
    assert confirm.isEnabled()
    assert "at 10:00" in text_of(window.booking, "bookingSummary")
    with qtbot.waitSignal(window.booking.booked, timeout=10_000):
        click(qtbot, confirm)
    wait_idle(qtbot, window)

    number = text_of(window.booking, "appointmentId")
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", number)
    details = text_of(window.booking, "appointmentDetails")
    assert "Dr. Sarah Johnson" in details and "Cardiology" in details and "10:00" in details
    stored = window.services.store.get_appointment(number)
    assert stored.user_id == session.user.user_id
    assert (stored.date, stored.time) == (day.isoformat(), "10:00")

    # Back on the same day the slot now reads as taken.
    click(qtbot, btn(window.booking, "doneButton"))
    wait_idle(qtbot, window)
    open_booking(qtbot, window, "Sarah Johnson", day)
    assert not slot(window, "10:00").isEnabled()
    assert "Taken" in slot(window, "10:00").text()


def test_a_slot_taken_while_the_patient_decides_is_refused_and_refreshed(qtbot, window):
    register(window)
    other = register(window, "other@example.com", "Omar Haddad")
    log_in(qtbot, window)
    sarah = window.services.store.get_doctor("doc-001")
    day = next_working_day(sarah)
    open_booking(qtbot, window, "Sarah Johnson", day)
    click(qtbot, slot(window, "11:00"))

    # Another kiosk books the same slot first.
    window.services.booking.book(other.user, "doc-001", day, "11:00")
    click(qtbot, btn(window.booking, "confirmBookingButton"))
    wait_idle(qtbot, window)

    assert window.booking.banner.text() == SLOT_TAKEN
    assert window.booking.pages.currentIndex() == 0
    assert not slot(window, "11:00").isEnabled()
    assert not btn(window.booking, "confirmBookingButton").isEnabled()
    booked = window.services.store.appointments_for_doctor_day("doc-001", day.isoformat())
    assert [a.user_id for a in booked] == [other.user.user_id]


def test_after_a_conflict_the_focus_is_on_the_first_free_time(qtbot, window):
    register(window)
    other = register(window, "other@example.com", "Omar Haddad")
    log_in(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    sarah = window.services.store.get_doctor("doc-001")
    day = next_working_day(sarah)
    open_booking(qtbot, window, "Sarah Johnson", day)
    # Someone else takes 09:00 and then 10:00, the time this patient is about to confirm.
    window.services.booking.book(other.user, "doc-001", day, "09:00")
    click(qtbot, slot(window, "10:00"))
    third = register(window, "third@example.com", "Lena Park")
    window.services.booking.book(third.user, "doc-001", day, "10:00")
    click(qtbot, btn(window.booking, "confirmBookingButton"))
    wait_idle(qtbot, window)

    assert window.booking.banner.text() == SLOT_TAKEN
    # The patient's next action is another time: the first one still free, 11:00.
    assert QApplication.focusWidget() is slot(window, "11:00")
    qtbot.keyClick(slot(window, "11:00"), Qt.Key.Key_Space)
    assert btn(window.booking, "confirmBookingButton").isEnabled()
    assert "at 11:00" in text_of(window.booking, "bookingSummary")


def test_past_and_closed_days_cannot_be_chosen(qtbot, window):
    register(window)
    log_in(qtbot, window)
    amina = window.services.store.get_doctor("doc-003")  # Mon, Wed, Fri only
    day = next_working_day(amina)
    open_booking(qtbot, window, "Amina Okafor", day)
    calendar = window.booking.calendar
    first, last = window.services.booking.bookable_range()
    assert calendar.minimumDate() == QDate(first)
    assert calendar.maximumDate() == QDate(last)
    closed_day = day
    while amina.works_on(closed_day):
        closed_day = closed_day.fromordinal(closed_day.toordinal() + 1)
    calendar.setSelectedDate(QDate(closed_day))
    wait_idle(qtbot, window)
    assert "does not see patients on" in text_of(window.booking, "dayClosed")
    slots = [b for b in window.booking.findChildren(QPushButton) if b.objectName()[:5] == "slot-"]
    assert slots == []


def test_a_patient_cancels_an_appointment_after_confirming(qtbot, window):
    session = register(window)
    sarah = window.services.store.get_doctor("doc-001")
    day = next_working_day(sarah, after_days=3)
    appointment = window.services.booking.book(session.user, "doc-001", day, "09:00")
    log_in(qtbot, window)
    click(qtbot, btn(window.doctors, "myAppointmentsButton"))
    wait_idle(qtbot, window)
    view = window.appointments
    assert window.current_view() is view
    assert view.model.rowCount() == 1
    cancel = btn(view, "cancelAppointmentButton")
    assert not cancel.isEnabled()

    view.table.selectRow(0)
    click(qtbot, cancel)
    assert "Cancel your appointment with Dr. Sarah Johnson" in text_of(view, "cancelQuestion")
    # "No, keep it" changes nothing.
    click(qtbot, btn(view, "keepAppointmentButton"))
    assert window.services.store.get_appointment(appointment.appointment_id).status is (
        AppointmentStatus.BOOKED
    )
    click(qtbot, cancel)
    click(qtbot, btn(view, "confirmCancelButton"))
    wait_idle(qtbot, window)

    stored = window.services.store.get_appointment(appointment.appointment_id)
    assert stored.status is AppointmentStatus.CANCELLED
    assert "is cancelled" in view.banner.text()
    assert view.model.index(0, 3).data() == "Cancelled"
    # The slot is free for others again.
    assert "09:00" not in window.services.store.booked_times("doc-001", day.isoformat())


def test_keyboard_only_booking_from_the_list(qtbot, window):
    register(window)
    log_in(qtbot, window)
    table = window.doctors.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.current_view() is window.booking
