"""High contrast keeps its promise on every control: 7:1 for every colour pair of its
style sheet (text, borders, focus rings, fills) and for every arrow and icon as the real
widget draws it (drop-down and date arrows, the calendar's month arrows and menus, the
search box's clear button), measured in the rendered pixels against what surrounds them.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QToolButton,
    QWidget,
)

from care4u_desktop.domain.models import Role
from care4u_desktop.ui.theme import HIGH_CONTRAST, Look, stylesheet

from .contrast import contrast, ink_contrast, qss_pairs
from .support import btn, click, log_in, register, wait_idle
from .test_staff_desk import staff_member

LEAST = 7.0
HIGH = Look(high_contrast=True)
#: Where a drop-down or a date field draws its arrow: its right end, inside the border.
ARROW_WIDTH = 44
BORDER = 6


def test_every_colour_pair_of_the_high_contrast_sheet_is_7_to_1():
    pairs = list(qss_pairs(stylesheet(HIGH)))
    assert len([p for p in pairs if p.what == "border"]) > 20, "the borders were not read"
    assert len([p for p in pairs if p.what == "text"]) > 20, "the text colours were not read"
    low = [str(p) for p in pairs if p.ratio < LEAST]
    assert not low, "below 7:1 in high contrast:\n" + "\n".join(low)


def test_the_colours_set_in_code_are_7_to_1():
    page = "#000000"
    pairs = {
        "text": (HIGH_CONTRAST.text, page),
        "placeholder": (HIGH_CONTRAST.placeholder, page),
        "day that cannot be booked": (HIGH_CONTRAST.unavailable_day, page),
        "weekday names": (HIGH_CONTRAST.text, HIGH_CONTRAST.calendar_header),
    }
    low = {k: round(contrast(*v), 2) for k, v in pairs.items() if contrast(*v) < LEAST}
    assert not low, low


#: Every arrow and icon measured, for ``CARE4U_CONTRAST_REPORT=path`` (the note's figures).
FIGURES: list[str] = []


def drawn(widget: QWidget, area: QRect, what: str) -> str | None:
    """A line naming ``what`` if its ink in ``area`` of ``widget`` is below 7:1."""
    widget.ensurePolished()
    image = widget.grab().toImage()
    ratio, background, ink = ink_contrast(image, area)
    FIGURES.append(f"| {what} | {ink} on {background} | {ratio:.2f}:1 |")
    if ratio >= LEAST:
        return None
    return f"{what}: {ink} on {background} is {ratio:.2f}:1"


def arrow_area(widget: QWidget) -> QRect:
    return QRect(
        widget.width() - ARROW_WIDTH - BORDER, BORDER, ARROW_WIDTH, widget.height() - 2 * BORDER
    )


def inside(widget: QWidget) -> QRect:
    return widget.rect().adjusted(BORDER, BORDER, -BORDER, -BORDER)


def calendar_parts(calendar: QCalendarWidget, where: str) -> list[tuple[QWidget, QRect, str]]:
    """The month arrows and the month and year buttons (their menu arrow) of a calendar,
    shown or not (the desk's pops up): each as the calendar draws it."""
    if not calendar.isVisible():
        calendar.resize(calendar.sizeHint())
    parts = []
    for name in ("qt_calendar_prevmonth", "qt_calendar_nextmonth", "qt_calendar_monthbutton"):
        part = calendar.findChild(QToolButton, name)
        assert part is not None, name
        part.ensurePolished()
        parts.append((part, inside(part), f"{where}: {part.accessibleName() or name}"))
    year = calendar.findChild(QAbstractSpinBox, "qt_calendar_yearedit")  # shown to type a year
    assert year is not None
    year.resize(max(year.sizeHint().width(), 160), year.sizeHint().height())
    parts.append((year, arrow_area(year), f"{where}: the year's arrows"))
    return parts


def calendar_day_colours(calendar: QCalendarWidget, where: str) -> list[str]:
    """The colours a calendar's code gives its days (Qt paints weekends red by default),
    against its days' background."""
    background = "#000000"
    low = []
    for day in Qt.DayOfWeek:
        brush = calendar.weekdayTextFormat(day).foreground()
        if brush.style() != Qt.BrushStyle.NoBrush and contrast(brush.color(), background) < LEAST:
            ratio = contrast(brush.color(), background)
            low.append(f"{where}: {day.name} in {brush.color().name()}: {ratio:.2f}:1")
    return low


def controls_with_arrows_or_icons(window: QWidget, screen: str) -> list[tuple[QWidget, QRect, str]]:
    found: list[tuple[QWidget, QRect, str]] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        label = f"{screen}: {widget.objectName() or type(widget).__name__}"
        if isinstance(widget, QComboBox | QAbstractSpinBox):
            found.append((widget, arrow_area(widget), f"{label} (its arrow)"))
        elif widget.metaObject().className() == "QLineEditIconButton":
            # Drawn over its line edit, which is what it is seen against.
            edit = widget.parentWidget()
            found.append((edit, widget.geometry(), f"{label} (the clear button)"))
        elif (
            isinstance(widget, QAbstractButton)
            and widget.accessibleName().startswith(("Previous ", "Next "))  # month, weeks
            and not widget.objectName().startswith("qt_calendar_")  # in calendar_parts
        ):
            found.append((widget, inside(widget), f"{label} ({widget.accessibleName()})"))
        if isinstance(widget, QCalendarWidget):
            found += calendar_parts(widget, label)
    return found


def test_every_arrow_and_icon_is_7_to_1_as_drawn(qtbot, window):
    window.resize(1280, 1024)
    window.apply_look(HIGH)
    problems: list[str] = []
    measured: list[str] = []

    def check(screen: str) -> None:
        wait_idle(qtbot, window)
        for _ in range(3):
            QApplication.processEvents()
        for widget, area, what in controls_with_arrows_or_icons(window, screen):
            measured.append(what)
            if problem := drawn(widget, area, what):
                problems.append(problem)

    check("1-login")
    session = register(window)
    log_in(qtbot, window)
    window.doctors.search.setText("Sa")  # the clear button shows once there is text
    qtbot.wait(400)  # and fades in
    check("3-doctors")
    window.doctors.search.setText("Sarah")
    window.doctors.table.selectRow(0)
    click(qtbot, btn(window.doctors, "bookButton"))
    check("4-booking")
    click(qtbot, btn(window.booking, "backButton"))
    click(qtbot, btn(window.doctors, "logoutButton"))
    assert session is not None
    staff_member(window, Role.ADMIN)
    log_in(qtbot, window, "desk@example.com")
    desk = window.staff_desk
    check("10-staff-desk")
    # The desk's date field pops up a calendar: its month arrows are drawn there.
    problems += calendar_day_colours(desk.date_input.calendarWidget(), "10-staff-desk pop-up")
    for widget, area, what in calendar_parts(desk.date_input.calendarWidget(), "10-staff-desk"):
        measured.append(f"{what} (date pop-up)")
        if problem := drawn(widget, area, f"{what} (date pop-up)"):
            problems.append(problem)
    click(qtbot, btn(desk, "manageDoctorsButton"))
    check("11-doctor-admin")

    if report := os.environ.get("CARE4U_CONTRAST_REPORT"):
        rows = ["| arrow or icon | drawn | ratio |", "|---|---|---|", *FIGURES, *problems]
        Path(report).write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert not problems, "below 7:1 in high contrast:\n" + "\n".join(problems)
    assert len(measured) >= 10, measured
    for wanted in ("Next month", "clear button", "specializationFilter", "staffDateInput"):
        assert any(wanted in m for m in measured), f"{wanted} was not measured: {measured}"


def test_each_theme_draws_its_own_month_arrows(qtbot, window):
    """The arrows' icons are set by each sheet: back in the standard look they are dark on
    its light bar again (4.5:1, its promise), not high contrast's white."""
    register(window)
    log_in(qtbot, window)
    window.apply_look(HIGH)
    window.apply_look(Look())
    desk_calendar = QCalendarWidget()  # as the desk's date pop-up is made, after the switch
    qtbot.addWidget(desk_calendar)
    for calendar in (desk_calendar, *window.findChildren(QCalendarWidget)):
        for widget, area, what in calendar_parts(calendar, "standard"):
            if "year" in what:
                continue
            ratio, _, _ = ink_contrast(widget.grab().toImage(), area)
            assert ratio >= 4.5, f"{what}: {ratio:.2f}:1"
