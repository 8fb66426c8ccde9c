"""The times of one day: plain push buttons, the chosen one marked, each named in full.

Why not checkable buttons in an exclusive group: Qt exposes a checkable QPushButton to
AT-SPI as a toggle button, and a screen reader heard "09:00, free, check box" with no day
and no doctor. A time is a push button named "09:00, Thursday 3 December 2026, Dr. Sarah
Johnson" (", chosen" once chosen); the chosen one is drawn filled (``chosen`` property).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from ...domain.models import Doctor, Slot
from ..formatting import doctor_title, fill, long_date
from ..widgets import describe, label, repolish, set_enum_property

#: Up to this many times side by side (fewer when they do not fit).
MAX_COLUMNS = 6
GRID_SPACING = 12
#: The room between rows of one-line (compact) times: they are compact because the height
#: ran out, and the 6 px each gap gives back is what the last row of the busiest day needs
#: on a 768 px screen at the largest text; the times stay well apart (12 px side by side).
COMPACT_ROW_SPACING = 6


class SlotButton(QPushButton):
    """Enter presses it, as Space does (a plain QPushButton ignores Enter)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.isEnabled():
            self.click()
        else:
            super().keyPressEvent(event)


class SlotGrid(QWidget):
    """Times in as many columns as fit (up to ``MAX_COLUMNS``), re-flowed on resize.

    Like ``widgets.ReflowGrid``, but a button's width is the larger of its size hint and
    the style sheet's minimum (``min-width`` sets a minimum of its own, a few pixels wider
    in high contrast), so a full row is never wider than the grid."""

    def __init__(self) -> None:
        super().__init__()
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(GRID_SPACING)
        self._buttons: list[SlotButton] = []
        self.columns = 0

    @staticmethod
    def widest(buttons: list[SlotButton]) -> int:
        return max((max(b.minimumSizeHint().width(), b.minimumWidth()) for b in buttons), default=0)

    @staticmethod
    def columns_for(width: int, widest: int, count: int) -> int:
        fits = max(1, (width + GRID_SPACING) // (widest + GRID_SPACING))
        return max(1, min(MAX_COLUMNS, fits, count))

    def set_buttons(self, buttons: list[SlotButton]) -> None:
        for old in self._buttons:
            self._grid.removeWidget(old)
        self._buttons = list(buttons)
        self.columns = 0
        self._flow(self.width())

    def _flow(self, width: int) -> None:
        if not self._buttons:
            return
        columns = self.columns_for(width, self.widest(self._buttons), len(self._buttons))
        if columns == self.columns:
            return
        self.columns = columns
        for btn in self._buttons:
            self._grid.removeWidget(btn)
        for i, btn in enumerate(self._buttons):
            self._grid.addWidget(btn, i // columns, i % columns)
        for column in range(MAX_COLUMNS):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def set_compact(self, compact: bool) -> None:
        self._grid.setVerticalSpacing(COMPACT_ROW_SPACING if compact else GRID_SPACING)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.widest(self._buttons), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._flow(event.size().width())
        super().resizeEvent(event)


class SlotPanel(QWidget):
    #: The chosen time changed (``chosen_time``).
    chosen_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.closed = label("", "empty", "dayClosed")
        self.closed.hide()
        self.grid = SlotGrid()
        self.buttons: list[SlotButton] = []
        #: Buttons of an earlier day, hidden and wordless, for the next day's times: a
        #: kiosk shows thousands of days in a week, and every QPushButton Qt makes and
        #: deletes leaves a few dozen bytes behind in the process for good (issue 14).
        self._spare: list[SlotButton] = []
        self.slots: list[Slot] = []
        self.chosen_time: str | None = None
        #: One line per time ("11:00", struck through) instead of "11:00" over "Taken":
        #: where the height runs out (``DayAndTimes`` decides). The name still says it.
        self.compact = False
        self._day: date | None = None
        self._doctor: Doctor | None = None
        column = self._column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.closed)
        column.addWidget(self.grid)
        column.addStretch(1)

    def least_width(self) -> int:
        return SlotGrid.widest(self.buttons)

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            self.grid.set_compact(compact)
            for btn in self.buttons:
                btn.setProperty("compact", compact)
                repolish(btn)
            self._name_slots()

    def _one_line(self, btn: QPushButton) -> int:
        return btn.sizeHint().height() - btn.text().count("\n") * btn.fontMetrics().lineSpacing()

    def height_for(self, width: int, compact: bool | None = None) -> int:
        """The height the times need at ``width``, flowed as the grid flows them, in one
        line each (``compact``) or with the state under the time."""
        compact = self.compact if compact is None else compact
        height = 0
        if self.closed.isVisibleTo(self):
            height = self.closed.heightForWidth(width)
        if not self.buttons:
            return height
        if height:
            height += self._column.spacing()
        columns = SlotGrid.columns_for(width, self.least_width(), len(self.buttons))
        pairs = list(zip(self.buttons, self.slots, strict=True))
        rows = [pairs[i : i + columns] for i in range(0, len(pairs), columns)]
        line = self.buttons[0].fontMetrics().lineSpacing()
        tallest = [
            max(self._one_line(b) + (0 if compact or slot.free else line) for b, slot in row)
            for row in rows
        ]
        between = COMPACT_ROW_SPACING if compact else GRID_SPACING
        return height + sum(tallest) + between * (len(rows) - 1)

    # The layout must give the times the rows they need (a taken time is two lines high);
    # a plain grid would let the calendar above take that room first.
    def minimumSizeHint(self) -> QSize:
        return QSize(self.least_width(), self.height_for(self.width()))

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def retranslate(self) -> None:
        self.grid.setAccessibleDescription(self.tr("The doctor's times on this day"))
        self._show_title()
        self._name_slots()

    def set_day(self, day: date | None, doctor: Doctor | None) -> None:
        self._day, self._doctor = day, doctor
        self._show_title()

    def _show_title(self) -> None:
        # No heading of its own on screen (the summary under the times names the day, the
        # calendar shows it chosen); a screen reader hears the group's name.
        if self._day is None:
            self.grid.setAccessibleName(self.tr("Times"))
        else:
            self.grid.setAccessibleName(fill(self.tr("Times on %1"), long_date(self._day)))

    def clear(self) -> None:
        for btn in self.buttons:
            # Out of the grid, hidden and wordless at once, kept for the next day's times.
            # Never deleted while the panel lives (nor handed to Python with setParent(None),
            # which deleted buttons Qt still held for an event being delivered).
            btn.hide()
            btn.setObjectName("")  # no longer found as slot-HH:MM while it waits
            btn.setText("")
            btn.setToolTip("")
            btn.setAccessibleName("")
            btn.setAccessibleDescription("")
        self._spare.extend(reversed(self.buttons))
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
            btn = self._spare.pop() if self._spare else self._new_button()
            btn.setObjectName(f"slot-{slot.time}")
            btn.setProperty("time", slot.time)
            btn.setEnabled(slot.free)
            if btn.property("compact") != self.compact or btn.property("chosen"):
                btn.setProperty("compact", self.compact)
                btn.setProperty("chosen", False)
                repolish(btn)
            self.buttons.append(btn)
        self._name_slots()
        self.grid.set_buttons(list(self.buttons))
        for btn in self.buttons:
            btn.show()  # at once: the layout would only queue it for the next loop turn

    def _new_button(self) -> SlotButton:
        btn = SlotButton()
        btn.setProperty("role", "slot")
        btn.setProperty("compact", self.compact)
        btn.setAutoDefault(False)
        set_enum_property(btn, "focusPolicy", "StrongFocus")
        btn.clicked.connect(lambda _=False, b=btn: self.choose(str(b.property("time"))))
        return btn

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
                f"{slot.time}\n{state}" if state and not self.compact else slot.time,
                self.tr("Choose this time") if slot.free else self.tr("This time cannot be booked"),
                name,
            )
