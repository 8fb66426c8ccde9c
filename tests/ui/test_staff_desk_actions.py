"""The desk as receptionists work it, clicked through the real window: past and closed
times are not "Free", the next free time of a specialization is one click, Cancel and
No-show ask first (Enter confirms, Escape backs out), No-show waits for the start time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import count

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from care4u_desktop.domain.errors import CancelNotMade, SlotTaken
from care4u_desktop.domain.models import (
    Appointment,
    AppointmentStatus,
    NotificationEvent,
    Role,
)
from care4u_desktop.services.messages import appointment_notification
from care4u_desktop.ui.domain_text import error_text
from care4u_desktop.ui.theme import Look, TextSize

from .fit import settle
from .support import btn, click, log_in, register, wait_idle
from .test_staff_desk import open_desk_on, select_time, staff_member


def _status_texts(desk) -> dict[str, str]:
    model = desk.day_model
    return {model.row(r).time: model.index(r, 2).data() for r in range(model.rowCount())}


def _store_booking(window, patient, doctor_id: str, day: date, hhmm: str, number: str):
    """Straight into the store: the booking rules rightly refuse a time already passed."""
    appointment = Appointment(
        appointment_id=number,
        user_id=patient.user.user_id,
        doctor_id=doctor_id,
        date=day.isoformat(),
        time=hhmm,
        status=AppointmentStatus.BOOKED,
        created_at=window.services.config.now().isoformat(),
        doctor_name="Hannah Weber",
        specialization="General Practice",
    )
    window.services.store.book(
        appointment,
        appointment_notification(NotificationEvent.BOOKED, appointment, patient.user, "now"),
    )
    return appointment


def _night_and_morning_doctor(window, admin) -> None:
    """Hannah Weber at 00:00 (always passed today) and 23:59 (not yet, today)."""
    weber = window.services.booking.doctor("doc-007")
    window.services.staff.save_doctor(admin, replace(weber, available_slots=("00:00", "23:59")))


def test_past_times_closed_days_and_days_off_are_not_shown_free(qtbot, window):
    admin = staff_member(window, Role.ADMIN, "admin@example.com")
    _night_and_morning_doctor(window, admin)
    log_in(qtbot, window, "admin@example.com")
    desk = window.staff_desk
    today = window.services.config.now().date()

    open_desk_on(qtbot, window, "doc-007", today)
    assert _status_texts(desk) == {"00:00": "Past", "23:59": "Free"}
    open_desk_on(qtbot, window, "doc-007", today - timedelta(days=1))
    assert set(_status_texts(desk).values()) == {"Past"}
    sunday = today + timedelta(days=7 - today.isoweekday() or 7)
    open_desk_on(qtbot, window, "doc-001", sunday)  # Sarah Johnson: Monday to Friday
    assert set(_status_texts(desk).values()) == {"Closed"}
    weber = window.services.booking.doctor("doc-007")
    away = today + timedelta(days=2)
    window.services.staff.save_doctor(admin, replace(weber, days_off=(away.isoformat(),)))
    open_desk_on(qtbot, window, "doc-007", away)
    assert set(_status_texts(desk).values()) == {"Closed"}
    select_time(qtbot, window, "23:59")
    assert not btn(desk, "bookForPatientButton").isEnabled()


def test_cancel_asks_first_escape_backs_out_and_enter_confirms(qtbot, window):
    patient = register(window)
    desk_session = staff_member(window)
    day = window.services.config.now().date() + timedelta(days=2)
    booked = window.services.staff.book_for(
        desk_session, patient.user.user_id, "doc-007", day, "09:00"
    )
    log_in(qtbot, window, "desk@example.com")
    desk = window.staff_desk
    open_desk_on(qtbot, window, "doc-007", day)
    select_time(qtbot, window, "09:00")
    store = window.services.store

    click(qtbot, btn(desk, "staffCancelButton"))
    wait_idle(qtbot, window)
    assert store.get_appointment(booked.appointment_id).status is AppointmentStatus.BOOKED
    confirm = btn(desk, "confirmActionButton")
    assert confirm.isVisible() and confirm.hasFocus()
    assert "Maria Garcia" in desk.confirm_text.text() and "09:00" in desk.confirm_text.text()
    qtbot.keyClick(confirm, Qt.Key.Key_Escape)
    wait_idle(qtbot, window)
    assert not confirm.isVisible() and btn(desk, "staffCancelButton").isVisible()
    assert store.get_appointment(booked.appointment_id).status is AppointmentStatus.BOOKED

    click(qtbot, btn(desk, "staffCancelButton"))
    qtbot.keyClick(btn(desk, "confirmActionButton"), Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert store.get_appointment(booked.appointment_id).status is AppointmentStatus.CANCELLED
    assert "Cancelled" in desk.banner.text()


def test_no_show_waits_for_the_start_time_and_asks_first(qtbot, window):
    patient = register(window)
    staff_member(window)
    today = window.services.config.now().date()
    came = _store_booking(window, patient, "doc-007", today, "00:00", "TDAY-0001")
    coming = _store_booking(window, patient, "doc-007", today, "23:59", "TDAY-0002")
    admin = staff_member(window, Role.ADMIN, "admin@example.com")
    _night_and_morning_doctor(window, admin)
    log_in(qtbot, window, "desk@example.com")
    desk = window.staff_desk
    store = window.services.store
    open_desk_on(qtbot, window, "doc-007", today)

    select_time(qtbot, window, "23:59")
    assert not btn(desk, "noShowButton").isEnabled()
    assert btn(desk, "checkInButton").isEnabled()  # arriving early is fine
    # Even asked directly, the service refuses it, with its own words.
    desk._ask(desk.no_show_button)
    desk.confirm_button.click()
    wait_idle(qtbot, window)
    assert "start time" in desk.banner.text()
    assert store.get_appointment(coming.appointment_id).status is AppointmentStatus.BOOKED

    select_time(qtbot, window, "00:00")
    click(qtbot, btn(desk, "noShowButton"))
    assert store.get_appointment(came.appointment_id).status is AppointmentStatus.BOOKED
    qtbot.keyClick(btn(desk, "confirmActionButton"), Qt.Key.Key_Enter)
    wait_idle(qtbot, window)
    assert store.get_appointment(came.appointment_id).status is AppointmentStatus.NO_SHOW


def test_next_free_of_a_specialization_is_one_click_and_books(qtbot, window):
    """James O'Connor and Hannah Weber are the General Practice doctors. Everything of
    both is booked for today and the next two days but Weber's 10:00 in two days."""
    patient = register(window)
    desk_session = staff_member(window)
    staff, booking = window.services.staff, window.services.booking
    now = window.services.config.now()
    free_day = now.date() + timedelta(days=2)
    # As many patients as there are times left (before 1 a.m. none of today's has passed).
    others = (register(window, f"p{n}@example.com", "Pat Ient").user.user_id for n in count())
    for offset in range(3):
        day = now.date() + timedelta(days=offset)
        for doctor_id in ("doc-006", "doc-007"):
            for slot in booking.availability(doctor_id, day).slots:
                if slot.free and (doctor_id, day, slot.time) != ("doc-007", free_day, "10:00"):
                    staff.book_for(desk_session, next(others), doctor_id, day, slot.time)
    log_in(qtbot, window, "desk@example.com")
    desk = window.staff_desk
    open_desk_on(qtbot, window, "doc-006", now.date())  # James O'Connor, General Practice
    desk.patient_search.setText("maria@example.com")
    click(qtbot, btn(desk, "patientSearchButton"))
    wait_idle(qtbot, window)

    click(qtbot, btn(desk, "nextFreeButton"))  # the one action
    wait_idle(qtbot, window)

    assert desk.doctor_select.currentData() == "doc-007"
    assert desk.selected_day() == free_day
    row = desk.selected_row()
    assert row is not None and row.time == "10:00"
    click(qtbot, btn(desk, "bookForPatientButton"))
    wait_idle(qtbot, window)
    stored = window.services.store.appointments_for_doctor_day("doc-007", free_day.isoformat())
    assert [(a.user_id, a.time) for a in stored if a.time == "10:00"] == [
        (patient.user.user_id, "10:00")
    ]


def _button_places(desk) -> dict[str, tuple[int, int, int, int]]:
    places = {}
    for button in desk.findChildren(QPushButton):
        if button.isVisible():
            where = button.mapTo(desk.window(), button.rect().topLeft())
            places[button.objectName()] = (where.x(), where.y(), button.width(), button.height())
    return places


@pytest.mark.parametrize(
    ("size", "look"),
    [((1024, 768), Look(TextSize.EXTRA_LARGE)), ((1366, 768), Look(TextSize.EXTRA_LARGE)),
     ((1920, 1080), Look()), ((1080, 1920), Look(TextSize.LARGE, high_contrast=True))],
    ids=["1024x768-xl", "1366x768-xl", "1920x1080", "1080x1920-large-hc"],
)  # fmt: skip
def test_result_banners_never_move_the_buttons(qtbot, window, size, look):
    """Every button of the desk stays where it is while a message shows and after it
    clears: the desk's words, and its longest ("... not cancelled and is still booked")."""
    staff_member(window)
    log_in(qtbot, window, "desk@example.com")
    window.apply_look(look)
    window.resize(*size)
    desk = window.staff_desk
    open_desk_on(qtbot, window, "doc-007", window.services.config.now().date())
    settle()
    before = _button_places(desk)
    assert "checkInButton" in before and "staffLogoutButton" in before
    messages = [
        ("Appointment K7M2-9QXR: Cancelled.", "success"),
        ("No patient found. Register them as a new patient.", "info"),
        (error_text(CancelNotMade()), "error"),
        (error_text(SlotTaken()), "error"),
    ]
    for text, tone in messages:
        desk.banner.show_message(text, tone)
        settle()
        assert desk.banner.isVisible()
        assert _button_places(desk) == before, f"moved by {text!r} at {size}"
        desk.banner.clear_message()
        settle()
        assert _button_places(desk) == before, f"moved when {text!r} cleared at {size}"
