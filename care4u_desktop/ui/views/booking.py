"""Book: pick a day, pick a time, confirm, and read back the appointment number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...domain.errors import DomainError, Reason, SlotTaken
from ...domain.models import Appointment, DayAvailability, DoctorSummary
from ...services.accounts import Session
from ...services.use_cases import Booking
from ..domain_text import error_text, reason_text
from ..formatting import day_and_time, doctor_title, fill, long_date, qdate, specialization_text
from ..theme import Look, scaled
from ..widgets import Banner, PageStack, button, describe, label
from ..worker import TaskRunner
from .base import TIGHT, TIGHT_BELOW, View
from .booking_parts import ButtonRow, DayAndTimes, Heading, Notice
from .confirmation import ConfirmationPage
from .day_picker import DayPicker
from .time_slots import SlotPanel

#: The narrowest column the times get beside the calendar (normal text; scaled with it).
SLOTS_WIDTH = 300
CONFIRM_WIDTH = 240
#: The page's margin at each side where the room allows (``TIGHT``'s where it is tight).
SIDE = 40


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
        #: After a conflict the focus goes to the first free time once the times are back.
        self._focus_times = False
        # "" (open), "-" (no times at all), "all-taken", or "closed" (``_closed_reason``).
        self._closed_message = ""
        self._closed_reason: Reason | None = None

        self.back_button = button("backButton", "secondary")
        self.top = self.title = Heading()

        self.confirmation = ConfirmationPage(runner, kiosk=kiosk, hospital_name=hospital_name)
        self.appointment_id = self.confirmation.appointment_id
        self.details = self.confirmation.details
        self.done_button = self.confirmation.done_button
        self.pages = PageStack()
        self.pages.addWidget(self._build_choose_page())
        self.pages.addWidget(self.confirmation)

        layout = QVBoxLayout(self)
        # Less room above and below than other screens: the booking screen has the most to
        # show, and a 768 px screen at the largest text has none to spare. At the sides,
        # the page's tight margin where the room is tight (``resizeEvent``).
        layout.setContentsMargins(SIDE, 12, SIDE, 12)
        layout.setSpacing(8)
        self._layout = layout
        layout.addWidget(self.top)
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
        self.times.retranslate()
        describe(
            self.confirm_button,
            self.tr("Confirm booking"),
            self.tr("Book the chosen day and time"),
        )
        self._show_title()
        self._show_closed()
        self._update_summary()
        self.confirmation.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The confirmation's heading stays on one line at 1024x768 with the largest text
        # with the 48 px this gives back; so do the calendar and the times.
        size = event.size()
        tight = size.height() < TIGHT_BELOW[0] or size.width() < TIGHT_BELOW[1]
        side = TIGHT[0] if tight else SIDE
        self._layout.setContentsMargins(side, 12, side, 12)
        super().resizeEvent(event)

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        self.calendar.apply_look(look)
        self.confirm_button.setMinimumWidth(scaled(CONFIRM_WIDTH, look))
        for row in (self.middle, self.bottom):
            row.set_scale(look.scale)
        self.confirmation.apply_look(look)

    # -- layout ----------------------------------------------------------------------------
    def _build_choose_page(self) -> QWidget:
        page = QWidget()
        self.banner = Banner("bookingBanner")
        self.calendar = DayPicker()
        self.calendar.selectionChanged.connect(self._date_changed)
        self.times = SlotPanel()
        self.times.chosen_changed.connect(self._update_summary)
        self.closed = self.times.closed

        # Calendar and times side by side while they fit, the times under the calendar
        # when they do not. Nothing here scrolls: the calendar gives up weeks instead
        # (a month, two weeks, one week) when the height runs out.
        self.summary_label = label("", "subtitle", "bookingSummary")
        self.notice = Notice(self.banner, self.summary_label)
        self.middle = DayAndTimes(self.calendar, self.times, self.notice)
        self.middle.set_least_times_width(SLOTS_WIDTH)
        self.confirm_button = button("confirmBookingButton")
        self.confirm_button.setEnabled(False)
        self.confirm_button.setMinimumWidth(CONFIRM_WIDTH)
        # The way back to the side, the main action at the right, both under the summary.
        self.bottom = ButtonRow(self.back_button, self.confirm_button)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.middle, 1)
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
        self.calendar.set_doctor(summary.doctor, summary.next_free)
        start = summary.next_free.date() if summary.next_free else first
        if self.calendar.selectedDate() == qdate(start):
            self.load_day()
        else:
            self.calendar.setSelectedDate(qdate(start))  # loads through selectionChanged
        self.calendar.focus_day()

    def _show_title(self) -> None:
        if self._summary is None:
            self.title.clear()
            return
        doctor = self._summary.doctor
        self.title.set_texts(doctor_title(doctor), specialization_text(doctor.specialization))

    def selected_day(self) -> date:
        return self.calendar.selected_day()

    def _date_changed(self) -> None:
        if self._summary is not None and self.pages.currentIndex() == 0:
            self.banner.clear_message()
            self.load_day()

    def load_day(self) -> None:
        assert self._summary is not None
        self._clear_slots()
        self.times.set_day(self.selected_day(), self._summary.doctor)
        self.runner.run(
            self.booking().availability,
            self._summary.doctor.doctor_id,
            self.selected_day(),
            on_result=self._show_day,
            on_error=lambda e: self.banner.show_message(error_text(e)),
        )

    def _clear_slots(self) -> None:
        self.times.clear()
        self._closed_message = ""
        self._update_summary()

    def _show_day(self, availability: DayAvailability) -> None:
        if availability.day != self.selected_day():
            return  # the patient has moved on to another day
        self._clear_slots()
        focus_times, self._focus_times = self._focus_times, False
        if availability.closed_reason is not None or not availability.slots:
            self._closed_reason = availability.closed_reason
            self._closed_message = "-" if availability.closed_reason is None else "closed"
            self._show_closed()
            return
        self.times.show_slots(list(availability.slots))
        self._chain_tab_order()
        self._update_summary()
        any_free = any(s.free for s in availability.slots)
        self.calendar.mark_day(availability.day, any_free=any_free)
        if not any_free:
            self._closed_message = "all-taken"
            self._show_closed()
        if focus_times:  # after a conflict the patient's next step is another time
            first_free = self.times.first_free()
            if first_free is not None:
                first_free.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.calendar.focus_day()

    def _chain_tab_order(self) -> None:
        """Tab as the eye reads: the calendar, the times, then the buttons under them
        (times made later would otherwise come after the confirm button)."""
        chain = [
            self.calendar.previous_button,
            self.calendar.next_button,
            *self.calendar.day_buttons,
            *self.times.buttons,
            self.back_button,
            self.confirm_button,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _show_closed(self) -> None:
        if not self._closed_message:
            self.times.show_closed("")
            return
        if self._closed_message == "-":
            text = self.tr("No appointments on this day.")
        elif self._closed_message == "all-taken":
            text = self.tr("Every time on this day is taken. Please choose another day.")
        else:
            text = reason_text(self._closed_reason) if self._closed_reason else ""
        self.times.show_closed(text)

    def selected_time(self) -> str | None:
        return self.times.chosen_time

    def _update_summary(self) -> None:
        hhmm = self.selected_time()
        self.confirm_button.setEnabled(hhmm is not None)
        if hhmm is not None and self._summary is not None:
            self.summary_label.setText(day_and_time(self.selected_day(), hhmm))
        elif self._summary is not None and self.times.first_free() is not None:
            self.summary_label.setText(
                fill(self.tr("%1: choose a time."), long_date(self.selected_day()))
            )
        else:
            self.summary_label.setText(self.tr("Choose a day, then a time."))

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
            self._focus_times = True
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
        self.times.set_day(None, None)
        self.pages.setCurrentIndex(0)
        self.top.show()
        self.calendar.reset()
        self._chain_tab_order()
