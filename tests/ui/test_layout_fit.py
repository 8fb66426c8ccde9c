"""Every screen fits every window a kiosk or a reception PC really has (issue 13, item 1).

The walk puts the real window in each screen state once per look (text size x contrast:
re-applying the style sheet is the slow part), then resizes it to each of ``fit.SIZES`` and
asks ``fit.fit_problems``: main action whole on screen, every control whole, no scrolling,
nothing cut, three rows of each list. Windowed and on the kiosk. It collects every problem of
every combination and fails with the whole list.

- ``CARE4U_FIT_REPORT=path``: write the markdown table (screen x size x look -> fits, figures).
- ``CARE4U_FIT_ONLY=2-signup,3-doctors`` and ``CARE4U_FIT_LOOKS="xl,xl hc"``: check only those
  screens (a name and the screens named after it: ``4-booking`` takes ``4-booking-busiest``)
  and looks, for local work on one screen; CI walks everything.
- ``CARE4U_SCREENSHOT_DIR=dir``: save a PNG of each screen at 1280x1024 normal text, ``-xl``
  at 1024x768 extra-large, ``-portrait-xl`` at 1080x1920 extra-large, ``-hc`` at 1280x1024 in
  high contrast, and the kiosk's at 800x800 (``-kiosk``) and 1280x720 (``-kiosk-cage``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QPushButton

from care4u_desktop.domain.models import Role
from care4u_desktop.domain.rules import widest_appointment_id
from care4u_desktop.ui.theme import Look, TextSize

from .fit import KIOSK_SIZES, LOOKS, SIZES, fit_problems, measure
from .support import PASSWORD, btn, click, log_in, register, wait_idle

#: The combinations known not to fit yet, one per line ("kiosk 2-signup 1024x768 xl hc"):
#: the largest text on 768 px and shorter windows (issue 13 is open until this is empty).
#: Any other problem fails the test. (A listed one that fits now does not: a few are within
#: pixels of fitting, and the walk's dates, so its texts' lengths, follow today's date.)
NOT_YET_FITTING_FILE = Path(__file__).with_name("fit_not_yet.txt")


def _not_yet_fitting() -> frozenset[str]:
    lines = NOT_YET_FITTING_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


NOT_YET_FITTING = _not_yet_fitting()


def _chosen(variable: str) -> tuple[str, ...]:
    """The comma-separated names in ``variable`` (empty: all)."""
    return tuple(part.strip() for part in os.environ.get(variable, "").split(",") if part.strip())


#: Local work on one screen (the module's docstring): the screens and looks to check.
ONLY_SCREENS = _chosen("CARE4U_FIT_ONLY")
ONLY_LOOKS = _chosen("CARE4U_FIT_LOOKS")


def _checked(screen: str) -> bool:
    return not ONLY_SCREENS or any(
        screen == name or screen.startswith(name + "-") for name in ONLY_SCREENS
    )


def _walked(looks: tuple[Look, ...]) -> tuple[Look, ...]:
    return tuple(look for look in looks if not ONLY_LOOKS or _look_name(look) in ONLY_LOOKS)


TEXT = {TextSize.NORMAL: "normal", TextSize.LARGE: "large", TextSize.EXTRA_LARGE: "xl"}
XL = Look(TextSize.EXTRA_LARGE)
#: (size, look) -> the file name's suffix, for the screenshots kept (fit.WALK_SUFFIXES).
SHOTS = {
    ((1280, 1024), Look()): "",
    ((1024, 768), XL): "-xl",
    ((1080, 1920), XL): "-portrait-xl",
    ((1280, 1024), Look(high_contrast=True)): "-hc",
}
KIOSK_SHOTS = {((800, 800), Look(TextSize.LARGE)): "-kiosk", ((1280, 720), XL): "-kiosk-cage"}


@dataclass
class Row:
    screen: str
    window: str  # "windowed" or "kiosk"
    size: tuple[int, int]
    look: Look
    problems: list[str]
    figures: dict[str, object]

    def key(self) -> str:
        """How the row is written in fit_not_yet.txt."""
        return f"{self.window} {self.screen} {self.size[0]}x{self.size[1]} {_look_name(self.look)}"


@dataclass
class Walk:
    """What the walk found, for the failure message and the report."""

    rows: list[Row] = field(default_factory=list)

    def failing(self) -> list[str]:
        return [
            f"{row.key()}: {problem}"
            for row in self.rows
            if row.key() not in NOT_YET_FITTING
            for problem in row.problems
        ]


#: Every row of every walk of this run, for the report.
REPORT = Walk()


def _look_name(look: Look) -> str:
    return TEXT[look.text_size] + (" hc" if look.high_contrast else "")


def write_report(walk: Walk) -> None:
    target = os.environ.get("CARE4U_FIT_REPORT")
    if not target:
        return
    lines = [
        "| screen | window | size | text | fits | doctors rows | other list rows "
        "| main action bottom / height | calendar whole | times shown | problems |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in walk.rows:
        f = row.figures
        others = ", ".join(
            f"{name} {f[name]}"
            for name in ("appointmentList", "doctorDayList", "patientResults")
            if name in f
        )
        first = row.problems[0].split(": ", 1)[1] if row.problems else ""
        more = f" (+{len(row.problems) - 1} more)" if len(row.problems) > 1 else ""
        lines.append(
            f"| {row.screen} | {row.window} | {row.size[0]}x{row.size[1]} "
            f"| {_look_name(row.look)} | {'yes' if not row.problems else 'NO'} "
            f"| {f.get('doctorList', '')} | {others} | {f.get('action_bottom', '')} "
            f"| {f.get('calendar_whole', '')} | {f.get('times', '')} "
            f"| {(first + more).replace('|', '/')} |"
        )
    fits = sum(1 for row in walk.rows if not row.problems)
    lines.append("")
    lines.append(f"{fits} of {len(walk.rows)} combinations fit.")
    Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")


def shot_dir(variable: str = "CARE4U_SCREENSHOT_DIR") -> Path | None:
    out = os.environ.get(variable)
    if not out:
        return None
    path = Path(out)
    path.mkdir(parents=True, exist_ok=True)
    return path


def checker(
    qtbot,
    window,
    walk: Walk,
    look: Look,
    kind: str,
    sizes: tuple[tuple[int, int], ...],
    shots: dict[tuple[tuple[int, int], Look], str],
) -> Callable[[str], None]:
    """Check the screen as shown now at every size; keep its picture where chosen."""
    out = shot_dir()
    every_shot = shot_dir("CARE4U_FIT_EVERY_SHOT_DIR")

    def check(screen: str) -> None:
        if not _checked(screen):
            return
        wait_idle(qtbot, window)
        for size in sizes:
            window.resize(*size)
            problems = fit_problems(window, screen, size)  # once settled
            # measure() and grab() read the same settled geometry: no settling again.
            row = Row(screen, kind, size, look, problems, measure(window, screen, settled=True))
            walk.rows.append(row)
            REPORT.rows.append(row)
            if every_shot is not None:  # every combination, to look at while fixing one
                window.grab().save(str(every_shot / (row.key().replace(" ", "_") + ".png")))
            suffix = shots.get((size, look))
            if out is not None and suffix is not None:
                assert window.grab().save(str(out / f"{screen}{suffix}.png"))

    return check


def working_days(window, count: int) -> Iterator[date]:
    sarah = window.services.store.get_doctor("doc-001")
    day = date.today() + timedelta(days=2)
    found = 0
    while found < count:
        if sarah.works_on(day):
            yield day
            found += 1
        day += timedelta(days=1)


#: The demo doctor with the most times in a day (16: resources/demo_doctors.json); the
#: booking screen must show them all, as it does Dr. Sarah Johnson's five.
BUSIEST = "doc-006"


def busiest_day(window) -> date:
    """A day the busiest doctor works, far enough ahead that all his times are free."""
    busiest = window.services.store.get_doctor(BUSIEST)
    day = date.today() + timedelta(days=2)
    while not busiest.works_on(day):
        day += timedelta(days=1)
    return day


def open_booking(qtbot, window, day: date, search: str = "Sarah") -> None:
    doctors = window.doctors
    doctors.search.setText(search)
    doctors.table.selectRow(0)
    click(qtbot, btn(doctors, "bookButton"))
    wait_idle(qtbot, window)
    window.booking.calendar.setSelectedDate(QDate(day))
    wait_idle(qtbot, window)


def slot(window, hhmm: str) -> QPushButton:
    found = window.booking.findChild(QPushButton, f"slot-{hhmm}")
    assert found is not None, hhmm
    return found  # type: ignore[no-any-return]


def check_busiest(qtbot, window, check: Callable[[str], None]) -> None:
    """The booking screen with every time of the busiest doctor's day, one chosen; then
    back to the doctors."""
    open_booking(qtbot, window, busiest_day(window), "O'Connor")
    shown = [b for b in window.booking.times.buttons if b.isVisibleTo(window.booking)]
    assert len(shown) == len(window.services.store.get_doctor(BUSIEST).available_slots)
    click(qtbot, slot(window, "13:00"))
    check("4-booking-busiest")
    click(qtbot, btn(window.booking, "backButton"))
    wait_idle(qtbot, window)


#: Where the sign-up comes in two steps (the whole form does not fit), the second.
SHORT = (1024, 768)


def check_signup_passwords(qtbot, window, check: Callable[[str], None]) -> None:
    """The sign-up's second step where it has two (the passwords, their messages shown);
    the whole form where it has one. Then back to the log-in."""
    signup = window.signup
    walked = window.size()  # the walk goes on at the size it was at
    window.resize(*SHORT)
    wait_idle(qtbot, window)
    if signup.split:  # the first step's details, typed well: on to the passwords
        signup.name.input.setText("Maria Garcia")
        signup.email.input.setText("new@example.com")
        signup.phone.input.setText("555 123 4567")
        click(qtbot, btn(signup, "signupButton"))
        assert signup.step == 2, "Next did not lead to the passwords"
        check("2-signup-passwords")
        window.resize(*SHORT)
        wait_idle(qtbot, window)
        click(qtbot, btn(signup, "signupPreviousButton"))
        assert signup.step == 1
    signup.reset()
    window.resize(walked)
    wait_idle(qtbot, window)
    click(qtbot, btn(signup, "backToLoginButton"))


def walk_windowed(qtbot, window, walk: Walk, look: Look, day: date, other) -> None:
    check = checker(qtbot, window, walk, look, "windowed", SIZES, SHOTS)
    check("1-login")
    click(qtbot, btn(window.login, "goToSignupButton"))
    click(qtbot, btn(window.signup, "signupButton"))  # an empty form: every field flagged
    check("2-signup")
    check_signup_passwords(qtbot, window, check)
    log_in(qtbot, window)
    window.doctors.table.selectRow(0)
    check("3-doctors")
    check_busiest(qtbot, window, check)
    open_booking(qtbot, window, day)
    click(qtbot, slot(window, "10:00"))
    check("4-booking")
    window.services.booking.book(other.user, "doc-001", day, "10:00")  # another kiosk wins
    click(qtbot, btn(window.booking, "confirmBookingButton"))
    wait_idle(qtbot, window)
    check("4-booking-conflict")
    click(qtbot, slot(window, "11:00"))
    with qtbot.waitSignal(window.booking.booked, timeout=10_000):
        click(qtbot, btn(window.booking, "confirmBookingButton"))
    check("5-confirmation")
    click(qtbot, btn(window.booking, "viewAppointmentsButton"))
    wait_idle(qtbot, window)
    window.appointments.table.selectRow(0)
    click(qtbot, btn(window.appointments, "cancelAppointmentButton"))
    check("6-appointments")
    window.idle_prompt.open(15)
    check("7-idle-prompt")
    window.idle_prompt.hide()
    click(qtbot, btn(window.appointments, "appointmentsLogoutButton"))
    window.show_view(window.kiosk_exit)
    click(qtbot, btn(window.kiosk_exit, "exitKioskButton"))  # empty: asks for both
    check("8-kiosk-exit")
    click(qtbot, btn(window.kiosk_exit, "cancelExitButton"))
    log_in(qtbot, window, "admin@example.com")
    desk = window.staff_desk
    desk.doctor_select.setCurrentIndex(desk.doctor_select.findData("doc-001"))
    desk.date_input.setDate(day)
    wait_idle(qtbot, window)
    desk.patient_search.setText("example.com")
    click(qtbot, btn(desk, "patientSearchButton"))
    check("10-staff-desk")
    click(qtbot, btn(desk, "manageDoctorsButton"))
    wait_idle(qtbot, window)
    admin = window.doctor_admin
    admin.list.setCurrentIndex(admin.names.index(0, 0))
    check("11-doctor-admin")
    click(qtbot, btn(window.doctor_admin, "adminBackButton"))
    wait_idle(qtbot, window)
    click(qtbot, btn(window.staff_desk, "staffLogoutButton"))
    wait_idle(qtbot, window)


def fail_with_everything(walk: Walk) -> None:
    write_report(REPORT)
    failing = walk.failing()
    if failing:
        pytest.fail(f"{len(failing)} fit problems:\n" + "\n".join(failing), pytrace=False)


def test_every_screen_fits_every_window(qtbot, window):
    patient = register(window)
    other = register(window, "other@example.com", "Omar Haddad")
    window.services.accounts.sign_up(
        "Rita Desk", "admin@example.com", "555 010 2030", PASSWORD, PASSWORD, role=Role.ADMIN
    )
    days = list(working_days(window, len(LOOKS) + 3))
    for hhmm, day in zip(("09:00", "14:00", "15:00"), days[len(LOOKS) :], strict=True):
        window.services.booking.book(patient.user, "doc-001", day, hhmm)  # 3+ appointments
    walk = Walk()
    for look, day in zip(LOOKS, days, strict=False):
        if look not in _walked(LOOKS):
            continue
        window.apply_look(look, remember=False)
        walk_windowed(qtbot, window, walk, look, day, other)
    fail_with_everything(walk)


def walk_kiosk(qtbot, window, walk: Walk, look: Look, day: date) -> None:
    check = checker(qtbot, window, walk, look, "kiosk", KIOSK_SIZES, KIOSK_SHOTS)
    check("1-login")
    click(qtbot, btn(window.login, "goToSignupButton"))
    click(qtbot, btn(window.signup, "signupButton"))
    check("2-signup")
    check_signup_passwords(qtbot, window, check)
    log_in(qtbot, window)
    window.doctors.table.selectRow(0)
    check("3-doctors")
    check_busiest(qtbot, window, check)
    open_booking(qtbot, window, day)
    click(qtbot, slot(window, "10:00"))
    check("4-booking")
    with qtbot.waitSignal(window.booking.booked, timeout=10_000):
        click(qtbot, btn(window.booking, "confirmBookingButton"))
    check("5-confirmation")
    click(qtbot, btn(window.booking, "viewAppointmentsButton"))
    wait_idle(qtbot, window)
    window.appointments.table.selectRow(0)
    click(qtbot, btn(window.appointments, "cancelAppointmentButton"))
    check("6-appointments")
    window.idle_prompt.open(15)
    check("7-idle-prompt")
    window.idle_prompt.hide()
    click(qtbot, btn(window.appointments, "appointmentsLogoutButton"))
    wait_idle(qtbot, window)
    click(qtbot, btn(window, "staffExitButton"))
    click(qtbot, btn(window.kiosk_exit, "exitKioskButton"))
    check("8-kiosk-exit")
    click(qtbot, btn(window.kiosk_exit, "cancelExitButton"))


def test_every_kiosk_screen_fits_every_screen(qtbot, kiosk_window):
    window = kiosk_window
    window.kiosk.idle_timer.setInterval(600_000)  # no clock runs out during the walk
    window.kiosk.confirmation_seconds = 600
    patient = register(window)
    days = list(working_days(window, len(LOOKS) + 2))
    for hhmm, day in zip(("09:00", "14:00"), days[len(LOOKS) :], strict=True):
        window.services.booking.book(patient.user, "doc-001", day, hhmm)  # 3+ appointments
    walk = Walk()
    for look, day in zip(LOOKS, days, strict=False):
        if look not in _walked(LOOKS):
            continue
        window.apply_look(look, remember=False)
        walk_kiosk(qtbot, window, walk, look, day)
    fail_with_everything(walk)


def test_the_confirmation_is_laid_out_alike_whatever_the_number(qtbot, window):
    """Appointment numbers are random: the widest ("WWWW-WWWW") must not stack the details
    and the slip's buttons where the narrowest leaves them side by side, or push "Done"
    out of view (it did at 1024x768 with large text, now and then, on CI)."""
    register(window)
    log_in(qtbot, window)
    day = next(working_days(window, 1))
    open_booking(qtbot, window, day)
    click(qtbot, slot(window, "10:00"))
    with qtbot.waitSignal(window.booking.booked, timeout=10_000):
        click(qtbot, btn(window.booking, "confirmBookingButton"))
    page = window.booking.confirmation
    booked = page._appointment
    assert booked is not None
    differing = []
    for look in LOOKS:
        window.apply_look(look, remember=False)
        wait_idle(qtbot, window)
        advance = page.appointment_id.fontMetrics().horizontalAdvance
        numbers = {
            "narrowest": widest_appointment_id(lambda c, width=advance: -width(c)),
            "widest": widest_appointment_id(advance),
        }
        for size in SIZES:
            seen = {}
            for kind, number in numbers.items():
                page.show_booking(replace(booked, appointment_id=number), "Maria", "maria@x.org")
                window.resize(*size)
                problems = fit_problems(window, "5-confirmation", size)
                seen[kind] = (page.action_row.stacked, problems)
            if seen["narrowest"] != seen["widest"]:
                differing.append(f"{size} {_look_name(look)}: {seen}")
    assert not differing, "\n".join(differing)
