"""The objectNames kiosk QA scripts rely on (listed in docs/automation.md) stay put."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

NAMES = {
    "mainWindow": {
        QPushButton: ["staffExitButton"],
        QLabel: ["currentUser"],
    },
    "loginView": {
        QLineEdit: ["emailInput", "passwordInput"],
        QPushButton: [
            "loginButton",
            "goToSignupButton",
            "textSizeNormal",
            "textSizeLarge",
            "textSizeExtraLarge",
            "highContrastToggle",
        ],
        QLabel: ["loginError", "loginBanner"],
        QFrame: ["preferencesBar", "textSizeSelector"],
        QComboBox: ["languageSelector"],
    },
    "signupView": {
        QLineEdit: [
            "nameInput",
            "emailInput",
            "phoneInput",
            "passwordInput",
            "confirmPasswordInput",
        ],
        QPushButton: ["signupButton", "backToLoginButton"],
    },
    "doctorsView": {
        QLineEdit: ["doctorSearch"],
        QWidget: ["specializationFilter"],
        QTableView: ["doctorList"],
        QPushButton: ["bookButton", "myAppointmentsButton", "logoutButton"],
    },
    "bookingView": {
        QWidget: ["dateInput"],
        QPushButton: [
            "previousPageButton",
            "nextPageButton",
            "confirmBookingButton",
            "backButton",
            "doneButton",
            "viewAppointmentsButton",
            "printSlipButton",
            "saveSlipButton",
        ],
        QLabel: [
            "appointmentId",
            "appointmentDetails",
            "bookingSummary",
            "slipStatus",
            "confirmationCountdown",
        ],
    },
    "appointmentsView": {
        QTableView: ["appointmentList"],
        QPushButton: ["cancelAppointmentButton"],
    },
    "idlePrompt": {
        QLabel: ["idleTitle", "idleMessage", "idleCountdown"],
        QPushButton: ["stillHereButton", "idleLogoutButton"],
    },
    "kioskExitView": {
        QLineEdit: ["staffEmailInput", "staffPasswordInput"],
        QPushButton: ["exitKioskButton", "cancelExitButton"],
        QLabel: ["kioskExitError", "kioskExitWait"],
    },
}


#: The window's attribute that builds each view on first use (docs/automation.md).
BUILT_ON_FIRST_USE = {
    "signupView": "signup",
    "doctorsView": "doctors",
    "bookingView": "booking",
    "appointmentsView": "appointments",
    "idlePrompt": "idle_prompt",
    "kioskExitView": "kiosk_exit",
}


def test_only_the_login_view_is_built_at_start_up(window):
    for view_name in BUILT_ON_FIRST_USE:
        assert window.findChild(QWidget, view_name) is None, view_name
    assert window.findChild(QWidget, "loginView") is window.current_view()


def test_every_documented_name_is_on_the_right_kind_of_widget(window):
    for attribute in BUILT_ON_FIRST_USE.values():
        getattr(window, attribute)
    for view_name, kinds in NAMES.items():
        found = window.findChild(QWidget, view_name)
        view = window if view_name == window.objectName() else found
        assert view is not None, view_name
        for kind, names in kinds.items():
            for name in names:
                assert view.findChild(kind, name) is not None, f"{view_name}/{name}"


def test_the_documentation_lists_every_name():
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "automation.md").read_text(encoding="utf-8")
    for view_name, kinds in NAMES.items():
        assert f"`{view_name}`" in doc
        for names in kinds.values():
            for name in names:
                assert f"`{name}`" in doc, name
