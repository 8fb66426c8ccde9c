"""The start-up check of the store: opened on a worker once the log-in screen has painted,
and checked again while it cannot be used (docs/architecture.md, start-up)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ..domain.errors import DomainError
from .domain_text import error_text
from .first_paint import AfterFirstPaint

if TYPE_CHECKING:
    from .views.login import LoginView
    from .worker import TaskRunner

log = logging.getLogger(__name__)


class StoreCheck(QObject):
    #: The store answered, with this many doctors.
    ready = Signal(int)
    #: The store cannot be used; the message is on the log-in screen too.
    unavailable = Signal(str)

    def __init__(
        self,
        open_store: Callable[[], int],
        runner: TaskRunner,
        login: LoginView,
        recheck_ms: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_store = open_store
        self._runner = runner
        self._login = login
        self._recheck_ms = recheck_ms
        #: What the log-in screen says while the store cannot be used.
        self._message = ""

    def after_first_paint(self) -> None:
        """``run`` once the log-in view has painted: the screen comes first, and the
        worker's Python does not compete with the paint for the interpreter."""
        AfterFirstPaint(self._login, self.run)

    def run(self) -> None:
        """Build the services and open the store on a worker (a first start creates and
        seeds it), and say on the log-in screen straight away if the store cannot be used,
        rather than at the first patient's log-in. While it cannot, check again every
        ``recheck_ms`` (a kiosk that booted before its network)."""
        self._runner.run(self._open_store, on_result=self._ready, on_error=self._unavailable)

    def _ready(self, doctors: int) -> None:
        if self._message and self._login.banner.text() == self._message:
            self._login.banner.clear_message()
        self._message = ""
        self.ready.emit(doctors)

    def _unavailable(self, error: DomainError) -> None:
        log.warning("the store cannot be used: %s", error.message)  # for the IT team's log
        self._message = error_text(error)
        self._login.show_message(self._message, "error")
        QTimer.singleShot(self._recheck_ms, self, self.run)
        self.unavailable.emit(self._message)
