"""The confirmation's labels that lay themselves out for any number and any width, and
where its buttons go."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy

from ...domain.rules import widest_appointment_id
from ..messages import WORD_WRAP
from ..widgets import ResponsiveRow


class AppointmentNumber(QLabel):
    """The appointment number on one line, as wide as the widest number could be: numbers
    are random, and the page's arrangement (side by side or stacked, "Done" in view) must
    not change with the letters a patient happened to get."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("kind", "big-number")
        self.setObjectName("appointmentId")

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        metrics = self.fontMetrics()
        widest = metrics.horizontalAdvance(widest_appointment_id(metrics.horizontalAdvance))
        room = widest - metrics.horizontalAdvance(self.text())
        return QSize(hint.width() + max(0, room), hint.height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.minimumSizeHint().width()), hint.height())


class Lines(QLabel):
    """Phrases on one line, joined by " · ", where they fit; one under the other where
    not (each still wraps if it must): a short window keeps the line it would lose."""

    SEPARATOR = " · "

    def __init__(self, kind: str, name: str) -> None:
        super().__init__()
        self.setProperty("kind", kind)  # the theme's look, as widgets.label sets it
        self.setObjectName(name)
        self.setWordWrap(True)
        self._phrases: tuple[str, ...] = ()

    def set_phrases(self, *phrases: str) -> None:
        self._phrases = phrases
        self._arrange(self.width())

    @property
    def phrases(self) -> tuple[str, ...]:
        return self._phrases

    def clear(self) -> None:
        self._phrases = ()  # or the next resize would show them again
        super().clear()

    def _room(self, width: int) -> int:
        margins = self.contentsMargins()
        return width - margins.left() - margins.right() - 2 * self.margin()

    def _text_at(self, width: int) -> str:
        one_line = self.SEPARATOR.join(self._phrases)
        fits = self.fontMetrics().horizontalAdvance(one_line) <= self._room(width)
        return one_line if fits else "\n".join(self._phrases)

    def _arrange(self, width: int) -> None:
        text = self._text_at(width)
        if text != self.text():
            self.setText(text)

    def heightForWidth(self, width: int) -> int:
        # The height of the text this width will show (set once the label has the width).
        margins = self.contentsMargins()
        text = self.fontMetrics().boundingRect(
            0, 0, max(1, self._room(width)), 1 << 16, WORD_WRAP, self._text_at(width)
        )
        return text.height() + margins.top() + margins.bottom() + 2 * self.margin()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)


def arrange_ways(
    *,
    beside_details: bool,
    slip_buttons: ResponsiveRow,
    slip_row: ResponsiveRow,
    exits: ResponsiveRow,
    appointments: QPushButton,
) -> None:
    """Beside the details, the slip's buttons and "My appointments" in a column, the status
    under them. Under the details (a short or narrow window): the slip's buttons at their
    own width with the status beside them (a row less; a message too long to go beside
    them goes under them, and neither button moves), and "My appointments" beside "Done":
    the ways on from here together, the main one at the right."""
    slip_buttons.take(appointments)
    exits.take(appointments)
    if beside_details:
        slip_buttons.add(appointments, 1)
    else:
        exits.insert(0, appointments, 1)
    policy = slip_buttons.sizePolicy()
    policy.setHorizontalPolicy(
        QSizePolicy.Policy.Preferred if beside_details else QSizePolicy.Policy.Maximum
    )
    slip_buttons.setSizePolicy(policy)
    slip_buttons.hold(True if beside_details else None)
    slip_row.hold(True if beside_details else None)
    exits.hold(None)
