"""Spanish for the patient flow: chosen at log-in, complete, and in step with the code."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QTranslator
from PySide6.QtWidgets import QPushButton

from care4u_desktop.domain import errors, rules
from care4u_desktop.domain.models import Doctor
from care4u_desktop.ui import i18n, slip
from care4u_desktop.ui.domain_text import known_text, message_text

from .support import (
    PASSWORD,
    btn,
    click,
    field,
    next_working_day,
    register,
    text_of,
    type_into,
    wait_idle,
)

#: Every context of the patient's screens (the staff desk's are translated separately).
PATIENT_CONTEXTS = {
    "AppointmentTableModel",
    "AppointmentsView",
    "BookingView",
    "ConfirmationPage",
    "DayPicker",
    "DisplayChoices",
    "DoctorTableModel",
    "DoctorsView",
    "DomainMessages",
    "Formatting",
    "IdlePrompt",
    "KioskExitView",
    "LoginView",
    "MainWindow",
    "SignupView",
    "Slip",
    "Specializations",
    "TaskRunner",
}


def unfinished(ts: Path) -> dict[str, list[str]]:
    """Context -> source texts with no translation yet."""
    missing: dict[str, list[str]] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            empty = not (translation.text or "").strip() and not any(
                (form.text or "").strip() for form in translation.iter("numerusform")
            )
            if translation.get("type") in ("unfinished", "vanished", "obsolete") or empty:
                missing.setdefault(name, []).append(message.findtext("source") or "")
    return missing


def choose_spanish(qtbot, window) -> None:
    combo = window.login.choices.language
    combo.setFocus()
    combo.setCurrentIndex(combo.findData("es"))


def test_the_spanish_catalogue_covers_every_patient_screen():
    missing = unfinished(i18n.ts_path("es"))
    assert not {c: m for c, m in missing.items() if c in PATIENT_CONTEXTS}


def test_the_catalogues_are_in_step_with_the_code(tmp_path):
    """lupdate over today's code finds nothing new to translate for the patient."""
    for code in ("en", "es"):
        shutil.copy(i18n.ts_path(code), tmp_path)
    i18n.update_sources(["en", "es"], ts_dir=tmp_path)
    missing = unfinished(tmp_path / "care4u_es.ts")
    assert not {c: m for c, m in missing.items() if c in PATIENT_CONTEXTS}
    assert not unfinished(tmp_path / "care4u_en.ts")  # English plural forms


def test_the_catalogues_compile_and_load():
    for path in i18n.compile_all():
        assert QTranslator().load(str(path)), path


def test_every_domain_message_reads_in_spanish(qtbot, window):
    window.set_language("es")
    classes = [errors.DomainError, *_subclasses(errors.DomainError)]
    for cls in classes:
        if cls.__module__ != errors.__name__ and cls is not slip.PrintFailed:
            continue  # an error some other layer defines for its own screens
        if cls is errors.ValidationErrors:
            continue
        text = known_text(cls.default_message)
        assert text is not None and text != cls.default_message, cls.__name__
    doctor = Doctor("d", "Amina Okafor", "Dermatology", ("09:00",), (1, 3, 5))
    now = datetime(2026, 3, 16, 12, 0).astimezone()
    produced = [
        _message(lambda: rules.validate_email("")),
        _message(lambda: rules.validate_email("maria-at-example")),
        _message(lambda: rules.validate_name("")),
        _message(lambda: rules.validate_name("R2D2")),
        _message(lambda: rules.validate_name("Ada\u200bLovelace")),
        _message(lambda: rules.validate_email("alice\u200b@example.com")),
        _message(lambda: rules.validate_phone("")),
        _message(lambda: rules.validate_phone("12ab")),
        _message(lambda: rules.validate_phone("123")),
        _message(lambda: rules.validate_password("short")),
        _message(lambda: rules.validate_password("long enough", "different")),
        _message(lambda: rules.validate_time("9.30")),
        _message(lambda: rules.parse_date("16/03/2026")),
        rules.closed_reason(doctor, date(2026, 3, 1), now, 60),
        rules.closed_reason(doctor, date(2026, 9, 1), now, 60),
        rules.closed_reason(doctor, date(2026, 3, 17), now, 60),
        _message(lambda: rules.check_bookable(doctor, date(2026, 3, 18), "10:00", now, 60)),
        _message(lambda: rules.check_bookable(doctor, date(2026, 3, 16), "09:00", now, 60)),
    ]
    for english in produced:
        spanish = message_text(english)
        assert known_text(english) is not None, english
        assert spanish != english, english
    assert message_text(produced[15]) == "Amina Okafor no atiende pacientes los martes."


def test_an_unknown_message_falls_back_to_its_class_in_spanish(qtbot, window):
    error = errors.ServiceUnavailable("Connection reset by peer (db-7)")
    assert message_text(error.message, type(error)) == error.message  # English: as written
    window.set_language("es")
    assert message_text(error.message, type(error)).startswith("El sistema de citas no responde")


def test_login_and_booking_in_spanish(qtbot, window):
    session = register(window)
    choose_spanish(qtbot, window)
    login = window.login
    assert login.title.text() == "Bienvenido a Care4U"
    assert btn(login, "loginButton").text() == "Iniciar sesión"
    assert btn(login, "goToSignupButton").text() == "Crear una cuenta"
    assert btn(login, "loginButton").accessibleDescription().startswith("Iniciar sesión con")
    assert login.email.input.placeholderText() == "nombre@ejemplo.com"

    click(qtbot, btn(login, "loginButton"))  # empty: both fields flagged, in Spanish
    assert text_of(login, "emailError") == "Escriba su correo electrónico, por favor."
    type_into(qtbot, field(login, "emailInput"), "maria@example.com")
    type_into(qtbot, field(login, "passwordInput"), "not my password")
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        click(qtbot, btn(login, "loginButton"))
    assert text_of(login, "loginError").startswith("El correo y la contraseña no coinciden")

    type_into(qtbot, field(login, "passwordInput"), PASSWORD)
    with qtbot.waitSignal(login.logged_in, timeout=10_000):
        click(qtbot, btn(login, "loginButton"))
    wait_idle(qtbot, window)  # the doctors' load; the log-in's own "finished" may come first
    doctors = window.doctors
    assert doctors.greeting.text() == "Hola, Maria"
    assert doctors.model.headerData(1, _horizontal()) == "Especialidad"
    assert doctors.filter.itemText(0) == "Todas las especialidades"
    cardiology = [doctors.proxy.index(r, 1).data() for r in range(doctors.proxy.rowCount())]
    assert "Cardiología" in cardiology
    qtbot.keyClicks(field(doctors, "doctorSearch"), "cardiolog")  # the Spanish word finds too
    assert doctors.proxy.rowCount() >= 1

    sarah = window.services.store.get_doctor("doc-001")
    day = next_working_day(sarah, after_days=2)
    other = register(window, "other@example.com", "Omar Haddad")
    window.services.booking.book(other.user, "doc-001", day, "11:00")
    field(doctors, "doctorSearch").clear()
    qtbot.keyClicks(field(doctors, "doctorSearch"), "Sarah")
    doctors.table.selectRow(0)
    assert btn(doctors, "bookButton").text() == "Reservar con Dr. Sarah Johnson"
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        click(qtbot, btn(doctors, "bookButton"))
    booking = window.booking
    if booking.calendar.selectedDate() != QDate(day):
        with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
            booking.calendar.setSelectedDate(QDate(day))
    assert text_of(booking, "dayTitle").startswith("Horas del ")
    assert "Ocupada" in btn(booking, "slot-11:00").text()
    assert btn(booking, "slot-11:00").accessibleName() == "11:00, ocupada"
    assert btn(booking, "confirmBookingButton").text() == "Confirmar la cita"
    click(qtbot, booking.findChild(QPushButton, "slot-10:00"))
    assert text_of(booking, "bookingSummary").endswith("a las 10:00")

    # Someone else takes the time first: the refusal is in Spanish too.
    window.services.booking.book(other.user, "doc-001", day, "10:00")
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        click(qtbot, btn(booking, "confirmBookingButton"))
    assert booking.banner.text() == "Alguien acaba de reservar esta hora. Elija otra, por favor."
    wait_all(qtbot, window)
    click(qtbot, booking.findChild(QPushButton, "slot-14:00"))
    with qtbot.waitSignal(booking.booked, timeout=10_000):
        click(qtbot, btn(booking, "confirmBookingButton"))
    confirmation = booking.confirmation
    assert confirmation.heading.text() == "Su cita está reservada"
    assert "Cardiología" in text_of(booking, "appointmentDetails")
    assert btn(booking, "printSlipButton").text() == "Imprimir comprobante"
    assert btn(booking, "doneButton").text() == "Listo"
    assert session.user.name == "Maria Garcia"


def wait_all(qtbot, window) -> None:
    from .support import wait_idle

    wait_idle(qtbot, window)


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def _message(call) -> str:
    with pytest.raises(errors.DomainError) as caught:
        call()
    return caught.value.message
