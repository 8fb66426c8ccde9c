"""The app's lists shown as tables (doctors, appointments, the desk's day and patients).

Its own module, not in ``widgets``: the log-in screen has no table, and importing the item
views builds their enums, which the first paint does not need.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def list_table(name: str, row_height: int = 52) -> QTableView:
    """A read-only list: whole rows picked one at a time, no grid and no row numbers, Tab
    moves on to the next control (the arrow keys move inside), the columns share the width."""
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(row_height)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return view
