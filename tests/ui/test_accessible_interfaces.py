"""What Qt hands a screen reader for the app's widgets (``QAccessible`` interfaces), in the
real window offscreen: the same interfaces the AT-SPI bridge reads (tests/ui/atspi walks
them over the bus, where the packages are installed). Drop-downs are named by their label
and keep their value; a closed drop-down's choices are not on screen; a stack of screens
has only the page it shows as its child."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QComboBox, QStackedWidget

from .support import log_in, register, wait_idle

NAME, VALUE = QAccessible.Text.Name, QAccessible.Text.Value


def interface(widget):
    found = QAccessible.queryAccessibleInterface(widget)
    assert found is not None, widget.objectName()
    return found


def test_drop_downs_are_named_by_their_label_and_keep_their_value(qtbot, window):
    register(window)
    log_in(qtbot, window)
    combos = {
        "language": window.login.choices.language,
        "specialization": window.doctors.filter,
    }
    window.doctors.filter.setCurrentIndex(2)
    for what, combo in combos.items():
        face = interface(combo)
        assert face.role() == QAccessible.Role.ComboBox, what
        assert face.text(NAME) == combo.accessibleName() != combo.currentText(), what
        assert face.text(VALUE) == combo.currentText(), what
        items = face.child(0)
        assert items is not None and items.childCount() == combo.count(), what
        names = [items.child(i).text(NAME) for i in range(items.childCount())]
        assert names == [combo.itemText(i) for i in range(combo.count())], what
        chosen = [i for i in range(items.childCount()) if items.child(i).state().selected]
        assert chosen == [combo.currentIndex()], what
        # Closed: no choice is on screen (Qt said each was).
        assert all(items.child(i).state().invisible for i in range(items.childCount())), what


# The offscreen platform cannot grab the keyboard for a pop-up, nor raise it: said, harmless.
@pytest.mark.qt_log_ignore("does not support grabbing the keyboard", r"does not support raise\(\)")
def test_an_open_drop_down_shows_its_choices(qtbot, window):
    combo: QComboBox = window.login.choices.language
    combo.showPopup()
    qtbot.waitUntil(combo.view().isVisible)
    items = interface(combo).child(0)
    assert not any(items.child(i).state().invisible for i in range(items.childCount()))
    assert interface(combo).state().expanded
    combo.hidePopup()
    assert interface(combo).state().collapsed


def test_a_stack_of_screens_exposes_only_the_screen_shown(qtbot, window):
    register(window)
    log_in(qtbot, window)
    wait_idle(qtbot, window)
    stack = window.stack
    assert isinstance(stack, QStackedWidget) and stack.count() >= 2
    face = interface(stack)
    assert face.childCount() == 1
    assert face.child(0).object() is window.doctors
    window.show_view(window.login)
    QApplication.processEvents()
    assert face.childCount() == 1 and face.child(0).object() is window.login
    assert face.indexOfChild(interface(window.doctors)) == -1
