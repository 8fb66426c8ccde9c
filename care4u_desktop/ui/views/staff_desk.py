"""The reception desk: one doctor's day, the patient at the counter, and what to do next.

Staff pick a doctor and a day and see every time with its patient and status (only a time
that can be booked now is "Free"), or ask for the next free time with any doctor of the
selected doctor's specialization in one press. They find a patient by email or phone (or
register a walk-in), book a free time for them, check them in, and mark a no-show (from
the appointment's start) or cancel, each after a confirm step in the page. The service
checks the role on every call; this view is only reachable after a staff log-in, but
does not rely on that. How it is laid out: ``desk_panes``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from ...domain import rules
from ...domain.errors import DomainError
from ...domain.models import Appointment, AppointmentStatus, Doctor, Role, User
from ...services.accounts import Session
from ...services.free_times import FREE, FreeTime
from ...services.staff import DayRow, DoctorDay
from ...services.use_cases import Booking, StaffDesk
from ..domain_text import TEXTS, error_text, reason_text
from ..formatting import fill, qdate
from ..theme import Look
from ..widgets import Banner, button, describe, wipe
from ..worker import TaskRunner
from .base import View
from .desk_layout import GAP, Arrangement, PaneSwitch, tab_button
from .desk_panes import DayPane, PatientPane
from .desk_searches import DeskSearches

#: The desk's longest message, measured in the current language: the room its banner keeps.
DESK_MESSAGE_ROOM = TEXTS["cancel_not_made"]
# How often the buttons are looked at again without a click (No-show opens at the start).
RECHECK_MS = 15_000


class StaffDeskView(DeskSearches, View):
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
        # The last "next free" answer, so a second press asks for the one after it.
        self._found: FreeTime | None = None
        # The time to select once the day being loaded arrives (after "next free").
        self._select_time = ""
        # The banner says why the day is closed (replaced by any other message).
        self._closed_note = False
        # What the confirm step is asking about: the action's button and its appointment.
        self._asking: tuple[object, Appointment] | None = None

        self.day = DayPane()
        self.patients = PatientPane()
        # The names tests and the rest of the window know the widgets by.
        self.doctor_select = self.day.doctor_select
        self.date_input = self.day.date_input
        self.day_table, self.day_model = self.day.table, self.day.model
        self.check_in_button = self.day.check_in_button
        self.no_show_button = self.day.no_show_button
        self.cancel_button = self.day.cancel_button
        self.confirm = self.day.confirm
        self.confirm_button = self.confirm.confirm_button
        self.patient_search, self.find_button = self.patients.search, self.patients.find_button
        self.patient_table = self.patients.table
        self.patient_model = self.patients.model
        self.book_button = self.patients.book_button
        self.walk_in_name = self.patients.walk_in_name
        self.walk_in_email = self.patients.walk_in_email
        self.walk_in_phone = self.patients.walk_in_phone
        self.register_button = self.patients.register_button

        self.day_tab = tab_button("deskDayTab")
        self.patient_tab = tab_button("deskPatientTab")
        self.next_free_button = button("nextFreeButton", "secondary")
        self.manage_button = button("manageDoctorsButton", "secondary")
        self.logout_button = button("staffLogoutButton", "secondary")
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.day_tab)
        top.addWidget(self.patient_tab)
        top.addWidget(self.next_free_button)
        top.addStretch(1)
        top.addWidget(self.manage_button)
        top.addWidget(self.logout_button)
        # Room for the desk's longest message, so no message moves the buttons under it.
        self.banner = Banner("staffBanner", room=DESK_MESSAGE_ROOM)
        # The confirm step's question is asked in the banner (its room is kept anyway).
        self.confirm_text = self.banner
        self.body = PaneSwitch(self.day, self.patients)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 2)
        layout.setSpacing(GAP)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.body, 1)
        self._tabs_shown()

        self.recheck = QTimer(self)
        self.recheck.setInterval(RECHECK_MS)
        self.recheck.timeout.connect(self._update_actions)
        self.recheck.start()

        self.body.arrangement_changed.connect(self._tabs_shown)
        self.day_tab.clicked.connect(lambda: self.show_pane(0))
        self.patient_tab.clicked.connect(lambda: self.show_pane(1))
        self.logout_button.clicked.connect(self.logout_requested)
        self.manage_button.clicked.connect(self.manage_doctors_requested)
        self.next_free_button.clicked.connect(self._next_free)
        self.doctor_select.currentIndexChanged.connect(self._chosen_by_hand)
        self.date_input.dateChanged.connect(self._chosen_by_hand)
        self.day_table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.patient_table.selectionModel().selectionChanged.connect(self._update_actions)
        self.check_in_button.clicked.connect(lambda: self._mark(AppointmentStatus.CHECKED_IN))
        self.no_show_button.clicked.connect(lambda: self._ask(self.no_show_button))
        self.cancel_button.clicked.connect(lambda: self._ask(self.cancel_button))
        self.confirm.confirmed.connect(self._confirmed)
        self.confirm.backed_out.connect(self._backed_out)
        self.patient_search.returnPressed.connect(self._find)
        self.find_button.clicked.connect(self._find)
        self.book_button.clicked.connect(self._book)
        self.patients.new_patient_button.clicked.connect(self.patients.show_walk_in)
        self.patients.walk_in_back_button.clicked.connect(self.patients.show_find)
        self.register_button.clicked.connect(self._register)
        self.retranslate()
        self._update_actions()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Reception desk"))
        describe(self.day_tab, self.tr("Day"), self.tr("Show the doctor's day"))
        describe(self.patient_tab, self.tr("Patient"), self.tr("Show the patient at the desk"))
        describe(self.manage_button, self.tr("Doctors"), self.tr("Add and edit doctors"))
        describe(self.logout_button, self.tr("Log out"), self.tr("Leave the reception desk"))
        self.day.retranslate()
        self.patients.retranslate()
        self._describe_next_free()
        self.confirm.back_button.setText(self.tr("Back"))
        self.confirm.back_button.setAccessibleName(self.tr("Back"))
        self.confirm.back_button.setAccessibleDescription(self.tr("Change nothing"))

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        self.day.apply_look(look)
        self.patients.apply_look(look)

    def show_pane(self, index: int) -> None:
        """When only one pane fits: the day (0) or the patient (1)."""
        self.body.show_pane(index)
        self._tabs_shown()

    def _tabs_shown(self) -> None:
        one = self.body.arrangement is Arrangement.ONE_AT_A_TIME
        for index, tab in enumerate((self.day_tab, self.patient_tab)):
            tab.setVisible(one)
            tab.setChecked(self.body.current == index)

    # -- entering ------------------------------------------------------------------------
    def enter(self, session: Session) -> None:
        self._session = session
        self.setAccessibleName(fill(self.tr("Reception desk · %1"), session.user.name))
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
            self.doctor_select.addItem(f"{doctor.name} · {doctor.specialization}", doctor.doctor_id)
        self.doctor_select.setCurrentIndex(max(0, self.doctor_select.findData(current)))
        self.doctor_select.blockSignals(False)
        self._describe_next_free()
        self.load_day()

    def selected_day(self) -> date:
        chosen = self.date_input.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def selected_doctor(self) -> Doctor | None:
        wanted = self.doctor_select.currentData()
        return next((d for d in self._doctors if d.doctor_id == wanted), None)

    def _chosen_by_hand(self) -> None:
        self._found = None  # the next "next free" starts from now again
        self._describe_next_free()
        self.load_day()

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
        self.confirm.back_out()
        self.day_model.set_rows(day.rows)
        times = [r.time for r in day.rows]
        if self._select_time in times:
            self.day_table.selectRow(times.index(self._select_time))
            self.day_table.setFocus()
        self._select_time = ""
        # Why patients cannot book this day (away, not a working day), in the banner.
        reason = day.closed_reason
        if reason is not None and reason.code != "day_passed":
            self.banner.show_message(reason_text(reason), "info")
            self._closed_note = True
        elif self._closed_note:
            self.banner.clear_message()
            self._closed_note = False
        self._update_actions()

    # -- selection -----------------------------------------------------------------------
    def selected_row(self) -> DayRow | None:
        rows = self.day_table.selectionModel().selectedRows()
        return self.day_model.row(rows[0].row()) if rows else None

    def selected_patient(self) -> User | None:
        rows = self.patient_table.selectionModel().selectedRows()
        return self.patient_model.patient(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        self.confirm.back_out()  # a question about another row is no longer asked
        self._update_actions()

    def _update_actions(self) -> None:
        row = self.selected_row()
        appointment = row.appointment if row else None
        booked = appointment is not None and appointment.status is AppointmentStatus.BOOKED
        self.check_in_button.setEnabled(booked)
        self.cancel_button.setEnabled(booked)
        # No-show from the start time on: until then the patient may still come.
        started = (
            appointment is not None
            and rules.slot_start(
                date.fromisoformat(appointment.date), appointment.time, self.clock()
            )
            <= self.clock()
        )
        self.no_show_button.setEnabled(booked and started)
        free = row is not None and row.appointment is None and row.state == FREE
        self.book_button.setEnabled(free and self.selected_patient() is not None)
        self.next_free_button.setEnabled(self.selected_doctor() is not None)

    # -- actions -------------------------------------------------------------------------
    def _appointment(self) -> Appointment | None:
        row = self.selected_row()
        return row.appointment if row else None

    def _patient_name(self) -> str:
        row = self.selected_row()
        return row.patient.name if row and row.patient else "?"

    def _ask(self, action: object) -> None:
        """Cancel and No-show ask first, in the page (Enter confirms, Escape backs out)."""
        appointment = self._appointment()
        if appointment is None or self._session is None:
            return
        self._asking = (action, appointment)
        name, when = self._patient_name(), appointment.time
        number = appointment.appointment_id
        if action is self.cancel_button:
            question = self.tr("Cancel the appointment of %1 at %2 (%3)?")
        else:
            question = self.tr("Mark %1 as a no-show for %2 (%3)?")
        # A short "Yes" (the question is in the banner): it takes the actions' place in a
        # column beside the table, no wider than they are.
        yes = self.tr("Yes")
        question = fill(question, name, when, number)
        self._closed_note = False
        self.banner.show_message(question, "info")
        self.confirm.ask(yes, question)

    def _confirmed(self) -> None:
        asking, self._asking = self._asking, None
        if asking is None or self._session is None:
            return
        action, appointment = asking
        if action is self.cancel_button:
            self.runner.run(
                self.desk().cancel,
                self._session,
                appointment.appointment_id,
                on_result=self._changed,
                on_error=self._error,
                busy=self.cancel_button,
            )
        else:
            self._mark(AppointmentStatus.NO_SHOW, appointment)
        self.day_table.setFocus()

    def _backed_out(self) -> None:
        self._asking = None
        self.banner.clear_message()
        self.day_table.setFocus()

    def _mark(self, status: AppointmentStatus, appointment: Appointment | None = None) -> None:
        appointment = appointment or self._appointment()
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
        self._closed_note = False
        self.banner.show_message(
            fill(
                self.tr("Appointment %1: %2."),
                appointment.appointment_id,
                self.day_model.status_text(DayRow("", appointment, None)),
            ),
            "success",
        )
        self._found = None
        self._select_time = appointment.time
        self.load_day()

    def _error(self, error: DomainError) -> None:
        self._closed_note = False
        self.banner.show_message(error_text(error))

    def reset(self) -> None:
        self._session = None
        self._found = None
        self._asking = None
        self._select_time = ""
        self._closed_note = False
        self.confirm.back_out()
        self.day_model.set_rows([])
        self.patient_model.set_patients([])
        wipe(self.patient_search)
        for field in (self.walk_in_name, self.walk_in_email, self.walk_in_phone):
            field.reset()
        self.patients.show_find()
        self.banner.clear_message()
        self.setAccessibleName(self.tr("Reception desk"))
        self.show_pane(0)
        self._update_actions()

    def focus_first(self) -> None:
        # The patient at the counter first; the day when only the day is shown.
        one = self.body.arrangement is Arrangement.ONE_AT_A_TIME
        (self.doctor_select if one and self.body.current == 0 else self.patient_search).setFocus()
