"""The reception desk, clicked through the real window: staff only, check-in, no-show,
walk-ins booked at the desk, and an admin's day off showing up as a clash."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtWidgets import QWidget

from care4u_desktop.domain.errors import PermissionDenied
from care4u_desktop.domain.models import Appointment, AppointmentStatus, NotificationEvent, Role
from care4u_desktop.services.accounts import Session
from care4u_desktop.services.messages import appointment_notification

from .support import PASSWORD, btn, click, field, log_in, register, text_of, wait_idle
from .test_screenshots import LOOKS, make_shooter, shot_dir


def staff_member(window, role: Role = Role.STAFF, email: str = "desk@example.com") -> Session:
    result = window.services.accounts.sign_up(
        "Rita Desk", email, "555 010 2030", PASSWORD, PASSWORD, role=role
    )
    return result.session


def select_time(qtbot, window, hhmm: str) -> None:
    desk = window.staff_desk
    rows = [desk.day_model.row(r).time for r in range(desk.day_model.rowCount())]
    desk.day_table.selectRow(rows.index(hhmm))


def open_desk_on(qtbot, window, doctor_id: str, day: date) -> None:
    desk = window.staff_desk
    desk.doctor_select.setCurrentIndex(desk.doctor_select.findData(doctor_id))
    desk.date_input.setDate(day)
    wait_idle(qtbot, window)


def test_a_patient_log_in_never_reaches_the_desk(qtbot, window):
    patient = register(window)
    log_in(qtbot, window)
    assert window.current_view() is window.doctors
    assert window.staff_desk is None and window.findChild(QWidget, "staffView") is None
    window._show_staff_desk()  # even asked directly, the window refuses and logs out
    assert window.current_view() is window.login and window.session is None
    with pytest.raises(PermissionDenied):
        window.services.staff.doctor_day(patient, "doc-001", date.today())


def test_staff_check_a_patient_in_and_the_patient_sees_it(qtbot, window):
    patient = register(window)
    today = window.services.config.now()
    # Today's appointment, whatever the time now: set straight into the store, since the
    # booking rules rightly refuse a time that may already have passed.
    appointment = Appointment(
        appointment_id="TDAY-0001",
        user_id=patient.user.user_id,
        doctor_id="doc-007",
        date=today.date().isoformat(),
        time="17:00",
        status=AppointmentStatus.BOOKED,
        created_at=today.isoformat(),
        doctor_name="Hannah Weber",
        specialization="General Practice",
    )
    window.services.store.book(
        appointment,
        appointment_notification(NotificationEvent.BOOKED, appointment, patient.user, "now"),
    )
    staff_member(window)
    log_in(qtbot, window, "desk@example.com")
    assert window.current_view() is window.staff_desk
    open_desk_on(qtbot, window, "doc-007", today.date())
    select_time(qtbot, window, "17:00")
    desk = window.staff_desk
    assert desk.day_model.index(desk.day_table.currentIndex().row(), 1).data() == "Maria Garcia"

    click(qtbot, btn(desk, "checkInButton"))
    wait_idle(qtbot, window)

    stored = window.services.store.get_appointment(appointment.appointment_id)
    assert stored.status is AppointmentStatus.CHECKED_IN
    assert "Checked in" in desk.banner.text()
    history = window.services.booking.history(patient)
    assert [a.status for a in history.past] == [AppointmentStatus.CHECKED_IN]


def test_no_show_cannot_be_pressed_ahead_of_the_day(qtbot, window):
    patient = register(window)
    desk_session = staff_member(window)
    now = window.services.config.now()
    later = window.services.staff.book_for(
        desk_session,
        patient.user.user_id,
        "doc-007",
        date.fromordinal(now.toordinal() + 2),
        "09:00",
    )
    log_in(qtbot, window, "desk@example.com")
    open_desk_on(qtbot, window, "doc-007", date.fromisoformat(later.date))
    select_time(qtbot, window, "09:00")
    assert not btn(window.staff_desk, "noShowButton").isEnabled()
    click(qtbot, btn(window.staff_desk, "checkInButton"))  # two days ahead: refused
    wait_idle(qtbot, window)
    assert "only be checked in on the day" in window.staff_desk.banner.text()
    assert window.services.store.get_appointment(later.appointment_id).status is (
        AppointmentStatus.BOOKED
    )


def test_a_walk_in_is_registered_and_booked_at_the_desk(qtbot, window):
    staff_member(window)
    log_in(qtbot, window, "desk@example.com")
    desk = window.staff_desk
    day = date.fromordinal(window.services.config.now().toordinal() + 3)
    open_desk_on(qtbot, window, "doc-007", day)
    desk.show_pane(1)  # when only one pane fits, the patient's
    click(qtbot, btn(desk, "newPatientButton"))
    qtbot.keyClicks(field(desk, "walkInName"), "Omar Haddad")
    qtbot.keyClicks(field(desk, "walkInEmail"), "omar@example.com")
    qtbot.keyClicks(field(desk, "walkInPhone"), "555 222 3333")
    click(qtbot, btn(desk, "registerWalkInButton"))
    wait_idle(qtbot, window)
    assert desk.patient_model.rowCount() == 1
    select_time(qtbot, window, "10:00")
    click(qtbot, btn(desk, "bookForPatientButton"))
    wait_idle(qtbot, window)

    omar = window.services.store.find_user_by_email("omar@example.com")
    booked = window.services.store.appointments_for_doctor_day("doc-007", day.isoformat())
    assert [(a.user_id, a.time) for a in booked] == [(omar.user_id, "10:00")]
    # The patient can be found again by phone, however it is typed.
    desk.patient_search.setText("(555) 222-3333")
    click(qtbot, btn(desk, "patientSearchButton"))
    wait_idle(qtbot, window)
    assert desk.patient_model.patient(0).user_id == omar.user_id


def test_only_admins_manage_doctors_and_a_day_off_shows_as_a_clash(qtbot, window):
    patient = register(window)
    staff_member(window)
    log_in(qtbot, window, "desk@example.com")
    assert not btn(window.staff_desk, "manageDoctorsButton").isVisible()
    click(qtbot, btn(window.staff_desk, "staffLogoutButton"))

    admin = staff_member(window, Role.ADMIN, "admin@example.com")
    day = date.fromordinal(window.services.config.now().toordinal() + 3)
    kept = window.services.staff.book_for(admin, patient.user.user_id, "doc-007", day, "11:00")
    log_in(qtbot, window, "admin@example.com")
    click(qtbot, btn(window.staff_desk, "manageDoctorsButton"))
    wait_idle(qtbot, window)
    editor = window.doctor_admin
    names = editor.names.stringList()
    editor.list.setCurrentIndex(
        editor.names.index(names.index("Dr. Hannah Weber · General Practice"))
    )
    assert field(editor, "doctorNameInput").text() == "Hannah Weber"
    field(editor, "doctorDaysOffInput").setText(day.isoformat())
    click(qtbot, btn(editor, "saveDoctorButton"))
    wait_idle(qtbot, window)
    assert "is saved" in editor.banner.text()
    assert window.services.store.get_doctor("doc-007").days_off == (day.isoformat(),)

    click(qtbot, btn(editor, "adminBackButton"))
    wait_idle(qtbot, window)
    open_desk_on(qtbot, window, "doc-007", day)
    desk = window.staff_desk
    clashes = [desk.day_model.row(r) for r in range(desk.day_model.rowCount())]
    assert [(r.time, r.appointment.appointment_id) for r in clashes if r.clash] == [
        ("11:00", kept.appointment_id)
    ]
    assert window.services.booking.availability("doc-007", day).closed_reason


def test_a_bad_time_is_flagged_at_its_field_and_nothing_is_saved(qtbot, window):
    staff_member(window, Role.ADMIN, "admin@example.com")
    log_in(qtbot, window, "admin@example.com")
    click(qtbot, btn(window.staff_desk, "manageDoctorsButton"))
    wait_idle(qtbot, window)
    editor = window.doctor_admin
    editor.list.setCurrentIndex(editor.names.index(0))
    before = window.services.store.list_doctors()
    field(editor, "doctorSlotsInput").setText("09:00, 9am")
    click(qtbot, btn(editor, "saveDoctorButton"))
    wait_idle(qtbot, window)
    assert "HH:MM" in text_of(editor, "doctorSlotsError")
    assert window.services.store.list_doctors() == before


@pytest.mark.parametrize("suffix", [*LOOKS, "-es"])
def test_desk_screens_render_readably(qtbot, window, tmp_path, suffix):
    window.resize(1280, 900)
    window.apply_look(LOOKS.get(suffix, LOOKS[""]))
    patient = register(window)
    admin = staff_member(window, Role.ADMIN, "admin@example.com")
    day = date.fromordinal(window.services.config.now().toordinal() + 3)
    window.services.staff.book_for(admin, patient.user.user_id, "doc-007", day, "11:00")
    if suffix == "-es":
        window.set_language("es")
    log_in(qtbot, window, "admin@example.com")
    open_desk_on(qtbot, window, "doc-007", day)
    select_time(qtbot, window, "11:00")
    shoot = make_shooter(qtbot, window, shot_dir(tmp_path), suffix)
    shoot("10-staff-desk")
    if suffix == "-es":
        desk = window.staff_desk
        assert btn(desk, "checkInButton").text() == "Ha llegado"
        assert btn(desk, "nextFreeButton").text() == "Próxima libre"  # desk_searches.py
        assert desk.date_input.text().startswith(("lun", "mar", "mié", "jue", "vie", "sáb", "dom"))
        # The doctor away that day: the reason (a code) and the clash, in Spanish too.
        weber = window.services.booking.doctor("doc-007")
        window.services.staff.save_doctor(admin, replace(weber, days_off=(day.isoformat(),)))
        desk.load_day()
        wait_idle(qtbot, window)
        assert desk.banner.text() == "Hannah Weber no está ese día. Elija otro día, por favor."
        rows = [desk.day_model.row(r) for r in range(desk.day_model.rowCount())]
        clash = next(r for r in rows if r.clash)
        assert desk.day_model.status_text(clash) == "Reservada · médico ausente: llame al paciente"
    click(qtbot, btn(window.staff_desk, "manageDoctorsButton"))
    wait_idle(qtbot, window)
    window.doctor_admin.list.setCurrentIndex(window.doctor_admin.names.index(0))
    shoot("11-doctor-admin")
    assert text_of(window.doctor_admin, "doctorAdminBanner") == ""
    if suffix == "-es":
        assert btn(window.doctor_admin, "saveDoctorButton").text() == "Guardar médico"
