"""Pieces of the booking screen's layout that save height where it is scarce.

- ``Heading``: the doctor's name and specialization on one line while both fit unwrapped
  (the name as the title, the specialization smaller beside it), one above the other when
  they do not. One line instead of a title wrapped round a button beside it: on a 768 px
  screen at the largest text that line is the room a row of times needs.
- ``Notice``: the chosen day and time, and in the same place the banner when there is a
  message. The banner keeps its room while hidden (``widgets.Message``); the summary
  shares that room instead of taking a row of its own, so a message coming or going moves
  nothing, and it appears just above the confirm button, where the patient looks.
- ``DayAndTimes``: the calendar and the times side by side, or stacked, the times in one
  line each where even that does not fit.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QWidget

from ..widgets import Banner, label
from .day_picker import DayPicker
from .time_slots import SlotPanel

#: No limit on a widget's height (Qt's QWIDGETSIZE_MAX).
QWIDGETSIZE_MAX = (1 << 24) - 1

SPACING = 16
#: Wider than any screen: the calendar and every time of a day side by side in one row.
WIDEST = 1 << 14


class Heading(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.name = label("", "title", "bookingTitle")
        self.specialization = label("", "subtitle", "bookingSpecialization")
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(SPACING)
        self._box.addWidget(self.name, 0, Qt.AlignmentFlag.AlignBottom)
        self._box.addWidget(self.specialization, 1, Qt.AlignmentFlag.AlignBottom)

    def set_texts(self, name: str, specialization: str) -> None:
        self.name.setText(name)
        self.specialization.setText(specialization)
        self._arrange(self.width())

    def clear(self) -> None:
        self.set_texts("", "")

    @staticmethod
    def _line(text: QLabel) -> int:
        text.ensurePolished()  # the style sheet's font, before it was ever shown
        margins = text.contentsMargins()
        advance = text.fontMetrics().horizontalAdvance(text.text())
        return advance + margins.left() + margins.right() + 2 * text.margin() + 2

    def _arrange(self, width: int) -> None:
        one_line = self._line(self.name) + SPACING + self._line(self.specialization) <= width
        wanted = QBoxLayout.Direction.LeftToRight if one_line else QBoxLayout.Direction.TopToBottom
        if self._box.direction() != wanted:
            self._box.setDirection(wanted)
            self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        # The one-line height, not the stacked one: see ButtonRow.minimumSizeHint.
        hint = super().minimumSizeHint()
        lines = [w.minimumSizeHint().height() for w in (self.name, self.specialization)]
        return QSize(hint.width(), min(hint.height(), max(lines)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._arrange(self.width())


class Notice(QWidget):
    """The banner over the summary, in one cell: the summary shows while the banner does not."""

    def __init__(self, banner: Banner, summary: QLabel) -> None:
        super().__init__()
        self.banner = banner
        self.summary = summary
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(banner, 0, 0)
        grid.addWidget(summary, 0, 0, Qt.AlignmentFlag.AlignVCenter)
        banner.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.banner and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self.summary.setVisible(not self.banner.isVisibleTo(self))
        return False


class Place(Enum):
    """Where the times and the notice go, relative to the calendar."""

    BESIDE = "beside"  # times right of the calendar, the notice under both
    STACKED = "stacked"  # calendar, times, notice, one under the other
    #: The calendar's shorter forms leave room at their right (a week is as wide as a
    #: month, far narrower than a wide window): the notice goes there, and the times,
    #: under both, have the whole width and the height the notice's row gave back.
    NOTICE_BESIDE = "notice-beside"


class DayAndTimes(QWidget):
    """The calendar, the day's times and the notice (chosen time or message): the times
    beside the calendar, or under it with the notice under them, or under it with the
    notice beside the calendar, whichever the space the widget has allows (width and height
    both: side by side, the times have a narrow column and need more rows); the times in
    one line each (compact) only where none fits with the state written under each time.

    Its minimum height is that of the best arrangement at its width, so a window can be
    made as short as that and the arrangement follows."""

    def __init__(
        self, calendar: DayPicker, times: SlotPanel, notice: Notice, spacing: int = 24
    ) -> None:
        super().__init__()
        self.calendar = calendar
        self.times = times
        self.notice = notice
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(spacing)
        self._grid.setVerticalSpacing(spacing // 3)
        self._least_times = 0
        self._scale = 1.0
        self.place: Place | None = None
        self._put(Place.BESIDE)

    def set_least_times_width(self, width: int) -> None:
        """The narrowest column the times may have beside the calendar (normal text)."""
        self._least_times = width

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        self.updateGeometry()
        self._arrange(self.width(), self.height())

    @property
    def stacked(self) -> bool:
        return self.place is not Place.BESIDE

    def _put(self, place: Place) -> None:
        if place is self.place:
            return
        self.place = place
        grid = self._grid
        for widget in (self.calendar, self.times, self.notice):
            grid.removeWidget(widget)
        top = Qt.AlignmentFlag.AlignTop
        if place is Place.BESIDE:
            grid.addWidget(self.calendar, 0, 0, top)
            grid.addWidget(self.times, 0, 1)
            grid.addWidget(self.notice, 1, 0, 1, 2)
            stretches = (1, 0, 0)
        elif place is Place.STACKED:
            grid.addWidget(self.calendar, 0, 0, 1, 2)
            grid.addWidget(self.times, 1, 0, 1, 2)
            grid.addWidget(self.notice, 2, 0, 1, 2)
            stretches = (0, 1, 0)  # the calendar at its size, the times right under it
        else:
            grid.addWidget(self.calendar, 0, 0, top)
            grid.addWidget(self.notice, 0, 1, Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(self.times, 1, 0, 1, 2)
            stretches = (0, 1, 0)
        for row, stretch in enumerate(stretches):
            grid.setRowStretch(row, stretch)
        grid.setColumnStretch(0, 0)
        grid.setColumnStretch(1, 1)
        self.updateGeometry()

    def _notice_height(self, width: int) -> int:
        return max(
            self.notice.banner.heightForWidth(width), self.notice.summary.heightForWidth(width)
        )

    def _needs(self, width: int, compact: bool) -> list[tuple[int, Place]]:
        """The height each arrangement that is possible at ``width`` needs."""
        narrow = self.calendar.sizeHint().width()
        least = self.calendar.least_height(narrow)
        # Across the whole width a week may have its range and arrows beside its days.
        whole = self.calendar.least_height(width)
        across = self._grid.horizontalSpacing()
        down = self._grid.verticalSpacing()
        column = width - narrow - across
        notice = self._notice_height(width)
        needs = []
        if column >= max(round(self._least_times * self._scale), self.times.least_width()):
            side = max(least, self.times.height_for(column, compact))
            needs.append((side + down + notice, Place.BESIDE))
        times = self.times.height_for(width, compact)
        needs.append((whole + down + times + down + notice, Place.STACKED))
        if column >= self.notice.summary.minimumSizeHint().width():
            aside = max(least, self._notice_height(column))
            needs.append((aside + down + times, Place.NOTICE_BESIDE))
        return needs

    def _choices(self, width: int) -> list[tuple[int, Place, bool]]:
        """(height needed, arrangement, compact times), in the order they are preferred:
        the times in full before compact ones, side by side before stacked."""
        return [
            (need, place, compact)
            for compact in (False, True)
            for need, place in self._needs(width, compact)
        ]

    def _arrange(self, width: int, height: int) -> None:
        choices = self._choices(width)
        fitting = [choice for choice in choices if choice[0] <= height]
        _, place, compact = fitting[0] if fitting else min(choices, key=lambda c: c[0])
        self._put(place)
        if compact != self.times.compact:
            self.times.set_compact(compact)
            self.updateGeometry()
        # Over the times, the calendar takes only what they leave it (its form follows):
        # left to the layout, it would grow towards a month's height and squeeze them.
        room = QWIDGETSIZE_MAX
        down = self._grid.verticalSpacing()
        if place is Place.STACKED:
            room = height - down - self.times.height_for(width) - down - self._notice_height(width)
        elif place is Place.NOTICE_BESIDE:
            room = height - down - self.times.height_for(width)
        least = self.calendar.least_height(width)
        self.calendar.setMaximumHeight(max(room, least))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return min(need for need, _, _ in self._choices(width))

    def minimumSizeHint(self) -> QSize:
        # The least it needs at any width: what it needs at this width is heightForWidth.
        # A minimum taken at the width it has now would hold a window that was narrow and
        # tall (a portrait screen) too tall to be made wide and short in one step.
        width = max(self.calendar.minimumSizeHint().width(), self.times.least_width())
        return QSize(width, self.heightForWidth(WIDEST))

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width(), event.size().height())
        super().resizeEvent(event)


class ButtonRow(QWidget):
    """The way back at the left, the main action at the right; one above the other where
    the two do not fit side by side."""

    def __init__(self, left: QWidget, right: QWidget, spacing: int = SPACING) -> None:
        super().__init__()
        self.left, self.right = left, right
        self._spacing = spacing
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(spacing // 2)  # twice: either side of the stretch
        self._box.addWidget(left)
        self._box.addStretch(1)
        self._box.addWidget(right)

    @property
    def stacked(self) -> bool:
        return self._box.direction() == QBoxLayout.Direction.TopToBottom

    def _least(self, widget: QWidget) -> int:
        return max(widget.minimumSizeHint().width(), widget.minimumWidth())

    def _arrange(self, width: int) -> None:
        beside = self._least(self.left) + self._spacing + self._least(self.right) <= width
        wanted = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if self._box.direction() != wanted:
            self._box.setDirection(wanted)
            self.updateGeometry()

    def set_scale(self, scale: float) -> None:
        del scale  # the buttons' own minimum widths follow the text size
        self._arrange(self.width())

    def minimumSizeHint(self) -> QSize:
        # Never hold the window wider than one button (stacking is always possible), nor
        # taller than the row side by side: a minimum taken from the stacked buttons of a
        # narrow window would hold it too tall to be made wide and short in one step.
        width = max(self._least(self.left), self._least(self.right))
        height = max(self.left.minimumSizeHint().height(), self.right.minimumSizeHint().height())
        return QSize(width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)
