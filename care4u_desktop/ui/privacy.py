"""What a log-out wipes besides each view's own reset, and what a kiosk's fields refuse.

A view's ``reset`` empties what it shows; these functions take away what Qt keeps behind
the screen: every field's undo and redo history (``QLineEdit.clear()`` is an edit like
any other, so Ctrl+Z brings the text back; ``setText`` forgets the history), and the
clipboard. On a kiosk, fields also lose their context menu and drag and drop, the ways
to copy text out of the app or paste it in without the keyboard.

Imported on the first log-out or in kiosk mode, never for the first paint: ``Qt``'s enums
are built on first use (see ``widgets.set_enum_property``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QLineEdit, QWidget

_MODES = (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection, QClipboard.Mode.FindBuffer)


def _fields(root: QWidget) -> list[QLineEdit]:
    """Every text field under ``root``; not the one inside a date or number box, whose
    text is the box's value (a calendar's year, the desk's day)."""
    return [
        edit
        for edit in root.findChildren(QLineEdit)
        if not isinstance(edit.parentWidget(), QAbstractSpinBox)
    ]


def fields_hold_something(root: QWidget) -> bool:
    """Text in a field, or text that Ctrl+Z or Ctrl+Y would bring back."""
    return any(
        edit.text() or edit.isUndoAvailable() or edit.isRedoAvailable() for edit in _fields(root)
    )


def forget_fields(root: QWidget) -> None:
    """Empty every field and its undo and redo history."""
    for edit in _fields(root):
        if edit.text() or edit.isUndoAvailable() or edit.isRedoAvailable():
            edit.setText("")  # not clear(): that could be undone


def _modes() -> list[QClipboard.Mode]:
    clipboard = QGuiApplication.clipboard()
    return [
        mode
        for mode in _MODES
        if mode == QClipboard.Mode.Clipboard
        or (mode == QClipboard.Mode.Selection and clipboard.supportsSelection())
        or (mode == QClipboard.Mode.FindBuffer and clipboard.supportsFindBuffer())
    ]


def _owned(mode: QClipboard.Mode) -> bool:
    clipboard = QGuiApplication.clipboard()
    if mode == QClipboard.Mode.Selection:
        return clipboard.ownsSelection()
    if mode == QClipboard.Mode.FindBuffer:
        return clipboard.ownsFindBuffer()
    return clipboard.ownsClipboard()


def clipboard_holds_something(kiosk: bool) -> bool:
    """Is there text on the clipboard that ``forget_clipboard`` would take away?

    Only modes the app owns are read on a desk: reading another program's clipboard
    means asking that program, which may be slow to answer.
    """
    clipboard = QGuiApplication.clipboard()
    return any(clipboard.text(mode) for mode in _modes() if kiosk or _owned(mode))


def forget_clipboard(kiosk: bool) -> None:
    """Empty the clipboard, X11's selection and macOS's find buffer.

    On a kiosk, always: it is the only program its users can reach, so whatever is on its
    clipboard was put there by someone standing at it (and a platform that cannot say who
    owns the clipboard, like Wayland under some compositors, is still wiped). On a staff
    desk only what the app itself put there: the receptionist's other programs share the
    clipboard, and what they copied is theirs.
    """
    clipboard = QGuiApplication.clipboard()
    for mode in _modes():
        if kiosk or _owned(mode):
            clipboard.clear(mode)


def holds_something(root: QWidget, *, kiosk: bool) -> bool:
    """Would ``forget_everything`` take anything away?"""
    return fields_hold_something(root) or clipboard_holds_something(kiosk)


def forget_everything(root: QWidget, *, kiosk: bool) -> None:
    """After the views' own resets: the fields' undo and redo histories (and any field a
    reset forgot), and what was copied."""
    forget_fields(root)
    forget_clipboard(kiosk)


def lock_fields(root: QWidget) -> None:
    """Kiosk: no context menu (Copy, Paste, Select All) and no drag and drop, in or out,
    on any field under ``root``, nor a context menu on a label whose text can be selected."""
    no_menu = Qt.ContextMenuPolicy.NoContextMenu
    for edit in root.findChildren(QLineEdit):
        edit.setContextMenuPolicy(no_menu)
        edit.setDragEnabled(False)
        edit.setAcceptDrops(False)
    for box in root.findChildren(QAbstractSpinBox):
        box.setContextMenuPolicy(no_menu)
        box.setAcceptDrops(False)
    selectable = Qt.TextInteractionFlag.TextSelectableByMouse
    for text in root.findChildren(QLabel):
        if text.textInteractionFlags() & selectable:
            text.setContextMenuPolicy(no_menu)
