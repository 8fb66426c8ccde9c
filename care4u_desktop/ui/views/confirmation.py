"""The booking confirmation: the number, the details, the slip, and the way out.

On a staff desk "Print slip" opens the system print dialog and "Save as PDF" a file
dialog; on a kiosk "Print slip" goes straight to the default printer (and, with
``auto_print``, happens by itself) and there is no file to save.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ...domain.errors import DomainError
from ...domain.models import Appointment
from ..domain_text import error_text
from ..formatting import day_and_time, doctor_title, fill, specialization_text
from ..tab_order import follow_layouts
from ..theme import Look
from ..widgets import Banner, ResponsiveRow, button, describe, label
from ..worker import TaskRunner
from .base import TIGHT_BELOW, card, scrolling
from .confirmation_parts import AppointmentNumber, Lines, arrange_ways

#: The least readable widths (normal text) of the details and of the slip's buttons.
INFO_WIDTH = 360
ACTIONS_WIDTH = 260
#: The least width (normal text) of the slip's status beside its buttons.
STATUS_WIDTH = 200

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from .. import print_queue, slip


log = logging.getLogger(__name__)


class ConfirmationPage(QWidget):
    done = Signal()
    appointments_requested = Signal()
    #: Where the slip went (a printer's name or a file), once it has gone.
    slip_done = Signal(str)
    slip_failed = Signal(str)

    def __init__(self, runner: TaskRunner, *, kiosk: bool, hospital_name: str) -> None:
        super().__init__()
        self.runner = runner
        self.kiosk = kiosk
        self.hospital_name = hospital_name
        self._appointment: Appointment | None = None
        self._patient_name = ""
        self._email = ""
        self._seconds_left: int | None = None
        #: The print button's own words while a kiosk print is under way.
        self._print_idle_text: str | None = None

        frame, box = card()
        self.box = box
        self.heading = label("", "title")
        self.number_caption = label("", "subtitle")
        self.appointment_id = AppointmentNumber()
        # The first thing to read and to keep: it has the focus when the page opens (a screen
        # reader reads it out) and the keyboard can select it, as the mouse can.
        self.appointment_id.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.appointment_id.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.details = Lines("subtitle", "appointmentDetails")
        self.notice = label("", "hint", "appointmentNotice")
        # Under the slip's buttons, with nothing under it to move: a line's room is enough
        # until a message has been shown (see Banner).
        self.slip_status = Banner("slipStatus", room="", keep_room=True)
        self.countdown = label("", "hint", "confirmationCountdown")
        self.countdown.hide()
        # The caption beside the number where the width allows: a line less to scroll.
        self.number_caption.setWordWrap(False)
        self.number_row = ResponsiveRow(4)  # the number keeps its own padding and border
        self.number_row.add(self.number_caption)
        self.number_row.add(self.appointment_id, 1)
        info = QWidget()
        info_column = QVBoxLayout(info)
        info_column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.number_row, self.details, self.notice, self.countdown):
            info_column.addWidget(widget)
        info_column.addStretch(1)

        self.print_button = button("printSlipButton", "secondary")
        self.save_button = button("saveSlipButton", "secondary")
        self.view_appointments_button = button("viewAppointmentsButton", "secondary")
        self.done_button = button("doneButton")
        if self.kiosk:
            self.save_button.hide()  # a kiosk has no files to save to
        # The slip's buttons, their status, "My appointments": see ``arrange_ways``.
        self.slip_buttons = ResponsiveRow(12)
        for action in (self.print_button, self.save_button):
            self.slip_buttons.add(action, 1)
        self.slip_row = ResponsiveRow(12)
        self.slip_row.add(self.slip_buttons)
        self.slip_row.add(self.slip_status, 1, STATUS_WIDTH)
        actions = QWidget()
        actions_column = QVBoxLayout(actions)
        actions_column.setContentsMargins(0, 0, 0, 0)
        actions_column.addWidget(self.slip_row)
        actions_column.addStretch(1)
        self.action_row = ResponsiveRow(24)
        self.action_row.add(info, 3, INFO_WIDTH)
        self.action_row.add(actions, 2, ACTIONS_WIDTH)
        box.addWidget(self.action_row)
        self.action_row.stacked_changed.connect(self._arrange_slip_buttons)
        # Scrolls only where even side by side does not fit (the fit test names it then);
        # "Done" always stays in view.
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        outer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(scrolling(page), 1)
        self.exits = ResponsiveRow(12)  # "Done", and "My appointments" beside it
        self.exits.add(self.done_button, 2)
        layout.addWidget(self.exits)
        self._arrange_slip_buttons()

        self.done_button.clicked.connect(self.done)
        self.view_appointments_button.clicked.connect(self.appointments_requested)
        self.print_button.clicked.connect(self.print_slip)
        self.save_button.clicked.connect(self.save_pdf)
        self.retranslate()

    # -- words -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(self.tr("Your appointment is booked"))
        self.number_caption.setText(self.tr("Your appointment number"))
        describe(
            self.print_button,
            self.tr("Print slip"),
            self.tr("Print a slip with your appointment number and a code reception can scan"),
        )
        describe(
            self.save_button,
            self.tr("Save as PDF"),
            self.tr("Save the appointment slip as a PDF file"),
        )
        describe(
            self.view_appointments_button,
            self.tr("My appointments"),
            self.tr("See all your appointments"),
        )
        if self.kiosk:
            describe(
                self.done_button,
                self.tr("Finish and log out"),
                self.tr("Log out and clear the screen for the next person"),
            )
        else:
            describe(self.done_button, self.tr("Done"), self.tr("Go back to the list of doctors"))
        self._show_details()
        self._show_countdown()

    def apply_look(self, look: Look) -> None:
        self.action_row.set_scale(look.scale)
        self.slip_row.set_scale(look.scale)

    def _arrange_slip_buttons(self) -> None:
        arrange_ways(
            beside_details=not self.action_row.stacked,
            slip_buttons=self.slip_buttons,
            slip_row=self.slip_row,
            exits=self.exits,
            appointments=self.view_appointments_button,
        )
        follow_layouts(self)

    def minimumSizeHint(self) -> QSize:
        # Never holding the window taller than the screen (see views.base.View).
        return QSize(0, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        tight = event.size().height() < TIGHT_BELOW[0]
        inner, top = (16, 8) if tight else (40, 30)
        self.box.setContentsMargins(inner, top, inner, top)
        self.box.setSpacing(8 if tight else 14)
        super().resizeEvent(event)

    def _show_details(self) -> None:
        appointment = self._appointment
        if appointment is None:
            return
        self.appointment_id.setText(appointment.appointment_id)
        self.appointment_id.setAccessibleName(
            fill(self.tr("Appointment number %1"), appointment.appointment_id)
        )
        when = day_and_time(date.fromisoformat(appointment.date), appointment.time)
        specialization = specialization_text(appointment.specialization)
        self.details.set_phrases(f"{doctor_title(appointment)} · {specialization}", when)
        self.notice.setText(
            fill(
                self.tr(
                    "A confirmation is on its way to %1. "
                    "Please arrive 10 minutes early and give this number at reception."
                ),
                self._email,
            )
        )

    def _show_countdown(self) -> None:
        if self._seconds_left is None:
            self.countdown.hide()
            return
        self.countdown.setText(
            self.tr("For your privacy this screen closes in %n second(s).", "", self._seconds_left)
        )
        self.countdown.show()

    # -- flow ------------------------------------------------------------------------------
    def show_booking(self, appointment: Appointment, patient_name: str, email: str) -> None:
        self._appointment = appointment
        self._patient_name = patient_name
        self._email = email
        self.slip_status.clear_message()
        self.slip_status.release_room()
        self._show_details()
        self.focus_first()

    def focus_first(self) -> None:
        self.appointment_id.setFocus()

    def set_countdown(self, seconds: int | None) -> None:
        """Kiosk mode: how long until the kiosk starts over (None hides it)."""
        self._seconds_left = seconds
        self._show_countdown()

    def _slip(self) -> slip.SlipData | None:
        from .. import slip  # QtPrintSupport and segno load when a slip is made

        if self._appointment is None:
            return None
        return slip.slip_data(self._appointment, self._patient_name, self.hospital_name)

    def print_slip(self) -> None:
        from .. import slip  # QtPrintSupport and segno load when a slip is made

        data = self._slip()
        if data is None or not self.print_button.isEnabled():
            return
        if self.kiosk:
            self._print_on_kiosk(data)
            return
        printer = slip.choose_printer(self.window())
        if printer is None:
            return  # the receptionist cancelled the dialog
        self.slip_status.show_message(self.tr("Printing your slip…"), "info")
        self._job(
            lambda: slip.print_on(printer, data),
            self._printed,
            self.print_button,
            self.tr("Printing…"),
        )

    # -- the kiosk's printer: asked before, watched after (see ui/print_queue.py) ---------
    def _print_on_kiosk(self, data: slip.SlipData) -> None:
        from .. import print_queue, slip

        printer = slip.default_printer()
        if printer is None or slip.stopped_for_qt(printer):
            self._not_ready("no printer" if printer is None else "stopped (Qt)")
            return
        self._kiosk_busy(self.tr("Checking the printer…"))
        if slip.prints_to_file(printer):
            self._submit_on_kiosk(printer, data, print_queue.Snapshot("", None))
            return
        self.runner.run(
            print_queue.snapshot,
            printer.printerName(),
            on_result=lambda snap: self._submit_on_kiosk(printer, data, snap),
            on_error=lambda error: self._not_ready(error.message),
        )

    def _submit_on_kiosk(
        self, printer: QPrinter, data: slip.SlipData, snap: print_queue.Snapshot
    ) -> None:
        from .. import print_queue, slip

        if snap.not_ready:
            self._not_ready(snap.not_ready)
            return
        # Only now, with the printer ready, does the patient read "printing".
        self.slip_status.show_message(self.tr("Printing your slip…"), "info")
        self._kiosk_busy(self.tr("Printing…"))
        token = print_queue.expect_job(printer.printerName(), snap.queued)
        try:
            # The queue's job name (and its history) carries no appointment number.
            where = slip.print_on(printer, data, doc_name=data.title)
        except Exception as error:
            log.exception("the slip could not be sent to the printer")
            print_queue.cancel_pending_jobs()
            self._failed(error if isinstance(error, DomainError) else slip.PrintFailed())
            return
        self.runner.run(
            print_queue.watch,
            printer.printerName(),
            snap.queued,
            token,
            on_result=lambda reason: self._not_ready(reason) if reason else self._printed(where),
            on_error=lambda error: self._not_ready(error.message),
        )

    def _kiosk_busy(self, text: str) -> None:
        """The button says what is happening; it stays disabled until the slip is out (or
        known not to be), over the two worker calls and the printing between them."""
        if self._print_idle_text is None:
            self._print_idle_text = self.print_button.text()
        self.print_button.setEnabled(False)
        self.print_button.setText(text)

    def _kiosk_idle(self) -> None:
        if self._print_idle_text is not None:
            self.print_button.setText(self._print_idle_text)
            self._print_idle_text = None
        self.print_button.setEnabled(True)

    def _not_ready(self, reason: str) -> None:
        log.warning("kiosk printer not ready: %s", reason)
        self._kiosk_idle()
        self._failed_message(
            self.tr("The printer is not ready. Please write down your number or ask at reception.")
        )

    def save_pdf(self) -> None:
        from .. import slip  # QtPrintSupport and segno load when a slip is made

        data = self._slip()
        if data is None or self.kiosk or not self.save_button.isEnabled():
            return
        path = slip.choose_pdf_path(self.window(), data.file_name)
        if path is None:
            return
        self._job(
            lambda: str(slip.write_pdf(path, data)),
            self._saved,
            self.save_button,
            self.tr("Saving…"),
        )

    def _job(
        self,
        work: Callable[[], str],
        done: Callable[[str], None],
        button: QPushButton,
        busy_text: str,
    ) -> None:
        """Print or save on the GUI thread, once the button has shown it is busy.

        Drawing a slip takes a few hundredths of a second; Qt's font engines are safest on
        the GUI thread, and a printer refusing the job must not leave a thread behind.
        """
        idle_text = button.text()
        button.setEnabled(False)
        button.setText(busy_text)

        def run() -> None:
            try:
                where = work()
            except DomainError as error:
                self._failed(error)
            except Exception:
                from .. import slip

                log.exception("the slip could not be printed or saved")
                self._failed(slip.PrintFailed())
            else:
                done(where)
            finally:
                button.setText(idle_text)
                button.setEnabled(True)

        QTimer.singleShot(0, run)

    def _printed(self, where: str) -> None:
        self._kiosk_idle()
        self.slip_status.show_message(
            self.tr("Your slip is printing. Please take it from the printer."), "success"
        )
        self.slip_done.emit(where)

    def _saved(self, path: str) -> None:
        self.slip_status.show_message(fill(self.tr("Slip saved to %1"), path), "success")
        self.slip_done.emit(path)

    def _failed(self, error: DomainError) -> None:
        self._kiosk_idle()
        self._failed_message(error_text(error))

    def _failed_message(self, message: str) -> None:
        self.slip_status.show_message(message, "error")
        self.slip_failed.emit(message)

    def reset(self) -> None:
        from ..print_queue import cancel_pending_jobs

        # Log-out: a slip still waiting in the printer's queue must not come out for the
        # next person (no I/O unless a job of ours is pending).
        cancel_pending_jobs()
        self._kiosk_idle()  # a result dropped at log-out never gives the button back
        self._appointment = None
        self._patient_name = ""
        self._email = ""
        self._seconds_left = None
        for widget in (self.appointment_id, self.details, self.notice):
            widget.clear()
        self.appointment_id.setAccessibleName("")
        self.slip_status.clear_message()
        self.slip_status.release_room()
        self.countdown.hide()
