"""Reach: touch targets, names for screen readers, the keyboard, visible focus, the look.

Every check walks every screen a patient meets (and the kiosk's own), so a control
added later is held to the same rules without a test naming it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCalendarWidget,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QWidget,
)

from care4u_desktop.ui.preferences import Preferences
from care4u_desktop.ui.theme import Look, TextSize, stylesheet

from .support import btn, click, log_in, next_working_day, register, wait_idle
from .test_screenshots import walk_patient_flow

TOUCH = (QAbstractButton, QLineEdit, QComboBox)
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QCalendarWidget)


def visible_controls(window: QWidget, kinds: tuple[type, ...] = CONTROLS) -> list[QWidget]:
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisible():
            continue
        if isinstance(widget, QHeaderView):
            continue  # part of its table; the model names the columns
        if type(widget).__name__.startswith("QLineEditIconButton"):
            continue  # the clear button inside the search box (Qt's own, named by Qt)
        found.append(widget)
    return found


def run_on_every_screen(qtbot, window, check: Callable[[str], None]) -> list[str]:
    """Show each screen in turn (the patient's, then the kiosk's) and check it."""
    seen: list[str] = []

    def visit(name: str) -> None:
        wait_idle(qtbot, window)
        for _ in range(3):
            QApplication.processEvents()
        check(name)
        seen.append(name)

    walk_patient_flow(qtbot, window, visit)
    window.idle_prompt.open(15)
    visit("7-idle-prompt")
    window.idle_prompt.hide()
    click(qtbot, btn(window.appointments, "appointmentsLogoutButton"))
    window.show_view(window.kiosk_exit)
    visit("8-kiosk-exit")
    return seen


def test_every_touch_target_is_at_least_48_px(qtbot, window):
    window.resize(1280, 900)

    def check(screen: str) -> None:
        for widget in visible_controls(window, TOUCH):
            assert widget.height() >= 48, f"{screen}: {widget.objectName()} is {widget.height()} px"
            assert widget.width() >= 48, f"{screen}: {widget.objectName()} is {widget.width()} px"

    assert len(run_on_every_screen(qtbot, window, check)) == 8


def test_every_control_has_a_name_and_a_description_for_screen_readers(qtbot, window):
    window.resize(1280, 900)

    def check(screen: str) -> None:
        for widget in visible_controls(window):
            label = widget.objectName() or type(widget).__name__
            assert widget.accessibleName().strip(), f"{screen}: {label} has no accessible name"
            assert widget.accessibleDescription().strip(), f"{screen}: {label} is undescribed"

    run_on_every_screen(qtbot, window, check)


def tab_chain(qtbot, window, start: QWidget, presses: int = 40) -> set[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    reached = {QApplication.focusWidget()}
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget())
    return reached


def arrow_reachable(qtbot, start: QAbstractButton) -> set[QWidget]:
    reached: set[QWidget] = set()
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
        start.setFocus(Qt.FocusReason.TabFocusReason)
        for _ in range(len(start.group().buttons())):
            qtbot.keyClick(QApplication.focusWidget(), key)
            reached.add(QApplication.focusWidget())
    start.setFocus(Qt.FocusReason.TabFocusReason)
    return reached


def focusable(window: QWidget) -> list[QWidget]:
    return [
        w
        for w in visible_controls(window)
        if w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not w.objectName().startswith("qt_calendar_")  # inside the calendar: arrows
        and not isinstance(w.parent(), QCalendarWidget)
    ]


def test_every_control_is_reachable_with_the_tab_key(qtbot, window):
    window.resize(1280, 900)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    def check(screen: str) -> None:
        wanted = focusable(window)
        assert wanted, screen
        reached = tab_chain(qtbot, window, wanted[0])
        # Choices that exclude each other (text size, times) are one Tab stop, like radio
        # buttons: Tab reaches the group, the arrow keys move within it.
        for widget in list(reached):
            group = widget.group() if isinstance(widget, QAbstractButton) else None
            if isinstance(group, QButtonGroup) and group.exclusive():
                reached |= arrow_reachable(qtbot, widget)
        missing = [  # a calendar is reached when its day grid has the focus
            w.objectName() or type(w).__name__
            for w in wanted
            if not any(r is w or w.isAncestorOf(r) for r in reached)
        ]
        assert not missing, f"{screen}: the keyboard never reaches {missing}"
        if screen == "7-idle-prompt":  # the question holds the keyboard until answered
            assert reached <= set(window.idle_prompt.findChildren(QWidget)), reached

    run_on_every_screen(qtbot, window, check)


def test_focus_is_visible_on_every_control(qtbot, window):
    window.resize(1280, 900)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    def check(screen: str) -> None:
        controls = focusable(window)
        for widget in controls:
            other = next(w for w in controls if w is not widget)
            other.setFocus(Qt.FocusReason.TabFocusReason)
            QApplication.processEvents()
            plain = widget.grab().toImage()
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            QApplication.processEvents()
            assert widget.hasFocus(), f"{screen}: {widget.objectName()} cannot take focus"
            focused = widget.grab().toImage()
            assert focused != plain, f"{screen}: focus on {widget.objectName()} is invisible"

    run_on_every_screen(qtbot, window, check)


def test_text_size_and_contrast_switch_from_the_login_screen_and_are_remembered(
    qtbot, window, start_window, data_dir, settings_dir
):
    app = QApplication.instance()
    normal_font = app.font().pointSizeF()
    click(qtbot, btn(window.login, "textSizeExtraLarge"))
    assert app.font().pointSizeF() == pytest.approx(normal_font * 1.5)
    assert "font-size: 30pt" in app.styleSheet()  # the primary button's 20 pt, scaled
    click(qtbot, btn(window.login, "highContrastToggle"))
    assert btn(window.login, "highContrastToggle").isChecked()
    assert "QMainWindow { background: #000000; }" in app.styleSheet()
    assert window.look == Look(TextSize.EXTRA_LARGE, high_contrast=True)
    # Remembered per machine: in the (test's) settings file, and by the next window.
    assert list(Path(settings_dir).rglob("*.ini")), "nothing written to the settings dir"
    assert Preferences().look() == Look(TextSize.EXTRA_LARGE, high_contrast=True)

    second = start_window(["--data-dir", str(data_dir)])
    assert second.look == Look(TextSize.EXTRA_LARGE, high_contrast=True)
    assert btn(second.login, "textSizeExtraLarge").isChecked()
    # Logging out keeps the machine's look (the next patient may need it too).
    register(second)
    log_in(qtbot, second)
    click(qtbot, btn(second.doctors, "logoutButton"))
    assert second.look.high_contrast
    click(qtbot, btn(second.login, "textSizeNormal"))
    click(qtbot, btn(second.login, "highContrastToggle"))
    assert app.font().pointSizeF() == pytest.approx(normal_font)
    assert Preferences().look() == Look()
    second.runner.wait_for_done()


def test_the_settings_of_tests_never_reach_the_real_user(settings_dir):
    settings = QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Care4U", "Care4U Desktop"
    )
    assert Path(settings.fileName()).is_relative_to(settings_dir)


def test_large_text_scales_every_font_and_touch_target_in_the_style_sheet():
    normal = stylesheet(Look())
    large = stylesheet(Look(TextSize.LARGE))
    sizes = [int(n) for n in re.findall(r"font-size: (\d+)pt", normal)]
    scaled = [int(n) for n in re.findall(r"font-size: (\d+)pt", large)]
    assert scaled == [round(n * 1.25) for n in sizes]
    floors = [int(n) for n in re.findall(r"min-height: (\d+)px", normal)]
    assert min(floors) >= 44
    # The touch target's floor holds at every size; larger text makes a control taller by
    # itself, so the floor is not scaled on top (it cost the largest text the screen).
    assert [int(n) for n in re.findall(r"min-height: (\d+)px", large)] == floors
    assert QFont().pointSizeF() > 0


# -- contrast ----------------------------------------------------------------------------
def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colour_pairs(qss: str) -> Iterator[tuple[str, str, str]]:
    """(rule, text colour, background) for each rule that sets a text colour.

    A rule without its own background is read against the page's background; rules for
    disabled controls are left out (WCAG does not ask contrast of them).
    """
    page = re.search(r"QMainWindow \{ background: (#[0-9a-f]{6})", qss)
    assert page is not None
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", qss):
        selector = " ".join(selector.split())
        if ":disabled" in selector or "idlePrompt" in selector:
            continue
        props = dict(re.findall(r"([a-z-]+):\s*([^;]+);", body))
        background = props.get("background", props.get("background-color", ""))
        background = background if re.fullmatch(r"#[0-9a-f]{6}", background) else page[1]
        for key, back_key in (
            ("color", None),
            ("placeholder-text-color", None),
            ("selection-color", "selection-background-color"),
        ):
            text = props.get(key, "")
            if re.fullmatch(r"#[0-9a-f]{6}", text):
                yield selector, text, props.get(back_key, background) if back_key else background


@pytest.mark.parametrize(
    ("look", "least"), [(Look(), 4.5), (Look(high_contrast=True), 7.0)], ids=["standard", "high"]
)
def test_text_contrast_meets_the_theme_promise(look, least):
    pairs = list(colour_pairs(stylesheet(look)))
    assert len(pairs) > 20
    for selector, text, background in pairs:
        ratio = contrast(text, background)
        assert ratio >= least, f"{selector}: {text} on {background} is {ratio:.2f}:1"


def test_booking_slots_read_their_state_aloud(qtbot, window):
    session = register(window)
    log_in(qtbot, window)
    sarah = window.services.store.get_doctor("doc-001")
    day = next_working_day(sarah, after_days=2)
    window.services.booking.book(session.user, "doc-001", day, "11:00")
    window.doctors.search.setText("Sarah")
    window.doctors.table.selectRow(0)
    click(qtbot, btn(window.doctors, "bookButton"))
    wait_idle(qtbot, window)
    from PySide6.QtCore import QDate

    from care4u_desktop.ui.formatting import long_date

    window.booking.calendar.setSelectedDate(QDate(day))
    wait_idle(qtbot, window)
    when = long_date(day)
    taken = btn(window.booking, "slot-11:00")
    assert taken.accessibleName() == f"11:00, {when}, Dr. Sarah Johnson, taken"
    free = btn(window.booking, "slot-10:00")
    assert free.accessibleName() == f"10:00, {when}, Dr. Sarah Johnson"
    assert not free.isCheckable()  # a push button to AT-SPI, not a toggle
    click(qtbot, free)
    assert free.accessibleName() == f"10:00, {when}, Dr. Sarah Johnson, chosen"
