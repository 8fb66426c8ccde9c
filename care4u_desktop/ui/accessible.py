"""What a screen reader is told, where Qt's own accessible interfaces say it wrong.

Read through AT-SPI (tests/ui/atspi), Qt's interfaces said three things badly:

- a drop-down (QComboBox) is named by its current value on Linux ("English"), whatever
  its accessible name says (Qt leaves the label to a relation). ``LabelledComboBox`` names
  it by its label ("Language"); the value is its list's selected item, and its Value;
- a closed drop-down's choices are reported as showing (an item only asks whether it lies
  inside its list's rectangle): ``ComboList`` and ``ComboItem`` say they are not, until
  the list opens;
- every page of a stack of screens is in the tree, and a hidden screen's table cells say
  they are showing: ``ShownPageOnly`` has only the page shown as its child.

``install`` puts these in front of Qt's own: a factory the app installs is asked first
(checked by tests/ui/test_accessible_interfaces.py). They cost nothing unless an
assistive technology asks: Qt builds an object's interface only then.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleEvent,
    QAccessibleInterface,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAccessibleWidget,
    QComboBox,
    QLabel,
    QStackedWidget,
)
from shiboken6 import Shiboken

_installed = False
#: Every interface made here. Qt's cache holds each by pointer and deletes it with its
#: widget; Python, which owns what it created, must never free one first (without these
#: references the desk's drop-down was found answering with Qt's own interface again,
#: named by its value). They are few: one per drop-down, list, choice and stack.
_made: list[QAccessibleInterface] = []


def install() -> None:
    """Install the factory once per process (before any interface is asked for)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True


def _factory(class_name: str, obj: QObject) -> QAccessibleInterface | None:
    # Asked once per class of the object's hierarchy, most derived first, until a factory
    # answers: answer at the first, whatever the class (a PageStack is a QStackedWidget).
    made: QAccessibleInterface
    if isinstance(obj, QComboBox):
        made = LabelledComboBox(obj)
    elif isinstance(obj, QStackedWidget):
        made = ShownPageOnly(obj)
    elif isinstance(obj, QAbstractItemView) and class_name == "QComboBoxListView":
        made = ComboList(obj)
    else:
        return None
    _made.append(made)
    return made


def _combo_of(view: QAbstractItemView) -> QComboBox | None:
    """The drop-down whose popup list ``view`` is (its parent is the popup's frame)."""
    frame = view.parent()
    combo = frame.parent() if frame is not None else None
    return combo if isinstance(combo, QComboBox) and combo.view() is view else None


def _label_of(combo: QComboBox) -> str:
    """Its accessible name, else the text of the label whose buddy it is."""
    name = combo.accessibleName().strip()
    if name:
        return name
    for label in combo.window().findChildren(QLabel):
        if label.buddy() is combo and label.text().strip():
            return label.text().replace("&", "").strip()
    return ""


def _open_actions() -> list[str]:
    """What Qt's own drop-down offers: open (or close) its list."""
    return [QAccessibleActionInterface.showMenuAction(), QAccessibleActionInterface.pressAction()]


class LabelledComboBox(QAccessibleWidget):
    """A drop-down named by its label; its value is its Value text and its list's
    selected item. (Qt's own interface, minus the name from the value.)"""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo, QAccessible.Role.ComboBox)
        self._combo = combo

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return _label_of(self._combo)
        if kind == QAccessible.Text.Value:
            return self._combo.currentText()
        return str(super().text(kind))

    def state(self) -> QAccessible.State:
        state = super().state()
        state.hasPopup = True
        state.expandable = True
        open_ = self._combo.view().isVisible()
        state.expanded = open_
        state.collapsed = not open_
        return state

    def childCount(self) -> int:
        return 1

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return QAccessible.queryAccessibleInterface(self._combo.view()) if index == 0 else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return 0 if child is not None and child.object() is self._combo.view() else -1

    def actionNames(self) -> list[str]:
        return _open_actions()

    def doAction(self, action: str) -> None:
        if action in _open_actions():
            if self._combo.view().isVisible():
                self._combo.hidePopup()
            else:
                self._combo.showPopup()
        else:
            super().doAction(action)


class ComboList(QAccessibleWidget):
    """A drop-down's list: its items, shown only while the list is open."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view, QAccessible.Role.List)
        self._view = view
        self._rows: dict[int, ComboItem] = {}

    def childCount(self) -> int:
        model = self._view.model()
        return model.rowCount() if model is not None else 0

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        if not 0 <= index < self.childCount():
            return None
        item = self._rows.get(index)
        if item is None:
            item = self._rows[index] = ComboItem(self._view, index)
            _made.append(item)
        return item

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        if isinstance(child, ComboItem) and self._rows.get(child.row) is child:
            return child.row
        return -1


class ComboItem(QAccessibleInterface):
    """One choice of a drop-down: selected when it is the current one, invisible while the
    list is closed."""

    def __init__(self, view: QAbstractItemView, row: int) -> None:
        super().__init__()
        self._view = view
        self.row = row

    def _alive(self) -> bool:
        return bool(Shiboken.isValid(self._view))

    def isValid(self) -> bool:
        return (
            self._alive()
            and self._view.model() is not None
            and self.row < self._view.model().rowCount()
        )

    def object(self) -> QObject | None:  # type: ignore[override]
        return None

    def parent(self) -> QAccessibleInterface | None:  # type: ignore[override]
        return QAccessible.queryAccessibleInterface(self._view) if self._alive() else None

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def text(self, kind: QAccessible.Text) -> str:
        if kind != QAccessible.Text.Name or not self.isValid():
            return ""
        model = self._view.model()
        return str(model.index(self.row, self._column()).data() or "")

    def setText(self, kind: QAccessible.Text, text: str) -> None:
        """The choices are the program's, not the reader's to rename."""

    def _column(self) -> int:
        combo = _combo_of(self._view)
        return combo.modelColumn() if combo is not None else 0

    def rect(self) -> QRect:
        if not self.isValid() or not self._view.isVisible():
            return QRect()
        index = self._view.model().index(self.row, self._column())
        area = self._view.visualRect(index)
        return QRect(self._view.viewport().mapToGlobal(area.topLeft()), area.size())

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.ListItem

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        if not self.isValid():
            state.invalid = True
            return state
        combo = _combo_of(self._view)
        shown = self._view.isVisible()
        state.invisible = not shown
        state.selectable = True
        state.focusable = shown
        state.selected = combo is not None and combo.currentIndex() == self.row
        state.focused = shown and self._view.currentIndex().row() == self.row
        return state


class ShownPageOnly(QAccessibleWidget):
    """A stack of screens: only the page it shows is its child."""

    def __init__(self, stack: QStackedWidget) -> None:
        super().__init__(stack, QAccessible.Role.LayeredPane)
        self._stack = stack
        stack.currentChanged.connect(self._page_changed)

    def childCount(self) -> int:
        return 1 if self._stack.currentWidget() is not None else 0

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        page = self._stack.currentWidget()
        return QAccessible.queryAccessibleInterface(page) if index == 0 and page else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        page = self._stack.currentWidget()
        return 0 if child is not None and page is not None and child.object() is page else -1

    def _page_changed(self, _index: int) -> None:
        # The one child changed: tell the reader to read the children again.
        QAccessible.updateAccessibility(
            QAccessibleEvent(self._stack, QAccessible.Event.ObjectReorder)
        )
