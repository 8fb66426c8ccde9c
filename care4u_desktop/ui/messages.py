"""Messages that come and go (a banner, a field's error) without moving anything.

Hidden, a message keeps its place in the layout at the height it needs at the current text
size, so a message appearing or clearing moves nothing under a pointer or a planned tap
(tests/ui/test_steady_messages.py), and layouts can count on the room it takes
(``Message.reserved_height``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel


def _restyle(widget: QLabel) -> None:
    """Re-read the style sheet after a dynamic property changed (widgets.repolish)."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


# The rooms are real messages (domain_text's), measured in the current language.

#: The usual failure message of a banner (service_unavailable): the room a banner keeps.
BANNER_ROOM = (
    "The booking system is not responding right now. "
    "Please try again in a moment or ask at reception."
)
#: The longest message of a field left empty (password_too_short; measured with the least
#: length, 8, for its count): the room every field's error line keeps.
ERROR_ROOM = "Your password needs at least %n character(s)."
_ROOM_COUNT = 8
#: A log-in's own message (invalid_credentials; the log-in, the staff exit): its room.
CREDENTIALS_ROOM = "That email and password do not match. Please try again."


#: Word-wrapped measuring, as a QLabel lays out its text (Qt.TextFlag.TextWordWrap; by value,
#: as widgets.set_enum_property explains).
WORD_WRAP = 0x1000


class Message(QLabel):
    """A label for a message that comes and goes, holding its room while it is empty.

    Hidden, it keeps its place in the layout (``retainSizeWhenHidden``) at the height the
    message needs at the current text size (the style sheet's font) and width: ``lines``
    lines, or what the sentence ``room`` (a typical message) takes there, whichever is more.
    So a message appearing or clearing moves nothing under a pointer or a planned tap
    (tests/ui/test_steady_messages.py), and layouts can count on the room it takes. A
    message longer than that still shows whole: the label grows rather than cut words.
    """

    def __init__(self, name: str, kind: str, lines: int = 1, room: str = "") -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("kind", kind)
        self.setWordWrap(True)
        self._lines = lines
        self._room = room
        #: A message shown whose room is kept once it clears (``Banner(keep_room=True)``).
        self._kept = ""
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
        # Measured as QLabel measures plain text, so a message of that size fits exactly.
        text = metrics.boundingRect(0, 0, 1 << 16, 1 << 16, 0, "\n".join("X" * self._lines))
        height = text.height()
        inner = (
            width
            - margins.left()
            - margins.right()
            - self._text_extra(metrics.horizontalAdvance("x"))
        )
        if self._room and inner > 0:
            words = QCoreApplication.translate("DomainMessages", self._room, None, _ROOM_COUNT)
            room = metrics.boundingRect(0, 0, inner, 1 << 16, WORD_WRAP, words)
            height = max(height, room.height())
        if self._kept and inner > 0:
            kept = metrics.boundingRect(0, 0, inner, 1 << 16, WORD_WRAP, self._kept)
            height = max(height, kept.height())
        return margins.top() + margins.bottom() + height

    def _text_extra(self, x_width: int) -> int:
        """What QLabel takes off a width before it wraps its text there (QLabelPrivate::
        sizeForWidth): twice the margin, and the indent (with a frame and no indent set, the
        width of an "x" less the margins)."""
        indent = self.indent()
        if indent < 0 and self.frameWidth():
            indent = x_width - 2 * self.margin()
        return 2 * self.margin() + max(indent, 0)

    def heightForWidth(self, width: int) -> int:
        return max(super().heightForWidth(width), self.reserved_height(width))

    def sizeHint(self) -> QSize:
        # At the width it has: not every layout asks heightForWidth (a box in a box without
        # one asks the hint). A hint is kept until updateGeometry: resizeEvent calls it.
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self.reserved_height(self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self.reserved_height()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # A new text size (the style sheet's font) changes the room to keep.
        # So does a new language (its words are longer or shorter).
        if event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.LanguageChange,
        ):
            self.updateGeometry()


class Banner(Message):
    """A message across the top of a view: ``error``, ``info`` or ``success``.

    It keeps the room of the usual failure message (``BANNER_ROOM``), shown or not: the
    longest message most screens show; a longer one (a welcome naming an email address to
    confirm) grows it.

    ``keep_room``: for a banner with nothing under it, that needs no room before its first
    message (``room=""``: a line's) but keeps the room of each one shown once it clears
    (a scrolled page would move otherwise), until ``release_room``.
    """

    def __init__(self, name: str, room: str = BANNER_ROOM, *, keep_room: bool = False) -> None:
        super().__init__(name, "banner", room=room)
        self._keep_room = keep_room
        # Given the focus where the message is the patient's next thing to read (a screen
        # reader reads it out); never a Tab stop of its own. By name, not Qt.FocusPolicy,
        # as widgets.set_enum_property explains.
        self.setProperty("focusPolicy", "ClickFocus")

    def show_message(self, text: str, tone: str = "error") -> None:
        self.setProperty("tone", tone)
        _restyle(self)
        self.setText(text)
        self.setAccessibleName(text)
        if self._keep_room:
            self._kept = text
        self.show()

    def release_room(self) -> None:
        """Back to the room of no message (the next patient's page)."""
        self._kept = ""
        self.updateGeometry()

    def clear_message(self) -> None:
        self.clear()
        self.setAccessibleName("")
        self.hide()


def error_line(name: str, room: str = ERROR_ROOM) -> Message:
    """A field-error message of a form (the log-in's, say), with room for a message like
    ``room`` kept."""
    return Message(name, "field-error", room=room)
