"""Book: pick a day, pick a time, confirm, and read back the appointment number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError, Reason, SlotTaken
from ...domain.models import Appointment, DayAvailability, DoctorSummary, Slot
from ...services.accounts import Session
from ...services.use_cases import Booking
from ..domain_text import error_text, reason_text
from ..formatting import (
    day_and_time,
    doctor_title,
    fill,
    long_date,
    qdate,
    specialization_text,
)
from ..theme import Look, scaled
from ..widgets import Banner, PageStack, ReflowGrid, ResponsiveRow, button, describe, label
from ..worker import TaskRunner
from .base import View, scrolling
from .confirmation import ConfirmationPage
from .day_picker import SIZE as DAY_PICKER_SIZE
from .day_picker import DayPicker

SLOT_COLUMNS = 3
SLOTS_WIDTH = 300
CONFIRM_WIDTH = 340
SUMMARY_WIDTH = 300
TITLE_WIDTH = 360


class BookingView(View):
    back_requested = Signal()
    appointments_requested = Signal()
    finished = Signal()
    #: The confirmation page is on screen (kiosk mode times it out from here).
    booked = Signal(object)  # Appointment

    def __init__(
        self,
        booking: Callable[[], Booking],
        runner: TaskRunner,
        *,
        kiosk: bool,
        hospital_name: str,
    ) -> None:
        super().__init__("bookingView", runner)
        self.booking = booking
        self._session: Session | None = None
        self._summary: DoctorSummary | None = None
        self._slot_buttons: list[QPushButton] = []
        self._slots: list[Slot] = []
        # "" (open), "-" (no times at all), "all-taken", or "closed" (``_closed_reason``).
        self._closed_message = ""
        self._closed_reason: Reason | None = None

        self.back_button = button("backButton", "secondary")
        self.title = label("", "title")
        top = ResponsiveRow(16)
        top.add(self.title, 1, TITLE_WIDTH)
        top.add(self.back_button)
        self.top = top

        self.confirmation = ConfirmationPage(runner, kiosk=kiosk, hospital_name=hospital_name)
        self.appointment_id = self.confirmation.appointment_id
        self.details = self.confirmation.details
        self.done_button = self.confirmation.done_button
        self.pages = PageStack()
        self.pages.addWidget(self._build_choose_page())
        self.pages.addWidget(self.confirmation)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(16)
        layout.addWidget(top)
        layout.addWidget(self.pages, 1)

        self.back_button.clicked.connect(self.back_requested)
        self.confirmation.done.connect(self.finished)
        self.confirmation.appointments_requested.connect(self.appointments_requested)
        self.retranslate()

    def retranslate(self) -> None:
        describe(
            self.back_button,
            self.tr("← Back to doctors"),
            self.tr("Go back to the list of doctors without booking"),
            self.tr("Back to doctors"),
        )
        self.calendar.retranslate()
        self.slot_grid_holder.setAccessibleName(self.tr("Times"))
        self.slot_grid_holder.setAccessibleDescription(self.tr("The doctor's times on this day"))
        describe(
            self.confirm_button,
            self.tr("Confirm booking"),
            self.tr("Book the chosen day and time"),
        )
        self._show_title()
        self._show_day_title()
        self._label_slots()
        self._show_closed()
        self._update_summary()
        self.confirmation.retranslate()

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        self.calendar.apply_look(look)
        self.confirm_button.setMinimumWidth(scaled(CONFIRM_WIDTH, look))
        for row in (self.top, self.middle, self.bottom):
            row.set_scale(look.scale)
        self.confirmation.apply_look(look)
        self._paint_calendar_days()

    # -- layout ----------------------------------------------------------------------------
    def _build_choose_page(self) -> QWidget:
        page = QWidget()
        self.banner = Banner("bookingBanner")
        self.calendar = DayPicker()
        self.calendar.selectionChanged.connect(self._date_changed)

        self.day_title = label("", "subtitle", "dayTitle")
        self.closed = label("", "empty", "dayClosed")
        self.closed.hide()
        self.slot_grid_holder = ReflowGrid(SLOT_COLUMNS)
        self.slot_group = QButtonGroup(self)
        self.slot_group.setExclusive(True)
        self.slot_group.buttonClicked.connect(self._slot_chosen)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.day_title)
        column.addWidget(self.closed)
        column.addWidget(self.slot_grid_holder)
        column.addStretch(1)

        # Calendar and times side by side while they fit, the times under the calendar
        # when they do not; only this part scrolls, the confirm button stays in view.
        self.middle = ResponsiveRow(32)
        self.middle.add(self.calendar, 3, DAY_PICKER_SIZE[0])
        self.middle.add(right, 2, SLOTS_WIDTH)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.middle, 1)

        self.summary_label = label("", "subtitle", "bookingSummary")
        self.confirm_button = button("confirmBookingButton")
        self.confirm_button.setEnabled(False)
        self.confirm_button.setMinimumWidth(CONFIRM_WIDTH)
        self.bottom = ResponsiveRow(16)
        self.bottom.add(self.summary_label, 1, SUMMARY_WIDTH)
        self.bottom.add(self.confirm_button, 0, CONFIRM_WIDTH)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(self.banner)
        layout.addWidget(scrolling(holder), 1)
        layout.addWidget(self.bottom)
        self.confirm_button.clicked.connect(self._confirm)
        return page

    # -- flow ------------------------------------------------------------------------------
    def enter(self, session: Session, summary: DoctorSummary) -> None:
        self._session = session
        self._summary = summary
        self._show_title()
        self.pages.setCurrentIndex(0)
        self.top.show()
        self.banner.clear_message()
        first, last = self.booking().bookable_range()
        self.calendar.setDateRange(qdate(first), qdate(last))
        self._paint_calendar_days()
        self.calendar.setFocus()
        start = summary.next_free.date() if summary.next_free else first
        if self.calendar.selectedDate() == qdate(start):
            self.load_day()
        else:
            self.calendar.setSelectedDate(qdate(start))  # loads through selectionChanged

    def _show_title(self) -> None:
        if self._summary is None:
            self.title.clear()
            return
        doctor = self._summary.doctor
        self.title.setText(f"{doctor_title(doctor)} · {specialization_text(doctor.specialization)}")

    def _paint_calendar_days(self) -> None:
        doctor = self._summary.doctor if self._summary is not None else None
        first, last = self.booking().bookable_range()
        self.calendar.paint_days(doctor, first, last)

    def selected_day(self) -> date:
        return self.calendar.selected_day()

    def _date_changed(self) -> None:
        if self._summary is not None and self.pages.currentIndex() == 0:
            self.banner.clear_message()
            self.load_day()

    def _show_day_title(self) -> None:
        if self._summary is None:
            self.day_title.clear()
            return
        self.day_title.setText(fill(self.tr("Times on %1"), long_date(self.selected_day())))

    def load_day(self) -> None:
        assert self._summary is not None
        self._show_day_title()
        self._clear_slots()
        self.runner.run(
            self.booking().availability,
            self._summary.doctor.doctor_id,
            self.selected_day(),
            on_result=self._show_day,
            on_error=lambda e: self.banner.show_message(error_text(e)),
        )

    def _clear_slots(self) -> None:
        for btn in self._slot_buttons:
            self.slot_group.removeButton(btn)
            btn.hide()
            btn.setParent(None)  # gone from the view at once, not at the next event loop turn
            btn.deleteLater()
        self._slot_buttons = []
        self.slot_grid_holder.set_buttons([])
        self._slots = []
        self._closed_message = ""
        self.closed.hide()
        self._update_summary()

    def _show_day(self, availability: DayAvailability) -> None:
        if availability.day != self.selected_day():
            return  # the patient has moved on to another day
        self._clear_slots()
        if availability.closed_reason is not None or not availability.slots:
            self._closed_reason = availability.closed_reason
            self._closed_message = "-" if availability.closed_reason is None else "closed"
            self._show_closed()
            return
        self._slots = list(availability.slots)
        for slot in self._slots:
            btn = button(f"slot-{slot.time}", "slot")
            btn.setCheckable(True)
            btn.setEnabled(slot.free)
            self.slot_group.addButton(btn)
            self._slot_buttons.append(btn)
        self._label_slots()
        self.slot_grid_holder.set_buttons(list(self._slot_buttons))
        for btn in self._slot_buttons:
            btn.show()  # at once: the layout would only queue it for the next loop turn
        if not any(s.free for s in self._slots):
            self._closed_message = "all-taken"
            self._show_closed()

    def _label_slots(self) -> None:
        for slot, btn in zip(self._slots, self._slot_buttons, strict=True):
            if slot.reason == "taken":
                state, spoken = self.tr("Taken"), self.tr("taken")
            elif slot.reason == "past":
                state, spoken = self.tr("Passed"), self.tr("passed")
            else:
                state, spoken = "", self.tr("free")
            describe(
                btn,
                f"{slot.time}\n{state}" if state else slot.time,
                self.tr("Choose this time") if slot.free else self.tr("This time cannot be booked"),
                f"{slot.time}, {spoken}",
            )

    def _show_closed(self) -> None:
        if not self._closed_message:
            self.closed.hide()
            return
        if self._closed_message == "-":
            text = self.tr("No appointments on this day.")
        elif self._closed_message == "all-taken":
            text = self.tr("Every time on this day is taken. Please choose another day.")
        else:
            text = reason_text(self._closed_reason) if self._closed_reason else ""
        self.closed.setText(text)
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
            self.summary_label.setText(self.tr("Choose a day, then a time."))
            return
        self.summary_label.setText(day_and_time(self.selected_day(), hhmm))

    def _confirm(self) -> None:
        hhmm = self.selected_time()
        if hhmm is None or self._summary is None or self._session is None:
            return
        self.banner.clear_message()
        self.runner.run(
            self.booking().book,
            self._session.user,
            self._summary.doctor.doctor_id,
            self.selected_day(),
            hhmm,
            on_result=self._show_confirmation,
            on_error=self._booking_failed,
            busy=self.confirm_button,
            busy_text=self.tr("Booking…"),
        )

    def _booking_failed(self, error: DomainError) -> None:
        self.banner.show_message(error_text(error))
        if isinstance(error, SlotTaken):
            self.load_day()
        self._update_summary()

    def _show_confirmation(self, appointment: Appointment) -> None:
        user = self._session.user if self._session else None
        self.confirmation.show_booking(
            appointment, user.name if user else "", user.email if user else ""
        )
        self.pages.setCurrentIndex(1)
        self.top.hide()  # the confirmation names the doctor itself; room for the number
        self.confirmation.focus_first()  # the appointment number
        self.booked.emit(appointment)

    def reset(self) -> None:
        self._session = None
        self._summary = None
        self._clear_slots()
        self.confirmation.reset()
        self.banner.clear_message()
        self.title.clear()
        self.day_title.clear()
        self.pages.setCurrentIndex(0)
        self.top.show()
        self.calendar.reset()
