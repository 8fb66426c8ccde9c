"""Does a screen fit its window? Checked from the widgets' geometry, as a patient would see it.

Qt-only test support: it knows the app only by object names (the main actions, the lists,
the calendar, the slots, the overlay). ``fit_problems`` returns one readable line per
problem (empty: the screen fits); ``measure`` the figures for the fit table.

What "fits" means (issue 13, item 1; the shared spec):

1. the screen's main action (``MAIN_ACTIONS``) is whole on screen;
2. every visible button, line edit and drop-down is whole in view (not clipped by a parent,
   not outside the window): this covers every calendar day and every time;
3. no scrolling: no visible scroll area needs its scroll bars; no scroll area (a table
   counts) inside another that scrolls, and the lists (``LISTS``: the doctors, the desk's
   day and patients) inside none at all; no table needs a horizontal scroll bar;
4. nothing cut: a button is not narrower than its text, a label not shorter (wrapped) or
   narrower (unwrapped) than it needs, an empty field's hint not elided, no table cell's or
   header's text wider than its column (names and contacts are never elided);
5. the lists show at least ``min(3, rows)`` whole rows.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QStyleOptionFrame,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from care4u_desktop.ui.theme import Look, TextSize

#: The window sizes kiosks and reception PCs really have (the last: a portrait kiosk).
SIZES: tuple[tuple[int, int], ...] = (
    (1024, 768),
    (1280, 1024),
    (1366, 768),
    (1920, 1080),
    (1080, 1920),
)
#: A kiosk also runs full screen on the offscreen platform's 800x800 and under cage at 1280x720.
KIOSK_SIZES: tuple[tuple[int, int], ...] = (*SIZES, (800, 800), (1280, 720))

#: Every text size, without and with high contrast.
LOOKS: tuple[Look, ...] = tuple(
    Look(size, contrast) for contrast in (False, True) for size in TextSize
)

#: The one main action of each screen, which must be whole in view without scrolling. A
#: screen named ``<key>-<something>`` (``4-booking-conflict``) has its key's main action.
MAIN_ACTIONS: dict[str, str] = {
    "1-login": "loginButton",
    "2-signup": "signupButton",
    "3-doctors": "bookButton",
    "4-booking": "confirmBookingButton",
    "5-confirmation": "doneButton",
    "6-appointments": "confirmCancelButton",
    "7-idle-prompt": "stillHereButton",
    "8-kiosk-exit": "exitKioskButton",
    "10-staff-desk": "checkInButton",
    "11-doctor-admin": "saveDoctorButton",
    # The guarded moments (test_screenshots_messages.py).
    "2-signup-hidden-character": "signupButton",
    "4-booking-unconfirmed": "confirmBookingButton",
    "5-confirmation-no-printer": "doneButton",
    "8-kiosk-exit-wait": "exitKioskButton",
}

#: The screenshots the walk (test_layout_fit.py) keeps for the docs, by screen and suffix;
#: test_screenshots.py checks its own shots of these but leaves the files to the walk.
WALK_SCREENS = (
    "1-login",
    "2-signup",
    "2-signup-passwords",  # the second step, where the sign-up has two
    "3-doctors",
    "4-booking",
    "4-booking-conflict",
    "5-confirmation",
    "6-appointments",
    "7-idle-prompt",
    "8-kiosk-exit",
    "10-staff-desk",
    "11-doctor-admin",
)
WALK_SUFFIXES = ("", "-xl", "-portrait-xl", "-hc", "-kiosk", "-kiosk-cage")


def walk_keeps(shot: str) -> bool:
    """Is ``shot`` (a file name without .png) one of the walk's?"""
    return any(shot == f"{screen}{suffix}" for screen in WALK_SCREENS for suffix in WALK_SUFFIXES)


#: Lists that must show at least ``min(MIN_ROWS, rows)`` whole rows.
LISTS = ("doctorList", "appointmentList", "doctorDayList", "patientResults")
MIN_ROWS = 3
#: The booking screen's calendar (whatever it is made of) and its times (``slot-HH:MM``).
CALENDAR = "dateInput"
SLOT_PREFIX = "slot-"
#: QLineEdit's own margin each side of its text (qlineedit_p.h: horizontalMargin).
LINE_EDIT_MARGIN = 2
#: Shown over everything else: while one is open, only what is on it is checked.
OVERLAYS = ("idlePrompt",)


def settle() -> None:
    """Let layout finish: a re-arranged row asks for one more pass, and that one another."""
    for _ in range(3):
        QApplication.processEvents()


def main_action(screen: str) -> str | None:
    keys = [key for key in MAIN_ACTIONS if screen == key or screen.startswith(key + "-")]
    return MAIN_ACTIONS[max(keys, key=len)] if keys else None


def _shown(window: QWidget, kind: type[QWidget]) -> Iterator[QWidget]:
    """Visible widgets of ``kind``, on the overlay when one is open."""
    layer = window
    for name in OVERLAYS:
        overlay = window.findChild(QWidget, name)
        if overlay is not None and overlay.isVisible():
            layer = overlay
    for widget in layer.findChildren(kind):
        if widget.isVisible() and widget.window() is window:
            yield widget


def _name(widget: QWidget) -> str:
    if widget.objectName():
        return widget.objectName()
    text = widget.text() if isinstance(widget, QAbstractButton | QLabel | QLineEdit) else ""
    return f"{type(widget).__name__} {text[:30]!r}" if text else type(widget).__name__


def _whole(widget: QWidget, window: QWidget) -> str | None:
    """Why ``widget`` is not wholly in view, or None."""
    seen = widget.visibleRegion().boundingRect()
    where = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    if not window.rect().contains(where):
        return f"outside the window at {_rect(where)} (window {window.width()}x{window.height()})"
    if seen != widget.rect():
        return f"partly hidden: {_rect(seen)} of {widget.width()}x{widget.height()} in view"
    return None


def _rect(rect: QRect) -> str:
    return f"{rect.width()}x{rect.height()}+{rect.x()}+{rect.y()}"


def _scrolls(area: QAbstractScrollArea) -> bool:
    """Can ``area`` scroll now? One that cannot (a page's last-resort scroll area on a
    screen that fits) shows no scroll bar and holds nothing out of view."""
    bars = (area.verticalScrollBar(), area.horizontalScrollBar())
    return any(bar.maximum() > 0 for bar in bars)


def _scroll_areas(window: QWidget) -> list[str]:
    problems = []
    for area in _shown(window, QAbstractScrollArea):
        outer = area.parentWidget()
        while outer is not None and outer is not window:
            if isinstance(outer, QAbstractScrollArea) and outer.isVisible():
                if isinstance(area, QHeaderView) and outer is area.parentWidget():
                    break  # a table's own header
                if area.objectName() in LISTS or _scrolls(outer):
                    problems.append(f"{_name(area)} scrolls inside {_name(outer)}")
                break
            outer = outer.parentWidget()
        if isinstance(area, QScrollArea):
            for direction, bar in (
                ("down", area.verticalScrollBar()),
                ("sideways", area.horizontalScrollBar()),
            ):
                if bar.maximum() > 0:
                    problems.append(
                        f"{_name(area)} must be scrolled {direction} ({bar.maximum()} px)"
                    )
        elif isinstance(area, QAbstractItemView) and area.horizontalScrollBar().maximum() > 0:
            sideways = area.horizontalScrollBar().maximum()
            problems.append(f"{_name(area)} must be scrolled sideways ({sideways} px)")
    return problems


def _cut_cells(view: QTableView) -> list[str]:
    """Cells whose text needs more room than its cell has: Qt would elide it ("Dr. Sar…").

    The view's own item option (its font, the style sheet's ``::item`` padding, word wrap)
    at the cell's width, asked of the view's delegate: the size it needs to draw it whole.
    """
    model = view.model()
    if model is None:
        return []
    problems = []
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    wraps = bool(option.features & QStyleOptionViewItem.ViewItemFeature.WrapText)
    header = view.horizontalHeader()
    for column in range(model.columnCount()):
        if view.isColumnHidden(column):
            continue
        width = view.columnWidth(column)
        if header.isVisible() and header.sectionSizeHint(column) > header.sectionSize(column):
            title = model.headerData(column, Qt.Orientation.Horizontal)
            problems.append(
                f"{_name(view)}: header {title!r} needs {header.sectionSizeHint(column)} px, "
                f"has {header.sectionSize(column)}"
            )
        for row in range(model.rowCount()):
            if view.isRowHidden(row):
                continue
            index = model.index(row, column)
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            if not text:
                continue
            height = view.rowHeight(row)
            if wraps:
                cell = QStyleOptionViewItem(option)
                cell.rect = QRect(0, 0, width, height)
                needed = view.itemDelegateForIndex(index).sizeHint(cell, index)
            else:
                needed = view.sizeHintForIndex(index)
            if needed.width() > width or needed.height() > height:
                problems.append(
                    f"{_name(view)}: {text.replace(chr(10), ' / ')!r} is cut (row {row}, "
                    f"column {column}: {width}x{height} px, needs "
                    f"{needed.width()}x{needed.height()})"
                )
    return problems


def _placeholder_cut(edit: QLineEdit) -> str | None:
    """An empty field's hint is drawn elided ("Search by doctor or speci…") when too long."""
    hint = edit.placeholderText()
    if edit.text() or not hint:
        return None
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    width = room.width() - margins.left() - margins.right() - 2 * LINE_EDIT_MARGIN
    needed = edit.fontMetrics().horizontalAdvance(hint)
    if needed > width:
        return f"{_name(edit)}: its hint {hint!r} is cut ({width} px for {needed})"
    return None


def whole_rows(view: QAbstractItemView) -> int:
    """How many rows of ``view`` are whole in its viewport, and the viewport on screen."""
    model = view.model()
    if model is None or not view.isVisible():
        return 0
    port = view.viewport()
    if port.visibleRegion().boundingRect() != port.rect():
        seen = port.visibleRegion().boundingRect()
        clip = seen if not seen.isEmpty() else QRect()
    else:
        clip = port.rect()
    count = 0
    for row in range(model.rowCount()):
        rect = view.visualRect(model.index(row, 0))
        if rect.isValid() and clip.contains(QRect(0, rect.top(), 1, rect.height())):
            count += 1
    return count


def main_action_problems(window: QWidget, screen: str) -> list[str]:
    """Check 1: the screen's main action is whole on screen (not scrolled away, clipped)."""
    action = main_action(screen)
    if action is None:
        return []
    found = window.findChild(QAbstractButton, action)
    if found is None or not found.isVisible():
        return [f"main action {action} is not shown"]
    if (why := _whole(found, window)) is not None:
        return [f"main action {action} is {why}"]
    return []


def hidden_controls(window: QWidget, screen: str) -> list[str]:
    """Check 2: every visible button, line edit and drop-down is whole in view."""
    problems = []
    action = main_action(screen)
    for kind in (QAbstractButton, QLineEdit, QComboBox):
        for widget in _shown(window, kind):
            if isinstance(widget.parentWidget(), QLineEdit | QComboBox):
                continue  # a line edit's own clear button, a drop-down's inner edit
            if widget.objectName() == action:
                continue  # named by main_action_problems
            if (why := _whole(widget, window)) is not None:
                problems.append(f"{_name(widget)} is {why}")
    return problems


def cut_controls(window: QWidget) -> list[str]:
    """Check 4, buttons and labels: none narrower (or, wrapped, shorter) than its text."""
    problems = []
    for pressable in _shown(window, QAbstractButton):
        if pressable.text() and pressable.width() < pressable.minimumSizeHint().width():
            problems.append(
                f"button {_name(pressable)} is cut: {pressable.width()} px wide, its text "
                f"needs {pressable.minimumSizeHint().width()}"
            )
    for text in _shown(window, QLabel):
        if not text.text() or text.parentWidget() is None:
            continue
        if text.wordWrap():
            needed = text.heightForWidth(text.width())
            if text.height() < needed:
                problems.append(
                    f"label {_name(text)} is cut: {text.height()} px high, needs {needed}"
                )
        elif text.width() < text.sizeHint().width() and text.textFormat() != "RichText":
            needed = text.sizeHint().width()
            problems.append(f"label {_name(text)} is cut: {text.width()} px wide, needs {needed}")
    return problems


def cut_hints(window: QWidget) -> list[str]:
    """Check 4, fields: an empty field's hint is not elided."""
    problems = []
    for edit in _shown(window, QLineEdit):
        inner = isinstance(edit.parentWidget(), QComboBox | QAbstractSpinBox)
        if not inner and (cut := _placeholder_cut(edit)) is not None:
            problems.append(cut)
    return problems


def list_problems(window: QWidget) -> list[str]:
    """Check 4, tables (no cell's text cut) and check 5 (three whole rows of each list)."""
    problems = []
    for table in _shown(window, QTableView):
        if table.objectName() == "qt_calendar_calendarview":
            continue  # QCalendarWidget's own day table: its numbers are never elided
        problems += _cut_cells(table)
        if table.objectName() in LISTS and table.model() is not None:
            rows = table.model().rowCount()
            shown = whole_rows(table)
            if shown < min(MIN_ROWS, rows):
                problems.append(f"{table.objectName()} shows {shown} whole rows of {rows}")
    return problems


def fit_problems(window: QWidget, screen: str, size: tuple[int, int] | None = None) -> list[str]:
    """Empty when the screen, as shown now, fits; otherwise one readable line per problem.

    ``size``: the window size asked for; a window its layout holds larger is a problem too.
    """
    settle()
    problems: list[str] = []
    if size is not None and (window.width(), window.height()) != size:
        least = window.minimumSizeHint()
        problems.append(
            f"the window is {window.width()}x{window.height()}, not {size[0]}x{size[1]} "
            f"(its layout needs at least {least.width()}x{least.height()})"
        )
    problems += main_action_problems(window, screen)
    problems += hidden_controls(window, screen)
    problems += _scroll_areas(window)
    problems += cut_hints(window)
    problems += cut_controls(window)
    problems += list_problems(window)
    return [f"{screen}: {problem}" for problem in problems]


def measure(window: QWidget, screen: str, *, settled: bool = False) -> dict[str, object]:
    """The figures for the note's table: rows of each list in view, the main action's bottom
    against the window's height, whether the calendar is whole, how many times are in view.
    ``settled``: right after ``fit_problems``, whose settling is enough."""
    if not settled:
        settle()
    figures: dict[str, object] = {"window": f"{window.width()}x{window.height()}"}
    action = main_action(screen)
    found = window.findChild(QAbstractButton, action) if action else None
    if found is not None and found.isVisible():
        bottom = found.mapTo(window, found.rect().bottomLeft()).y()
        figures["action_bottom"] = f"{bottom}/{window.height()}"
    for name in LISTS:
        table = window.findChild(QAbstractItemView, name)
        if table is not None and table.isVisible() and table.model() is not None:
            figures[name] = f"{whole_rows(table)}/{table.model().rowCount()}"
    calendar = window.findChild(QWidget, CALENDAR)
    if calendar is not None and calendar.isVisible():
        parts = [calendar, *calendar.findChildren(QAbstractButton)]
        figures["calendar_whole"] = all(
            _whole(part, window) is None for part in parts if part.isVisible()
        )
    slots = [
        b
        for b in window.findChildren(QAbstractButton)
        if b.objectName().startswith(SLOT_PREFIX) and b.isVisible()
    ]
    if slots:
        shown = sum(1 for b in slots if _whole(b, window) is None)
        figures["times"] = f"{shown}/{len(slots)}"
    return figures
