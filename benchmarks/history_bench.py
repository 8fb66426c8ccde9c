"""My appointments and the desk's day at 5 rows and at 1,000, in one run.

    .venv/bin/python benchmarks/history_bench.py               # 5 against 1,000, 7 rounds
    .venv/bin/python benchmarks/history_bench.py --many 5000 --rounds 3

The real window (offscreen) on a real SQLite file.

My appointments: each patient's history is stored first (past visits, checked in, as the
desk leaves them; untimed), the patient logs in, and the time is taken from "My
appointments" until the list is on screen: the store's answer on the worker, the rows in
the model, the columns and rows sized, every event processed.

The desk's day: two doctors, one with 5 times on the day and one with 1,000 (a time every
minute from 06:00), every time booked by a patient of its own; a member of staff at the
desk picks one doctor, then the other, and the time is taken from the pick until the day
is on screen (the store's answer with each booking's patient, the rows, their sizes).

Printed: the median of the rounds for each size, and the ratio many / few (issue 14 asks
for no more than 2x). ``measure`` is what ``scale_bench.py`` calls. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from care4u_desktop.domain.models import (  # noqa: E402
    Appointment,
    AppointmentStatus,
    Doctor,
    Notification,
    NotificationEvent,
    Role,
    User,
)

PASSWORD = "correct horse 12"
FIRST_NAMES = ("Ada", "Maria", "Jonathan", "Li", "Guadalupe", "Tom", "Aleksandra", "Omar")
LAST_NAMES = (
    "Lovelace",
    "Garcia",
    "Featherstonehaugh",
    "Wu",
    "Okafor",
    "Smith",
    "Ng",
    "Rodriguez",
    "Kim",
    "Schmidt",
)


def store_history(services, user_id: str, email: str, count: int, slot: int) -> None:
    """``count`` past visits with the demo doctors, one a day back from yesterday, at each
    doctor's ``slot``-th time (each patient its own)."""
    store = services.store
    doctors = store.list_doctors()
    day = date.today() - timedelta(days=1)
    for n in range(count):
        doctor = doctors[n % len(doctors)]
        appointment = Appointment(
            appointment_id=f"H{user_id[:6]}-{n:05d}",
            user_id=user_id,
            doctor_id=doctor.doctor_id,
            date=(day - timedelta(days=n)).isoformat(),
            time=doctor.available_slots[slot % len(doctor.available_slots)],
            status=AppointmentStatus.CHECKED_IN,
            created_at="2020-01-01T09:00:00+00:00",
            doctor_name=doctor.name,
            specialization=doctor.specialization,
        )
        notification = Notification(
            notification_id=f"N{user_id[:6]}-{n:05d}",
            appointment_id=appointment.appointment_id,
            recipient=email,
            event=NotificationEvent.BOOKED,
            subject="Booked",
            body="Booked",
            created_at=appointment.created_at,
            sent_at=appointment.created_at,
        )
        store.book(appointment, notification)


def store_doctor_day(services, doctor_id: str, day: date, count: int) -> None:
    """A doctor with ``count`` times on ``day`` (one a minute from 06:00), each booked by a
    patient of its own (stored directly: no password hashing, no booking rules)."""
    store = services.store
    times = tuple(f"{(360 + n) // 60:02d}:{(360 + n) % 60:02d}" for n in range(count))
    doctor = Doctor(doctor_id, f"Desk {doctor_id}", "General Practice", times)
    store.put_doctors([doctor])
    for n, hhmm in enumerate(times):
        name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n // len(FIRST_NAMES) % 10]}"
        user = User(
            f"{doctor_id}-p{n:05d}",
            name,
            f"{doctor_id}-{n}@example.com",
            "+15550000000",
            "pbkdf2:sha256:1$x$y",
        )
        store.add_user(user)
        appointment = Appointment(
            appointment_id=f"{doctor_id[-4:]}-{n:04d}",
            user_id=user.user_id,
            doctor_id=doctor_id,
            date=day.isoformat(),
            time=hhmm,
            status=AppointmentStatus.BOOKED,
            created_at="2020-01-01T09:00:00+00:00",
            doctor_name=doctor.name,
            specialization=doctor.specialization,
        )
        notification = Notification(
            notification_id=f"N{doctor_id}-{n:05d}",
            appointment_id=appointment.appointment_id,
            recipient=user.email,
            event=NotificationEvent.BOOKED,
            subject="Booked",
            body="Booked",
            created_at=appointment.created_at,
            sent_at=appointment.created_at,
        )
        store.book(appointment, notification)


def wait_until_idle(app: QApplication, window) -> None:
    while window.runner.pending:
        app.processEvents()
        time.sleep(0.0005)
    app.processEvents()


def open_history(app: QApplication, window, session) -> float:
    """Seconds from "My appointments" to the list on screen; then back to the doctors."""
    window.login.logged_in.emit(session)
    wait_until_idle(app, window)
    start = time.perf_counter()
    window.navigator.show_appointments()
    wait_until_idle(app, window)
    elapsed = time.perf_counter() - start
    rows = window.appointments.table.model().rowCount()
    window.navigator.log_out()
    wait_until_idle(app, window)
    return elapsed if rows else float("nan")


def open_day(app: QApplication, window, doctor_id: str, rows: int) -> float:
    """Seconds from picking ``doctor_id`` at the desk to the day's ``rows`` on screen."""
    desk = window.staff_desk
    start = time.perf_counter()
    desk.doctor_select.setCurrentIndex(desk.doctor_select.findData(doctor_id))
    wait_until_idle(app, window)
    elapsed = time.perf_counter() - start
    shown = desk.day_model.rowCount()
    return elapsed if shown == rows else float("nan")


class Window:
    """The app's real window on a new data folder, shown offscreen at 1280x1024."""

    def __enter__(self):
        from care4u_desktop.app import build_main_window

        self._tmp = tempfile.TemporaryDirectory()
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, self._tmp.name)
        self.window = build_main_window(["--data-dir", self._tmp.name])
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.app = app
        self.window.resize(1280, 1024)
        self.window.show()
        wait_until_idle(app, self.window)
        return self

    def __exit__(self, *_: object) -> None:
        window = self.window
        window.runner.forget_pending()
        window.runner.wait_for_done()
        window.exit_allowed = True
        window.close()
        window.deleteLater()
        self.app.processEvents()
        self._tmp.cleanup()


def my_appointments(few: int, many: int, rounds: int) -> dict[int, float]:
    """Median ms from "My appointments" to the list on screen, for ``few`` and ``many``."""
    with Window() as shown:
        app, window = shown.app, shown.window
        services = window.services
        patients = {}
        for slot, (label, count) in enumerate((("few", few), ("many", many))):
            email = f"{label}@example.com"
            result = services.accounts.sign_up(
                f"Patient {label.title()}", email, "555 123 4567", PASSWORD, PASSWORD
            )
            store_history(services, result.session.user.user_id, email, count, slot)
            patients[count] = result.session
        for session in patients.values():
            open_history(app, window, session)  # warm: first-call costs, the file's pages
        timings: dict[int, list[float]] = {count: [] for count in patients}
        for _ in range(rounds):
            for count, session in patients.items():
                timings[count].append(open_history(app, window, session))
    return {count: statistics.median(times) * 1000 for count, times in timings.items()}


def desk_day(few: int, many: int, rounds: int) -> dict[int, float]:
    """Median ms from picking a doctor at the desk to the day on screen, a doctor with
    ``few`` booked times against one with ``many``."""
    with Window() as shown:
        app, window = shown.app, shown.window
        services = window.services
        day = date.today()
        doctors = {few: "desk-few", many: "desk-many"}
        for count, doctor_id in doctors.items():
            store_doctor_day(services, doctor_id, day, count)
        staff = services.accounts.sign_up(
            "Rita Desk", "desk@example.com", "555 010 2030", PASSWORD, PASSWORD, role=Role.STAFF
        ).session
        window.login.logged_in.emit(staff)
        wait_until_idle(app, window)
        assert window.current_view() is window.staff_desk
        for count, doctor_id in doctors.items():
            open_day(app, window, doctor_id, count)  # warm
        timings: dict[int, list[float]] = {count: [] for count in doctors}
        for _ in range(rounds):
            for count, doctor_id in doctors.items():
                timings[count].append(open_day(app, window, doctor_id, count))
    return {count: statistics.median(times) * 1000 for count, times in timings.items()}


def measure(few: int = 5, many: int = 1000, rounds: int = 7) -> dict[str, dict[int, float]]:
    """Both screens: name -> {rows: median ms}."""
    return {
        "My appointments": my_appointments(few, many, rounds),
        "desk's day": desk_day(few, many, rounds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--few", type=int, default=5)
    parser.add_argument("--many", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    figures = measure(args.few, args.many, args.rounds)
    print(f"On screen, median of {args.rounds} rounds (offscreen, SQLite):")
    for name, by_rows in figures.items():
        cells = "  ".join(f"{rows:>5} rows {ms:8.1f} ms" for rows, ms in by_rows.items())
        ratio = by_rows[args.many] / by_rows[args.few]
        print(f"  {name:16} {cells}  ratio {ratio:.2f}x")


if __name__ == "__main__":
    main()
