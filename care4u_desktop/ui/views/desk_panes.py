"""The reception desk's two panes: the doctor's day, and the patient at the counter."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QResizeEvent, QTextCharFormat
from PySide6.QtWidgets import QComboBox, QDateEdit, QHeaderView, QLineEdit, QVBoxLayout, QWidget

from ..staff_models import DoctorDayModel, PatientModel
from ..tables import list_table
from ..theme import Look
from ..widgets import Field, PageStack, ResponsiveRow, button, describe
from .desk_layout import EMAIL_MARGIN, GAP, ButtonBox, ConfirmStep, TablePane, row_widget
from .desk_rows import DayRowsFit


class DayPane(TablePane):
    """The doctor's day: the doctor and the day, every time of it, and what to do with the
    selected appointment (or, in its place, Yes and Back before a cancel or a no-show)."""

    def __init__(self) -> None:
        self.model = DoctorDayModel()
        self.doctor_select = QComboBox()
        self.doctor_select.setObjectName("staffDoctorSelect")
        self.date_input = QDateEdit()
        self.date_input.setObjectName("staffDateInput")
        self.date_input.setCalendarPopup(True)
        # No year: the booking horizon is weeks (the banner and the calendar say the year).
        self.date_input.setDisplayFormat("ddd d MMM")
        # Its pop-up calendar is made now, not when first asked for (apply_look): a kiosk
        # locks every field it has when the window is built, the calendar's year box too.
        self.calendar = self.date_input.calendarWidget()
        table = list_table("doctorDayList")
        table.setModel(self.model)
        self.check_in_button = button("checkInButton")
        self.no_show_button = button("noShowButton", "secondary")
        self.cancel_button = button("staffCancelButton", "danger")
        self.confirm = ConfirmStep(
            [self.check_in_button, self.no_show_button, self.cancel_button], [2, 1, 1]
        )
        for member in self.confirm.action_row.buttons + self.confirm.page.buttons:
            member.setProperty("narrowPadding", True)  # resources/theme.qss: less side padding
        pick = row_widget(self.doctor_select, self.date_input, stretches=(2, 1))
        super().__init__("deskDayPane", pick, table, self.confirm)
        # The time and the status as wide as their text, the rows as high as their names:
        # measured from the texts, not cell by cell (a day of 1,000 times took seconds).
        self.rows_fit = DayRowsFit(table, self.model.row_texts)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("The doctor's day"))
        self.doctor_select.setAccessibleName(self.tr("Doctor"))
        self.date_input.setAccessibleName(self.tr("Day"))
        self.date_input.setLocale(QLocale())  # day and month names in the chosen language
        self.table.setAccessibleName(self.tr("The doctor's day"))
        describe(self.check_in_button, self.tr("Check in"), self.tr("The patient has arrived"))
        describe(self.no_show_button, self.tr("No-show"), self.tr("The patient did not come"))
        describe(self.cancel_button, self.tr("Cancel"), self.tr("Cancel the selected appointment"))

    def apply_look(self, look: Look) -> None:
        # Qt draws the pop-up calendar's weekends in pure red (5.25:1 on black, 4:1 on
        # white): in the theme's text colour they pass the contrast check like every text.
        weekend = QTextCharFormat()
        weekend.setForeground(QColor(look.palette.text))
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.calendar.setWeekdayTextFormat(day, weekend)
        self.fitted.refit()
        self.updateGeometry()


class PatientPane(QWidget):
    """The patient at the counter: found by email or phone and booked, or registered."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("deskPatientPane")
        self.model = PatientModel()
        self.search = QLineEdit()
        self.search.setObjectName("patientSearch")
        self.find_button = button("patientSearchButton", "secondary")
        self.table = list_table("patientResults")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)  # contact
        self.book_button = button("bookForPatientButton")
        self.new_patient_button = button("newPatientButton", "secondary")
        self.find_page = TablePane(
            "deskFindPatient",
            row_widget(self.search, self.find_button, stretches=(1,)),
            self.table,
            ButtonBox([self.book_button, self.new_patient_button], [1, 1]),
        )
        self.walk_in_name = Field("walkInName")
        self.walk_in_email = Field("walkInEmail")
        self.walk_in_phone = Field("walkInPhone")
        self.register_button = button("registerWalkInButton", "secondary")
        self.walk_in_back_button = button("walkInBackButton", "secondary")
        # Two fields a row while they fit (a short window at large text has room for two
        # rows of fields), the buttons beside the phone at the level of its input.
        buttons = QWidget()
        at_input = QVBoxLayout(buttons)
        at_input.setContentsMargins(0, 0, 0, 0)
        at_input.addStretch(1)
        at_input.addWidget(row_widget(self.register_button, self.walk_in_back_button))
        at_input.addStretch(1)
        self.walk_in_rows = (ResponsiveRow(GAP), ResponsiveRow(GAP))
        first, second = self.walk_in_rows
        first.add(self.walk_in_name, 1, min_width=280)
        first.add(self.walk_in_email, 1, min_width=280)
        second.add(self.walk_in_phone, 1, min_width=200)
        second.add(buttons, 1)
        walk_in = QWidget()
        walk_in_layout = QVBoxLayout(walk_in)
        walk_in_layout.setContentsMargins(0, 0, 0, 0)
        walk_in_layout.setSpacing(GAP)
        walk_in_layout.addWidget(first)
        walk_in_layout.addWidget(second)
        walk_in_layout.addStretch(1)
        self.walk_in_page = walk_in
        self.pages = PageStack()
        self.pages.addWidget(self.find_page)
        self.pages.addWidget(walk_in)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.fitted = self.find_page.fitted
        self.model.modelReset.connect(self._rows_changed)

    def _rows_changed(self) -> None:
        # Room for every patient found, up to three (one when there are none yet), so a
        # short window keeps its room for the search when nobody has been found.
        self._fit_emails()
        self.fitted.refit(min(3, max(1, self.model.rowCount())))
        self.find_page.updateGeometry()

    def _fit_emails(self) -> None:
        """An email cannot wrap (no spaces): one that would leave the name less than half
        the table is shown on several lines, broken after its dots and dashes and
        before its "@"."""
        room = self.table.viewport().width() // 2 - EMAIL_MARGIN
        if room > 0:
            metrics = self.table.fontMetrics()
            self.model.set_email_lines(
                {e: email_lines(e, room, metrics.horizontalAdvance) for e in self.model.emails()}
            )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_emails()

    def show_walk_in(self) -> None:
        self.pages.setCurrentWidget(self.walk_in_page)
        self.walk_in_name.input.setFocus()

    def show_find(self) -> None:
        if self.pages.currentWidget() is not self.find_page:
            self.pages.setCurrentWidget(self.find_page)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("The patient at the desk"))
        self.search.setPlaceholderText(self.tr("Email or phone number"))
        self.search.setAccessibleName(self.tr("Find a patient by email or phone"))
        describe(self.find_button, self.tr("Find"), self.tr("Search for the patient"))
        self.table.setAccessibleName(self.tr("Patients found"))
        describe(
            self.book_button,
            self.tr("Book for this patient"),
            self.tr("Book the free time selected in the day for the patient selected above"),
        )
        describe(
            self.new_patient_button,
            self.tr("New patient"),
            self.tr("Register a walk-in patient"),
        )
        self.walk_in_name.set_texts(self.tr("Full name"), self.tr("The patient's full name"))
        self.walk_in_email.set_texts(self.tr("Email"), self.tr("The patient's email"))
        self.walk_in_phone.set_texts(self.tr("Phone"), self.tr("The patient's phone number"))
        describe(
            self.register_button,
            self.tr("Register walk-in"),
            self.tr("Create an account for the patient at the desk"),
        )
        describe(self.walk_in_back_button, self.tr("Back"), self.tr("Back to finding a patient"))

    def apply_look(self, look: Look) -> None:
        for row in self.walk_in_rows:
            row.set_scale(look.scale)
        self._rows_changed()


def email_lines(email: str, room: int, width: Callable[[str], int]) -> str:
    """``email`` on as few lines as keep each within ``room`` pixels (``width`` measures a
    text), broken only after a dot, a dash or an underscore and before the "@"."""
    if width(email) <= room:
        return email
    parts = [p for p in re.split(r"(?<=[.\-_])|(?=@)", email) if p]
    lines = [""]
    for part in parts:
        if lines[-1] and width(lines[-1] + part) > room:
            lines.append(part)
        else:
            lines[-1] += part
    return "\n".join(lines)
