"""Admins keep the doctor list: name, specialization, times, working days and days off.

A day off makes that day's times unbookable for patients; bookings already made stay,
and the reception desk shows them as a clash to sort out with the patient.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QListView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.models import Doctor
from ...services.accounts import Session
from ...services.use_cases import DoctorAdmin
from ..domain_text import error_text
from ..formatting import doctor_title, fill
from ..tab_order import follow_layouts
from ..widgets import Banner, Field, ReflowGrid, SharedSlot, button, check_box, describe, label
from ..worker import TaskRunner
from .base import (
    GRID_ROW_SPACING,
    TIGHT_BELOW,
    View,
    fit_arrangement,
    hints_whole,
    overflow_page,
)

WEEKDAYS = (1, 2, 3, 4, 5, 6, 7)
#: More than the page's margins and the columns' spacing take: the working days' width is
#: under-estimated, so their height is never.
DAYS_MARGIN = 40


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class DoctorAdminView(View):
    holds_window = False  # it re-arranges itself for the room it has

    back_requested = Signal()

    def __init__(self, admin: Callable[[], DoctorAdmin], runner: TaskRunner) -> None:
        super().__init__("doctorAdminView", runner)
        self.admin = admin
        self._session: Session | None = None
        self._doctors: list[Doctor] = []
        self._editing = ""

        self.title = label("", "title")
        self.back_button = button("adminBackButton", "secondary")
        self.banner = Banner("doctorAdminBanner")
        top = QHBoxLayout()
        # A message (saved, refused) takes the title's place: nothing moves.
        top.addWidget(SharedSlot(self.title, self.banner), 1)
        top.addWidget(self.back_button)
        self.top_row = top

        self.names = QStringListModel()
        self.list = QListView()
        self.list.setObjectName("adminDoctorList")
        self.list.setModel(self.names)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Long names wrap onto a second line rather than hiding behind a scroll bar.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_button = button("newDoctorButton", "secondary")
        self.list_part = QWidget()
        left = QVBoxLayout(self.list_part)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)
        self.list_column = left

        self.name = Field("doctorNameInput")
        self.specialization = Field("doctorSpecializationInput")
        self.slots = Field("doctorSlotsInput")
        self.days_caption = label("", "field-label")
        self.day_boxes: dict[int, QCheckBox] = {}
        # Seven boxes in a row on a desk screen; they wrap onto two rows at large text.
        self.days = ReflowGrid(max_columns=len(WEEKDAYS))
        for weekday in WEEKDAYS:
            box = check_box(f"workday-{weekday}")
            self.day_boxes[weekday] = box
        self.days_off = Field("doctorDaysOffInput")
        self.save_button = button("saveDoctorButton")
        # Where the list and the editor take turns (too little room for both): back to the list.
        self.list_button = button("adminDoctorListButton", "secondary")
        self.list_button.hide()
        actions = QWidget()
        actions_row = QHBoxLayout(actions)
        actions_row.setContentsMargins(0, 0, 0, 0)
        actions_row.addWidget(self.list_button)
        actions_row.addWidget(self.save_button, 1)
        self.action_row = actions
        self.days.set_buttons(list(self.day_boxes.values()))
        days = QWidget()
        days_column = QVBoxLayout(days)
        days_column.setContentsMargins(0, 0, 0, 0)
        days_column.addWidget(self.days_caption)
        days_column.addWidget(self.days)
        self.days_part = days
        self.editor = QWidget()
        self.form = QGridLayout(self.editor)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setHorizontalSpacing(24)
        self.form_columns = 0
        # One at a time: the list or the editor shows, not both (see ``_arrange``).
        self.single = False
        self.editing_shown = False
        self.short_hints = False

        body = QHBoxLayout()
        body.setSpacing(32)
        body.addWidget(self.list_part, 2)
        body.addWidget(self.editor, 3)
        # One page, no scrolling: the fields go two by two where the height runs out.
        self.page = overflow_page(self)
        self.page.addLayout(top)
        self.page.addLayout(body, 1)
        self._arrange(1, single=False)  # once every part has its parent

        self.back_button.clicked.connect(self.back_requested)
        self.new_button.clicked.connect(self._new)
        self.save_button.clicked.connect(self._save)
        self.list_button.clicked.connect(lambda: self._show_editor(False))
        self.list.selectionModel().selectionChanged.connect(self._selected)
        self.retranslate()

    def _arrange(self, columns: int, *, single: bool, width: int = 0) -> None:
        """The editor's fields in ``columns``; ``single``: the list and the editor in turn.

        ``width`` (the view's): the working days flow for the width they will get before
        the height is measured; they re-flow on their own resize only after the measuring.
        """
        self.single = single
        if width:
            room = width - 2 * DAYS_MARGIN
            share = {1: 3 / 5, 2: 3 / 5, 3: 2 / 3} if not single else {1: 1.0, 2: 1.0, 3: 2 / 3}
            self.days._flow(round(room * share[columns]) - 2 * DAYS_MARGIN)
        self.list_button.setVisible(single)
        # The message's slot keeps the height of its longest message at its width: where the
        # list and the editor take turns, the slot has the whole width and the way back to
        # the desk goes under the list.
        self.top_row.removeWidget(self.back_button)
        self.list_column.removeWidget(self.back_button)
        (self.list_column if single else self.top_row).addWidget(self.back_button)
        # Moved into another widget, Qt shows it again only once back in the event loop:
        # hidden until then, the arrangement being measured would not count it (the slot
        # beside it measured at the whole width, short by two lines of its message).
        self.back_button.show()
        self._show_parts()
        # Two columns beside the list leave a field too narrow for two dates: one is hint
        # enough there (the description says the rest).
        self.short_hints = columns == 3 or (columns == 2 and not single)
        self._fit_hints()
        self._place(columns)

    def _fit_hints(self) -> None:
        short = self.short_hints
        self.slots.input.setPlaceholderText("09:00, 09:30" if short else "09:00, 09:30, 10:00")
        self.days_off.input.setPlaceholderText("2026-12-24" if short else "2026-12-24, 2026-12-31")
        hints_whole(self.slots.input, self.days_off.input)

    def _show_parts(self) -> None:
        self.list_part.setVisible(not self.single or not self.editing_shown)
        self.editor.setVisible(not self.single or self.editing_shown)

    def _show_editor(self, shown: bool) -> None:
        self.editing_shown = shown
        if self.single:
            self._show_parts()
            follow_layouts(self)
            (self.name.input if shown else self.list).setFocus()

    def _place(self, columns: int) -> None:
        if columns == self.form_columns:
            return
        self.form_columns = columns
        fields = (self.name, self.specialization, self.slots, self.days_off)
        parts = (*fields, self.days_part, self.action_row)
        for part in parts:
            self.form.removeWidget(part)
        top = Qt.AlignmentFlag.AlignTop
        if columns == 1:
            places = [(0, 0), (1, 0), (2, 0), (4, 0)]
            self.form.addWidget(self.days_part, 3, 0, top)
            self.form.addWidget(self.action_row, 6, 0)
            self.form.setRowStretch(5, 1)
        elif columns == 2:
            places = [(0, 0), (0, 1), (1, 0), (1, 1)]
            self.form.addWidget(self.days_part, 2, 0, 1, 2, top)
            self.form.addWidget(self.action_row, 6, 0, 1, 2)
            self.form.setRowStretch(5, 1)
        else:  # the editor alone on a wide, low screen: one row of fields fewer
            places = [(0, 0), (0, 1), (0, 2), (1, 0)]
            self.form.addWidget(self.days_part, 1, 1, 1, 2, top)
            self.form.addWidget(self.action_row, 6, 0, 1, 3)
            self.form.setRowStretch(5, 1)
        for column in range(3):
            self.form.setColumnStretch(column, 1 if column < columns else 0)
        for field, (row, column) in zip(fields, places, strict=True):
            self.form.addWidget(field, row, column, top)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Roomiest first: side by side, then the list and the editor in turn.
        width = event.size().width()
        self._close_up(event.size())
        arrangements = [
            lambda: self._arrange(1, single=False, width=width),
            lambda: self._arrange(2, single=False, width=width),
            lambda: self._arrange(3, single=True, width=width),
            lambda: self._arrange(2, single=True, width=width),
            lambda: self._arrange(1, single=True, width=width),
        ]
        fit_arrangement(self, self.page, None, event.size(), arrangements)
        # The message slot and the working days size themselves from the width they had:
        # lay them out at the chosen arrangement's width, then choose again on true heights.
        body = self.page.parentWidget()
        if body is not None:
            body.resize(event.size().width(), max(body.height(), event.size().height()))
            self.page.activate()
            fit_arrangement(self, self.page, None, event.size(), arrangements)
        super().resizeEvent(event)

    def _close_up(self, size: QSize) -> None:
        """The fields' rows and each field's label, input and error closer together where
        the room is tight, as on the sign-up (``base.set_tight``)."""
        tight = size.height() < TIGHT_BELOW[0] or size.width() < TIGHT_BELOW[1]
        self.form.setVerticalSpacing(4 if tight else GRID_ROW_SPACING)
        for field in (self.name, self.specialization, self.slots, self.days_off):
            field.close_up(tight)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Doctors"))
        describe(self.back_button, self.tr("← Reception desk"), self.tr("Back to the desk"))
        self.list.setAccessibleName(self.tr("Doctors"))
        describe(self.new_button, self.tr("New doctor"), self.tr("Start a new doctor record"))
        self.name.set_texts(self.tr("Name"), self.tr("The doctor's name, without Dr."))
        self.specialization.set_texts(self.tr("Specialization"), self.tr("e.g. Cardiology"))
        self.slots.set_texts(
            self.tr("Appointment times"),
            self.tr("Times as HH:MM, separated by commas"),
            "09:00, 09:30, 10:00",
        )
        self.days_caption.setText(self.tr("Working days (none ticked: every day)"))
        names = [
            self.tr("Mon"),
            self.tr("Tue"),
            self.tr("Wed"),
            self.tr("Thu"),
            self.tr("Fri"),
            self.tr("Sat"),
            self.tr("Sun"),
        ]
        for weekday, box in self.day_boxes.items():
            box.setText(names[weekday - 1])
            box.setAccessibleName(names[weekday - 1])
        self.days_off.set_texts(
            self.tr("Days off"),
            self.tr("Dates as YYYY-MM-DD, separated by commas"),
            "2026-12-24, 2026-12-31",
        )
        describe(self.save_button, self.tr("Save doctor"), self.tr("Save the details above"))
        describe(self.list_button, "← " + self.tr("Doctors"), self.tr("Doctors"))
        self._fit_hints()

    def enter(self, session: Session) -> None:
        self._session = session
        self.banner.clear_message()
        self._reload()

    def _reload(self) -> None:
        if self._session is None:
            return
        self.runner.run(
            self.admin().doctor_list,
            self._session,
            on_result=self._loaded,
            on_error=self._error,
        )

    def _loaded(self, doctors: list[Doctor]) -> None:
        self._doctors = doctors
        self.names.setStringList([f"{doctor_title(d)} · {d.specialization}" for d in doctors])
        ids = [d.doctor_id for d in doctors]
        if self._editing in ids:
            self.list.setCurrentIndex(self.names.index(ids.index(self._editing)))

    def _selected(self, *_: QItemSelection) -> None:
        rows = self.list.selectionModel().selectedRows()
        if rows:
            self._show(self._doctors[rows[0].row()])
            self._show_editor(True)

    def _show(self, doctor: Doctor) -> None:
        self._editing = doctor.doctor_id
        self.name.input.setText(doctor.name)
        self.specialization.input.setText(doctor.specialization)
        self.slots.input.setText(", ".join(doctor.available_slots))
        for weekday, box in self.day_boxes.items():
            box.setChecked(weekday in doctor.working_days)
        self.days_off.input.setText(", ".join(doctor.days_off))

    def _new(self) -> None:
        self.list.clearSelection()
        self._editing = ""
        for field in (self.name, self.specialization, self.slots, self.days_off):
            field.reset()
        for box in self.day_boxes.values():
            box.setChecked(False)
        self._show_editor(True)
        self.name.input.setFocus()

    def _save(self) -> None:
        if self._session is None:
            return
        for field in (self.name, self.specialization, self.slots, self.days_off):
            field.clear_error()
        self.banner.clear_message()
        doctor = Doctor(
            doctor_id=self._editing,
            name=self.name.text().strip(),
            specialization=self.specialization.text().strip(),
            available_slots=tuple(_split(self.slots.text())),
            working_days=tuple(d for d, box in self.day_boxes.items() if box.isChecked()),
            days_off=tuple(_split(self.days_off.text())),
        )
        self.runner.run(
            self.admin().save_doctor,
            self._session,
            doctor,
            on_result=self._saved,
            on_error=self._error,
            busy=self.save_button,
        )

    def _saved(self, doctor: Doctor) -> None:
        self._editing = doctor.doctor_id
        self.banner.show_message(fill(self.tr("%1 is saved."), doctor_title(doctor)), "success")
        self._reload()

    def _error(self, error: DomainError) -> None:
        # Rule errors name the kind of input they are about; show them at that field.
        field = {"time": self.slots, "date": self.days_off}.get(error.field or "")
        if field is not None:
            field.set_error(error_text(error))
        else:
            self.banner.show_message(error_text(error))

    def reset(self) -> None:
        self._session = None
        self._new()
        self.names.setStringList([])
        self.banner.clear_message()
        self._show_editor(False)
