"""Contract for the staff desk's store calls: statuses, days off, patient search by phone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from care4u_desktop.domain.errors import (
    AppointmentNotFound,
    SlotTaken,
    StatusChangeRefused,
)
from care4u_desktop.domain.models import AppointmentStatus
from care4u_desktop.services.ports import Store
from tests.fakes import make_appointment, make_doctor, make_notification, make_user

from .conftest import People

BOOKED, CHECKED_IN, NO_SHOW = (
    AppointmentStatus.BOOKED,
    AppointmentStatus.CHECKED_IN,
    AppointmentStatus.NO_SHOW,
)


def test_users_are_found_by_phone(store: Store) -> None:
    ada = replace(make_user("ada@example.com"), phone="5551234567")
    bob = replace(make_user("bob@example.com"), phone="5551234567")
    eve = replace(make_user("eve@example.com"), phone="5559999999")
    for user in (ada, bob, eve):
        store.add_user(user)

    found = store.find_users_by_phone("5551234567")

    assert {u.user_id for u in found} == {ada.user_id, bob.user_id}
    assert store.find_users_by_phone("5550000000") == []


def test_days_off_round_trip(store: Store) -> None:
    doctor = replace(make_doctor("doc-009"), days_off=("2030-01-08", "2030-02-01"))
    store.put_doctor(doctor)
    assert store.get_doctor("doc-009") == doctor


@pytest.mark.parametrize("status", [CHECKED_IN, NO_SHOW])
def test_checked_in_or_no_show_keeps_the_slot_taken(
    store: Store, people: People, status: AppointmentStatus
) -> None:
    first = make_appointment(people.ada, people.sarah, "2030-01-08", "09:00")
    store.book(first, make_notification(first))

    changed = store.set_appointment_status(first.appointment_id, BOOKED, status)

    assert changed.status is status
    assert store.get_appointment(first.appointment_id).status is status
    assert store.booked_times("doc-001", "2030-01-08") == {"09:00"}
    second = make_appointment(people.bob, people.sarah, "2030-01-08", "09:00")
    with pytest.raises(SlotTaken):
        store.book(second, make_notification(second))


def test_status_changes_only_from_the_expected_status(store: Store, people: People) -> None:
    first = make_appointment(people.ada, people.sarah, "2030-01-08", "09:00")
    store.book(first, make_notification(first))
    store.set_appointment_status(first.appointment_id, BOOKED, CHECKED_IN)

    with pytest.raises(StatusChangeRefused):
        store.set_appointment_status(first.appointment_id, BOOKED, NO_SHOW)
    with pytest.raises(StatusChangeRefused):
        store.cancel(first.appointment_id, "2030-01-08T09:05:00", make_notification(first))
    assert store.get_appointment(first.appointment_id).status is CHECKED_IN
    with pytest.raises(AppointmentNotFound):
        store.set_appointment_status("NOPE-NOPE", BOOKED, CHECKED_IN)


def test_booked_times_of_many_doctors_over_many_days_in_one_read(
    store: Store, people: People
) -> None:
    """The desk's "next free time of a specialization": what is taken, for these doctors,
    from the first day to the last (both included); cancelled and other doctors' not."""
    other = make_doctor("doc-077", name="Kenji Tanaka")
    store.put_doctor(other)
    kept = [
        make_appointment(people.ada, people.sarah, "2030-01-08", "09:00"),
        make_appointment(people.bob, people.sarah, "2030-01-10", "11:00"),
        make_appointment(people.ada, other, "2030-01-09", "14:00"),
    ]
    cancelled = make_appointment(people.bob, people.sarah, "2030-01-09", "10:00")
    outside = [
        make_appointment(people.ada, people.sarah, "2030-01-11", "09:00"),  # after the last
        make_appointment(people.bob, people.sarah, "2030-01-07", "09:00"),  # before the first
        make_appointment(people.bob, people.michael, "2030-01-09", "09:00"),  # not asked for
    ]
    for a in [*kept, cancelled, *outside]:
        store.book(a, make_notification(a))
    store.cancel(cancelled.appointment_id, "2030-01-08T08:00:00", make_notification(cancelled))
    store.set_appointment_status(kept[0].appointment_id, BOOKED, CHECKED_IN)  # still taken

    taken = store.booked_times_between(["doc-001", "doc-077"], "2030-01-08", "2030-01-10")

    assert taken == {(a.doctor_id, a.date, a.time) for a in kept}
    assert store.booked_times_between([], "2030-01-08", "2030-01-10") == set()
    assert store.booked_times_between(["doc-unknown"], "2030-01-08", "2030-01-10") == set()


def test_many_users_are_read_at_once(store: Store) -> None:
    """The desk's day reads its patients in one go: each that exists, once, by id; an id
    asked twice or one with no account is no trouble."""
    patients = [make_user(f"patient{n}@example.com") for n in range(130)]  # over a batch
    for user in patients:
        store.add_user(user)
    wanted = [u.user_id for u in patients] + [patients[0].user_id, "no-such-user"]

    found = store.get_users(wanted)

    assert found == {u.user_id: u for u in patients}
    assert store.get_users([]) == {}
