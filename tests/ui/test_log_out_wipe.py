"""A log-out wipes for real: the next person at the kiosk finds nothing of the one before.

Not by undo or redo in any field, not on the clipboard (nor X11's selection), not in a
hidden label, tooltip, list, table or selection. On a kiosk, fields have no context menu
and take no drag and drop. Each test plays the attack: a patient (or the desk) types and
copies, logs out by hand or by walking away, and the next person digs.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLabel, QLineEdit

from care4u_desktop.domain.models import Role

from .support import PASSWORD, btn, click, field, type_into, wait_idle
from .test_kiosk import book_through_the_screens, release_the_clock
from .wipe_checks import (
    CTRL,
    clipboard_texts,
    fields,
    selections,
    traces_of,
    undo_everywhere,
)

NAME, EMAIL, PHONE = "Lucia Fernandez", "lucia@example.com", "555 987 6543"
SEARCH = "cardiolog"
WALK_IN = ("Omar Haddad", "omar@example.com", "555 222 3333")


def copy_all(qtbot, edit: QLineEdit) -> None:
    """Select the field's text and press Ctrl+C, as a patient would."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(edit, Qt.Key.Key_C, CTRL)


def sign_up_through_the_screens(qtbot, window) -> None:
    click(qtbot, btn(window.login, "goToSignupButton"))
    signup = window.signup
    for name, text in (
        ("nameInput", NAME),
        ("emailInput", EMAIL),
        ("phoneInput", PHONE),
        ("passwordInput", PASSWORD),
        ("confirmPasswordInput", PASSWORD),
    ):
        type_into(qtbot, field(signup, name), text)
    copy_all(qtbot, field(signup, "emailInput"))
    assert QGuiApplication.clipboard().text() == EMAIL  # the attack's premise
    with qtbot.waitSignal(signup.signed_up, timeout=10_000):
        click(qtbot, btn(signup, "signupButton"))
    wait_idle(qtbot, window)


def a_patient_s_whole_visit(qtbot, window) -> tuple[str, str]:
    """Sign up, search, book, look at the appointments and start cancelling one; the
    appointment's number and its day and time."""
    # Typed on the log-in screen first, then the patient thinks better of it.
    type_into(qtbot, field(window.login, "emailInput"), EMAIL)
    sign_up_through_the_screens(qtbot, window)
    type_into(qtbot, field(window.doctors, "doctorSearch"), SEARCH)
    field(window.doctors, "doctorSearch").clear()
    book_through_the_screens(qtbot, window)
    number = window.booking.appointment_id.text()
    when = window.booking.details.phrases[-1]  # the day and time booked
    click(qtbot, btn(window.booking, "viewAppointmentsButton"))
    wait_idle(qtbot, window)  # the list loaded: a row chosen before would be chosen again
    appointments = window.appointments
    appointments.table.selectRow(0)
    click(qtbot, btn(appointments, "cancelAppointmentButton"))
    return number, when


def what_is_left(qtbot, window, *secrets: str, clipboard: bool = True) -> None:
    """The next person's digging: undo and redo everywhere, then read everything."""
    assert window.current_view() is window.login
    assert undo_everywhere(qtbot, window) == {}, "undo or redo brought a field's text back"
    left = traces_of(window, *secrets)
    if not clipboard:
        left = [(where, text) for where, text in left if not where.startswith("the ")]
    assert left == [], "the previous person can still be read"
    assert selections(window) == []


@pytest.mark.parametrize("how", ["log-out button", "idle log-out"])
def test_nothing_of_a_patient_survives_their_log_out(qtbot, kiosk_window, how):
    window = kiosk_window
    number, when = a_patient_s_whole_visit(qtbot, window)
    if how == "idle log-out":
        release_the_clock(window)
        with qtbot.waitSignal(window.kiosk.idle_logged_out, timeout=8_000):
            pass
    else:
        click(qtbot, btn(window.appointments, "appointmentsLogoutButton"))
    # (The search typed is checked by the undo; as a text it would match the doctors' list.)
    what_is_left(qtbot, window, NAME, "Lucia", "Fernandez", EMAIL, PHONE, PASSWORD, number, when)


def test_an_emptied_field_with_a_history_is_still_wiped_when_idle(qtbot, kiosk_window):
    window = kiosk_window
    email = field(window.login, "emailInput")
    type_into(qtbot, email, EMAIL)
    qtbot.keyClick(email, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(email, Qt.Key.Key_Backspace)
    assert email.text() == ""  # nothing on screen, but Ctrl+Z would bring it back
    release_the_clock(window)
    with qtbot.waitSignal(window.kiosk.idle_logged_out, timeout=8_000):
        pass
    what_is_left(qtbot, window, EMAIL)


def test_a_copied_text_left_on_the_clipboard_is_wiped_when_idle(qtbot, kiosk_window):
    window = kiosk_window
    email = field(window.login, "emailInput")
    type_into(qtbot, email, EMAIL)
    copy_all(qtbot, email)
    email.setText("")  # typed over: only the clipboard holds it now
    assert QGuiApplication.clipboard().text() == EMAIL
    release_the_clock(window)
    with qtbot.waitSignal(window.kiosk.idle_logged_out, timeout=8_000):
        pass
    assert clipboard_texts() == dict.fromkeys(clipboard_texts(), "")


def test_nothing_of_the_desk_s_patients_survives_a_staff_log_out(qtbot, window):
    window.services.accounts.sign_up(NAME, EMAIL, PHONE, PASSWORD, PASSWORD)
    window.services.accounts.sign_up(
        "Rita Desk", "desk@example.com", "555 010 2030", PASSWORD, PASSWORD, role=Role.STAFF
    )
    type_into(qtbot, field(window.login, "emailInput"), "desk@example.com")
    type_into(qtbot, field(window.login, "passwordInput"), PASSWORD)
    with qtbot.waitSignal(window.login.logged_in, timeout=10_000):
        click(qtbot, btn(window.login, "loginButton"))
    wait_idle(qtbot, window)
    desk = window.staff_desk
    type_into(qtbot, field(desk, "patientSearch"), EMAIL)
    click(qtbot, btn(desk, "patientSearchButton"))
    wait_idle(qtbot, window)
    assert desk.patient_model.rowCount() == 1
    copy_all(qtbot, field(desk, "patientSearch"))
    click(qtbot, btn(desk, "newPatientButton"))  # the walk-in form
    for name, text in zip(("walkInName", "walkInEmail", "walkInPhone"), WALK_IN, strict=True):
        type_into(qtbot, field(desk, name), text)
    click(qtbot, btn(desk, "registerWalkInButton"))
    wait_idle(qtbot, window)
    assert "Omar Haddad is registered" in desk.banner.text()

    click(qtbot, btn(desk, "staffLogoutButton"))
    # A desk wipes only a clipboard the app owns, and the offscreen platform never says it
    # does: test_clipboard_x11 checks a real X clipboard and selection, at a desk too.
    what_is_left(
        qtbot, window, NAME, EMAIL, PHONE, *WALK_IN, "Rita", "desk@example.com", clipboard=False
    )


def test_a_desk_log_out_leaves_another_program_s_clipboard_alone(qtbot, window):
    """The receptionist's other programs share the clipboard; what they copied is theirs.
    (Offscreen, the app never owns the clipboard: this text stands for another program's.)"""
    window.services.accounts.sign_up(
        "Rita Desk", "desk@example.com", "555 010 2030", PASSWORD, PASSWORD, role=Role.STAFF
    )
    QGuiApplication.clipboard().setText("a note from the email program")
    type_into(qtbot, field(window.login, "emailInput"), "desk@example.com")
    type_into(qtbot, field(window.login, "passwordInput"), PASSWORD)
    with qtbot.waitSignal(window.login.logged_in, timeout=10_000):
        click(qtbot, btn(window.login, "loginButton"))
    wait_idle(qtbot, window)
    click(qtbot, btn(window.staff_desk, "staffLogoutButton"))
    assert QGuiApplication.clipboard().text() == "a note from the email program"


def every_view(window) -> None:
    """Build every view a kiosk can show (they are built on first use)."""
    for view in (window.signup, window.doctors, window.booking, window.appointments):
        assert view is not None
    assert window.kiosk_exit is not None
    window._desk()


def test_kiosk_fields_have_no_context_menu_and_take_no_drops(qtbot, kiosk_window):
    window = kiosk_window
    every_view(window)
    edits = fields(window)
    assert len(edits) >= 14  # log-in 2, sign-up 5, doctors 1, exit 2, desk 4
    for edit in edits:
        assert edit.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu, edit.objectName()
        assert not edit.dragEnabled(), edit.objectName()
        assert not edit.acceptDrops(), edit.objectName()
    for box in window.findChildren(QAbstractSpinBox):  # the desk's date box
        assert box.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
        assert not box.acceptDrops()
    for text in window.findChildren(QLabel):  # a selectable label has a Copy menu
        if text.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse:
            assert text.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu

    # And a right click on the log-in screen's email field opens nothing.
    email = field(window.login, "emailInput")
    type_into(qtbot, email, "lucia@exa")
    qtbot.mouseClick(email, Qt.MouseButton.RightButton, pos=QPoint(10, 10))
    popup = QApplication.activePopupWidget()
    if popup is not None:
        popup.close()
    assert popup is None, "a context menu opened"


def test_a_staff_desk_keeps_its_fields_context_menu(qtbot, window):
    """Off a kiosk, fields are ordinary: staff copy and paste an email at the desk."""
    email = field(window.login, "emailInput")
    assert email.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu
    assert email.acceptDrops()
