"""The reception desk and the kiosk's own screens on ``--backend api``: staff need a desk
device, the Staff exit asks the server (``POST /v1/kiosk/unlock``), and an idle kiosk's
log-out ends the session on the server too."""

from __future__ import annotations

from PySide6.QtCore import Qt

from care4u_desktop.domain.models import Role
from care4u_desktop.services.accounts import Session
from tests.server.support import audit_actions, enrol

from ..support import btn, click, field, text_of, wait_idle
from ..test_kiosk import release_the_clock, try_exit
from ..test_staff_desk import open_desk_on, select_time
from .support import (
    STAFF_EMAIL,
    log_in_as,
    open_window,
    patient_through_the_api,
    staff_account,
    stored_appointments,
    tomorrow,
)

DOCTOR = "doc-every"


def test_staff_at_a_desk_device_see_the_day_and_book_a_walk_in(
    qtbot, start_window, monkeypatch, data_dir, server
):
    desk_token = enrol(server, "desk")
    window = open_window(start_window, monkeypatch, server, data_dir, desk_token)
    kiosk = enrol(server, "kiosk")
    maria = patient_through_the_api(server, kiosk, "maria@example.com", "Maria Garcia")
    day = tomorrow()
    with server.client(kiosk, maria) as http:  # booked at a kiosk (its session is bound there)
        http.post(
            "/v1/appointments", json={"doctor_id": DOCTOR, "date": day.isoformat(), "time": "09:00"}
        )
    staff_account(server)

    log_in_as(qtbot, window, STAFF_EMAIL)
    assert window.current_view() is window.staff_desk
    desk = window.staff_desk
    open_desk_on(qtbot, window, DOCTOR, day)
    select_time(qtbot, window, "09:00")
    assert desk.day_model.index(desk.day_table.currentIndex().row(), 1).data() == "Maria Garcia"
    click(qtbot, btn(desk, "checkInButton"))  # tomorrow: the server's rule refuses it
    wait_idle(qtbot, window)
    assert "only be checked in on the day" in desk.banner.text()
    assert not btn(desk, "noShowButton").isEnabled()  # before its start time

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

    omar = server.services().store.find_user_by_email("omar@example.com")
    booked = {a.time: a.user_id for a in stored_appointments(server, DOCTOR, day)}
    assert booked["10:00"] == omar.user_id


def test_next_free_and_a_confirmed_cancel_over_the_api(
    qtbot, start_window, monkeypatch, data_dir, server
):
    """Sarah Johnson (doc-every) is the server's one cardiologist: "Next free" asks the
    server once and shows her first free time; a cancel waits for its confirmation."""
    window = open_window(start_window, monkeypatch, server, data_dir, enrol(server, "desk"))
    kiosk = enrol(server, "kiosk")
    maria = patient_through_the_api(server, kiosk, "maria@example.com", "Maria Garcia")
    day = tomorrow()
    with server.client(kiosk, maria) as http:
        http.post(
            "/v1/appointments", json={"doctor_id": DOCTOR, "date": day.isoformat(), "time": "09:00"}
        )
    staff_account(server)
    log_in_as(qtbot, window, STAFF_EMAIL)
    desk = window.staff_desk
    open_desk_on(qtbot, window, DOCTOR, day)
    services = server.services()  # the same store as the server's, in this process
    expected = services.staff.next_free(
        Session(services.accounts.find_by_email(STAFF_EMAIL)), "Cardiology"
    )

    click(qtbot, btn(desk, "nextFreeButton"))
    wait_idle(qtbot, window)

    assert expected is not None
    assert (desk.selected_day(), desk.selected_row().time) == (expected.day, expected.time)
    assert desk.selected_row().state == "free"
    open_desk_on(qtbot, window, DOCTOR, day)
    select_time(qtbot, window, "09:00")
    click(qtbot, btn(desk, "staffCancelButton"))
    assert [a.status.value for a in stored_appointments(server, DOCTOR, day)] == ["booked"]
    qtbot.keyClick(btn(desk, "confirmActionButton"), Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert [a.status.value for a in stored_appointments(server, DOCTOR, day)] == ["cancelled"]


def test_a_staff_log_in_on_a_kiosk_device_is_refused(qtbot, api_window, server):
    staff_account(server)
    log_in_as(qtbot, api_window, STAFF_EMAIL)
    assert api_window.current_view() is api_window.login
    assert text_of(api_window.login, "loginError") == "This can only be done at a reception desk."
    assert api_window.session is None


def kiosk_on_the_api(start_window, monkeypatch, server, data_dir, config_file):
    config_file("idle_seconds = 1\nidle_countdown_seconds = 2\nconfirmation_seconds = 2\n")
    window = open_window(
        start_window, monkeypatch, server, data_dir, enrol(server, "kiosk"), "--kiosk"
    )
    window.kiosk.idle_timer.setInterval(600_000)  # held until the test lets it run
    window.kiosk.idle_timer.start()
    return window


def test_the_staff_exit_asks_the_server(
    qtbot, start_window, monkeypatch, data_dir, config_file, server
):
    window = kiosk_on_the_api(start_window, monkeypatch, server, data_dir, config_file)
    staff_account(server)
    click(qtbot, btn(window, "staffExitButton"))
    exit_view = window.kiosk_exit

    try_exit(qtbot, window, STAFF_EMAIL, "not the password")
    assert exit_view.error.text() == "That email and password do not match. Please try again."
    assert window.close() is False and window.isVisible()
    # This kiosk waits before the next try, as in process (and the server makes this
    # device wait too): on the real clock, the server's being a real process.
    button = btn(exit_view, "exitKioskButton")
    qtbot.waitUntil(lambda: not button.isEnabled(), timeout=2_000)
    assert exit_view.wait_note.isVisible()
    qtbot.waitUntil(button.isEnabled, timeout=5_000)
    with qtbot.waitSignal(exit_view.exit_unlocked, timeout=10_000):
        try_exit(qtbot, window, STAFF_EMAIL, "correct horse 1")
    assert window.exit_allowed and not window.isVisible()
    actions = [action for action, _device, _outcome in audit_actions(server)]
    assert actions[-2:] == ["kiosk_unlock_failed", "kiosk_unlock"]


def test_an_idle_kiosk_logs_out_and_its_server_session_ends(
    qtbot, start_window, monkeypatch, data_dir, config_file, server
):
    window = kiosk_on_the_api(start_window, monkeypatch, server, data_dir, config_file)
    kiosk = window.services.config.device_token
    patient_through_the_api(server, kiosk, "maria@example.com", "Maria Garcia")
    log_in_as(qtbot, window, "maria@example.com")
    token = window.session.token
    release_the_clock(window)
    with qtbot.waitSignal(window.kiosk.idle_logged_out, timeout=10_000):
        pass
    assert window.current_view() is window.login and window.session is None
    wait_idle(qtbot, window)
    with server.client(kiosk, token) as http:
        answer = http.get("/v1/me/appointments")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "session_ended"
    window.exit_allowed = True


def test_an_admin_saves_a_day_off_through_the_api_and_the_desk_shows_the_clash(
    qtbot, start_window, monkeypatch, data_dir, server
):
    desk_token = enrol(server, "desk")
    window = open_window(start_window, monkeypatch, server, data_dir, desk_token)
    kiosk = enrol(server, "kiosk")
    maria = patient_through_the_api(server, kiosk, "maria@example.com", "Maria Garcia")
    day = tomorrow()
    with server.client(kiosk, maria) as http:
        kept = http.post(
            "/v1/appointments", json={"doctor_id": DOCTOR, "date": day.isoformat(), "time": "11:00"}
        ).json()
    staff_account(server, Role.ADMIN)
    log_in_as(qtbot, window, STAFF_EMAIL)
    click(qtbot, btn(window.staff_desk, "manageDoctorsButton"))
    wait_idle(qtbot, window)
    editor = window.doctor_admin
    names = editor.names.stringList()
    editor.list.setCurrentIndex(editor.names.index(names.index("Dr. Sarah Johnson · Cardiology")))
    field(editor, "doctorDaysOffInput").setText(day.isoformat())
    click(qtbot, btn(editor, "saveDoctorButton"))
    wait_idle(qtbot, window)
    assert "is saved" in editor.banner.text()
    assert server.services().store.get_doctor(DOCTOR).days_off == (day.isoformat(),)

    click(qtbot, btn(editor, "adminBackButton"))
    wait_idle(qtbot, window)
    open_desk_on(qtbot, window, DOCTOR, day)
    desk = window.staff_desk
    rows = [desk.day_model.row(r) for r in range(desk.day_model.rowCount())]
    assert [(r.time, r.appointment.appointment_id) for r in rows if r.clash] == [
        ("11:00", kept["appointment_id"])
    ]
