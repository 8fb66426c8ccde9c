"""The booking calendar: a grid of real day buttons, Monday first, a month or a few weeks.

Why not ``QCalendarWidget``: a screen reader heard its days as bare numbers ("1" twice)
and the days nobody can book as enabled, its arrows were nearly invisible in high
contrast, and it could not give up height on a short screen. Here every day is a
button named with its full date and whether it can be booked; the days that cannot be
booked are drawn (dimmed, dashed) but disabled, so they are out of the Tab order and a
screen reader does not offer them. Only one day is a Tab stop (the chosen one, else the
first bookable one shown); the arrow keys move between bookable days, Page Up and Page
Down between pages.

The form follows the height the widget is given (never the screen's name): the whole
month while it fits, else two weeks, else one week, each with its own navigation. A week
is far narrower than a wide window: where the width allows, its range and arrows go to the
left of the days instead of above them (``nav_beside``), giving their row's height back to
the times.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QPushButton, QWidget

from ...domain.models import Doctor
from ..formatting import fill, long_date, qdate
from ..theme import Look
from ..widgets import button, describe, label, repolish, set_enum_property
from .day_states import BookableDays, DayState

#: Weeks shown in each form, largest first.
FORMS = (6, 2, 1)
SPACING = 6

_STEPS = {
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Right: 1,
    Qt.Key.Key_Up: -7,
    Qt.Key.Key_Down: 7,
}


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class DayButton(QPushButton):
    """One day: Enter and Space choose it, the arrows and Page keys move."""

    step = Signal(int)
    page = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "day")
        self.setAutoDefault(False)
        self.day = date.min

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in _STEPS:
            self.step.emit(_STEPS[key])
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.page.emit(-1 if key == Qt.Key.Key_PageUp else 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
        else:
            super().keyPressEvent(event)


class DayPicker(QWidget):
    """The small API of the calendar it replaced: ``setSelectedDate``/``selectedDate``,
    ``setDateRange``/``minimumDate``/``maximumDate``, ``selectionChanged``."""

    selectionChanged = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("dateInput")
        self.days = BookableDays()
        self._min: date | None = None
        self._max: date | None = None
        self._selected = date.today()
        self._anchor = self._selected
        self._weeks = FORMS[0]
        #: The week's range and arrows left of the days, not above them.
        self.nav_beside = False

        self.previous_button = button("previousPageButton", "calendar-nav")
        self.next_button = button("nextPageButton", "calendar-nav")
        self.month_label = label("", "calendar-month", "calendarMonth")
        self.month_label.setWordWrap(False)
        self.month_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nav = self._nav = QGridLayout()
        nav.setContentsMargins(0, 0, 0, 0)
        nav.setSpacing(SPACING)
        self._place_nav(beside=False)

        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(SPACING)
        self.weekday_labels = []
        for column in range(7):
            name = label("", "weekday")
            name.setWordWrap(False)
            name.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.grid.addWidget(name, 0, column)
            self.grid.setColumnStretch(column, 1)
            self.weekday_labels.append(name)
        self.day_buttons: list[DayButton] = []
        for cell in range(7 * FORMS[0]):
            day_button = DayButton()
            day_button.clicked.connect(lambda _=False, b=day_button: self._choose(b.day))
            day_button.step.connect(lambda steps, b=day_button: self._move(b.day, steps))
            day_button.page.connect(lambda pages, b=day_button: self._turn(pages, b.day))
            self.grid.addWidget(day_button, 1 + cell // 7, cell % 7)
            self.day_buttons.append(day_button)

        layout = self._layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addLayout(nav)
        layout.addLayout(self.grid, 1)
        layout.addStretch(1)
        self.previous_button.clicked.connect(lambda: self._turn(-1))
        self.next_button.clicked.connect(lambda: self._turn(1))
        self._show_page()

    # -- the API the booking view and the tests use --------------------------------------
    def setSelectedDate(self, day: QDate) -> None:  # QCalendarWidget's names, kept for the tests
        chosen = _pydate(day)
        if self._min is not None:
            chosen = max(chosen, self._min)
        if self._max is not None:
            chosen = min(chosen, self._max)
        changed = chosen != self._selected
        self._selected = self._anchor = chosen
        self._show_page()
        if changed:
            self.selectionChanged.emit()

    def selectedDate(self) -> QDate:
        return qdate(self._selected)

    def selected_day(self) -> date:
        return self._selected

    def setDateRange(self, first: QDate, last: QDate) -> None:
        self._min, self._max = _pydate(first), _pydate(last)
        self.days.first, self.days.last = self._min, self._max
        self.setSelectedDate(qdate(self._selected))  # kept inside, as the old one did
        self._show_page()

    def minimumDate(self) -> QDate:
        return qdate(self._min) if self._min else QDate()

    def maximumDate(self) -> QDate:
        return qdate(self._max) if self._max else QDate()

    def set_doctor(self, doctor: Doctor | None, next_free: datetime | None) -> None:
        """Whose days these are; days before ``next_free`` have no free time."""
        self.days = BookableDays(doctor, self._min, self._max, next_free)
        self.days.nothing_free = doctor is not None and next_free is None
        self._show_page()

    def mark_day(self, day: date, *, any_free: bool) -> None:
        self.days.mark(day, any_free=any_free)
        self._show_page()

    def state(self, day: date) -> DayState:
        return self.days.state(day)

    def button_for(self, day: date) -> DayButton | None:
        for day_button in self.day_buttons:
            if day_button.day == day and day_button.isVisibleTo(self):
                return day_button
        return None

    def focus_day(self) -> None:
        """Put the focus on the day that is the calendar's Tab stop."""
        stop = next(
            (b for b in self.day_buttons if b.focusPolicy() & Qt.FocusPolicy.TabFocus), None
        )
        (stop or self.next_button).setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def weeks_shown(self) -> int:
        return self._weeks

    def reset(self) -> None:
        """No trace of the day or the doctor the last patient chose."""
        self.blockSignals(True)
        self.days = BookableDays(None, self._min, self._max)
        self.setSelectedDate(QDate.currentDate())
        self.blockSignals(False)

    # -- words and looks -----------------------------------------------------------------
    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Appointment date"))
        self.setAccessibleDescription(
            self.tr("Choose a day; days that cannot be booked are dimmed")
        )
        locale = QLocale()
        for column, name in enumerate(self.weekday_labels):
            name.setText(locale.dayName(column + 1, QLocale.FormatType.ShortFormat))
        self._show_page()

    def apply_look(self, look: Look) -> None:
        del look  # sizes come from the style sheet, which the look has just scaled
        self.updateGeometry()
        self._pick_form(self.width(), self.height())

    def _place_nav(self, *, beside: bool) -> None:
        """Arrows either side of the range (above the days), or the range over the two
        arrows (left of the days)."""
        nav = self._nav
        for widget in (self.previous_button, self.month_label, self.next_button):
            nav.removeWidget(widget)
        top = Qt.AlignmentFlag.AlignTop
        if beside:  # each arrow at its own size, under either end of the range
            nav.addWidget(self.month_label, 0, 0, 1, 2, top)
            nav.addWidget(self.previous_button, 1, 0, top | Qt.AlignmentFlag.AlignLeft)
            nav.addWidget(self.next_button, 1, 1, top | Qt.AlignmentFlag.AlignRight)
            nav.setColumnStretch(1, 0)
            nav.setColumnStretch(2, 0)
        else:
            nav.addWidget(self.previous_button, 0, 0)
            nav.addWidget(self.month_label, 0, 1)
            nav.addWidget(self.next_button, 0, 2)
            nav.setColumnStretch(1, 1)
            nav.setColumnStretch(2, 0)

    # -- size: the form follows the height given -----------------------------------------
    def _arrow(self) -> QSize:
        hints = [b.sizeHint() for b in (self.previous_button, self.next_button)]
        least = [b.minimumSizeHint() for b in (self.previous_button, self.next_button)]
        return QSize(max(h.width() for h in hints + least), max(h.height() for h in hints + least))

    def _label(self, weeks: int, beside: bool = False) -> QSize:
        """The range's label as it reads in that form (a month's name is shorter)."""
        self.month_label.ensurePolished()
        metrics = self.month_label.fontMetrics()
        shown = self._page()[1] if weeks == self._weeks else []
        text = self._page_title(shown, weeks, beside)
        margins = self.month_label.contentsMargins()
        width = metrics.horizontalAdvance(text) + margins.left() + margins.right() + 4
        return QSize(width, self.month_label.sizeHint().height())

    def _days_height(self, weeks: int) -> int:
        head = self.weekday_labels[0].sizeHint().height()
        day = max(
            self.day_buttons[0].sizeHint().height(), self.day_buttons[0].minimumSizeHint().height()
        )
        return head + SPACING + weeks * day + (weeks - 1) * SPACING

    def _height_for(self, weeks: int, beside: bool = False) -> int:
        arrow, label = self._arrow(), self._label(weeks, beside)
        if beside:
            nav = label.height() + SPACING + arrow.height()
            return max(nav, self._days_height(weeks))
        return max(arrow.height(), label.height()) + SPACING + self._days_height(weeks)

    def _grid_width(self) -> int:
        day = max(b.minimumSizeHint().width() for b in self.day_buttons[:7])
        head = max(w.sizeHint().width() for w in self.weekday_labels)
        return 7 * max(day, head) + 6 * SPACING

    def _width_for(self, weeks: int, beside: bool = False) -> int:
        arrow, label = self._arrow().width(), self._label(weeks, beside).width()
        if beside:
            return max(label, 2 * arrow + SPACING) + SPACING + self._grid_width()
        return max(self._grid_width(), 2 * arrow + label + 2 * SPACING)

    def _least_width(self) -> int:
        return max(self._width_for(weeks) for weeks in FORMS)

    def _forms(self, width: int) -> list[tuple[int, bool]]:
        """The forms possible at ``width``, the largest first; the navigation beside a
        week only where it is the shorter of the two."""
        forms = [(weeks, False) for weeks in FORMS]
        if self._width_for(FORMS[-1], beside=True) <= width:
            forms.append((FORMS[-1], True))
        return forms

    def least_height(self, width: int) -> int:
        """The height of the shortest form possible at ``width``."""
        return min(self._height_for(weeks, beside) for weeks, beside in self._forms(width))

    def sizeHint(self) -> QSize:
        return QSize(self._least_width(), self._height_for(FORMS[0]))

    def minimumSizeHint(self) -> QSize:
        # The shortest form at any width: the layout above (booking_parts.DayAndTimes)
        # gives it the height of the shortest form at the width it gives.
        return QSize(self._least_width(), self.least_height(1 << 14))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._pick_form(event.size().width(), event.size().height())

    def _pick_form(self, width: int, height: int) -> None:
        forms = self._forms(width)
        weeks, beside = next(
            ((w, b) for w, b in forms if self._height_for(w, b) <= height),
            min(forms, key=lambda form: self._height_for(*form)),
        )
        changed = beside != self.nav_beside
        if changed:
            self.nav_beside = beside
            self._place_nav(beside=beside)
            self._layout.setDirection(
                QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
            )
        if weeks != self._weeks or changed:
            self._weeks = weeks
            self._show_page()
        if changed:
            # Picked in a resize event, after the layout placed everything for the old
            # form: place it again now, or the arrows and the range stay where they were.
            self._layout.invalidate()
            self._layout.activate()

    # -- pages -----------------------------------------------------------------------------
    def _page(self) -> tuple[date, list[date]]:
        """The first cell's day and the days shown (a month shows only its own)."""
        if self._weeks == FORMS[0]:
            first = self._anchor.replace(day=1)
            start = _monday(first)
            cells = [start + timedelta(days=i) for i in range(7 * self._weeks)]
            return start, [d for d in cells if d.month == first.month]
        start = _monday(self._anchor)
        return start, [start + timedelta(days=i) for i in range(7 * self._weeks)]

    def _turn(self, pages: int, focused: date | None = None) -> None:
        if self._weeks == FORMS[0]:
            month = self._anchor.month - 1 + pages
            self._anchor = date(self._anchor.year + month // 12, month % 12 + 1, 1)
        else:
            self._anchor += timedelta(days=7 * self._weeks * pages)
        self._show_page()
        if focused is not None:  # Page Up/Down from a day: stay in the grid
            self.focus_day()

    def _show_page(self) -> None:
        start, shown = self._page()
        visible = set(shown)
        tab_stop = self._selected if self._selected in visible else None
        if tab_stop is None or not self.state(tab_stop).bookable:
            tab_stop = next((d for d in shown if self.state(d).bookable), tab_stop)
        for cell, day_button in enumerate(self.day_buttons):
            day = start + timedelta(days=cell)
            day_button.day = day
            day_button.setObjectName(f"day-{day.isoformat()}")
            # A month's first and last weeks keep their columns; weeks not in the form
            # give their room back.
            policy = day_button.sizePolicy()
            if policy.retainSizeWhenHidden() != (cell < 7 * self._weeks):
                policy.setRetainSizeWhenHidden(cell < 7 * self._weeks)
                day_button.setSizePolicy(policy)
            if day not in visible:
                day_button.hide()
                continue
            state = self.state(day)
            chosen = day == self._selected
            day_button.setEnabled(state.bookable)
            # One Tab stop in the grid; the other bookable days take the focus from the
            # arrows and a click; a day that cannot be booked none (Qt would still tell a
            # screen reader that a disabled button with a focus policy is focusable).
            if day == tab_stop and state.bookable:
                policy_name = "StrongFocus"
            else:
                policy_name = "ClickFocus" if state.bookable else "NoFocus"
            set_enum_property(day_button, "focusPolicy", policy_name)
            if bool(day_button.property("chosen")) != chosen:
                day_button.setProperty("chosen", chosen)
                repolish(day_button)
            describe(
                day_button,
                str(day.day),
                self.tr("Show the times of this day")
                if state.bookable
                else self.tr("This day cannot be booked"),
                self._day_name(day, state, chosen),
            )
            day_button.show()
        self.previous_button.setEnabled(self._min is None or shown[0] > self._min)
        self.next_button.setEnabled(self._max is None or shown[-1] < self._max)
        self._name_page(shown)

    def _day_name(self, day: date, state: DayState, chosen: bool) -> str:
        words = {
            DayState.FREE: self.tr("times free"),
            DayState.CLOSED: self.tr("closed"),
            DayState.DAY_OFF: self.tr("the doctor's day off"),
            DayState.PAST: self.tr("past"),
            DayState.NOT_OPEN: self.tr("not open for booking yet"),
            DayState.FULL: self.tr("fully booked"),
        }
        name = fill(self.tr("%1, %2"), long_date(day), words[state])
        return fill(self.tr("%1, chosen"), name) if chosen else name

    def _page_title(self, shown: list[date], weeks: int, beside: bool = False) -> str:
        """The month, or the range of days, shown (a sample range before any is shown);
        beside the days, without the year (the chosen day's summary says it)."""
        locale = QLocale()
        if not shown:
            start = _monday(self._anchor)
            shown = [start, start + timedelta(days=7 * weeks - 1)]
        if weeks == FORMS[0]:
            pattern = self.tr("MMMM yyyy", "QLocale date format: the month shown")
            return locale.toString(qdate(shown[0]), pattern)
        pattern = self.tr("d MMM", "QLocale date format: a day in a range")
        year = self.tr("d MMM yyyy", "QLocale date format: the last day of a range")
        if beside:
            year = pattern
        return fill(
            self.tr("%1 – %2"),
            locale.toString(qdate(shown[0]), pattern),
            locale.toString(qdate(shown[-1]), year),
        )

    def _name_page(self, shown: list[date]) -> None:
        self.month_label.setText(self._page_title(shown, self._weeks, self.nav_beside))
        if self._weeks == FORMS[0]:
            previous, following = self.tr("Previous month"), self.tr("Next month")
        else:
            if self._weeks == 1:
                previous, following = self.tr("Previous week"), self.tr("Next week")
            else:
                previous, following = self.tr("Previous two weeks"), self.tr("Next two weeks")
        self.month_label.setAccessibleName(self.month_label.text())
        describe(self.previous_button, "‹", self.tr("Show earlier days"), previous)
        describe(self.next_button, "›", self.tr("Show later days"), following)

    # -- choosing --------------------------------------------------------------------------
    def _choose(self, day: date) -> None:
        self.setSelectedDate(qdate(day))
        self._focus(day)

    def _move(self, day: date, steps: int) -> None:
        """To the next bookable day that way: a day at a time, or a week at a time."""
        target = day
        for _ in range(62):
            target += timedelta(days=steps)
            if (self._min and target < self._min) or (self._max and target > self._max):
                return
            if self.state(target).bookable:
                self._choose(target)
                return

    def _focus(self, day: date) -> None:
        target = self.button_for(day)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
