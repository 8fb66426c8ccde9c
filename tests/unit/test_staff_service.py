"""The reception desk's use cases, on fakes, with the clock at Monday 7 Jan 2030 10:30."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

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


SATURDAY = date(2030, 1, 12)


def _states(staff: StaffService, desk: Session, doctor: Doctor, day: date) -> dict[str, str]:
    return {r.time: r.state for r in staff.doctor_day(desk, doctor.doctor_id, day).rows}


def test_past_times_and_closed_days_are_never_free(
    staff: StaffService, desk: Session, admin: Session, ada: User, sarah: Doctor
) -> None:
    """Monday 10:30: the morning's first two times have passed; Saturday is not a working
    day; a day off is closed; yesterday is past. None of them may read "free"."""
    staff.book_for(desk, ada.user_id, sarah.doctor_id, MONDAY, "14:00")

    assert _states(staff, desk, sarah, MONDAY) == {
        "09:00": "past",
        "10:00": "past",
        "11:00": "free",
        "14:00": "taken",
    }
    assert set(_states(staff, desk, sarah, SATURDAY).values()) == {"closed"}
    assert set(_states(staff, desk, sarah, date(2030, 1, 6)).values()) == {"past"}
    staff.save_doctor(admin, replace(sarah, days_off=(TUESDAY.isoformat(),)))
    assert set(_states(staff, desk, sarah, TUESDAY).values()) == {"closed"}


def test_no_show_only_from_the_appointments_start(
    staff: StaffService,
    desk: Session,
    ada: User,
    sarah: Doctor,
    clock: FixedClock,
    store: InMemoryStore,
) -> None:
    """Monday 10:30, a patient booked for 11:00 today: not a no-show yet."""
    eleven = staff.book_for(desk, ada.user_id, sarah.doctor_id, MONDAY, "11:00")

    with pytest.raises(StatusChangeRefused) as refused:
        staff.mark(desk, eleven.appointment_id, AppointmentStatus.NO_SHOW)

    assert refused.value.code == "no_show_before_start"
    assert refused.value.params == {"time": "11:00", "day": MONDAY}
    assert store.get_appointment(eleven.appointment_id).status is AppointmentStatus.BOOKED
    clock.advance(minutes=30)  # 11:00 sharp: the patient is late from now on
    marked = staff.mark(desk, eleven.appointment_id, AppointmentStatus.NO_SHOW)
    assert marked.status is AppointmentStatus.NO_SHOW


def test_check_in_is_still_allowed_before_the_time_on_the_day(
    staff: StaffService, desk: Session, ada: User, sarah: Doctor
) -> None:
    early = staff.book_for(desk, ada.user_id, sarah.doctor_id, MONDAY, "14:00")
    checked = staff.mark(desk, early.appointment_id, AppointmentStatus.CHECKED_IN)
    assert checked.status is AppointmentStatus.CHECKED_IN


class CountingStore:
    """A store that counts the calls made to it, by method name (it only observes)."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.calls: dict[str, int] = {}

    def __getattr__(self, name: str) -> object:
        real = getattr(self._store, name)
        if not callable(real):
            return real

        def call(*args: object, **kwargs: object) -> object:
            self.calls[name] = self.calls.get(name, 0) + 1
            return real(*args, **kwargs)

        return call


def test_next_free_time_with_any_doctor_of_a_specialization(
    store: InMemoryStore,
    accounts: AccountService,
    notifications: NotificationService,
    clock: FixedClock,
    desk: Session,
    ada: User,
    sarah: Doctor,
    michael: Doctor,
) -> None:
    """Monday 10:30. Five cardiologists, every time of theirs booked on Monday and Tuesday
    but Amina's Tuesday 12:00 (and Sarah's Monday 09:00, passed); the pediatrician is free
    all along. The desk's one question finds Amina's Tuesday 12:00, then the one after it."""
    others = [
        make_doctor(f"doc-c{n}", name=f"Cardio {n}", slots=("10:45", "12:00"), working_days=())
        for n in range(3)
    ]
    amina = make_doctor(
        "doc-amina", name="Amina Okafor", slots=("08:00", "12:00"), working_days=(2, 3)
    )
    for doctor in [*others, amina]:
        store.put_doctor(doctor)
    counting = CountingStore(store)
    booking = booking_service(counting, notifications, clock)
    staff = staff_service(counting, accounts, booking, clock)
    patients = iter(make_user(f"p{n}@example.com", name="Pat Ient") for n in range(40))
    for doctor in [sarah, *others, amina]:
        for day in (MONDAY, TUESDAY):
            for hhmm in doctor.available_slots:
                start = datetime.combine(day, time.fromisoformat(hhmm), tzinfo=clock.now.tzinfo)
                if start <= clock.now or not doctor.works_on(day):
                    continue
                if (doctor, day, hhmm) == (amina, TUESDAY, "12:00"):
                    continue
                patient = next(patients)
                store.add_user(patient)
                booking.book(patient, doctor.doctor_id, day, hhmm)
    counting.calls.clear()

    found = staff.next_free(desk, "cardiology")

    assert found is not None
    assert (found.doctor.doctor_id, found.day, found.time) == ("doc-amina", TUESDAY, "12:00")
    # One read of the bookings for all five doctors, not one per doctor (or per day).
    assert counting.calls.get("booked_times", 0) == 0
    assert counting.calls["booked_times_between"] == 1
    after = staff.next_free(desk, "Cardiology", after=found)
    assert after is not None
    assert (after.doctor.name, after.day, after.time) == ("Amina Okafor", date(2030, 1, 9), "08:00")
    assert staff.next_free(desk, "Dermatology") is None
    with pytest.raises(PermissionDenied):
        staff.next_free(Session(ada), "Cardiology")
