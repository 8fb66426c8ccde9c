"""The composition root on a fresh data folder: the embedded store, the demo doctors, the
local outbox, wired into working services."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from care4u_desktop.adapters.local_notifier import OUTBOX_FILENAME, LocalNotifier
from care4u_desktop.adapters.sqlite_store import DB_FILENAME, SQLiteStore
from care4u_desktop.composition import build_services, load_doctor_file
from care4u_desktop.config import Config
from care4u_desktop.domain.models import NotificationEvent
from care4u_desktop.resources import resource_path

PASSWORD = "correct horse battery"


def test_fresh_data_folder_gets_a_store_and_the_demo_doctors(tmp_path: Path) -> None:
    data_dir = tmp_path / "Care4U"

    services = build_services(Config(data_dir=data_dir))

    assert isinstance(services.store, SQLiteStore)
    assert isinstance(services.notifier, LocalNotifier)
    assert not data_dir.exists()  # nothing touches the disk before the first call
    doctors = services.store.list_doctors()
    assert (data_dir / DB_FILENAME).is_file()
    assert len(doctors) >= 8
    assert len({d.specialization for d in doctors}) >= 5
    by_name = {d.name: d for d in doctors}
    assert by_name["Sarah Johnson"].specialization == "Cardiology"
    assert by_name["Michael Chen"].specialization == "Pediatrics"
    assert by_name["Sarah Johnson"].available_slots
    assert by_name["Michael Chen"].available_slots
    assert all(d.available_slots for d in doctors)


def test_second_start_does_not_reseed(tmp_path: Path) -> None:
    first = build_services(Config(data_dir=tmp_path))
    sarah = next(d for d in first.store.list_doctors() if d.name == "Sarah Johnson")
    # Reception changes a doctor's hours; a restart must not put the demo hours back.
    first.store.put_doctor(replace(sarah, available_slots=("08:00",)))
    before = first.store.list_doctors()

    second = build_services(Config(data_dir=tmp_path))

    after = second.store.list_doctors()
    assert after == before
    assert max(Counter(d.doctor_id for d in after).values()) == 1
    assert max(Counter(d.name for d in after).values()) == 1
    assert next(d for d in after if d.name == "Sarah Johnson").available_slots == ("08:00",)


def test_seeding_can_be_turned_off(tmp_path: Path) -> None:
    services = build_services(Config(data_dir=tmp_path), seed_demo=False)
    assert services.store.list_doctors() == []


def test_demo_doctor_file_is_valid() -> None:
    doctors = load_doctor_file(resource_path("demo_doctors.json"))
    assert len({d.doctor_id for d in doctors}) == len(doctors)


def test_end_to_end_on_the_embedded_store(tmp_path: Path) -> None:
    services = build_services(Config(data_dir=tmp_path, timezone="Europe/London"))
    accounts, booking = services.accounts, services.booking

    accounts.sign_up("Ada Lovelace", "Ada@Example.com", "5551234567", PASSWORD, PASSWORD)
    session = accounts.log_in("ada@example.com", PASSWORD)
    doctor = next(d for d in booking.list_doctors() if d.name == "Sarah Johnson")
    # A slot from tomorrow on, so the real clock cannot overtake it during the test.
    first_day, last_day = booking.bookable_range()
    day, hhmm = next(
        (first_day + timedelta(days=n), slot.time)
        for n in range(1, (last_day - first_day).days + 1)
        for slot in booking.availability(doctor.doctor_id, first_day + timedelta(days=n)).slots
        if slot.free
    )
    appointment = booking.book(session.user, doctor.doctor_id, day, hhmm)
    booking.cancel(session, appointment.appointment_id)

    outbox = LocalNotifier(tmp_path).read_outbox()
    assert [(m["appointment_id"], m["event"]) for m in outbox] == [
        (appointment.appointment_id, NotificationEvent.BOOKED.value),
        (appointment.appointment_id, NotificationEvent.CANCELLED.value),
    ]
    assert all(m["recipient"] == "ada@example.com" for m in outbox)
    assert (tmp_path / OUTBOX_FILENAME).is_file()
    assert services.store.pending_notifications() == []
    assert services.notifications.retry_pending().sent == 0
    history = booking.history(session)
    assert history.upcoming == [] and [a.appointment_id for a in history.past] == [
        appointment.appointment_id
    ]


def test_the_same_folder_serves_the_next_start(tmp_path: Path) -> None:
    build_services(Config(data_dir=tmp_path)).accounts.sign_up(
        "Ada Lovelace", "ada@example.com", "5551234567", PASSWORD, PASSWORD
    )

    restarted = build_services(Config(data_dir=tmp_path))

    assert restarted.accounts.log_in("ada@example.com", PASSWORD).user.name == "Ada Lovelace"
