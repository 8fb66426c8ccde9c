"""One behaviour for every store: the same answers and the same errors.

Only the ``Store`` protocol is used here; the ``store`` fixture (see conftest) runs each
test on every registered store.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest
from werkzeug.security import check_password_hash, generate_password_hash

from care4u_desktop.adapters.passwords import WerkzeugHasher
from care4u_desktop.domain.errors import (
    AlreadyCancelled,
    AppointmentNotFound,
    EmailAlreadyRegistered,
    InvalidCredentials,
    PatientAlreadyBooked,
    SlotTaken,
)
from care4u_desktop.domain.models import AppointmentStatus, NotificationEvent, Role
from care4u_desktop.services.accounts import AccountService
from care4u_desktop.services.ports import AttemptLimit, Store
from tests.fakes import (
    FakeNotifier,
    FixedClock,
    make_appointment,
    make_doctor,
    make_notification,
    make_user,
)

from .conftest import People

# -- users -------------------------------------------------------------------------------------


def test_added_user_is_found_by_normalised_email_and_id(store: Store) -> None:
    user = make_user("ada@example.com", role=Role.STAFF)
    store.add_user(user)

    assert store.find_user_by_email("ada@example.com") == user
    assert store.get_user(user.user_id) == user


def test_unknown_user_is_none(store: Store) -> None:
    assert store.find_user_by_email("nobody@example.com") is None
    assert store.get_user("no-such-id") is None


def test_duplicate_email_is_refused_and_changes_nothing(store: Store) -> None:
    first = make_user("ada@example.com", name="Ada Lovelace")
    store.add_user(first)

    with pytest.raises(EmailAlreadyRegistered):
        store.add_user(make_user("ada@example.com", name="Someone Else"))

    assert store.find_user_by_email("ada@example.com") == first


def test_duplicate_email_leaves_the_other_user_id_unused(store: Store) -> None:
    store.add_user(make_user("ada@example.com"))
    intruder = make_user("ada@example.com")

    with pytest.raises(EmailAlreadyRegistered):
        store.add_user(intruder)

    assert store.get_user(intruder.user_id) is None


def test_replace_password_hash_only_replaces_the_expected_hash(store: Store) -> None:
    ada, bob = make_user("ada@example.com"), make_user("bob@example.com")
    store.add_user(ada)
    store.add_user(bob)

    store.replace_password_hash(ada.user_id, "not her hash", "pbkdf2:sha256:1$x$y")
    assert store.get_user(ada.user_id) == ada  # changed meanwhile: left alone
    store.replace_password_hash("no-such-user", ada.password_hash, "pbkdf2:sha256:1$x$y")
    assert store.get_user("no-such-user") is None  # nothing created

    store.replace_password_hash(ada.user_id, ada.password_hash, "pbkdf2:sha256:1$x$y")
    assert store.get_user(ada.user_id) == replace(ada, password_hash="pbkdf2:sha256:1$x$y")
    assert store.find_user_by_email("ada@example.com") == store.get_user(ada.user_id)
    assert store.get_user(bob.user_id) == bob


# -- log-in attempts ---------------------------------------------------------------------------

LIMIT = AttemptLimit(attempts=5, lock_s=900, forget_s=86_400)
NOW = 1_900_000_000  # Unix seconds


def claims(
    store: Store, count: int, email: str = "ada@example.com", at: int = NOW
) -> list[int | None]:
    return [store.claim_login_attempt(email, at, LIMIT) for _ in range(count)]


def test_five_attempts_are_granted_then_refused_until_the_lock_ends(store: Store) -> None:
    assert claims(store, 7) == [1, 2, 3, 4, 5, None, None]
    assert claims(store, 1, at=NOW + LIMIT.lock_s - 1) == [None]
    # The lock is over: a fresh count.
    assert claims(store, 6, at=NOW + LIMIT.lock_s) == [1, 2, 3, 4, 5, None]


def test_attempts_are_counted_for_emails_without_an_account_too(store: Store) -> None:
    store.add_user(make_user("ada@example.com"))

    assert claims(store, 6, "nobody@example.com") == [1, 2, 3, 4, 5, None]
    assert store.find_user_by_email("nobody@example.com") is None  # no account made
    assert claims(store, 1, "ada@example.com") == [1]  # nor anyone else's count touched


def test_clearing_the_attempts_starts_the_count_again(store: Store) -> None:
    claims(store, 3)
    store.clear_login_attempts("ada@example.com")
    assert claims(store, 1) == [1]

    claims(store, 5)  # locked
    store.clear_login_attempts("ada@example.com")
    assert claims(store, 1) == [1]
    store.clear_login_attempts("nobody@example.com")  # nothing to clear: no error


def test_a_count_is_forgotten_a_while_after_its_last_attempt(store: Store) -> None:
    claims(store, 2)
    assert claims(store, 1, at=NOW + LIMIT.forget_s - 1) == [3]
    # Forgotten counts from the last attempt, not the first.
    assert claims(store, 1, at=NOW + LIMIT.forget_s) == [4]
    assert claims(store, 1, at=NOW + LIMIT.forget_s - 1 + LIMIT.forget_s) == [5]
    assert claims(store, 1, at=NOW + 3 * LIMIT.forget_s) == [1]


def test_each_email_has_its_own_count(store: Store) -> None:
    claims(store, 5, "ada@example.com")
    assert claims(store, 2, "bob@example.com") == [1, 2]
    assert claims(store, 1, "ada@example.com") == [None]


@cache
def _seed_style_hash(password: str) -> str:
    # The web app this replaces wrote werkzeug pbkdf2:sha256 hashes; they must still verify.
    return generate_password_hash(password, method="pbkdf2:sha256")


def test_seed_style_pbkdf2_user_logs_in(store: Store) -> None:
    password_hash = _seed_style_hash("seed-password-1")
    assert password_hash.startswith("pbkdf2:sha256:")
    store.add_user(make_user("seed@example.com", password_hash=password_hash))
    accounts = AccountService(store, FakeNotifier(), WerkzeugHasher(), FixedClock())

    session = accounts.log_in("  Seed@Example.com ", "seed-password-1")

    assert session.user.email == "seed@example.com"
    with pytest.raises(InvalidCredentials):
        accounts.log_in("seed@example.com", "seed-password-2")


def test_a_seed_style_hash_is_renewed_at_log_in_and_the_seed_app_still_verifies_it(
    store: Store,
) -> None:
    old_hash = _seed_style_hash("seed-password-1")
    seed_user = make_user("seed@example.com", password_hash=old_hash)
    store.add_user(seed_user)
    accounts = AccountService(store, FakeNotifier(), WerkzeugHasher(), FixedClock())

    accounts.log_in("seed@example.com", "seed-password-1")

    renewed = store.get_user(seed_user.user_id)
    assert renewed is not None
    assert renewed.password_hash.startswith("scrypt:")  # the current default
    # The seed web app checks with werkzeug's check_password_hash: it still lets them in.
    assert check_password_hash(renewed.password_hash, "seed-password-1")
    assert not check_password_hash(renewed.password_hash, "seed-password-2")
    assert accounts.log_in("seed@example.com", "seed-password-1").user.user_id == seed_user.user_id
    assert store.get_user(seed_user.user_id) == renewed  # a current hash is left alone


# -- doctors -----------------------------------------------------------------------------------


def test_put_doctor_then_get_and_list(store: Store) -> None:
    sarah = make_doctor("doc-001", name="Sarah Johnson", specialization="Cardiology")
    michael = make_doctor(
        "doc-002",
        name="Michael Chen",
        specialization="Pediatrics",
        slots=("09:00", "15:00"),
        working_days=(),
    )
    store.put_doctor(sarah)
    store.put_doctor(michael)

    assert store.get_doctor("doc-001") == sarah
    assert store.get_doctor("doc-002") == michael
    assert store.get_doctor("doc-999") is None
    assert store.list_doctors() == [michael, sarah]  # by name


def test_put_doctor_is_an_upsert(store: Store) -> None:
    store.put_doctor(make_doctor("doc-001", name="Sarah Johnson"))
    changed = make_doctor(
        "doc-001",
        name="Sarah Johnson-Lee",
        specialization="Cardiology",
        slots=("08:00", "16:00"),
        working_days=(2, 4),
    )

    store.put_doctor(changed)

    assert store.get_doctor("doc-001") == changed
    assert store.list_doctors() == [changed]


def test_doctor_slots_come_back_sorted(store: Store) -> None:
    store.put_doctor(make_doctor("doc-001", slots=("14:00", "09:00", "11:30")))

    doctor = store.get_doctor("doc-001")
    assert doctor is not None
    assert doctor.available_slots == ("09:00", "11:30", "14:00")


def test_no_doctors_is_an_empty_list(store: Store) -> None:
    assert store.list_doctors() == []


# -- booking -----------------------------------------------------------------------------------


def test_book_stores_the_appointment_and_its_pending_notification(
    store: Store, people: People
) -> None:
    appointment = make_appointment(people.ada, people.sarah, "2030-01-08", "09:00")
    note = make_notification(appointment, "ada@example.com")

    store.book(appointment, note)

    assert store.get_appointment(appointment.appointment_id) == appointment
    assert store.booked_times("doc-001", "2030-01-08") == {"09:00"}
    pending = store.pending_notifications()
    assert pending == [note]
    assert pending[0].pending and pending[0].attempts == 0


def test_same_doctor_slot_is_slot_taken_and_leaves_nothing_behind(
    store: Store, people: People
) -> None:
    first = make_appointment(people.ada, people.sarah, "2030-01-08", "09:00")
    store.book(first, make_notification(first))
    second = make_appointment(people.bob, people.sarah, "2030-01-08", "09:00")
    second_note = make_notification(second, "bob@example.com")

    with pytest.raises(SlotTaken):
        store.book(second, second_note)

    assert store.get_appointment(second.appointment_id) is None
    assert store.appointments_for_user(people.bob.user_id) == []
    assert [n.appointment_id for n in store.pending_notifications()] == [first.appointment_id]
    assert second_note.notification_id not in {n.notification_id for n in store.all_notifications()}


def test_same_patient_time_with_another_doctor_is_patient_already_booked(
    store: Store, people: People
) -> None:
    first = make_appointment(people.ada, people.sarah, "2030-01-08", "09:00")
    store.book(first, make_notification(first))
    clash = make_appointment(people.ada, people.michael, "2030-01-08", "09:00")
    clash_note = make_notification(clash)

    with pytest.raises(PatientAlreadyBooked):
        store.book(clash, clash_note)

    assert store.get_appointment(clash.appointment_id) is None
    assert store.booked_times("doc-002", "2030-01-08") == set()
    assert clash_note.notification_id not in {n.notification_id for n in store.all_notifications()}


def test_other_slots_and_days_do_not_conflict(store: Store, people: People) -> None:
    bookings = [
        make_appointment(people.ada, people.sarah, "2030-01-08", "09:00"),
        make_appointment(people.bob, people.sarah, "2030-01-08", "10:00"),
        make_appointment(people.bob, people.sarah, "2030-01-09", "09:00"),
        make_appointment(people.ada, people.michael, "2030-01-08", "10:00"),
        make_appointment(people.bob, people.michael, "2030-01-08", "09:00"),
    ]
    for appointment in bookings:
        store.book(appointment, make_notification(appointment))

    assert store.booked_times("doc-001", "2030-01-08") == {"09:00", "10:00"}
    assert store.booked_times("doc-001", "2030-01-09") == {"09:00"}
    assert store.booked_times("doc-002", "2030-01-08") == {"09:00", "10:00"}
    assert store.booked_times("doc-002", "2030-01-09") == set()
    assert len(store.pending_notifications()) == len(bookings)


def test_cancel_frees_the_slot_and_queues_its_notification(store: Store, people: People) -> None:
    booked = make_appointment(people.ada, people.sarah, "2030-01-08", "09:00")
    store.book(booked, make_notification(booked))
    note = make_notification(booked, event=NotificationEvent.CANCELLED, created_at="2030-01-07T11")

    cancelled = store.cancel(booked.appointment_id, "2030-01-07T11:00:00+01:00", note)

    assert cancelled == replace(booked, status=AppointmentStatus.CANCELLED)
    assert store.get_appointment(booked.appointment_id) == cancelled
    assert store.booked_times("doc-001", "2030-01-08") == set()
    assert note in store.pending_notifications()
    assert len(store.pending_notifications()) == 2

    again = make_appointment(people.bob, people.sarah, "2030-01-08", "09:00")
    store.book(again, make_notification(again))
    assert store.booked_times("doc-001", "2030-01-08") == {"09:00"}


def test_cancel_frees_the_patient_time_too(store: Store, people: People) -> None:
    booked = make_appointment(people.ada, people.sarah, "2030-01-08", "09:00")
    store.book(booked, make_notification(booked))
    store.cancel(booked.appointment_id, "2030-01-07T11:00:00+01:00", make_notification(booked))

    elsewhere = make_appointment(people.ada, people.michael, "2030-01-08", "09:00")
    store.book(elsewhere, make_notification(elsewhere))

    assert store.booked_times("doc-002", "2030-01-08") == {"09:00"}


def test_a_slot_can_be_booked_and_cancelled_many_times(store: Store, people: People) -> None:
    for round_ in range(3):
        appointment = make_appointment(people.ada, people.sarah, "2030-01-08", "09:00")
        store.book(appointment, make_notification(appointment))
        if round_ < 2:
            store.cancel(
                appointment.appointment_id, "2030-01-07T11:00", make_notification(appointment)
            )

    day = store.appointments_for_doctor_day("doc-001", "2030-01-08")
    assert [a.status for a in day].count(AppointmentStatus.CANCELLED) == 2
    assert [a.status for a in day].count(AppointmentStatus.BOOKED) == 1
    assert store.booked_times("doc-001", "2030-01-08") == {"09:00"}


def test_cancel_twice_is_already_cancelled(store: Store, people: People) -> None:
    booked = make_appointment(people.ada, people.sarah)
    store.book(booked, make_notification(booked))
    store.cancel(booked.appointment_id, "2030-01-07T11:00", make_notification(booked))
    late = make_notification(booked, event=NotificationEvent.CANCELLED)

    with pytest.raises(AlreadyCancelled):
        store.cancel(booked.appointment_id, "2030-01-07T11:05", late)

    assert late.notification_id not in {n.notification_id for n in store.all_notifications()}


def test_cancel_unknown_is_appointment_not_found(store: Store, people: People) -> None:
    booked = make_appointment(people.ada, people.sarah)
    note = make_notification(booked, event=NotificationEvent.CANCELLED)

    with pytest.raises(AppointmentNotFound):
        store.cancel("ZZZZ-ZZZZ", "2030-01-07T11:00", note)

    assert store.all_notifications() == []


def test_get_unknown_appointment_is_none(store: Store) -> None:
    assert store.get_appointment("ZZZZ-ZZZZ") is None


def test_booked_times_of_an_empty_day(store: Store, people: People) -> None:
    assert store.booked_times("doc-001", "2030-01-08") == set()
    assert store.booked_times("doc-unknown", "2030-01-08") == set()


def test_appointments_for_user_lists_only_theirs_in_time_order(
    store: Store, people: People
) -> None:
    ada, bob, sarah, michael = people.ada, people.bob, people.sarah, people.michael
    later = make_appointment(ada, sarah, "2030-01-09", "09:00")
    earlier = make_appointment(ada, michael, "2030-01-08", "14:00")
    earliest = make_appointment(ada, sarah, "2030-01-08", "10:00")
    bobs = make_appointment(bob, sarah, "2030-01-08", "09:00")
    for appointment in (later, earlier, earliest, bobs):
        store.book(appointment, make_notification(appointment))
    store.cancel(later.appointment_id, "2030-01-07T11:00", make_notification(later))

    mine = store.appointments_for_user(ada.user_id)

    assert [a.appointment_id for a in mine] == [
        earliest.appointment_id,
        earlier.appointment_id,
        later.appointment_id,
    ]
    assert mine[-1].status is AppointmentStatus.CANCELLED
    assert mine[0].doctor_name == "Sarah Johnson" and mine[0].specialization == "Cardiology"
    assert store.appointments_for_user(bob.user_id) == [bobs]
    assert store.appointments_for_user("nobody") == []


def test_appointments_for_doctor_day(store: Store, people: People) -> None:
    ada, bob, sarah, michael = people.ada, people.bob, people.sarah, people.michael
    eleven = make_appointment(ada, sarah, "2030-01-08", "11:00")
    nine = make_appointment(bob, sarah, "2030-01-08", "09:00")
    other_day = make_appointment(ada, sarah, "2030-01-09", "09:00")
    other_doctor = make_appointment(ada, michael, "2030-01-08", "09:00")
    for appointment in (eleven, nine, other_day, other_doctor):
        store.book(appointment, make_notification(appointment))

    assert store.appointments_for_doctor_day("doc-001", "2030-01-08") == [nine, eleven]
    assert store.appointments_for_doctor_day("doc-002", "2030-01-08") == [other_doctor]
    assert store.appointments_for_doctor_day("doc-002", "2030-01-09") == []


# -- notifications -----------------------------------------------------------------------------


def test_pending_notifications_oldest_first_with_limit(store: Store, people: People) -> None:
    notes = []
    for hour, time in (("12", "11:00"), ("10", "09:00"), ("11", "10:00")):
        appointment = make_appointment(people.ada, people.sarah, "2030-01-08", time)
        note = make_notification(appointment, created_at=f"2030-01-07T{hour}:00:00+01:00")
        store.book(appointment, note)
        notes.append(note)

    assert [n.created_at[11:13] for n in store.pending_notifications()] == ["10", "11", "12"]
    assert [n.created_at[11:13] for n in store.pending_notifications(limit=2)] == ["10", "11"]
    assert [n.created_at[11:13] for n in store.all_notifications()] == ["12", "11", "10"]
    assert len(store.all_notifications(limit=1)) == 1


def test_mark_notification_sent_takes_it_out_of_pending(store: Store, people: People) -> None:
    first = make_appointment(people.ada, people.sarah, "2030-01-08", "09:00")
    second = make_appointment(people.bob, people.sarah, "2030-01-08", "10:00")
    first_note, second_note = make_notification(first), make_notification(second)
    store.book(first, first_note)
    store.book(second, second_note)

    store.mark_notification_sent(first_note.notification_id, "2030-01-07T10:31:00+01:00")

    assert [n.notification_id for n in store.pending_notifications()] == [
        second_note.notification_id
    ]
    (sent,) = [
        n for n in store.all_notifications() if n.notification_id == first_note.notification_id
    ]
    assert sent.sent_at == "2030-01-07T10:31:00+01:00"
    assert not sent.pending
    assert sent.attempts == 1
    assert sent.last_error is None


def test_mark_notification_failed_keeps_it_pending_and_counts(store: Store, people: People) -> None:
    appointment = make_appointment(people.ada, people.sarah)
    note = make_notification(appointment)
    store.book(appointment, note)

    store.mark_notification_failed(note.notification_id, "SNS timed out")
    store.mark_notification_failed(note.notification_id, "SNS refused")

    (pending,) = store.pending_notifications()
    assert pending.notification_id == note.notification_id
    assert (pending.attempts, pending.last_error, pending.sent_at) == (2, "SNS refused", None)

    store.mark_notification_sent(note.notification_id, "2030-01-07T10:40:00+01:00")

    assert store.pending_notifications() == []
    (sent,) = store.all_notifications()
    assert (sent.attempts, sent.last_error) == (3, None)


def test_notification_fields_round_trip(store: Store, people: People) -> None:
    appointment = make_appointment(people.ada, people.sarah)
    note = replace(
        make_notification(appointment, "ada@example.com"),
        subject="Appointment booked — Café ü",
        body="Line one\nLine two: naïve ✓",
    )
    store.book(appointment, note)

    assert store.pending_notifications() == [note]
    assert store.all_notifications() == [note]
