"""The reception desk's searches: the next free time of a specialization, and the patient
at the counter (found by email or phone, or registered as a walk-in).

A part of ``StaffDeskView`` (a mixin: it uses the view's widgets and state, declared below
for the type checker), kept apart so each module stays readable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QPushButton, QTableView

from ...domain.errors import DomainError
from ...domain.models import Doctor, User
from ...services.accounts import Session
from ...services.free_times import FreeTime
from ...services.use_cases import StaffDesk
from ..domain_text import field_errors
from ..formatting import doctor_title, fill, long_date, qdate
from ..staff_models import PatientModel
from ..widgets import Banner, Field, describe
from ..worker import TaskRunner
from .desk_panes import PatientPane


class DeskSearches:
    # Its words are the view's ("StaffDeskView"): Qt's tr looks them up under the class
    # of the object, which is the view's, so lupdate is told that context by name.
    # The view's (StaffDeskView) widgets and state this part uses.
    runner: TaskRunner
    desk: Callable[[], StaffDesk]
    banner: Banner
    patients: PatientPane
    patient_model: PatientModel
    patient_table: QTableView
    patient_search: QLineEdit
    find_button: QPushButton
    next_free_button: QPushButton
    register_button: QPushButton
    doctor_select: QComboBox
    date_input: QDateEdit
    walk_in_name: Field
    walk_in_email: Field
    walk_in_phone: Field
    _session: Session | None
    _found: FreeTime | None
    _select_time: str
    _closed_note: bool

    if TYPE_CHECKING:  # the view's own (declared only: a body here would shadow them)

        def selected_doctor(self) -> Doctor | None: ...
        def selected_day(self) -> date: ...
        def show_pane(self, index: int) -> None: ...
        def load_day(self) -> None: ...
        def _update_actions(self) -> None: ...
        def _error(self, error: DomainError) -> None: ...

    # -- the next free time of a specialization -------------------------------------------
    def _describe_next_free(self) -> None:
        doctor = self.selected_doctor()
        specialization = doctor.specialization if doctor else ""
        describe(
            self.next_free_button,
            QCoreApplication.translate("StaffDeskView", "Next free"),
            fill(
                QCoreApplication.translate(
                    "StaffDeskView", "The next free time with any %1 doctor"
                ),
                specialization,
            ),
            fill(QCoreApplication.translate("StaffDeskView", "Next free time, %1"), specialization)
            if doctor
            else None,
        )
        self.next_free_button.setToolTip(self.next_free_button.accessibleDescription())

    def _next_free(self) -> None:
        doctor = self.selected_doctor()
        if self._session is None or doctor is None:
            return
        self.runner.run(
            self.desk().next_free,
            self._session,
            doctor.specialization,
            self._found,
            on_result=lambda found: self._next_found(doctor.specialization, found),
            on_error=self._error,
            busy=self.next_free_button,
        )

    def _next_found(self, specialization: str, found: FreeTime | None) -> None:
        if found is None:
            self._found = None
            self.banner.show_message(
                fill(
                    QCoreApplication.translate(
                        "StaffDeskView", "No %1 doctor has a free time left to book."
                    ),
                    specialization,
                ),
                "info",
            )
            return
        self._found = found
        self._closed_note = False
        self._select_time = found.time
        index = self.doctor_select.findData(found.doctor.doctor_id)
        for widget in (self.doctor_select, self.date_input):
            widget.blockSignals(True)
        self.doctor_select.setCurrentIndex(index)
        self.date_input.setDate(qdate(found.day))
        for widget in (self.doctor_select, self.date_input):
            widget.blockSignals(False)
        self.show_pane(0)
        self.banner.show_message(
            fill(
                QCoreApplication.translate(
                    "StaffDeskView",
                    "Next free: %1, %2, %3. Press Next free again for the one after.",
                ),
                found.time,
                long_date(found.day),
                doctor_title(found.doctor),
            ),
            "success",
        )
        self.load_day()

    # -- the patient at the counter --------------------------------------------------------
    def _find(self) -> None:
        if self._session is None or not self.patient_search.text().strip():
            return
        self.runner.run(
            self.desk().find_patients,
            self._session,
            self.patient_search.text(),
            on_result=self._found_patients,
            on_error=self._error,
            busy=self.find_button,
        )

    def _found_patients(self, patients: list[User]) -> None:
        self.patients.show_find()
        self.patient_model.set_patients(patients)
        self._closed_note = False
        if patients:
            self.patient_table.selectRow(0)
            self.banner.clear_message()
        else:
            self.banner.show_message(
                QCoreApplication.translate(
                    "StaffDeskView", "No patient found. Register them as a new patient."
                ),
                "info",
            )
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
        self._found_patients([patient])
        self.banner.show_message(
            fill(
                QCoreApplication.translate(
                    "StaffDeskView", "%1 is registered. Choose a free time and book."
                ),
                patient.name,
            ),
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
