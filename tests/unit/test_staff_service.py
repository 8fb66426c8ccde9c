"""The reception desk's use cases, on fakes, with the clock at Monday 7 Jan 2030 10:30."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from care4u_desktop.domain.errors import (
    PermissionDenied,
    ServiceUnavailable,
    SlotNotBookable,
    StatusChangeRefused,
)
from care4u_desktop.domain.models import AppointmentStatus, Doctor, Role, User
from care4u_desktop.services.accounts import AccountService, Session
from care4u_desktop.services.booking import BookingService
from care4u_desktop.services.notifications import NotificationService
from care4u_desktop.services.staff import StaffService
from tests.fakes import FixedClock, InMemoryStore, make_doctor, make_user
from tests.faults import AnswerLost
from tests.wiring import booking_service, staff_service

MONDAY = date(2030, 1, 7)
TUESDAY = date(2030, 1, 8)


@pytest.fixture
def desk(receptionist: User) -> Session:
    return Session(receptionist)


@pytest.fixture
def admin(store: InMemoryStore) -> Session:
    user = make_user("admin@care4u.example", name="Alex Admin", role=Role.ADMIN)
    store.add_user(user)
    return Session(user)


def test_a_patient_session_is_refused_every_desk_call(
    staff: StaffService, ada: User, sarah: Doctor
) -> None:
    patient = Session(ada)
    calls = [
        lambda: staff.doctor_day(patient, sarah.doctor_id, TUESDAY),
        lambda: staff.find_patients(patient, "bob@example.com"),
        lambda: staff.register_walk_in(patient, "Walk In", "walk@example.com", "5550001111"),
        lambda: staff.book_for(patient, ada.user_id, sarah.doctor_id, TUESDAY, "09:00"),
        lambda: staff.cancel(patient, "ANY-THING"),
        lambda: staff.mark(patient, "ANY-THING", AppointmentStatus.CHECKED_IN),
        lambda: staff.save_doctor(patient, sarah),
        lambda: staff.patient(patient, ada.user_id),
        lambda: staff.doctor_list(patient),
        lambda: staff.seed_doctors(patient, [sarah]),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()


def test_only_an_admin_edits_doctors(staff: StaffService, desk: Session, sarah: Doctor) -> None:
    with pytest.raises(PermissionDenied):
        staff.save_doctor(desk, replace(sarah, name="Someone Else"))
    with pytest.raises(PermissionDenied):
        staff.seed_doctors(desk, [replace(sarah, name="Someone Else")])
    with pytest.raises(PermissionDenied):  # the admin screen's list is an admin's too
        staff.doctor_list(desk)


def test_seeded_doctors_are_listed_at_once_despite_the_cache(
    staff: StaffService, booking: BookingService, admin: Session, sarah: Doctor
) -> None:
    assert booking.list_doctors() == [sarah]  # now cached for 30 s
    renamed = replace(sarah, name="Sarah Johnson-Smith")
    newcomer = make_doctor("doc-003", name="Amina Okafor")

    staff.seed_doctors(admin, [renamed, newcomer])

    assert booking.list_doctors() == [newcomer, renamed]


def test_a_seed_whose_answer_was_lost_is_listed_as_stored(
    store: InMemoryStore,
    accounts: AccountService,
    notifications: NotificationService,
    clock: FixedClock,
    admin: Session,
    sarah: Doctor,
) -> None:
    lost = AnswerLost(store, "put_doctors")  # stored, then "not responding"
    booking = booking_service(lost, notifications, clock)
    staff = staff_service(lost, accounts, booking, clock)
    assert booking.list_doctors() == [sarah]  # cached
    renamed = replace(sarah, name="Sarah Johnson-Smith")

    with pytest.raises(ServiceUnavailable):
        staff.seed_doctors(admin, [renamed])

    assert booking.list_doctors() == [renamed]  # the cache went with the failed write


def test_the_admin_list_reads_what_another_desk_saved(
    staff: StaffService,
    booking: BookingService,
    store: InMemoryStore,
    admin: Session,
    sarah: Doctor,
) -> None:
    assert booking.list_doctors() == [sarah]
    newcomer = make_doctor("doc-003", name="Amina Okafor")
    store.put_doctor(newcomer)  # another kiosk's admin, behind this one's cache

    assert staff.doctor_list(admin) == [newcomer, sarah]
    assert booking.list_doctors() == [newcomer, sarah]  # and the cache has it now


def test_doctor_day_lists_every_slot_with_the_patient(
    staff: StaffService, desk: Session, ada: User, bob: User, sarah: Doctor
) -> None:
    staff.book_for(desk, ada.user_id, sarah.doctor_id, TUESDAY, "10:00")
    staff.book_for(desk, bob.user_id, sarah.doctor_id, TUESDAY, "14:00")

    day = staff.doctor_day(desk, sarah.doctor_id, TUESDAY)

    assert [r.time for r in day.rows] == ["09:00", "10:00", "11:00", "14:00"]
    names = {r.time: r.patient.name if r.patient else None for r in day.rows}
    assert names == {"09:00": None, "10:00": "Ada Lovelace", "11:00": None, "14:00": "Bob Marley"}
    assert not any(r.clash for r in day.rows)


def test_walk_in_is_registered_found_by_phone_and_booked(
    staff: StaffService, desk: Session, sarah: Doctor, store: InMemoryStore
) -> None:
    walk_in = staff.register_walk_in(desk, "Omar Haddad", "Omar@Example.com", "555 222 3333")

    assert staff.find_patients(desk, "(555) 222-3333") == [walk_in]
    assert staff.find_patients(desk, " omar@example.com ") == [walk_in]
    appointment = staff.book_for(desk, walk_in.user_id, sarah.doctor_id, TUESDAY, "11:00")
    assert store.get_appointment(appointment.appointment_id).user_id == walk_in.user_id


def test_check_in_on_the_day_and_the_patient_sees_it(
    staff: StaffService, desk: Session, ada: User, sarah: Doctor, booking: BookingService
) -> None:
    today = staff.book_for(desk, ada.user_id, sarah.doctor_id, MONDAY, "11:00")

    staff.mark(desk, today.appointment_id, AppointmentStatus.CHECKED_IN)

    history = booking.history(Session(ada))
    assert [(a.appointment_id, a.status) for a in history.past] == [
        (today.appointment_id, AppointmentStatus.CHECKED_IN)
    ]
    with pytest.raises(StatusChangeRefused):
        staff.cancel(desk, today.appointment_id)
    with pytest.raises(StatusChangeRefused):
        staff.mark(desk, today.appointment_id, AppointmentStatus.NO_SHOW)


def test_no_show_keeps_the_slot_and_cannot_be_marked_ahead(
    staff: StaffService,
    desk: Session,
    ada: User,
    sarah: Doctor,
    booking: BookingService,
    clock: FixedClock,
) -> None:
    later = staff.book_for(desk, ada.user_id, sarah.doctor_id, TUESDAY, "09:00")
    with pytest.raises(StatusChangeRefused):
        staff.mark(desk, later.appointment_id, AppointmentStatus.NO_SHOW)

    clock.advance(days=1, hours=1)  # Tuesday 11:30: the patient never came
    staff.mark(desk, later.appointment_id, AppointmentStatus.NO_SHOW)
    with pytest.raises(StatusChangeRefused):
        staff.mark(desk, later.appointment_id, AppointmentStatus.CANCELLED)
    slots = booking.availability(sarah.doctor_id, TUESDAY).slots
    assert {s.time: s.reason for s in slots}["09:00"] in {"taken", "past"}


def test_a_day_off_closes_the_day_but_keeps_and_flags_existing_bookings(
    staff: StaffService,
    desk: Session,
    admin: Session,
    ada: User,
    sarah: Doctor,
    booking: BookingService,
) -> None:
    kept = staff.book_for(desk, ada.user_id, sarah.doctor_id, TUESDAY, "10:00")

    staff.save_doctor(admin, replace(sarah, days_off=(TUESDAY.isoformat(),)))

    availability = booking.availability(sarah.doctor_id, TUESDAY)
    reason = availability.closed_reason
    assert reason is not None and reason.code == "doctor_away" and availability.slots == ()
    assert "away" in reason.message
    with pytest.raises(SlotNotBookable):
        booking.book(ada, sarah.doctor_id, TUESDAY, "11:00")
    day = staff.doctor_day(desk, sarah.doctor_id, TUESDAY)
    clashes = [r for r in day.rows if r.clash]
    assert [(r.time, r.appointment.appointment_id) for r in clashes] == [
        ("10:00", kept.appointment_id)
    ]
