"""Helpers for driving the real window the way a patient would."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from care4u_desktop.domain.models import Doctor
from care4u_desktop.services.accounts import Session

PASSWORD = "correct horse 1"


def next_working_day(doctor: Doctor, after_days: int = 1) -> date:
    """A day the doctor works, far enough ahead that every slot is in the future."""
    day = date.today() + timedelta(days=after_days)
    while not doctor.works_on(day):
        day += timedelta(days=1)
    return day


def find(parent: QWidget, kind: type, name: str) -> Any:
    widget = parent.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name!r}"
    return widget


def field(view: QWidget, name: str) -> QLineEdit:
    return find(view, QLineEdit, name)  # type: ignore[no-any-return]


def btn(view: QWidget, name: str) -> QPushButton:
    return find(view, QPushButton, name)  # type: ignore[no-any-return]


def text_of(view: QWidget, name: str) -> str:
    return str(find(view, QLabel, name).text())


def type_into(qtbot: Any, line_edit: QLineEdit, text: str) -> None:
    line_edit.setFocus()
    qtbot.keyClicks(line_edit, text)


def click(qtbot: Any, button: QPushButton) -> None:
    assert button.isVisible(), f"{button.objectName()} is not on screen"
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def register(window: Any, email: str = "maria@example.com", name: str = "Maria Garcia") -> Session:
    result = window.services.accounts.sign_up(name, email, "555 123 4567", PASSWORD, PASSWORD)
    return result.session  # type: ignore[no-any-return]


def log_in(qtbot: Any, window: Any, email: str = "maria@example.com") -> None:
    login = window.login
    type_into(qtbot, field(login, "emailInput"), email)
    type_into(qtbot, field(login, "passwordInput"), PASSWORD)
    with qtbot.waitSignal(login.logged_in, timeout=10_000):
        click(qtbot, btn(login, "loginButton"))
    wait_idle(qtbot, window)


def wait_idle(qtbot: Any, window: Any) -> None:
    """Wait, by signal, until no service call is in flight."""
    while window.runner.pending:
        with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
            pass
