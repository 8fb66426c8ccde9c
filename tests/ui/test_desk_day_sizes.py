"""The desk's day is sized from its texts (``desk_rows.DayRowsFit``), not by Qt asking every
cell: the rows and columns must come out as Qt's own sizing made them, whatever the names.

A long day (80 booked times) of names of every kind: short ones that fit, long ones that
wrap onto two lines, a word too wide for the column, hyphens, an apostrophe, names in other
scripts (another font may draw them taller). At several window sizes and at extra-large
text, each row is as high as the delegate measures it (nothing cut, no row taller than it
needs) and the time and status columns as wide as Qt's ``ResizeToContents`` makes them.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication

from care4u_desktop.domain.models import (
    Appointment,
    AppointmentStatus,
    Doctor,
    Notification,
    NotificationEvent,
    User,
)
from care4u_desktop.ui.theme import Look, TextSize

from .support import log_in, wait_idle
from .test_staff_desk import staff_member

NAMES = (
    "Li Wu",
    "Ada Lovelace",
    "Aleksandra Featherstonehaugh-Smythe",
    "Maria Guadalupe Rodriguez de la Fuente",
    "Siobhan O'Sullivan",
    "Wolfeschlegelsteinhausenbergerdorff Jr",
    "Nguyễn Thị Minh Khai",
    "山田 太郎",
    "Иван Петров",
    "Jean-Baptiste Poquelin",
)
SIZES = ((1280, 1024), (1024, 768), (1920, 1080), (800, 600))


def store_day(window, day: date, count: int) -> None:
    store = window.services.store
    times = tuple(f"{8 + n // 12:02d}:{n % 12 * 5:02d}" for n in range(count))
    doctor = Doctor("desk-long", "Long Day", "General Practice", times)
    store.put_doctors([doctor])
    for n, hhmm in enumerate(times):
        user = User(f"long-{n}", NAMES[n % len(NAMES)], f"long{n}@example.com", "+15550000000", "x")
        store.add_user(user)
        appointment = Appointment(
            f"LONG-{n:04d}",
            user.user_id,
            doctor.doctor_id,
            day.isoformat(),
            hhmm,
            AppointmentStatus.BOOKED,
            "2020-01-01T09:00:00+00:00",
            doctor.name,
            doctor.specialization,
        )
        notification = Notification(
            f"N-long-{n}",
            appointment.appointment_id,
            user.email,
            NotificationEvent.BOOKED,
            "Booked",
            "Booked",
            appointment.created_at,
        )
        store.book(appointment, notification)


def qt_sizes(table) -> tuple[list[int], list[int]]:
    """What Qt's own sizing gives: each row's measure, the fitted columns' widths."""
    rows_header, columns_header = table.verticalHeader(), table.horizontalHeader()
    rows = [
        max(
            rows_header.minimumSectionSize(),
            table.sizeHintForRow(r),
            rows_header.sectionSizeHint(r),
        )
        for r in range(table.model().rowCount())
    ]
    columns = [max(table.sizeHintForColumn(c), columns_header.sectionSizeHint(c)) for c in (0, 2)]
    return rows, columns


@pytest.mark.parametrize("look", [Look(), Look(TextSize.EXTRA_LARGE)], ids=["normal", "xl"])
def test_the_days_rows_and_columns_are_what_qt_would_make_them(qtbot, window, look):
    today = window.services.config.now().date()
    store_day(window, today, 80)
    staff_member(window)
    log_in(qtbot, window, "desk@example.com")
    window.apply_look(look)
    desk = window.staff_desk
    desk.doctor_select.setCurrentIndex(desk.doctor_select.findData("desk-long"))
    wait_idle(qtbot, window)
    table = desk.day_table
    assert table.model().rowCount() == 80
    checked_wrapping = False
    for width, height in SIZES:
        window.resize(width, height)
        for _ in range(5):  # the header shares out its width after the resize events
            QCoreApplication.processEvents()
        if not table.isVisible():
            desk.show_pane(0)
            QCoreApplication.processEvents()
        rows, columns = qt_sizes(table)
        shown = [table.rowHeight(r) for r in range(len(rows))]
        wrong = [(r, NAMES[r % len(NAMES)], shown[r], rows[r]) for r in range(len(rows))]
        wrong = [w for w in wrong if w[2] != w[3]]
        assert not wrong, f"{width}x{height}: rows (row, name, height, Qt's): {wrong[:5]}"
        assert [table.columnWidth(c) for c in (0, 2)] == columns, f"{width}x{height}"
        checked_wrapping |= len(set(shown)) > 1  # some names wrap, some do not
    assert checked_wrapping
