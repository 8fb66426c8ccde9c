"""Kiosk lock-down: idle log-out, the confirmation's time on screen, keys that would quit,
and a window that cannot be minimised, hidden or covered (``WindowGuard``).

``ActivityWatcher`` is an application-wide event filter: any mouse, key, wheel or touch
input anywhere restarts the idle clock. After ``idle_seconds`` without input, if there is
anything of a patient's on screen, ``IdlePrompt`` asks "Are you still there?" and counts
down ``idle_countdown_seconds``; at zero the window logs out, which wipes every view. A
booking confirmation stays up ``confirmation_seconds`` and then the kiosk starts over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

from ..config import Config
from .caret import CaretRest

if TYPE_CHECKING:
    from .views.confirmation import ConfirmationPage
    from .views.idle_prompt import IdlePrompt

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)

_MODS = Qt.KeyboardModifier


def is_quit_shortcut(event: QKeyEvent) -> bool:
    """Alt+F4, Ctrl+Q, Ctrl+W: ways out a patient might try on a kiosk keyboard."""
    key, mods = event.key(), event.modifiers()
    if key == Qt.Key.Key_F4 and mods & _MODS.AltModifier:
        return True
    return key in (Qt.Key.Key_Q, Qt.Key.Key_W) and bool(mods & _MODS.ControlModifier)


class ActivityWatcher(QObject):
    """Reports every input event; in a locked kiosk it also swallows quit shortcuts.

    It calls ``on_activity`` directly rather than emitting a signal: it runs for every
    mouse move in the application, so it stays as cheap as a function call.
    """

    def __init__(self, on_activity: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_activity = on_activity
        self.swallow_quit_keys = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT_EVENTS:
            self._on_activity()
            if (
                self.swallow_quit_keys
                and kind == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and is_quit_shortcut(event)
            ):
                return True
        return False


#: What may mean the kiosk's window is no longer full screen, shown, on top and active.
_WINDOW_EVENTS = frozenset(
    {
        QEvent.Type.WindowStateChange,  # minimised, maximised, normal
        QEvent.Type.Hide,
        QEvent.Type.ActivationChange,  # another window (of any program) took the focus
        QEvent.Type.WindowDeactivate,
    }
)


class WindowGuard(QObject):
    """Puts a locked kiosk's window back, full screen, shown, on top and active, whatever
    took it away: a window-manager key or menu (minimise, show the desktop), another
    program unmapping it or taking the focus, another window of the app, ``hide()``.

    The window only hears of these through its own events; each starts one short timer
    and the check runs when it fires, once for a burst of events, after the window
    manager has finished what it was doing.
    """

    REACT_MS = 50
    SETTLE_MS = 300

    def __init__(self, window: QWidget, locked: Callable[[], bool]) -> None:
        super().__init__(window)
        self._window = window
        self._locked = locked
        self._handle: QWindow | None = None
        self._was_exposed = False
        #: Unmapped behind Qt's back: Qt still thinks the window is shown.
        self._unmapped = False
        self._check = QTimer(self)
        self._check.setSingleShot(True)
        self._check.setInterval(self.REACT_MS)
        self._check.timeout.connect(self.restore)
        window.installEventFilter(self)
        self._watch_handle()

    def _watch_handle(self) -> None:
        """The native window exists from the first show on; its exposure tells an unmap."""
        handle = self._window.windowHandle()
        if handle is not None and handle is not self._handle:
            self._handle = handle
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._handle and kind == QEvent.Type.Expose:
            assert self._handle is not None
            if self._handle.isExposed():
                self._was_exposed = True
            elif self._was_exposed:
                self._was_exposed = False
                self._unmapped = True
                self._soon()
        elif watched is self._window:
            if kind == QEvent.Type.Show:
                self._watch_handle()
            elif kind in _WINDOW_EVENTS:
                self._soon()
        return False

    def _soon(self) -> None:
        if self._locked():
            self._check.start()

    def restore(self) -> None:
        window = self._window
        unmapped, self._unmapped = self._unmapped, False
        if not self._locked():
            return
        handle = window.windowHandle()
        exposed = handle is not None and handle.isExposed()
        if unmapped and not exposed and window.isVisible() and not window.isMinimized():
            window.hide()  # so that showing it maps it again
        if not window.isVisible() or window.isMinimized() or not window.isFullScreen():
            window.setWindowState(Qt.WindowState.WindowFullScreen)  # not minimised
            window.showFullScreen()
            # The window manager may still be busy with what took the window away (openbox
            # showing the desktop drops the window's "above" state meanwhile, sometimes
            # after our showing it): once it is done, ask for "above" again.
            QTimer.singleShot(self.SETTLE_MS, self, self._stay_on_top)
        # A combo box's list, or a dialog the kiosk itself opened and waits on, is the
        # kiosk's own to show; any other window loses the focus back to the kiosk.
        if (
            not window.isActiveWindow()
            and QApplication.activePopupWidget() is None
            and QApplication.activeModalWidget() is None
        ):
            window.raise_()
            window.activateWindow()

    def _stay_on_top(self) -> None:
        handle = self._window.windowHandle()
        if handle is None or not self._locked():
            return
        flags = handle.flags()
        # The same flags again would be no change at all, so off and on.
        handle.setFlags(flags & ~Qt.WindowType.WindowStaysOnTopHint)
        handle.setFlags(flags | Qt.WindowType.WindowStaysOnTopHint)
        self.restore()


class KioskWindow(Protocol):
    """What the controller needs from the main window."""

    def has_patient_state(self) -> bool: ...

    def log_out(self) -> None: ...


class KioskController(QObject):
    """The kiosk's clocks. All are ordinary QTimers on the GUI thread."""

    idle_prompt_shown = Signal()
    #: The countdown ran out and the window logged out.
    idle_logged_out = Signal()
    #: The confirmation had its time on screen and the window logged out.
    confirmation_timed_out = Signal()

    def __init__(
        self,
        window: KioskWindow,
        prompt: IdlePrompt,
        confirmation: Callable[[], ConfirmationPage | None],
        config: Config,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self.prompt = prompt
        #: The booking's confirmation page, once the booking view has been built.
        self._confirmation = confirmation
        self.idle_seconds = config.idle_seconds
        self.countdown_seconds = config.idle_countdown_seconds
        self.confirmation_seconds = config.confirmation_seconds
        self.auto_print = config.auto_print
        #: Set by ``lock_down``: the window's guard and the application's input watcher.
        self.window_guard: WindowGuard | None = None
        self.activity_watcher: ActivityWatcher | None = None
        self._countdown_left = 0
        self._confirmation_left = 0

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(self.idle_seconds * 1000)
        self.idle_timer.timeout.connect(self._idle)
        self.countdown_timer = QTimer(self)
        self.countdown_timer.setInterval(1000)
        self.countdown_timer.timeout.connect(self._count_down)
        self.confirmation_timer = QTimer(self)
        self.confirmation_timer.setInterval(1000)
        self.confirmation_timer.timeout.connect(self._confirmation_tick)
        #: The caret rests while nobody is there (an idle kiosk repaints nothing).
        self.caret = CaretRest(self)

        prompt.still_here.connect(self.dismiss_prompt)
        prompt.log_out_now.connect(self._log_out_from_prompt)

    # -- idle ------------------------------------------------------------------------------
    def start(self) -> None:
        self.idle_timer.start()
        self.caret.start()

    def stop(self) -> None:
        for timer in (self.idle_timer, self.countdown_timer, self.confirmation_timer):
            timer.stop()
        self.caret.stop()

    def user_active(self) -> None:
        """Any input: the idle clock starts again (the open question waits for its button),
        and the caret blinks again."""
        self.caret.activity()
        if not self.prompt.isVisible():
            self.idle_timer.start()

    def _idle(self) -> None:
        if not self._window.has_patient_state():
            self.idle_timer.start()  # nothing of anyone's on screen: nothing to protect
            return
        self._countdown_left = self.countdown_seconds
        self.prompt.open(self._countdown_left)
        self.countdown_timer.start()
        self.idle_prompt_shown.emit()

    def _count_down(self) -> None:
        self._countdown_left -= 1
        if self._countdown_left > 0:
            self.prompt.set_seconds(self._countdown_left)
            return
        self._log_out_from_prompt()
        self.idle_logged_out.emit()

    def _close_prompt(self) -> None:
        self.countdown_timer.stop()
        self.prompt.hide()

    def dismiss_prompt(self) -> None:
        self._close_prompt()
        self.idle_timer.start()

    def _log_out_from_prompt(self) -> None:
        self._close_prompt()
        self._window.log_out()

    # -- the confirmation's time on screen -------------------------------------------------
    def booked(self) -> None:
        """A booking was confirmed on screen: its clock starts, and its slip is printed
        when this kiosk prints one after each booking."""
        self.booking_confirmed()
        page = self._confirmation()
        if self.auto_print and page is not None:
            page.print_slip()

    def booking_confirmed(self) -> None:
        self._confirmation_left = self.confirmation_seconds
        self._show_countdown(self._confirmation_left)
        self.confirmation_timer.start()

    def leave_confirmation(self) -> None:
        """The patient moved on (or logged out) before the time ran out."""
        self.confirmation_timer.stop()
        self._show_countdown(None)

    def _confirmation_tick(self) -> None:
        self._confirmation_left -= 1
        if self._confirmation_left > 0:
            self._show_countdown(self._confirmation_left)
            return
        self.leave_confirmation()
        self._window.log_out()
        self.confirmation_timed_out.emit()

    def _show_countdown(self, seconds: int | None) -> None:
        page = self._confirmation()
        if page is not None:
            page.set_countdown(seconds)

    def reset(self) -> None:
        """After a log-out: no question open, no countdown, a fresh idle clock."""
        self._close_prompt()
        self.leave_confirmation()
        self.idle_timer.start()


def lock_down(
    window: QWidget,
    host: KioskWindow,
    *,
    prompt: IdlePrompt,
    confirmation: Callable[[], ConfirmationPage | None],
    first_screen: QWidget,
    exit_allowed: Callable[[], bool],
    config: Config,
) -> KioskController:
    """Lock ``window`` down as a kiosk: frameless, on top, put back whenever something takes
    it away (until ``exit_allowed``), quit keys swallowed, idle log-out and the
    confirmation's time on screen. Returns the running clocks, which hold the guard and
    the activity watcher."""
    from .first_paint import AfterFirstPaint

    window.setWindowFlags(
        window.windowFlags()
        | Qt.WindowType.FramelessWindowHint
        | Qt.WindowType.WindowStaysOnTopHint
    )
    # Minimised, hidden, covered: put back at once (until a staff log-in allows exit).
    guard = WindowGuard(window, lambda: not exit_allowed())
    kiosk = KioskController(host, prompt, confirmation, config, window)
    watcher = ActivityWatcher(kiosk.user_active, window)
    watcher.swallow_quit_keys = True
    kiosk.window_guard, kiosk.activity_watcher = guard, watcher

    def watch_activity() -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(watcher)

    # It sees every event of the application, in Python: installed after the first
    # paint (before it nobody can touch the screen), not through the style sheet's
    # polishing of every widget at start (measured: ~15 ms of the kiosk's first paint).
    AfterFirstPaint(first_screen, watch_activity)
    kiosk.start()
    return kiosk
