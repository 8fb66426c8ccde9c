"""My appointments for a patient with 5 appointments and for one with 1,000, in one run.

    .venv/bin/python benchmarks/history_bench.py               # 5 against 1,000, 5 rounds
    .venv/bin/python benchmarks/history_bench.py --many 5000 --rounds 3

The real window (offscreen) on a real SQLite file: each patient's history is stored first
(past visits, checked in, as the desk leaves them; untimed), the patient logs in, and the
time is taken from "My appointments" until the list is on screen: the store's answer on
the worker, the rows in the model, the columns and rows sized, every event processed.
Printed: the median of the rounds for each patient, and the ratio many / few (issue 14
asks for no more than 2x). Not part of ``make test``.
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
    Notification,
    NotificationEvent,
)

PASSWORD = "correct horse 12"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--few", type=int, default=5)
    parser.add_argument("--many", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from care4u_desktop.app import build_main_window

    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        window = build_main_window(["--data-dir", tmp])
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        window.resize(1280, 1024)
        window.show()
        wait_until_idle(app, window)
        services = window.services
        patients = {}
        for slot, (label, count) in enumerate((("few", args.few), ("many", args.many))):
            email = f"{label}@example.com"
            result = services.accounts.sign_up(
                f"Patient {label.title()}", email, "555 123 4567", PASSWORD, PASSWORD
            )
            store_history(services, result.session.user.user_id, email, count, slot)
            patients[label] = (count, result.session)
        timings: dict[str, list[float]] = {"few": [], "many": []}
        for _ in range(args.rounds):
            for label, (_, session) in patients.items():
                timings[label].append(open_history(app, window, session))
        window.runner.forget_pending()
        window.runner.wait_for_done()
        window.exit_allowed = True
        window.close()

    medians = {label: statistics.median(times) * 1000 for label, times in timings.items()}
    print(f"My appointments on screen, median of {args.rounds} rounds (offscreen, SQLite):")
    for label, (count, _) in patients.items():
        print(f"  {count:>6} appointments: {medians[label]:8.1f} ms")
    print(f"  ratio {args.many} / {args.few}: {medians['many'] / medians['few']:.2f}x")


if __name__ == "__main__":
    main()
