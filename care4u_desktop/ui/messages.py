"""Messages that come and go (a banner, a field's error) without moving anything.

Hidden, a message keeps its place in the layout at the height it needs at the current text
size, so a message appearing or clearing moves nothing under a pointer or a planned tap
(tests/ui/test_steady_messages.py), and layouts can count on the room it takes
(``Message.reserved_height``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QLabel


def _restyle(widget: QLabel) -> None:
    """Re-read the style sheet after a dynamic property changed (widgets.repolish)."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class Message(QLabel):
    """A label for a message that comes and goes, holding its room while it is empty.

    Hidden, it keeps its place in the layout (``retainSizeWhenHidden``) at the height the
    message needs at the current text size (the style sheet's font): ``lines`` lines, or
    as many as ``room`` characters take at the label's width, whichever is more. So a
    message appearing or clearing moves nothing under a pointer or a planned tap
    (tests/ui/test_steady_messages.py), and layouts can count on the room it takes. A
    message longer than that still shows whole: the label grows rather than cut words.
    """

    def __init__(self, name: str, kind: str, lines: int = 1, room: int = 0) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("kind", kind)
        self.setWordWrap(True)
        self._lines = lines
        self._room = room
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        # Set here too: QLabel sets it only once it has had a text.
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.hide()

    def reserved_height(self, width: int = 0) -> int:
        """The room kept at this width and the current text size, padding and border in."""
        # A label never shown yet has not had the style sheet's font and padding applied.
        self.ensurePolished()
        metrics = self.fontMetrics()
        margins = self.contentsMargins()  # the style sheet's padding and border
        lines = self._lines
        inner = width - margins.left() - margins.right()
        if self._room and inner > 0:
            # Words wrap a little before the edge: count a tenth more than the bare width.
            needed = self._room * metrics.averageCharWidth() * 11 // 10
            lines = max(lines, -(-needed // inner))
        # Measured as QLabel measures plain text, so a message of that many lines fits exactly.
        text = metrics.boundingRect(0, 0, 1 << 16, 1 << 16, 0, "\n".join("X" * lines)).height()
        return margins.top() + margins.bottom() + text

    def heightForWidth(self, width: int) -> int:
        return max(super().heightForWidth(width), self.reserved_height(width))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        # Not the width's room: a hint is cached until the next updateGeometry, a width is
        # not; layouts ask heightForWidth for that.
        return QSize(hint.width(), max(hint.height(), self.reserved_height()))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self.reserved_height()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # A new text size (the style sheet's font) changes the room to keep.
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()


#: Most banners ("The booking system is not responding right now. Please try again in a
#: moment or ask at reception.") fit this many characters.
BANNER_ROOM = 100


class Banner(Message):
    """A message across the top of a view: ``error``, ``info`` or ``success``.

    It keeps room for ``room`` characters (at least two lines), shown or not.
    """

    def __init__(self, name: str, lines: int = 2, room: int = BANNER_ROOM) -> None:
        super().__init__(name, "banner", lines, room)
        # Given the focus where the message is the patient's next thing to read (a screen
        # reader reads it out); never a Tab stop of its own. By name, not Qt.FocusPolicy,
        # as widgets.set_enum_property explains.
        self.setProperty("focusPolicy", "ClickFocus")

    def show_message(self, text: str, tone: str = "error") -> None:
        self.setProperty("tone", tone)
        _restyle(self)
        self.setText(text)
        self.setAccessibleName(text)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.setAccessibleName("")
        self.hide()


#: Most field errors ("Please enter your email address.") fit this many characters.
ERROR_ROOM = 34


def error_line(name: str, room: int = ERROR_ROOM) -> Message:
    """A field-error message of a form (the log-in's, say), with room for ``room``
    characters kept."""
    return Message(name, "field-error", room=room)
