"""A list's grouped column names its fields on one line where the column is wide enough
("Doctor · Specialization"), one under the other where it is not: on a short window with
the largest text, the line saved is a doctor more in view."""

from __future__ import annotations

from PySide6.QtCore import Qt

from care4u_desktop.ui.theme import Look, TextSize

from .support import log_in, register, wait_idle

HORIZONTAL = Qt.Orientation.Horizontal


def _header_lines(window) -> list[str]:
    table = window.doctors.table
    model, header = table.model(), table.horizontalHeader()
    shown = [c for c in range(model.columnCount()) if not table.isColumnHidden(c)]
    for column in shown:  # never cut, whichever way it is worded
        assert header.sectionSizeHint(column) <= header.sectionSize(column)
    return [str(model.headerData(c, HORIZONTAL)) for c in shown]


def test_the_doctor_lists_grouped_header_takes_one_line_where_it_fits(qtbot, window):
    window.apply_look(Look(text_size=TextSize.EXTRA_LARGE))
    window.resize(1024, 768)
    register(window)
    log_in(qtbot, window)
    wait_idle(qtbot, window)
    table = window.doctors.table
    assert _header_lines(window) == ["Doctor · Specialization", "Next free time"]
    line = table.horizontalHeader().fontMetrics().lineSpacing()
    assert table.horizontalHeader().height() < 2 * line + 12  # one line and its padding

    window.resize(1920, 1080)  # room for three columns: three one-line headers
    wait_idle(qtbot, window)
    assert _header_lines(window) == ["Doctor", "Specialization", "Next free time"]

    window.resize(1024, 768)  # and back, with the room it had
    wait_idle(qtbot, window)
    assert _header_lines(window) == ["Doctor · Specialization", "Next free time"]
