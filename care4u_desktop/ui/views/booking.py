"""Book: pick a day, pick a time, confirm, and read back the appointment number."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QButtonGroup,
    QCalendarWidget,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...composition import Services
from ...domain.errors import DomainError, SlotTaken
from ...domain.models import Appointment, DayAvailability, DoctorSummary
from ...services.accounts import Session
from ..formatting import doctor_title, long_date
from ..widgets import Banner, button, label
from ..worker import TaskRunner
from .base import View, card

SLOT_COLUMNS = 3


class BookingView(View):
    back_requested = Signal()
    appointments_requested = Signal()
    finished = Signal()
    #: The confirmation page is on screen (kiosk mode times it out from here).
    booked = Signal(object)  # Appointment

    def __init__(self, services: Services, runner: TaskRunner) -> None:
        super().__init__("bookingView", services, runner)
        self._session: Session | None = None
        self._summary: DoctorSummary | None = None
        self._slot_buttons: list[QPushButton] = []

        self.back_button = button("← Back to doctors", "backButton", "secondary")
        self.title = label("", "title")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.back_button)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_choose_page())
        self.pages.addWidget(self._build_confirmed_page())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

        self.back_button.clicked.connect(self.back_requested)

    # -- layout ----------------------------------------------------------------------------
    def _build_choose_page(self) -> QWidget:
        page = QWidget()
        self.banner = Banner("bookingBanner")
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("dateInput")
        self.calendar.setAccessibleName("Appointment date")
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setMinimumSize(460, 400)
        self.calendar.selectionChanged.connect(self._date_changed)

        self.day_title = label("", "subtitle", "dayTitle")
        self.closed = label("", "empty", "dayClosed")
        self.closed.hide()
        self.slot_grid_holder = QWidget()
        self.slot_grid = QGridLayout(self.slot_grid_holder)
        self.slot_grid.setSpacing(12)
        self.slot_group = QButtonGroup(self)
        self.slot_group.setExclusive(True)
        self.slot_group.buttonClicked.connect(self._slot_chosen)

        right = QVBoxLayout()
        right.addWidget(self.day_title)
        right.addWidget(self.closed)
        right.addWidget(self.slot_grid_holder)
        right.addStretch(1)

        middle = QHBoxLayout()
        middle.setSpacing(32)
        middle.addWidget(self.calendar, 1)
        middle.addLayout(right, 1)

        self.summary_label = label("Choose a day, then a time.", "subtitle", "bookingSummary")
        self.confirm_button = button("Confirm booking", "confirmBookingButton")
        self.confirm_button.setEnabled(False)
        self.confirm_button.setMinimumWidth(340)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(self.confirm_button)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(self.banner)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.confirm_button.clicked.connect(self._confirm)
        return page

    def _build_confirmed_page(self) -> QWidget:
        frame, box = card()
        box.addWidget(label("Your appointment is booked", "title"))
        box.addWidget(label("Your appointment number", "subtitle"))
        self.appointment_id = label("", "big-number", "appointmentId")
        self.appointment_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.appointment_id)
        self.details = label("", "subtitle", "appointmentDetails")
        box.addWidget(self.details)
        self.notice = label("", "hint", "appointmentNotice")
        box.addWidget(self.notice)
        self.done_button = button("Done", "doneButton")
        self.view_appointments_button = button(
            "My appointments", "viewAppointmentsButton", "secondary"
        )
        row = QHBoxLayout()
        row.addWidget(self.view_appointments_button, 1)
        row.addWidget(self.done_button, 2)
        box.addSpacing(12)
        box.addLayout(row)
        self.done_button.clicked.connect(self.finished)
        self.view_appointments_button.clicked.connect(self.appointments_requested)
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.addWidget(frame)
        outer.addStretch(1)
        return page

    # -- flow ------------------------------------------------------------------------------
    def enter(self, session: Session, summary: DoctorSummary) -> None:
        self._session = session
        self._summary = summary
        doctor = summary.doctor
        self.title.setText(f"{doctor_title(doctor)} · {doctor.specialization}")
        self.pages.setCurrentIndex(0)
        self.banner.clear_message()
        first, last = self.services.booking.bookable_range()
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())
        self.calendar.setDateRange(QDate(first), QDate(last))
        # Days that cannot be booked read grey; weekends are not special in a hospital.
        plain, off = QTextCharFormat(), QTextCharFormat()
        off.setForeground(QColor("#8694a3"))
        for weekday in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.calendar.setWeekdayTextFormat(weekday, plain)
        month_start = first.replace(day=1)
        day = month_start
        while day <= last:
            if day < first or not doctor.works_on(day):
                self.calendar.setDateTextFormat(QDate(day), off)
            day += timedelta(days=1)
        self.calendar.setFocus()
        start = summary.next_free.date() if summary.next_free else first
        if self.calendar.selectedDate() == QDate(start):
            self.load_day()
        else:
            self.calendar.setSelectedDate(QDate(start))  # loads through selectionChanged

    def selected_day(self) -> date:
        chosen = self.calendar.selectedDate()
        return date(chosen.year(), chosen.month(), chosen.day())

    def _date_changed(self) -> None:
        if self._summary is not None and self.pages.currentIndex() == 0:
            self.banner.clear_message()
            self.load_day()

    def load_day(self) -> None:
        assert self._summary is not None
        day = self.selected_day()
        self.day_title.setText(f"Times on {long_date(day)}")
        self._clear_slots()
        self.runner.run(
            self.services.booking.availability,
            self._summary.doctor.doctor_id,
            day,
            on_result=self._show_day,
            on_error=lambda e: self.banner.show_message(e.message),
        )

    def _clear_slots(self) -> None:
        for btn in self._slot_buttons:
            self.slot_group.removeButton(btn)
            btn.hide()
            btn.setParent(None)  # gone from the view at once, not at the next event loop turn
            btn.deleteLater()
        self._slot_buttons = []
        self.closed.hide()
        self._update_summary()

    def _show_day(self, availability: DayAvailability) -> None:
        if availability.day != self.selected_day():
            return  # the patient has moved on to another day
        self._clear_slots()
        if availability.closed_reason or not availability.slots:
            self.closed.setText(availability.closed_reason or "No appointments on this day.")
            self.closed.show()
            return
        for i, slot in enumerate(availability.slots):
            reason = {"taken": "Taken", "past": "Passed"}.get(slot.reason, "")
            btn = button(
                f"{slot.time}\n{reason}" if reason else slot.time, f"slot-{slot.time}", "slot"
            )
            btn.setCheckable(True)
            btn.setEnabled(slot.free)
            btn.setAccessibleName(f"{slot.time}, {reason.lower() or 'free'}")
            self.slot_group.addButton(btn)
            self.slot_grid.addWidget(btn, i // SLOT_COLUMNS, i % SLOT_COLUMNS)
            btn.show()  # at once: the layout would only queue it for the next loop turn
            self._slot_buttons.append(btn)
        if not any(s.free for s in availability.slots):
            self.closed.setText("Every time on this day is taken. Please choose another day.")
            self.closed.show()

    def selected_time(self) -> str | None:
        btn = self.slot_group.checkedButton()
        return btn.objectName().removeprefix("slot-") if btn else None

    def _slot_chosen(self) -> None:
        self._update_summary()

    def _update_summary(self) -> None:
        hhmm = self.selected_time()
        self.confirm_button.setEnabled(hhmm is not None)
        if hhmm is None or self._summary is None:
            self.summary_label.setText("Choose a day, then a time.")
            return
        self.summary_label.setText(f"{long_date(self.selected_day())} at {hhmm}")

    def _confirm(self) -> None:
        hhmm = self.selected_time()
        if hhmm is None or self._summary is None or self._session is None:
            return
        self.banner.clear_message()
        self.runner.run(
            self.services.booking.book,
            self._session.user,
            self._summary.doctor.doctor_id,
            self.selected_day(),
            hhmm,
            on_result=self._show_confirmation,
            on_error=self._booking_failed,
            busy=self.confirm_button,
            busy_text="Booking…",
        )

    def _booking_failed(self, error: DomainError) -> None:
        self.banner.show_message(error.message)
        if isinstance(error, SlotTaken):
            self.load_day()
        self._update_summary()

    def _show_confirmation(self, appointment: Appointment) -> None:
        self.appointment_id.setText(appointment.appointment_id)
        self.details.setText(
            f"{doctor_title(appointment)} · {appointment.specialization}\n"
            f"{long_date(date.fromisoformat(appointment.date))} at {appointment.time}"
        )
        email = self._session.user.email if self._session else ""
        self.notice.setText(
            f"A confirmation is on its way to {email}. "
            "Please arrive 10 minutes early and give this number at reception."
        )
        self.pages.setCurrentIndex(1)
        self.done_button.setFocus()
        self.booked.emit(appointment)

    def reset(self) -> None:
        self._session = None
        self._summary = None
        self._clear_slots()
        self.appointment_id.clear()
        self.details.clear()
        self.notice.clear()
        self.banner.clear_message()
        self.pages.setCurrentIndex(0)
