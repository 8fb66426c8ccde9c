"""The booking calendar: Monday first, unbookable days dimmed, every part named.

Day formats cannot come from a style sheet, so the colours come from the theme's
``Palette``; the weekday names are a little smaller than the days so "Wed" is never cut
to "W…" at large text sizes.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QWidget

from ...domain.models import Doctor
from ..formatting import qdate
from ..theme import Look, current_look

SIZE = (460, 400)
HEADER_POINT_SIZE = 15


class DayPicker(QCalendarWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("dateInput")
        self.setGridVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setMinimumSize(*SIZE)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Appointment date"))
        self.setAccessibleDescription(
            self.tr("Choose a day; days the doctor does not work are grey")
        )
        self.setLocale(QLocale())
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        # The calendar's own parts, named for screen readers too.
        for part, name in (
            ("qt_calendar_prevmonth", self.tr("Previous month")),
            ("qt_calendar_nextmonth", self.tr("Next month")),
            ("qt_calendar_monthbutton", self.tr("Choose the month")),
            ("qt_calendar_yearbutton", self.tr("Choose the year")),
            ("qt_calendar_calendarview", self.tr("Days of the month")),
        ):
            child = self.findChild(QWidget, part)
            if child is not None:
                child.setAccessibleName(name)
                child.setAccessibleDescription(self.accessibleDescription())

    def apply_look(self, look: Look) -> None:
        # The calendar grows less than the text: its cells have room to spare.
        grow = look.scale**0.5
        self.setMinimumSize(round(SIZE[0] * grow), round(SIZE[1] * grow))

    def paint_days(self, doctor: Doctor | None, first: date, last: date) -> None:
        """Dim the days between ``first`` and ``last`` that ``doctor`` does not work."""
        look = current_look()
        palette = look.palette
        self.setDateTextFormat(QDate(), QTextCharFormat())
        plain, off = QTextCharFormat(), QTextCharFormat()
        plain.setForeground(QColor(palette.text))
        off.setForeground(QColor(palette.unavailable_day))
        off.setFontStrikeOut(look.high_contrast)
        header = QTextCharFormat()
        header.setForeground(QColor(palette.text))
        header.setBackground(QColor(palette.calendar_header))
        header.setFontPointSize(HEADER_POINT_SIZE * look.scale**0.5)
        header.setFontWeight(600)
        self.setHeaderTextFormat(header)
        for weekday in Qt.DayOfWeek:  # weekends are not special in a hospital
            self.setWeekdayTextFormat(weekday, plain)
        if doctor is None:
            return
        day = first.replace(day=1)
        while day <= last:
            if day < first or not doctor.works_on(day):
                self.setDateTextFormat(qdate(day), off)
            day += timedelta(days=1)

    def selected_day(self) -> date:
        chosen = self.selectedDate()
        return date(chosen.year(), chosen.month(), chosen.day())

    def reset(self) -> None:
        """No trace of the day the last patient chose."""
        self.blockSignals(True)
        self.setSelectedDate(QDate.currentDate())
        self.blockSignals(False)
        self.setDateTextFormat(QDate(), QTextCharFormat())
