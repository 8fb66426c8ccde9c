"""The objectNames kiosk QA scripts rely on (listed in docs/automation.md) stay put."""

from __future__ import annotations

from PySide6.QtWidgets import QCalendarWidget, QLabel, QLineEdit, QPushButton, QTableView, QWidget

NAMES = {
    "loginView": {
        QLineEdit: ["emailInput", "passwordInput"],
        QPushButton: ["loginButton", "goToSignupButton"],
        QLabel: ["loginError"],
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
        QCalendarWidget: ["dateInput"],
        QPushButton: ["confirmBookingButton", "backButton"],
        QLabel: ["appointmentId"],
    },
    "appointmentsView": {
        QTableView: ["appointmentList"],
        QPushButton: ["cancelAppointmentButton"],
    },
}


def test_every_documented_name_is_on_the_right_kind_of_widget(window):
    for view_name, kinds in NAMES.items():
        view = window.findChild(QWidget, view_name)
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
