"""The desk's day reads its patients at once (issue 14, item 2), on the embedded store: the
statements it runs do not grow with the day's bookings (one read per booking made a day of
1,000 take a second and a half)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from care4u_desktop.composition import build_services
from care4u_desktop.config import Config
from care4u_desktop.domain.models import (
    Appointment,
    AppointmentStatus,
    Doctor,
    NotificationEvent,
    Role,
    User,
)
from care4u_desktop.services.messages import appointment_notification

from .test_request_counts import statements

PASSWORD = "correct horse 12"


def _day_with(services, doctor_id: str, day: date, bookings: int) -> None:
    store = services.store
    times = tuple(f"{8 + n // 4:02d}:{n % 4 * 15:02d}" for n in range(max(bookings, 1)))
    store.put_doctors([Doctor(doctor_id, f"Day {doctor_id}", "General Practice", times)])
    for n, hhmm in enumerate(times[:bookings]):
        user = User(
            f"{doctor_id}-{n}", f"Pat Ient {n}", f"{doctor_id}{n}@example.com", "+1555", "x"
        )
        store.add_user(user)
        appointment = Appointment(
            f"{doctor_id[:4]}-{n:04d}",
            user.user_id,
            doctor_id,
            day.isoformat(),
            hhmm,
            AppointmentStatus.BOOKED,
            "2020-01-01T09:00:00+00:00",
        )
        store.book(
            appointment, appointment_notification(NotificationEvent.BOOKED, appointment, user, "")
        )


def test_the_desks_day_reads_its_patients_in_one_go(tmp_path: Path) -> None:
    services = build_services(Config(data_dir=tmp_path), seed_demo=False)
    desk = services.accounts.sign_up(
        "Rita Desk", "desk@example.com", "555 010 2030", PASSWORD, PASSWORD, role=Role.STAFF
    ).session
    day = date(2030, 1, 7)
    _day_with(services, "few", day, 2)
    _day_with(services, "many", day, 40)

    counted = {}
    for doctor_id, bookings in (("few", 2), ("many", 40)):
        with statements(services.store) as run:
            shown = services.staff.doctor_day(desk, doctor_id, day)
        assert sum(row.patient is not None for row in shown.rows) == bookings
        counted[doctor_id] = run

    assert len(counted["many"]) == len(counted["few"]), counted["many"]
    assert sum("FROM users" in s for s in counted["many"]) == 1, counted["many"]
