"""A locked kiosk cannot be minimised, hidden or covered: it comes straight back.

These drive the window offscreen through Qt's own calls; ``test_kiosk_x11.py`` does the
same through a real window manager.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from care4u_desktop.ui.kiosk import WindowGuard

#: How long the kiosk may take to come back (it reacts within a tenth of a second).
BACK_WITHIN_MS = 2_000


def state_of(window) -> str:
    return (
        f"visible={window.isVisible()} full_screen={window.isFullScreen()} "
        f"minimised={window.isMinimized()} active={window.isActiveWindow()}"
    )


def back_in_front(window) -> None:
    """Polled by ``waitUntil``: its last failure is the test's message."""
    in_front = "visible=True full_screen=True minimised=False active=True"
    assert state_of(window) == in_front, "the kiosk is not back in front"


def test_a_minimised_kiosk_comes_back_full_screen(qtbot, kiosk_window):
    kiosk_window.showMinimized()
    qtbot.waitUntil(lambda: back_in_front(kiosk_window), timeout=BACK_WITHIN_MS)


def test_a_hidden_kiosk_shows_itself_again(qtbot, kiosk_window):
    kiosk_window.hide()

    def shown_full_screen() -> None:
        # Not "active" here: the offscreen platform never tells a window it has the focus
        # again once it kept it through a hide; under X test_kiosk_x11 checks it is.
        shown = "visible=True full_screen=True minimised=False"
        assert state_of(kiosk_window).startswith(shown), state_of(kiosk_window)

    qtbot.waitUntil(shown_full_screen, timeout=BACK_WITHIN_MS)


def test_a_kiosk_taken_out_of_full_screen_goes_back(qtbot, kiosk_window):
    kiosk_window.showNormal()
    qtbot.waitUntil(lambda: back_in_front(kiosk_window), timeout=BACK_WITHIN_MS)


def test_another_window_of_the_app_cannot_take_the_kiosk_s_place(qtbot, kiosk_window):
    other = QWidget()
    other.setWindowTitle("Some other window")
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other, timeout=BACK_WITHIN_MS)
    qtbot.waitUntil(lambda: back_in_front(kiosk_window), timeout=BACK_WITHIN_MS)
    assert not other.isActiveWindow()


def test_once_staff_unlock_it_the_window_may_close_and_stay_closed(qtbot, kiosk_window):
    kiosk_window.exit_allowed = True  # what a staff log-in does (test_kiosk.py drives it)
    kiosk_window.close()
    # Several times the guard's reaction time: it must not bring the window back.
    qtbot.wait(WindowGuard.REACT_MS * 6)
    assert not kiosk_window.isVisible()
