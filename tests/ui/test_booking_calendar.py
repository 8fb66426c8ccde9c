"""The booking calendar and the times, as a patient (and a screen reader) meets them."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from care4u_desktop.ui.formatting import long_date
from care4u_desktop.ui.theme import Look, TextSize

from .fit import settle
from .support import btn, click, log_in, next_working_day, register, text_of, wait_idle


def open_sarah(qtbot, window) -> None:
    window.doctors.search.setText("Sarah")
    window.doctors.table.selectRow(0)
    click(qtbot, btn(window.doctors, "bookButton"))
    wait_idle(qtbot, window)


def shown_days(window) -> list[QPushButton]:
    calendar = window.booking.calendar
    return [b for b in calendar.day_buttons if b.isVisible()]


def test_every_day_is_a_button_named_with_its_date_and_whether_it_can_be_booked(qtbot, window):
    window.resize(1280, 1024)
    register(window)
    log_in(qtbot, window)
    open_sarah(qtbot, window)  # Sarah works Monday to Friday
    calendar = window.booking.calendar
    today = date.today()
    days = shown_days(window)
    assert calendar.weeks_shown == 6  # the whole month has room here
    assert {b.day.month for b in days} == {calendar.selected_day().month}
    for day_button in days:
        day = day_button.day
        name = day_button.accessibleName()
        assert name.startswith(f"{long_date(day)}, "), name
        assert day_button.text() == str(day.day)
        if day < today:
            assert ", past" in name
        elif day.isoweekday() in (6, 7):
            assert ", closed" in name
        if ", times free" in name:
            assert day_button.isEnabled()
        else:  # drawn, but not offered: disabled, so out of the Tab order too
            assert not day_button.isEnabled(), name
            assert day_button.focusPolicy() == Qt.FocusPolicy.NoFocus, name
    chosen = calendar.button_for(calendar.selected_day())
    assert chosen is not None and chosen.accessibleName().endswith(", chosen")
    # One Tab stop for the whole grid: the chosen day.
    stops = [b for b in days if b.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert stops == [chosen]


def test_clicking_a_day_shows_its_times_and_the_arrows_skip_days_that_cannot_be_booked(
    qtbot, window
):
    window.resize(1280, 1024)
    register(window)
    log_in(qtbot, window)
    open_sarah(qtbot, window)
    calendar = window.booking.calendar
    sarah = window.services.store.get_doctor("doc-001")
    friday = next_working_day(sarah, after_days=2)
    while friday.isoweekday() != 5:
        friday += timedelta(days=1)
    monday = friday + timedelta(days=3)
    calendar.setSelectedDate(QDate(friday))
    wait_idle(qtbot, window)
    day_button = calendar.button_for(friday)
    assert day_button is not None
    click(qtbot, day_button)
    wait_idle(qtbot, window)
    assert window.booking.times.grid.accessibleName() == f"Times on {long_date(friday)}"
    assert text_of(window.booking, "bookingSummary").startswith(long_date(friday))
    assert QApplication.focusWidget() is calendar.button_for(friday)

    # Right from a Friday: Saturday and Sunday are closed, Monday is next.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    wait_idle(qtbot, window)
    assert calendar.selected_day() == monday
    assert QApplication.focusWidget() is calendar.button_for(monday)
    assert window.booking.times.grid.accessibleName() == f"Times on {long_date(monday)}"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    wait_idle(qtbot, window)
    assert calendar.selected_day() == friday
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    wait_idle(qtbot, window)
    assert calendar.selected_day() == friday + timedelta(days=7)
    assert QApplication.focusWidget() is calendar.button_for(friday + timedelta(days=7))
    # Enter on a focused day chooses it, as a click does.
    other = calendar.button_for(friday + timedelta(days=6))
    assert other is not None and other.isEnabled()
    other.setFocus()
    qtbot.keyClick(other, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert calendar.selected_day() == friday + timedelta(days=6)


def test_the_month_arrows_are_named_real_buttons_that_stop_at_the_ends(qtbot, window):
    window.resize(1280, 1024)
    register(window)
    log_in(qtbot, window)
    open_sarah(qtbot, window)
    calendar = window.booking.calendar
    previous, following = calendar.previous_button, calendar.next_button
    assert previous.accessibleName() == "Previous month"
    assert following.accessibleName() == "Next month"
    for arrow in (previous, following):
        assert arrow.width() >= 48 and arrow.height() >= 48
        assert arrow.focusPolicy() & Qt.FocusPolicy.TabFocus
    _first, last = window.services.booking.bookable_range()
    assert not previous.isEnabled()  # the month of today: nothing earlier can be booked
    month = calendar.month_label.text()
    turns = 0
    while following.isEnabled():
        click(qtbot, following)
        turns += 1
        assert calendar.month_label.text() != month
        assert turns < 24
    last_days = [b.day for b in shown_days(window)]
    assert last_days[0] <= last <= last_days[-1]
    assert not [b for b in shown_days(window) if b.day > last and b.isEnabled()]
    assert previous.isEnabled()
    click(qtbot, previous)
    assert [b.day for b in shown_days(window)] != last_days


def test_a_fully_booked_day_is_not_offered(qtbot, window):
    window.resize(1280, 1024)
    session = register(window)
    other = register(window, "other@example.com", "Omar Haddad")
    sarah = window.services.store.get_doctor("doc-001")
    full = next_working_day(sarah, after_days=1)
    for hhmm in sarah.available_slots:
        window.services.booking.book(
            other.user if hhmm != "09:00" else session.user, "doc-001", full, hhmm
        )
    log_in(qtbot, window)
    open_sarah(qtbot, window)
    calendar = window.booking.calendar
    # It opens on the first day with a free time (today, before today's times have passed),
    # never on the full day.
    first_free = window.services.booking.next_free(sarah)
    assert first_free is not None
    assert calendar.selected_day() == first_free.date() != full
    calendar.setSelectedDate(QDate(full))
    wait_idle(qtbot, window)
    day_button = calendar.button_for(full)
    assert day_button is not None
    assert day_button.accessibleName() == f"{long_date(full)}, fully booked, chosen"
    assert not day_button.isEnabled()
    assert "Every time on this day is taken" in window.booking.closed.text()


def test_slots_are_push_buttons_named_with_time_day_and_doctor(qtbot, window):
    window.resize(1280, 1024)
    register(window)
    log_in(qtbot, window)
    open_sarah(qtbot, window)
    day = window.booking.calendar.selected_day()
    slots = [b for b in window.booking.findChildren(QPushButton) if b.objectName()[:5] == "slot-"]
    assert slots
    for slot_button in slots:
        assert not slot_button.isCheckable()
        hhmm = slot_button.objectName().removeprefix("slot-")
        assert slot_button.accessibleName().startswith(
            f"{hhmm}, {long_date(day)}, Dr. Sarah Johnson"
        )
    free = [b for b in slots if b.isEnabled()]
    first, second = free[0], free[1]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Return)  # Enter presses a time, as Space does
    assert first.accessibleName().endswith(", chosen")
    assert first.property("chosen") is True
    click(qtbot, second)
    assert not first.accessibleName().endswith(", chosen")
    assert second.accessibleName().endswith(", chosen")
    assert btn(window.booking, "confirmBookingButton").isEnabled()


def test_the_calendar_gives_up_weeks_not_days_when_the_height_runs_out(qtbot, window):
    register(window)
    log_in(qtbot, window)
    open_sarah(qtbot, window)
    calendar = window.booking.calendar
    window.apply_look(Look(TextSize.EXTRA_LARGE))
    settle()
    window.resize(1024, 768)
    settle()
    assert (window.width(), window.height()) == (1024, 768)
    assert calendar.weeks_shown < 6
    days = shown_days(window)
    assert len(days) == 7 * calendar.weeks_shown
    assert calendar.selected_day() in {b.day for b in days}
    for day_button in days:  # every day shown is whole on screen
        assert day_button.visibleRegion().boundingRect() == day_button.rect()
    following = calendar.next_button
    assert following.accessibleName() in ("Next week", "Next two weeks")
    start = days[0].day
    click(qtbot, following)
    assert shown_days(window)[0].day == start + timedelta(days=7 * calendar.weeks_shown)

    window.apply_look(Look())
    settle()
    window.resize(1280, 1024)
    settle()
    assert calendar.weeks_shown == 6
    assert calendar.next_button.accessibleName() == "Next month"


def test_each_day_shown_reuses_its_time_buttons(qtbot, window):
    """A kiosk shows thousands of days a week; every push button Qt makes and deletes
    leaves a few dozen bytes in the process for good (issue 14: the memory a session
    left). Going through the days, the times are the same buttons, renamed and reworded,
    and no earlier day's button is left to be found or heard."""
    window.resize(1280, 1024)
    register(window)
    log_in(qtbot, window)
    open_sarah(qtbot, window)
    calendar = window.booking.calendar
    sarah = window.services.store.get_doctor("doc-001")
    day = next_working_day(sarah, after_days=1)
    calendar.setSelectedDate(QDate(day))
    wait_idle(qtbot, window)
    made = window.booking.findChildren(QPushButton)
    for made_button in made:
        made_button.setProperty("madeForTheFirstDay", True)
    for _ in range(4):
        day = next_working_day(sarah, after_days=(day - date.today()).days + 1)
        calendar.setSelectedDate(QDate(day))
        wait_idle(qtbot, window)
        times = window.booking.times
        assert [b.objectName() for b in times.buttons] == [
            f"slot-{t}" for t in sarah.available_slots
        ]
        assert all(long_date(day) in b.accessibleName() for b in times.buttons)
    now = window.booking.findChildren(QPushButton)
    assert len(now) == len(made)
    assert all(b.property("madeForTheFirstDay") for b in now)  # not one button made since
    hidden = [b for b in window.booking.findChildren(QPushButton) if b.property("role") == "slot"]
    spare = [b for b in hidden if b not in window.booking.times.buttons]
    assert all(not b.isVisible() and not b.objectName() and not b.text() for b in spare)
