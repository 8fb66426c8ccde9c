"""The times of one day: plain push buttons, the chosen one marked, each named in full.

Why not checkable buttons in an exclusive group: Qt exposes a checkable QPushButton to
AT-SPI as a toggle button, and a screen reader heard "09:00, free, check box" with no day
and no doctor. A time is a push button named "09:00, Thursday 3 December 2026, Dr. Sarah
Johnson" (", chosen" once chosen); the chosen one is drawn filled (``chosen`` property).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ...domain.models import Doctor, Slot
from ..formatting import doctor_title, fill, long_date
from ..widgets import ReflowGrid, describe, label, repolish, set_enum_property

#: Up to this many times side by side (fewer when they do not fit).
MAX_COLUMNS = 6


class SlotButton(QPushButton):
    """Enter presses it, as Space does (a plain QPushButton ignores Enter)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.isEnabled():
            self.click()
        else:
            super().keyPressEvent(event)


class SlotPanel(QWidget):
    #: The chosen time changed (``chosen_time``).
    chosen_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.day_title = label("", "subtitle", "dayTitle")
        self.closed = label("", "empty", "dayClosed")
        self.closed.hide()
        self.grid = ReflowGrid(MAX_COLUMNS)
        self.buttons: list[SlotButton] = []
        self.slots: list[Slot] = []
        self.chosen_time: str | None = None
        self._day: date | None = None
        self._doctor: Doctor | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.day_title)
        column.addWidget(self.closed)
        column.addWidget(self.grid)
        column.addStretch(1)

    def retranslate(self) -> None:
        self.grid.setAccessibleName(self.tr("Times"))
        self.grid.setAccessibleDescription(self.tr("The doctor's times on this day"))
        self._show_title()
        self._name_slots()

    def set_day(self, day: date | None, doctor: Doctor | None) -> None:
        self._day, self._doctor = day, doctor
        self._show_title()

    def _show_title(self) -> None:
        if self._day is None:
            self.day_title.clear()
        else:
            self.day_title.setText(fill(self.tr("Times on %1"), long_date(self._day)))

    def clear(self) -> None:
        for btn in self.buttons:
            btn.hide()
            btn.setParent(None)  # gone from the view at once, not at the next event loop turn
            btn.deleteLater()
        self.buttons = []
        self.slots = []
        self.grid.set_buttons([])
        self.chosen_time = None
        self.show_closed("")

    def show_closed(self, text: str) -> None:
        self.closed.setText(text)
        self.closed.setVisible(bool(text))

    def show_slots(self, slots: list[Slot]) -> None:
        self.clear()
        self.slots = list(slots)
        for slot in self.slots:
            btn = SlotButton()
            btn.setObjectName(f"slot-{slot.time}")
            btn.setProperty("role", "slot")
            btn.setAutoDefault(False)
            set_enum_property(btn, "focusPolicy", "StrongFocus")
            btn.setEnabled(slot.free)
            btn.clicked.connect(lambda _=False, hhmm=slot.time: self.choose(hhmm))
            self.buttons.append(btn)
        self._name_slots()
        self.grid.set_buttons(list(self.buttons))
        for btn in self.buttons:
            btn.show()  # at once: the layout would only queue it for the next loop turn

    def choose(self, hhmm: str | None) -> None:
        self.chosen_time = hhmm
        for slot, btn in zip(self.slots, self.buttons, strict=True):
            chosen = slot.time == hhmm
            if bool(btn.property("chosen")) != chosen:
                btn.setProperty("chosen", chosen)
                repolish(btn)
        self._name_slots()
        self.chosen_changed.emit()

    def first_free(self) -> SlotButton | None:
        return next((b for s, b in zip(self.slots, self.buttons, strict=True) if s.free), None)

    def _name_slots(self) -> None:
        day = long_date(self._day) if self._day else ""
        doctor = doctor_title(self._doctor) if self._doctor else ""
        for slot, btn in zip(self.slots, self.buttons, strict=True):
            if slot.reason == "taken":
                state, spoken = self.tr("Taken"), self.tr("taken")
            elif slot.reason == "past":
                state, spoken = self.tr("Passed"), self.tr("passed")
            else:
                state, spoken = "", ""
            name = fill(self.tr("%1, %2, %3"), slot.time, day, doctor)
            if spoken:
                name = fill(self.tr("%1, %2"), name, spoken)
            if slot.time == self.chosen_time:
                name = fill(self.tr("%1, chosen"), name)
            describe(
                btn,
                f"{slot.time}\n{state}" if state else slot.time,
                self.tr("Choose this time") if slot.free else self.tr("This time cannot be booked"),
                name,
            )
