"""The reception desk: one doctor's day, the patient at the counter, and what to do next.

Staff pick a doctor and a day and see every slot with its patient and status. They find a
patient by email or phone (or register a walk-in), book a free slot for them, check them
in, mark a no-show or cancel. The service checks the role on every call; this view is
only reachable after a staff log-in, but does not rely on that.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.models import Appointment, AppointmentStatus, Doctor, Role, User
from ...services.accounts import Session
from ...services.staff import DayRow, DoctorDay
from ...services.use_cases import Booking, StaffDesk
from ..domain_text import error_text, field_errors, reason_text
from ..formatting import doctor_title, fill, qdate
from ..staff_models import DoctorDayModel, PatientModel
from ..tables import list_table
from ..theme import Look
from ..widgets import Banner, Field, ResponsiveRow, button, describe, label, wipe
from ..worker import TaskRunner
from .base import View, scrolling

DAY_TABLE_MIN_HEIGHT = 280


class StaffDeskView(View):
    logout_requested = Signal()
    manage_doctors_requested = Signal()

    def __init__(
        self,
        desk: Callable[[], StaffDesk],
        booking: Callable[[], Booking],
        clock: Callable[[], datetime],
        runner: TaskRunner,
    ) -> None:
        """``booking`` gives the doctor list; everything else is the desk's."""
        super().__init__("staffView", runner)
        self.desk = desk
        self.booking = booking
        self.clock = clock
        self._session: Session | None = None
        self._doctors: list[Doctor] = []
        self.day_model = DoctorDayModel()
        self.patient_model = PatientModel()

        self.title = label("", "title")
        self.manage_button = button("manageDoctorsButton", "secondary")
        self.logout_button = button("staffLogoutButton", "secondary")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.manage_button)
        top.addWidget(self.logout_button)
        self.banner = Banner("staffBanner")

        self.doctor_select = QComboBox()
        self.doctor_select.setObjectName("staffDoctorSelect")
        self.date_input = QDateEdit()
        self.date_input.setObjectName("staffDateInput")
        self.date_input.setCalendarPopup(True)
        self.date_input.setDisplayFormat("ddd d MMM yyyy")
        pick = QHBoxLayout()
        pick.addWidget(self.doctor_select, 2)
        pick.addWidget(self.date_input, 1)

        self.day_table = list_table("doctorDayList")
        self.day_table.setModel(self.day_model)
        header = self.day_table.horizontalHeader()
        for column in (0, 2, 3):  # time, status, number: as wide as their text
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.day_note = label("", "hint", "dayClosedNote")
        self.day_note.hide()
        self.check_in_button = button("checkInButton")
        self.no_show_button = button("noShowButton", "secondary")
        self.cancel_button = button("staffCancelButton", "danger")
        actions = QHBoxLayout()
        actions.addWidget(self.check_in_button, 2)
        actions.addWidget(self.no_show_button, 1)
        actions.addWidget(self.cancel_button, 1)

        left = QVBoxLayout()
        left.addLayout(pick)
        left.addWidget(self.day_note)
        left.addWidget(self.day_table, 1)
        left.addLayout(actions)

        self.patient_heading = label("", "subtitle")
        self.patient_search = QLineEdit()
        self.patient_search.setObjectName("patientSearch")
        self.find_button = button("patientSearchButton", "secondary")
        search = QHBoxLayout()
        search.addWidget(self.patient_search, 1)
        search.addWidget(self.find_button)
        self.patient_table = list_table("patientResults")
        self.patient_table.setModel(self.patient_model)
        self.patient_table.setMaximumHeight(150)
        self.book_button = button("bookForPatientButton")
        self.walk_in_heading = label("", "subtitle")
        self.walk_in_name = Field("walkInName")
        self.walk_in_email = Field("walkInEmail")
        self.walk_in_phone = Field("walkInPhone")
        self.register_button = button("registerWalkInButton", "secondary")
        walk_in = QGridLayout()
        walk_in.addWidget(self.walk_in_name, 0, 0, 1, 2)
        walk_in.addWidget(self.walk_in_email, 1, 0)
        walk_in.addWidget(self.walk_in_phone, 1, 1)

        right = QVBoxLayout()
        right.addWidget(self.patient_heading)
        right.addLayout(search)
        right.addWidget(self.patient_table)
        right.addWidget(self.book_button)
        right.addSpacing(12)
        right.addWidget(self.walk_in_heading)
        right.addLayout(walk_in)
        right.addWidget(self.register_button)
        right.addStretch(1)

        day_panel = QWidget()
        day_panel.setLayout(left)
        self.day_table.setMinimumHeight(DAY_TABLE_MIN_HEIGHT)
        self.patient_panel = QWidget()
        self.patient_panel.setLayout(right)
        # Side by side on a desk screen; stacked (and the page scrolls) at large text.
        self.body = ResponsiveRow(32)
        self.body.add(day_panel, 3, min_width=560)
        self.body.add(self.patient_panel, 2, min_width=440)

        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(32, 24, 32, 24)
        page_layout.setSpacing(14)
        page_layout.addLayout(top)
        page_layout.addWidget(self.banner)
        page_layout.addWidget(self.body, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(page))

        self.logout_button.clicked.connect(self.logout_requested)
        self.manage_button.clicked.connect(self.manage_doctors_requested)
        self.doctor_select.currentIndexChanged.connect(self.load_day)
        self.date_input.dateChanged.connect(self.load_day)
        self.day_table.selectionModel().selectionChanged.connect(self._update_actions)
        self.patient_table.selectionModel().selectionChanged.connect(self._update_actions)
        self.check_in_button.clicked.connect(lambda: self._mark(AppointmentStatus.CHECKED_IN))
        self.no_show_button.clicked.connect(lambda: self._mark(AppointmentStatus.NO_SHOW))
        self.cancel_button.clicked.connect(self._cancel)
        self.patient_search.returnPressed.connect(self._find)
        self.find_button.clicked.connect(self._find)
        self.book_button.clicked.connect(self._book)
        self.register_button.clicked.connect(self._register)
        self.retranslate()
        self._update_actions()

    def retranslate(self) -> None:
        describe(self.manage_button, self.tr("Doctors"), self.tr("Add and edit doctors"))
        describe(self.logout_button, self.tr("Log out"), self.tr("Leave the reception desk"))
        self.doctor_select.setAccessibleName(self.tr("Doctor"))
        self.date_input.setAccessibleName(self.tr("Day"))
        self.date_input.setLocale(QLocale())  # day and month names in the chosen language
        self.day_table.setAccessibleName(self.tr("The doctor's day"))
        describe(self.check_in_button, self.tr("Check in"), self.tr("The patient has arrived"))
        describe(self.no_show_button, self.tr("No-show"), self.tr("The patient did not come"))
        describe(self.cancel_button, self.tr("Cancel"), self.tr("Cancel the selected appointment"))
        self.patient_heading.setText(self.tr("Patient at the desk"))
        self.patient_search.setPlaceholderText(self.tr("Email or phone number"))
        self.patient_search.setAccessibleName(self.tr("Find a patient by email or phone"))
        describe(self.find_button, self.tr("Find"), self.tr("Search for the patient"))
        self.patient_table.setAccessibleName(self.tr("Patients found"))
        describe(
            self.book_button,
            self.tr("Book for this patient"),
            self.tr("Book the free time selected on the left for the patient selected above"),
        )
        self.walk_in_heading.setText(self.tr("New walk-in patient"))
        self.walk_in_name.set_texts(self.tr("Full name"), self.tr("The patient's full name"))
        self.walk_in_email.set_texts(self.tr("Email"), self.tr("The patient's email"))
        self.walk_in_phone.set_texts(self.tr("Phone"), self.tr("The patient's phone number"))
        describe(
            self.register_button,
            self.tr("Register walk-in"),
            self.tr("Create an account for the patient at the desk"),
        )

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        self.body.set_scale(look.scale)

    # -- entering ------------------------------------------------------------------------
    def enter(self, session: Session) -> None:
        self._session = session
        self.title.setText(fill(self.tr("Reception desk · %1"), session.user.name))
        self.manage_button.setVisible(session.user.role is Role.ADMIN)
        self.date_input.blockSignals(True)
        self.date_input.setDate(qdate(self.clock().date()))
        self.date_input.blockSignals(False)
        self.runner.run(
            self.booking().list_doctors,
            on_result=self._doctors_loaded,
            on_error=self._error,
        )

    def _doctors_loaded(self, doctors: list[Doctor]) -> None:
        current = self.doctor_select.currentData()
        self._doctors = doctors
        self.doctor_select.blockSignals(True)
        self.doctor_select.clear()
        for doctor in doctors:
            self.doctor_select.addItem(
                f"{doctor_title(doctor)} · {doctor.specialization}", doctor.doctor_id
            )
        self.doctor_select.setCurrentIndex(max(0, self.doctor_select.findData(current)))
        self.doctor_select.blockSignals(False)
        self.load_day()

    def selected_day(self) -> date:
        chosen = self.date_input.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def load_day(self) -> None:
        doctor_id = self.doctor_select.currentData()
        if self._session is None or not doctor_id:
            return
        self.runner.run(
            self.desk().doctor_day,
            self._session,
            str(doctor_id),
            self.selected_day(),
            on_result=self._day_loaded,
            on_error=self._error,
        )

    def _day_loaded(self, day: DoctorDay) -> None:
        if day.doctor.doctor_id != self.doctor_select.currentData() or day.day != (
            self.selected_day()
        ):
            return  # the desk has moved on to another doctor or day
        self.day_model.set_rows(day.rows)
        # Why patients cannot book this day (away, not a working day), kept beside the day.
        reason = day.closed_reason
        self.day_note.setText(reason_text(reason) if reason is not None else "")
        self.day_note.setVisible(reason is not None)
        self._update_actions()

    # -- selection -----------------------------------------------------------------------
    def selected_row(self) -> DayRow | None:
        rows = self.day_table.selectionModel().selectedRows()
        return self.day_model.row(rows[0].row()) if rows else None

    def selected_patient(self) -> User | None:
        rows = self.patient_table.selectionModel().selectedRows()
        return self.patient_model.patient(rows[0].row()) if rows else None

    def _update_actions(self) -> None:
        row = self.selected_row()
        booked = (
            row is not None
            and row.appointment is not None
            and (row.appointment.status is AppointmentStatus.BOOKED)
        )
        for btn in (self.check_in_button, self.no_show_button, self.cancel_button):
            btn.setEnabled(booked)
        free = row is not None and row.appointment is None
        self.book_button.setEnabled(free and self.selected_patient() is not None)

    # -- actions -------------------------------------------------------------------------
    def _appointment(self) -> Appointment | None:
        row = self.selected_row()
        return row.appointment if row else None

    def _mark(self, status: AppointmentStatus) -> None:
        appointment = self._appointment()
        if appointment is None or self._session is None:
            return
        self.runner.run(
            self.desk().mark,
            self._session,
            appointment.appointment_id,
            status,
            on_result=self._changed,
            on_error=self._error,
            busy=self.check_in_button
            if status is AppointmentStatus.CHECKED_IN
            else self.no_show_button,
        )

    def _cancel(self) -> None:
        appointment = self._appointment()
        if appointment is None or self._session is None:
            return
        self.runner.run(
            self.desk().cancel,
            self._session,
            appointment.appointment_id,
            on_result=self._changed,
            on_error=self._error,
            busy=self.cancel_button,
        )

    def _book(self) -> None:
        row, patient = self.selected_row(), self.selected_patient()
        if row is None or patient is None or self._session is None:
            return
        self.runner.run(
            self.desk().book_for,
            self._session,
            patient.user_id,
            str(self.doctor_select.currentData()),
            self.selected_day(),
            row.time,
            on_result=self._changed,
            on_error=self._error,
            busy=self.book_button,
        )

    def _changed(self, appointment: Appointment) -> None:
        self.banner.show_message(
            fill(
                self.tr("Appointment %1: %2."),
                appointment.appointment_id,
                self.day_model.status_text(DayRow("", appointment, None)),
            ),
            "success",
        )
        self.load_day()

    def _find(self) -> None:
        if self._session is None or not self.patient_search.text().strip():
            return
        self.runner.run(
            self.desk().find_patients,
            self._session,
            self.patient_search.text(),
            on_result=self._found,
            on_error=self._error,
            busy=self.find_button,
        )

    def _found(self, patients: list[User]) -> None:
        self.patient_model.set_patients(patients)
        if patients:
            self.patient_table.selectRow(0)
            self.banner.clear_message()
        else:
            self.banner.show_message(self.tr("No patient found. Register them below."), "info")
        self._update_actions()

    def _register(self) -> None:
        if self._session is None:
            return
        self.runner.run(
            self.desk().register_walk_in,
            self._session,
            self.walk_in_name.text(),
            self.walk_in_email.text(),
            self.walk_in_phone.text(),
            on_result=self._registered,
            on_error=self._walk_in_failed,
            busy=self.register_button,
        )

    def _registered(self, patient: User) -> None:
        for field in (self.walk_in_name, self.walk_in_email, self.walk_in_phone):
            field.reset()
        self._found([patient])
        self.banner.show_message(
            fill(self.tr("%1 is registered. Choose a free time and book."), patient.name),
            "success",
        )

    def _walk_in_failed(self, error: DomainError) -> None:
        fields = {
            "name": self.walk_in_name,
            "email": self.walk_in_email,
            "phone": self.walk_in_phone,
        }
        errors = {k: v for k, v in field_errors(error).items() if k in fields}
        if not errors:
            self._error(error)
        for key, message in errors.items():
            fields[key].set_error(message)

    def _error(self, error: DomainError) -> None:
        self.banner.show_message(error_text(error))

    def reset(self) -> None:
        self._session = None
        self.day_model.set_rows([])
        self.day_note.hide()
        self.patient_model.set_patients([])
        wipe(self.patient_search)
        for field in (self.walk_in_name, self.walk_in_email, self.walk_in_phone):
            field.reset()
        self.banner.clear_message()
        self.title.clear()
        self._update_actions()

    def focus_first(self) -> None:
        self.patient_search.setFocus()
