"""Small building blocks the views share: labelled fields, banners, kiosk buttons.

Widgets are built without text; each view's ``retranslate`` gives them their words
(and screen-reader names and descriptions) in the current language through ``describe``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

# The messages live in their own module; views import them from here with the rest.
from .messages import BANNER_ROOM as BANNER_ROOM
from .messages import CREDENTIALS_ROOM as CREDENTIALS_ROOM
from .messages import ERROR_ROOM as ERROR_ROOM
from .messages import Banner as Banner
from .messages import Message as Message
from .messages import error_line as error_line
from .password_toggle import PasswordToggle


def describe(widget: QWidget, text: str, description: str, name: str | None = None) -> None:
    """Set what a control says and what a screen reader announces for it."""
    if isinstance(widget, QAbstractButton | QLabel):
        widget.setText(text)
    widget.setAccessibleName(name or " ".join(text.replace("&", "").split()))
    widget.setAccessibleDescription(description)


def set_enum_property(widget: QWidget, name: str, key: str) -> None:
    """Set one of Qt's enum properties by its key, e.g. ``("focusPolicy", "StrongFocus")``.

    Why not ``Qt.FocusPolicy.StrongFocus``: PySide6 builds every enum of its ``Qt``
    namespace (93 of them, 12-25 ms) the first time any is used, and the log-in screen,
    all the first paint needs, uses none otherwise (docs/packaging.md, start-up).
    """
    if not widget.setProperty(name, key):
        raise ValueError(f"{type(widget).__name__}.{name} has no value {key!r}")


def button(name: str, role: str = "primary") -> QPushButton:
    """``role`` picks the look in the theme: primary, secondary, danger, choice or slot.

    Buttons keep the platform's arrow pointer, as desktop buttons do (a touch kiosk
    shows none), and take focus from Tab and from a click everywhere: macOS's own
    default would leave them out of the Tab order.
    """
    btn = QPushButton()
    btn.setObjectName(name)
    btn.setProperty("role", role)
    set_enum_property(btn, "focusPolicy", "StrongFocus")
    # Enter presses the focused button, as Space does: Qt's own way (QPushButton takes
    # Return and Enter when it is an auto-default button). Outside a dialog that is all
    # auto-default does; the theme gives a default button no other size or look.
    btn.setAutoDefault(True)
    return btn


class CheckBox(QCheckBox):
    """A check box that Enter ticks too (Space does already), like a button."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt  # not at import: see set_enum_property

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.click()
            return
        super().keyPressEvent(event)


def check_box(name: str) -> CheckBox:
    box = CheckBox()
    box.setObjectName(name)
    set_enum_property(box, "focusPolicy", "StrongFocus")
    return box


def label(text: str = "", kind: str = "body", name: str | None = None) -> QLabel:
    """``kind`` picks the look in the theme: title, subtitle, body, hint, field-error..."""
    lbl = QLabel(text)
    lbl.setProperty("kind", kind)
    lbl.setWordWrap(True)
    if name:
        lbl.setObjectName(name)
    return lbl


def repolish(widget: QWidget) -> None:
    """Re-read the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def wipe(edit: QLineEdit) -> None:
    """Empty a field for the next person. Not ``clear()``: that is an edit like any other,
    and Ctrl+Z brings the text back; ``setText`` also forgets the undo and redo history."""
    edit.setText("")


#: The room between a field's label, its input and its error, where the room allows.
FIELD_SPACING = 6


class Field(QWidget):
    """A label, an input and the error message that belongs to it, stacked.

    A password field has a "Show password" button beside its input (``password_toggle``).
    """

    def __init__(self, name: str, *, password: bool = False) -> None:
        super().__init__()
        self.caption = label("", "field-label")
        self.input = QLineEdit()
        self.input.setObjectName(name)
        base = name.removesuffix("Input")
        self.toggle: PasswordToggle | None = None
        if password:
            self.input.setEchoMode(QLineEdit.EchoMode.Password)
            # Nothing typed here may be copied out or left for the next person to read.
            set_enum_property(self.input, "contextMenuPolicy", "NoContextMenu")
            reveal = button(f"show{base[:1].upper()}{base[1:]}Button", "secondary")
            reveal.setProperty("kind", "reveal")  # no taller than the field (theme.qss)
            self.toggle = PasswordToggle(self.input, reveal)
        self.caption.setBuddy(self.input)
        self.error = error_line(f"{base}Error")
        self._description = ""
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(FIELD_SPACING)
        layout.addWidget(self.caption)
        if self.toggle is None:
            layout.addWidget(self.input)
        else:
            row = QHBoxLayout()
            row.setSpacing(8)
            row.addWidget(self.input, 1)
            row.addWidget(self.toggle.button)
            layout.addLayout(row)
        layout.addWidget(self.error)
        self.input.textEdited.connect(self.clear_error)

    def close_up(self, tight: bool) -> None:
        """Label, input and error closer together where the room is tight."""
        self._layout.setSpacing(2 if tight else FIELD_SPACING)

    def set_texts(self, caption: str, description: str, placeholder: str = "") -> None:
        self.caption.setText(caption)
        self.input.setAccessibleName(caption)
        self._description = description
        self.input.setPlaceholderText(placeholder)
        if not self.error.isVisibleTo(self):
            self.input.setAccessibleDescription(description)
        if self.toggle is not None:
            self.toggle.retranslate()

    def text(self) -> str:
        return self.input.text()

    def set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.input.setProperty("invalid", True)
        repolish(self.input)
        self.input.setAccessibleDescription(message)

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()
        if self.input.property("invalid"):
            # Only a change of look needs the style sheet matched again; a view's reset
            # clears every field, and most of them were never marked.
            self.input.setProperty("invalid", False)
            repolish(self.input)
        self.input.setAccessibleDescription(self._description)

    def reset(self) -> None:
        wipe(self.input)
        self.clear_error()
        if self.toggle is not None:
            self.toggle.hide_password()  # the next person starts with it hidden


class ReadableColumn(QWidget):
    """Holds ``content`` in the middle of a wide kiosk screen at a readable width.

    The width grows with the text size (``set_scale``) so large text still fits a line.
    """

    def __init__(self, content: QWidget, max_width: int = 720) -> None:
        super().__init__()
        self.content = content
        self._base_width = max_width
        self._scale = 1.0
        content.setMaximumWidth(max_width)
        content.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # At the top, its own height: the stretch below takes what is left.
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(content)
        column.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addLayout(column, 100)
        row.addStretch(1)

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        self.content.setMaximumWidth(round(self._base_width * scale))

    def set_base_width(self, max_width: int) -> None:
        self._base_width = max_width
        self.set_scale(self._scale)


def centered(content: QWidget, max_width: int = 720) -> ReadableColumn:
    return ReadableColumn(content, max_width)


class ResponsiveRow(QWidget):
    """Widgets side by side while they fit, stacked when the screen (or the text) says not.

    Each widget may name the narrowest width it is readable at (in pixels at normal text
    size; ``set_scale`` follows the text size); otherwise its minimum size hint counts.
    """

    #: The widgets were just stacked, or put side by side again (see ``stacked``).
    stacked_changed = Signal()

    def __init__(self, spacing: int = 16, *, mirrored: bool = False) -> None:
        """``mirrored``: side by side the last widget added comes first (leftmost)."""
        super().__init__()
        self._side_by_side = (
            QBoxLayout.Direction.RightToLeft if mirrored else QBoxLayout.Direction.LeftToRight
        )
        self._box = QBoxLayout(self._side_by_side, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(spacing)
        self._items: list[tuple[QWidget, int]] = []
        self._scale = 1.0
        self._held: bool | None = None

    def add(self, widget: QWidget, stretch: int = 0, min_width: int = 0) -> None:
        self.insert(len(self._items), widget, stretch, min_width)

    def insert(self, index: int, widget: QWidget, stretch: int = 0, min_width: int = 0) -> None:
        self._box.insertWidget(index, widget, stretch)
        self._items.insert(index, (widget, min_width))

    def take(self, widget: QWidget) -> None:
        """Take ``widget`` out of the row (to put it in another)."""
        self._box.removeWidget(widget)
        self._items = [(w, least) for w, least in self._items if w is not widget]

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        if self.isVisible():  # a hidden row keeps its arrangement until it is shown
            self._arrange(self.width())

    @property
    def stacked(self) -> bool:
        return self._box.direction() == QBoxLayout.Direction.TopToBottom

    def _placed(self, widget: QWidget) -> bool:
        """Does ``widget`` take room in the row? Shown, or hidden keeping its place (a
        message's room: the row must not re-arrange when the message comes)."""
        return not widget.isHidden() or widget.sizePolicy().retainSizeWhenHidden()

    def needed_width(self) -> int:
        widths = [
            max(round(least * self._scale), widget.minimumSizeHint().width())
            for widget, least in self._items
            if self._placed(widget)
        ]
        return sum(widths) + self._box.spacing() * max(0, len(widths) - 1)

    def hold(self, stacked: bool | None) -> None:
        """Stack (True) or not (False) whatever the width, for a parent that decides its own
        arrangement as a whole; None: decide from the width again."""
        self._held = stacked
        self._arrange(self.width())

    def _arrange(self, width: int) -> None:
        stack = width < self.needed_width() if self._held is None else self._held
        wanted = QBoxLayout.Direction.TopToBottom if stack else self._side_by_side
        if self._box.direction() != wanted:
            self._box.setDirection(wanted)
            self.updateGeometry()
            # A mirrored row reads the other way round once stacked: Tab follows.
            from .tab_order import follow_layouts

            follow_layouts(self)
            self.stacked_changed.emit()

    def minimumSizeHint(self) -> QSize:
        if self._held is False:  # held side by side: both widgets' widths
            return QSize(self.needed_width(), self._box.minimumSize().height())
        # Never hold the window wider than one widget: stacking is always possible.
        height = self._box.minimumSize().height()
        widths = [w.minimumSizeHint().width() for w, _ in self._items if self._placed(w)]
        return QSize(max(widths, default=0), height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        # A widget in the row needs another width (a message with a long word came): side
        # by side or not is decided again, not left to the layout's squeezing.
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            self._arrange(self.width())
        return super().event(event)


class ReflowGrid(QWidget):
    """Buttons in as many columns as fit (up to ``max_columns``), re-flowed on resize."""

    def __init__(self, max_columns: int = 4, spacing: int = 12) -> None:
        super().__init__()
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(spacing)
        self._max_columns = max_columns
        self._columns = 0
        self._buttons: list[QWidget] = []

    def set_buttons(self, buttons: list[QWidget]) -> None:
        self._buttons = list(buttons)
        self._columns = 0
        self._flow(self.width())

    @property
    def columns(self) -> int:
        return self._columns

    def _flow(self, width: int) -> None:
        if not self._buttons:
            return
        widest = max(b.minimumSizeHint().width() for b in self._buttons)
        spacing = self._grid.spacing()
        fits = max(1, (width + spacing) // (widest + spacing))
        columns = min(self._max_columns, fits, len(self._buttons))
        if columns == self._columns:
            return
        self._columns = columns
        for button in self._buttons:
            self._grid.removeWidget(button)
        for i, button in enumerate(self._buttons):
            self._grid.addWidget(button, i // columns, i % columns)
        for column in range(self._max_columns):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def minimumSizeHint(self) -> QSize:
        widest = max((b.minimumSizeHint().width() for b in self._buttons), default=0)
        return QSize(widest, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._flow(event.size().width())
        super().resizeEvent(event)


class SharedSlot(QWidget):
    """Two widgets in one place: ``message`` (a ``Message`` that keeps its room while
    empty) over ``usual``, which is hidden while the message shows. The slot is always the
    larger of the two, so neither coming nor going moves what is around it; and the room a
    message keeps costs no height of its own."""

    def __init__(self, usual: QWidget, message: QWidget) -> None:
        super().__init__()
        self.usual = usual
        self.message = message
        policy = usual.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        usual.setSizePolicy(policy)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(usual, 0, 0)
        grid.addWidget(message, 0, 0)
        usual.setVisible(message.isHidden())
        message.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.message and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self.usual.setVisible(self.message.isHidden())
        return False


def row_of(*widgets: QWidget, spacing: int = 12) -> QWidget:
    """Widgets in a plain row, as one widget (for ``ResponsiveRow``)."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(spacing)
    for widget in widgets:
        row.addWidget(widget)
    return holder


class PageStack(QStackedWidget):
    """A stack that sizes itself by the page on show, not by the largest hidden one.

    A plain QStackedWidget asks every page for its minimum size, so one tall page would
    hold the whole window taller than a kiosk's screen.
    """

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()
