"""Spanish for every screen: chosen at log-in, complete, in step with the code; and every
error code has its words in English, in Spanish and for the CLI."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QTranslator
from PySide6.QtWidgets import QPushButton

from care4u_desktop.domain import english, errors, rules
from care4u_desktop.domain.models import Doctor
from care4u_desktop.ui import i18n, slip
from care4u_desktop.ui.domain_text import code_text, error_text, reason_text

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

SPANISH_WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


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


def test_the_spanish_catalogue_is_finished_in_every_context():
    """Patient screens, the reception desk, the doctor editor, the tables: all Spanish."""
    assert not unfinished(i18n.ts_path("es"))


def test_the_catalogues_are_in_step_with_the_code(tmp_path):
    """lupdate over today's code finds nothing new to translate, in any context."""
    for code in ("en", "es"):
        shutil.copy(i18n.ts_path(code), tmp_path)
    i18n.update_sources(["en", "es"], ts_dir=tmp_path)
    assert not unfinished(tmp_path / "care4u_es.ts")
    assert not unfinished(tmp_path / "care4u_en.ts")  # English plural forms


def test_the_catalogues_compile_and_load():
    for path in i18n.compile_all():
        assert QTranslator().load(str(path)), path


#: Parameters for the codes whose words name a value (the rest take none).
SAMPLE_PARAMS: dict[str, dict[str, str | int | date]] = {
    "password_too_short": {"min_length": 8},
    "doctor_record_missing": {"key": "name"},
    "no_such_time": {"doctor": "Amina Okafor", "time": "10:00"},
    "no_show_before_start": {"time": "11:00", "day": date(2026, 3, 17)},
    "day_passed": {"day": date(2026, 3, 1)},
    "beyond_horizon": {"days": 60},
    "doctor_away": {"doctor": "Amina Okafor", "day": date(2026, 3, 17)},
    "not_working_day": {"doctor": "Amina Okafor", "day": date(2026, 3, 17)},
    "data_dir_unusable": {"path": "/srv/care4u", "reason": "Permission denied"},
    "store_too_new": {"version": 9},
    "backend_failed": {"detail": "Could not read table care4u-users (AccessDenied)"},
    "try_again_later": {"seconds": 3},
}


def every_code() -> dict[str, type[errors.DomainError]]:
    assert slip.PrintFailed  # the UI's own errors are defined (imported) too
    return errors.all_codes()


def test_every_error_code_has_english_spanish_and_cli_words(qtbot, window):
    """Walks every DomainError subclass (and the closed-day reasons): each code has CLI
    words (the English table), UI words in English and, different, in Spanish."""
    codes = every_code()
    assert set(errors.CLOSED_DAY_CODES) <= set(codes)
    assert len(codes) >= 60, sorted(codes)
    english_ui: dict[str, str] = {}
    for code in codes:
        params = SAMPLE_PARAMS.get(code, {})
        assert code in english.ENGLISH, f"{code}: no CLI words"
        cli = english.english(code, params)
        assert cli and "{" not in cli, code
        text = code_text(code, params)
        assert text is not None, f"{code}: no UI words"
        assert "%" not in text and "(s)" not in text, code  # plural forms chosen
        english_ui[code] = text
    window.set_language("es")
    for code in codes:
        spanish = code_text(code, SAMPLE_PARAMS.get(code, {}))
        assert spanish and "%" not in spanish, code
        assert spanish != english_ui[code], f"{code}: no Spanish words"
    assert code_text("not_working_day", SAMPLE_PARAMS["not_working_day"]) == (
        "Amina Okafor no atiende pacientes los martes."
    )
    assert code_text("beyond_horizon", {"days": 1}).endswith("hasta 1 día de antelación.")
    assert code_text("beyond_horizon", {"days": 60}).endswith("hasta 60 días de antelación.")


def test_the_words_come_from_the_code_not_from_the_message(qtbot, window):
    """The UI reads the code and its parameters: a message is never parsed (no regex over
    it, no lookup by its English words), so the English may change freely."""
    for module in ("ui/domain_text.py", "cli/errors.py"):
        source = (Path(errors.__file__).parents[1] / module).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import re\b|from re import)", source, re.M), module
        # A DomainError's or a Reason's English words: read only by the English table.
        assert not re.search(r"\b(error|exc|e|reason|r)\.message\b", source), module
    error = errors.StatusChangeRefused("check_in_on_the_day")
    assert error_text(error) == "A patient can only be checked in on the day."
    window.set_language("es")
    assert (
        error_text(error)
        == "La llegada de un paciente solo se puede registrar el mismo día de la cita."
    )
    # An operator's detail (a table, an AWS error code) is for the CLI; a patient reads
    # that the system is not responding.
    detailed = errors.ServiceUnavailable("backend_failed", detail="Connection reset (db-7)")
    assert detailed.message == "Connection reset (db-7)"
    assert error_text(detailed).startswith("El sistema de citas no responde")


def test_produced_errors_read_in_spanish(qtbot, window):
    """What the rules really raise, shown in Spanish by its code."""
    window.set_language("es")
    doctor = Doctor("d", "Amina Okafor", "Dermatology", ("09:00",), (1, 3, 5))
    now = datetime(2026, 3, 16, 12, 0).astimezone()
    produced = [
        _error(lambda: rules.validate_email("")),
        _error(lambda: rules.validate_email("maria-at-example")),
        _error(lambda: rules.validate_name("")),
        _error(lambda: rules.validate_name("R2D2")),
        _error(lambda: rules.validate_name("Ada\u200bLovelace")),
        _error(lambda: rules.validate_email("alice\u200b@example.com")),
        _error(lambda: rules.validate_phone("")),
        _error(lambda: rules.validate_phone("12ab")),
        _error(lambda: rules.validate_phone("123")),
        _error(lambda: rules.validate_password("short")),
        _error(lambda: rules.validate_password("long enough", "different")),
        _error(lambda: rules.validate_time("9.30")),
        _error(lambda: rules.parse_date("16/03/2026")),
        _error(lambda: rules.check_bookable(doctor, date(2026, 3, 1), "09:00", now, 60)),
        _error(lambda: rules.check_bookable(doctor, date(2026, 9, 1), "09:00", now, 60)),
        _error(lambda: rules.check_bookable(doctor, date(2026, 3, 17), "09:00", now, 60)),
        _error(lambda: rules.check_bookable(doctor, date(2026, 3, 18), "10:00", now, 60)),
        _error(lambda: rules.check_bookable(doctor, date(2026, 3, 16), "09:00", now, 60)),
    ]
    for error in produced:
        assert error_text(error) != error.message, error.code
    assert error_text(produced[9]) == "Su contraseña necesita al menos 8 caracteres."
    assert error_text(produced[15]) == "Amina Okafor no atiende pacientes los martes."
    closed = rules.closed_reason(doctor, date(2026, 3, 17), now, 60)
    assert closed is not None and reason_text(closed) == error_text(produced[15])


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
    assert booking.times.grid.accessibleName().startswith("Horas del ")
    assert "Ocupada" in btn(booking, "slot-11:00").text()
    name = btn(booking, "slot-11:00").accessibleName()
    assert name.startswith("11:00, ") and name.endswith(", Dr. Sarah Johnson, ocupada"), name
    assert name.split(", ")[1].split()[0] in SPANISH_WEEKDAYS, name
    assert btn(booking, "confirmBookingButton").text() == "Confirmar la cita"
    click(qtbot, booking.findChild(QPushButton, "slot-10:00"))
    assert text_of(booking, "bookingSummary").endswith("a las 10:00")
    assert btn(booking, "slot-10:00").accessibleName().endswith(", elegida")
    chosen_day = booking.calendar.button_for(day)
    assert chosen_day is not None and chosen_day.accessibleName().endswith(", elegido")
    assert booking.calendar.next_button.accessibleName() in (
        "Mes siguiente",
        "Semana siguiente",
        "Dos semanas siguientes",
    )

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


def _error(call) -> errors.DomainError:
    with pytest.raises(errors.DomainError) as caught:
        call()
    return caught.value
