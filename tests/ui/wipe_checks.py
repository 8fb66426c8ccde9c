"""What the next person could dig out of the window after a log-out, looked for as they would.

``undo_everywhere`` presses the undo and redo keys in every field (a field on another
screen is reached by whoever logs in next); ``traces`` reads every text the window holds,
shown or hidden: labels, fields, buttons, tooltips, accessible names, combo box items and
every cell and header of every list and table, and the clipboard.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.StatusTipRole,
)


def fields(window: QWidget) -> list[QLineEdit]:
    """Every field of the app's own (not Qt's inside a date box or a calendar)."""
    return [e for e in window.findChildren(QLineEdit) if not e.objectName().startswith("qt_")]


def undo_everywhere(qtbot: Any, window: QWidget) -> dict[str, list[str]]:
    """Press Ctrl+Z five times, then Ctrl+Shift+Z and Ctrl+Y twice each, in every field;
    every text a field showed along the way, by field name (none when the history is
    truly gone). Each press is looked at: the next undo or redo may hide it again."""
    keys = [(Qt.Key.Key_Z, CTRL)] * 5 + [(Qt.Key.Key_Z, CTRL | SHIFT), (Qt.Key.Key_Y, CTRL)] * 2
    found: dict[str, list[str]] = {}
    for edit in fields(window):
        for key, modifiers in keys:
            qtbot.keyClick(edit, key, modifiers)
            if edit.text() and edit.text() not in found.get(edit.objectName(), []):
                found.setdefault(edit.objectName(), []).append(edit.text())
    return found


def clipboard_texts() -> dict[str, str]:
    clipboard = QGuiApplication.clipboard()
    modes = {"clipboard": QClipboard.Mode.Clipboard}
    if clipboard.supportsSelection():  # X11's middle-click selection
        modes["selection"] = QClipboard.Mode.Selection
    if clipboard.supportsFindBuffer():  # macOS
        modes["find buffer"] = QClipboard.Mode.FindBuffer
    return {name: clipboard.text(mode) for name, mode in modes.items()}


def _model_texts(name: str, model: QAbstractItemModel) -> list[tuple[str, str]]:
    found = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in ROLES:
                value = model.data(model.index(row, column), role)
                if value is not None:
                    found.append((f"{name}[{row},{column}]", str(value)))
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        count = model.columnCount() if orientation == Qt.Orientation.Horizontal else 0
        for section in range(count):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if value is not None:
                found.append((f"{name}.header[{section}]", str(value)))
    if isinstance(model, QSortFilterProxyModel) and model.sourceModel() is not None:
        # What a filter hides is still in the model behind it.
        found += _model_texts(f"{name}.source", model.sourceModel())
    return found


def traces(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text the window and the clipboard hold."""
    found: list[tuple[str, str]] = []
    for widget in [window, *window.findChildren(QWidget)]:
        name = widget.objectName() or type(widget).__name__
        for what, text in (
            ("toolTip", widget.toolTip()),
            ("statusTip", widget.statusTip()),
            ("whatsThis", widget.whatsThis()),
            ("accessibleName", widget.accessibleName()),
            ("accessibleDescription", widget.accessibleDescription()),
            ("windowTitle", widget.windowTitle()),
        ):
            found.append((f"{name}.{what}", text))
        if isinstance(widget, QLabel | QAbstractButton):
            found.append((f"{name}.text", widget.text()))
        if isinstance(widget, QLineEdit):
            found.append((f"{name}.text", widget.text()))
            found.append((f"{name}.placeholder", widget.placeholderText()))
        if isinstance(widget, QComboBox):
            found += [(f"{name}.item[{i}]", widget.itemText(i)) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            found += _model_texts(name, widget.model())
    found += [(f"the {mode}", text) for mode, text in clipboard_texts().items()]
    return found


def traces_of(window: QWidget, *secrets: str) -> list[tuple[str, str]]:
    """Where any of ``secrets`` can still be read (case-insensitive)."""
    wanted = [s.casefold() for s in secrets if s]
    return [
        (where, text) for where, text in traces(window) if any(s in text.casefold() for s in wanted)
    ]


def selections(window: QWidget) -> list[str]:
    """The app's lists and tables with something still selected (not Qt's own, inside a
    combo box or a calendar, where a current item is always selected)."""
    return [
        view.objectName()
        for view in window.findChildren(QAbstractItemView)
        if view.objectName()
        and not view.objectName().startswith("qt_")
        and view.selectionModel() is not None
        and view.selectionModel().hasSelection()
    ]
