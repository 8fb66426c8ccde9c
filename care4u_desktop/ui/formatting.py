"""How dates, times and people are written on screen, in the current language.

Date patterns are themselves translatable (Spanish writes "lunes, 30 de noviembre de
2026"); day and month names come from the default ``QLocale``, which ``i18n`` sets with
the language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QLocale

if TYPE_CHECKING:  # the log-in screen formats no domain object: models load later
    from ..domain.models import Appointment, AppointmentStatus, Doctor


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for lupdate (which looks for this name); the lookup happens later."""
    return text


#: Specializations are data, but the common ones read better in the patient's language.
#: One not listed here is shown as stored.
SPECIALIZATIONS = (
    QT_TRANSLATE_NOOP("Specializations", "Cardiology"),
    QT_TRANSLATE_NOOP("Specializations", "Dermatology"),
    QT_TRANSLATE_NOOP("Specializations", "General Practice"),
    QT_TRANSLATE_NOOP("Specializations", "Neurology"),
    QT_TRANSLATE_NOOP("Specializations", "Ophthalmology"),
    QT_TRANSLATE_NOOP("Specializations", "Orthopedics"),
    QT_TRANSLATE_NOOP("Specializations", "Pediatrics"),
    QT_TRANSLATE_NOOP("Specializations", "Gynecology"),
    QT_TRANSLATE_NOOP("Specializations", "Psychiatry"),
    QT_TRANSLATE_NOOP("Specializations", "Oncology"),
    QT_TRANSLATE_NOOP("Specializations", "Radiology"),
    QT_TRANSLATE_NOOP("Specializations", "Urology"),
    QT_TRANSLATE_NOOP("Specializations", "Gastroenterology"),
    QT_TRANSLATE_NOOP("Specializations", "Endocrinology"),
    QT_TRANSLATE_NOOP("Specializations", "Ear, Nose and Throat"),
)


def specialization_text(name: str) -> str:
    return QCoreApplication.translate("Specializations", name)


def fill(template: str, *values: object) -> str:
    """Qt-style ``%1``, ``%2`` placeholders (translators may reorder them)."""
    for number in range(len(values), 0, -1):
        template = template.replace(f"%{number}", str(values[number - 1]))
    return template


def doctor_title(doctor: Doctor | Appointment) -> str:
    # By attribute, not isinstance: importing the model class here on every call cost a
    # long history's rows more than all the rest of their formatting.
    appointment = hasattr(doctor, "doctor_name")
    name = doctor.doctor_name if appointment else doctor.name  # type: ignore[union-attr]
    return fill(QCoreApplication.translate("Formatting", "Dr. %1"), name)


def qdate(day: date) -> QDate:
    """A Python date as a QDate (not every PySide6 release converts it by itself)."""
    return QDate(day.year, day.month, day.day)


def long_date(day: date) -> str:
    pattern = QCoreApplication.translate("Formatting", "dddd d MMMM yyyy", "QLocale date format")
    return QLocale().toString(qdate(day), pattern)


def short_date(day: date) -> str:
    pattern = QCoreApplication.translate("Formatting", "ddd d MMM", "QLocale date format")
    return QLocale().toString(qdate(day), pattern)


def day_and_time(day: date, hhmm: str) -> str:
    return fill(QCoreApplication.translate("Formatting", "%1 at %2"), long_date(day), hhmm)


def relative_moment(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return QCoreApplication.translate("Formatting", "No free time soon")
    hhmm = f"{moment:%H:%M}"
    days = (moment.date() - now.date()).days
    if days == 0:
        return fill(QCoreApplication.translate("Formatting", "Today %1"), hhmm)
    if days == 1:
        return fill(QCoreApplication.translate("Formatting", "Tomorrow %1"), hhmm)
    return fill(QCoreApplication.translate("Formatting", "%1, %2"), short_date(moment.date()), hhmm)


def appointment_when(appointment: Appointment) -> str:
    return when_writer()(appointment.date, appointment.time)


def when_writer() -> Callable[[str, str], str]:
    """Writes an ISO day and a time as ``appointment_when`` does, with the language's
    patterns and locale looked up once: a history of 1,000 rows writes 1,000 of them."""
    locale = QLocale()
    pattern = QCoreApplication.translate("Formatting", "ddd d MMM", "QLocale date format")
    template = QCoreApplication.translate("Formatting", "%1 %2\n%3", "date, year, then the time")

    # ``fill``'s placeholders as str.format's: one call a row, not three replaces.
    fields = template.replace("{", "{{").replace("}", "}}")
    for number in (3, 2, 1):
        fields = fields.replace(f"%{number}", f"{{{number - 1}}}")
    format_fields = fields.format

    def write(iso_day: str, hhmm: str) -> str:
        day = QDate(int(iso_day[:4]), int(iso_day[5:7]), int(iso_day[8:10]))
        return format_fields(locale.toString(day, pattern), iso_day[:4], hhmm)

    return write


def status_text(status: AppointmentStatus, upcoming: bool) -> str:
    """How an appointment's state reads in a patient's list."""
    value = str(status)
    if value == "cancelled":
        return QCoreApplication.translate("Formatting", "Cancelled")
    if value == "checked_in":
        return QCoreApplication.translate("Formatting", "Checked in")
    if value == "no_show":
        return QCoreApplication.translate("Formatting", "Missed")
    if upcoming:
        return QCoreApplication.translate("Formatting", "Upcoming")
    return QCoreApplication.translate("Formatting", "Past")
