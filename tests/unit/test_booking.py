"""Availability, booking, cancelling and history on the fakes. The clock reads Monday
2030-01-07 10:30; Sarah Johnson works Monday to Friday at 09:00 10:00 11:00 14:00,
Michael Chen every day at 09:00 11:00 15:00."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from care4u_desktop.domain.errors import (
    AlreadyCancelled,
    AppointmentNotFound,
    DoctorNotFound,
    PatientAlreadyBooked,
    PermissionDenied,
    SlotNotBookable,
    SlotTaken,
    ValidationError,
)
from care4u_desktop.domain.models import AppointmentStatus, Doctor, NotificationEvent, Slot, User
from care4u_desktop.services.accounts import Session
from care4u_desktop.services.booking import BookingService
from care4u_desktop.services.notifications import NotificationService
from care4u_desktop.services.staff import StaffService
from tests.fakes import HOSPITAL_TZ, FakeNotifier, FixedClock, InMemoryStore, make_doctor

MONDAY = date(2030, 1, 7)
TUESDAY = MONDAY + timedelta(days=1)
FRIDAY = MONDAY + timedelta(days=4)
SATURDAY = MONDAY + timedelta(days=5)
NEXT_MONDAY = MONDAY + timedelta(days=7)


# -- doctors -----------------------------------------------------------------------------------


def test_doctors_are_listed_by_name(
    booking: BookingService, sarah: Doctor, michael: Doctor
) -> None:
    assert booking.list_doctors() == [michael, sarah]


def test_doctor_list_is_cached_until_a_write_through_the_catalogue(
    booking: BookingService, store: InMemoryStore, sarah: Doctor
) -> None:
    assert booking.list_doctors() == [sarah]
    newcomer = make_doctor("doc-003", name="Amina Okafor", specialization="Dermatology")
    store.put_doctor(newcomer)  # behind the cache's back: not seen for up to 30 s

    assert booking.list_doctors() == [sarah]
    assert booking.doctors.list_doctors(fresh=True) == [newcomer, sarah]
    renamed = replace(newcomer, name="Amina Okafor-Bell")
    booking.doctors.put_doctors([renamed])  # the one way in forgets the cache
    assert booking.list_doctors() == [renamed, sarah]


def test_unknown_doctor(booking: BookingService) -> None:
    with pytest.raises(DoctorNotFound):
        booking.doctor("doc-404")
    with pytest.raises(DoctorNotFound):
        booking.availability("doc-404", TUESDAY)


def test_bookable_range_is_today_to_the_horizon(booking: BookingService) -> None:
    assert booking.bookable_range() == (MONDAY, MONDAY + timedelta(days=60))


# -- availability ------------------------------------------------------------------------------


def test_availability_marks_past_and_taken_slots(
    booking: BookingService, sarah: Doctor, ada: User
) -> None:
    booking.book(ada, sarah.doctor_id, MONDAY, "11:00")

    day = booking.availability(sarah.doctor_id, MONDAY)

    assert day.closed_reason is None
    assert day.slots == (
        Slot("09:00", False, "past"),
        Slot("10:00", False, "past"),
        Slot("11:00", False, "taken"),
        Slot("14:00", True),
    )


def test_a_cancelled_booking_frees_the_slot_again(
    booking: BookingService, sarah: Doctor, ada: User
) -> None:
    appointment = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")
    booking.cancel(Session(ada), appointment.appointment_id)

    assert booking.availability(sarah.doctor_id, TUESDAY).slots[0] == Slot("09:00", True)


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (SATURDAY, "Saturday"),
        (MONDAY - timedelta(days=1), "passed"),
        (MONDAY + timedelta(days=61), "60 days"),
    ],
)
def test_closed_days_have_a_reason_and_no_slots(
    booking: BookingService, sarah: Doctor, day: date, reason: str
) -> None:
    availability = booking.availability(sarah.doctor_id, day)
    assert availability.closed_reason is not None
    assert reason in availability.closed_reason.message
    assert availability.slots == ()


def test_next_free_is_the_first_free_slot_today(booking: BookingService, sarah: Doctor) -> None:
    assert booking.next_free(sarah) == datetime(2030, 1, 7, 11, 0, tzinfo=HOSPITAL_TZ)


def test_next_free_skips_taken_and_past_slots(
    booking: BookingService, sarah: Doctor, ada: User, bob: User
) -> None:
    booking.book(ada, sarah.doctor_id, MONDAY, "11:00")
    booking.book(bob, sarah.doctor_id, MONDAY, "14:00")
    booking.book(bob, sarah.doctor_id, TUESDAY, "09:00")

    assert booking.next_free(sarah) == datetime(2030, 1, 8, 10, 0, tzinfo=HOSPITAL_TZ)


def test_next_free_skips_non_working_days(
    booking: BookingService, sarah: Doctor, clock: FixedClock
) -> None:
    clock.set(datetime(2030, 1, 11, 16, 0, tzinfo=clock().tzinfo))  # Friday, after the last slot

    assert booking.next_free(sarah) == datetime(2030, 1, 14, 9, 0, tzinfo=clock().tzinfo)


def test_next_free_is_none_when_nothing_can_be_booked(
    booking: BookingService, store: InMemoryStore
) -> None:
    no_slots = make_doctor("doc-009", name="Dr Nobody", slots=(), working_days=())
    store.put_doctor(no_slots)

    assert booking.next_free(no_slots) is None


def test_doctor_summaries_carry_the_next_free_slot(
    booking: BookingService, sarah: Doctor, michael: Doctor
) -> None:
    summaries = {s.doctor.doctor_id: s.next_free for s in booking.doctor_summaries()}
    assert summaries == {
        "doc-001": datetime(2030, 1, 7, 11, 0, tzinfo=HOSPITAL_TZ),
        "doc-002": datetime(2030, 1, 7, 11, 0, tzinfo=HOSPITAL_TZ),
    }


# -- booking rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "hhmm"),
    [
        (TUESDAY, "12:00"),  # not one of her slots
        (SATURDAY, "09:00"),  # not a working day
        (MONDAY - timedelta(days=7), "09:00"),  # a past day
        (MONDAY, "10:00"),  # earlier today
        (MONDAY + timedelta(days=63), "09:00"),  # beyond the 60-day horizon (a Monday)
    ],
)
def test_unbookable_slots_are_refused_and_nothing_is_stored(
    booking: BookingService,
    store: InMemoryStore,
    notifier: FakeNotifier,
    sarah: Doctor,
    ada: User,
    day: date,
    hhmm: str,
) -> None:
    with pytest.raises(SlotNotBookable) as caught:
        booking.book(ada, sarah.doctor_id, day, hhmm)

    assert caught.value.message
    assert store.appointments_for_user(ada.user_id) == []
    assert store.all_notifications() == []
    assert notifier.published == []


def test_booking_exactly_at_the_horizon_is_allowed(
    booking: BookingService, michael: Doctor, ada: User
) -> None:
    last_day = MONDAY + timedelta(days=60)
    assert booking.book(ada, michael.doctor_id, last_day, "09:00").date == last_day.isoformat()
    with pytest.raises(SlotNotBookable):
        booking.book(ada, michael.doctor_id, last_day + timedelta(days=1), "09:00")


def test_a_malformed_time_is_a_validation_error(
    booking: BookingService, sarah: Doctor, ada: User
) -> None:
    with pytest.raises(ValidationError) as caught:
        booking.book(ada, sarah.doctor_id, TUESDAY, "9am")
    assert caught.value.field == "time"


def test_booking_an_unknown_doctor(booking: BookingService, ada: User) -> None:
    with pytest.raises(DoctorNotFound):
        booking.book(ada, "doc-404", TUESDAY, "09:00")


def test_book_stores_the_appointment_as_booked(
    booking: BookingService, store: InMemoryStore, sarah: Doctor, ada: User, clock: FixedClock
) -> None:
    appointment = booking.book(ada, sarah.doctor_id, TUESDAY, " 09:00 ")

    assert store.get_appointment(appointment.appointment_id) == appointment
    assert (appointment.user_id, appointment.doctor_id) == (ada.user_id, "doc-001")
    assert (appointment.date, appointment.time) == ("2030-01-08", "09:00")
    assert appointment.status is AppointmentStatus.BOOKED
    assert (appointment.doctor_name, appointment.specialization) == ("Sarah Johnson", "Cardiology")
    assert appointment.created_at == clock().isoformat(timespec="seconds")


def test_a_taken_slot_is_slot_taken(
    booking: BookingService, sarah: Doctor, ada: User, bob: User
) -> None:
    booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")
    with pytest.raises(SlotTaken) as caught:
        booking.book(bob, sarah.doctor_id, TUESDAY, "09:00")
    assert caught.value.message == "This time slot has just been booked. Please choose another."


def test_a_patient_cannot_be_in_two_places_at_once(
    booking: BookingService, sarah: Doctor, michael: Doctor, ada: User, notifier: FakeNotifier
) -> None:
    booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")
    with pytest.raises(PatientAlreadyBooked):
        booking.book(ada, michael.doctor_id, TUESDAY, "09:00")
    assert len(notifier.published) == 1


# -- notifications -----------------------------------------------------------------------------


def test_book_delivers_the_notification_and_marks_it_sent(
    booking: BookingService, store: InMemoryStore, notifier: FakeNotifier, sarah: Doctor, ada: User
) -> None:
    appointment = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    (sent,) = notifier.published
    assert (sent.appointment_id, sent.recipient, sent.event) == (
        appointment.appointment_id,
        "ada@example.com",
        NotificationEvent.BOOKED,
    )
    assert store.pending_notifications() == []
    (stored,) = store.all_notifications()
    assert stored.sent_at == "2030-01-07T10:30:00+01:00"


def test_notifier_failure_keeps_the_booking_and_the_message_pending(
    booking: BookingService, store: InMemoryStore, notifier: FakeNotifier, sarah: Doctor, ada: User
) -> None:
    notifier.failing = True

    appointment = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    assert store.get_appointment(appointment.appointment_id) == appointment
    assert booking.availability(sarah.doctor_id, TUESDAY).slots[0].reason == "taken"
    (pending,) = store.pending_notifications()
    assert pending.appointment_id == appointment.appointment_id
    assert pending.attempts == 1
    assert pending.last_error
    assert notifier.published == []


def test_retry_delivers_a_pending_message_exactly_once(
    booking: BookingService,
    notifications: NotificationService,
    store: InMemoryStore,
    notifier: FakeNotifier,
    sarah: Doctor,
    ada: User,
) -> None:
    notifier.failing = True
    appointment = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    still_down = notifications.retry_pending()
    assert (still_down.sent, still_down.still_pending) == (0, 1)
    assert store.pending_notifications()[0].attempts == 2

    notifier.failing = False
    first = notifications.retry_pending()
    assert (first.sent, first.still_pending) == (1, 0)
    assert [n.appointment_id for n in notifier.published] == [appointment.appointment_id]

    second = notifications.retry_pending()
    assert (second.sent, second.still_pending) == (0, 0)
    assert len(notifier.published) == 1
    assert store.pending_notifications() == []


def test_retry_sends_every_pending_message(
    booking: BookingService,
    notifications: NotificationService,
    notifier: FakeNotifier,
    sarah: Doctor,
    ada: User,
    bob: User,
) -> None:
    notifier.failing = True
    first = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")
    second = booking.book(bob, sarah.doctor_id, TUESDAY, "10:00")
    booking.cancel(Session(ada), first.appointment_id)
    notifier.failing = False

    report = notifications.retry_pending()

    assert (report.sent, report.still_pending) == (3, 0)
    assert sorted((n.appointment_id, n.event) for n in notifier.published) == sorted(
        [
            (first.appointment_id, NotificationEvent.BOOKED),
            (first.appointment_id, NotificationEvent.CANCELLED),
            (second.appointment_id, NotificationEvent.BOOKED),
        ]
    )


def test_a_store_hiccup_after_publishing_does_not_fail_the_booking(
    booking: BookingService, store: InMemoryStore, notifier: FakeNotifier, sarah: Doctor, ada: User
) -> None:
    store.unavailable = {"mark_notification_sent"}

    appointment = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    assert [n.appointment_id for n in notifier.published] == [appointment.appointment_id]
    assert store.get_appointment(appointment.appointment_id) == appointment


def test_a_store_hiccup_while_recording_a_failure_does_not_fail_the_booking(
    booking: BookingService, store: InMemoryStore, notifier: FakeNotifier, sarah: Doctor, ada: User
) -> None:
    notifier.failing = True
    store.unavailable = {"mark_notification_failed"}

    appointment = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    assert [n.appointment_id for n in store.pending_notifications()] == [appointment.appointment_id]


def test_recent_lists_notifications_newest_first(
    booking: BookingService,
    notifications: NotificationService,
    clock: FixedClock,
    sarah: Doctor,
    ada: User,
) -> None:
    first = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")
    clock.advance(minutes=1)
    second = booking.book(ada, sarah.doctor_id, TUESDAY, "10:00")

    assert [n.appointment_id for n in notifications.recent()] == [
        second.appointment_id,
        first.appointment_id,
    ]


# -- cancelling --------------------------------------------------------------------------------


def test_patient_cancels_their_own_appointment(
    booking: BookingService, store: InMemoryStore, notifier: FakeNotifier, sarah: Doctor, ada: User
) -> None:
    appointment = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    cancelled = booking.cancel(Session(ada), f"  {appointment.appointment_id.lower()} ")

    assert cancelled.status is AppointmentStatus.CANCELLED
    assert cancelled.appointment_id == appointment.appointment_id
    stored = store.get_appointment(appointment.appointment_id)
    assert stored is not None and stored.status is AppointmentStatus.CANCELLED
    assert [n.event for n in notifier.published] == [
        NotificationEvent.BOOKED,
        NotificationEvent.CANCELLED,
    ]
    assert store.pending_notifications() == []


def test_another_patient_cannot_cancel_or_even_see_it(
    booking: BookingService, store: InMemoryStore, sarah: Doctor, ada: User, bob: User
) -> None:
    appointment = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    with pytest.raises(AppointmentNotFound) as probing:
        booking.cancel(Session(bob), appointment.appointment_id)
    with pytest.raises(AppointmentNotFound) as unknown:
        booking.cancel(Session(bob), "ZZZZ-ZZZZ")

    assert probing.value.message == unknown.value.message
    stored = store.get_appointment(appointment.appointment_id)
    assert stored is not None and stored.status is AppointmentStatus.BOOKED


def test_staff_may_cancel_and_the_patient_is_told(
    booking: BookingService,
    notifier: FakeNotifier,
    sarah: Doctor,
    ada: User,
    receptionist: User,
) -> None:
    appointment = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")

    cancelled = booking.cancel(Session(receptionist), appointment.appointment_id)

    assert cancelled.status is AppointmentStatus.CANCELLED
    assert notifier.published[-1].recipient == "ada@example.com"
    assert notifier.published[-1].event is NotificationEvent.CANCELLED


def test_cancel_twice_is_already_cancelled(
    booking: BookingService, notifier: FakeNotifier, sarah: Doctor, ada: User
) -> None:
    appointment = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")
    booking.cancel(Session(ada), appointment.appointment_id)

    with pytest.raises(AlreadyCancelled):
        booking.cancel(Session(ada), appointment.appointment_id)
    assert len(notifier.published) == 2


def test_cancel_unknown_is_not_found(booking: BookingService, receptionist: User) -> None:
    with pytest.raises(AppointmentNotFound):
        booking.cancel(Session(receptionist), "ZZZZ-ZZZZ")


def test_cancel_keeps_working_when_the_notifier_is_down(
    booking: BookingService, store: InMemoryStore, notifier: FakeNotifier, sarah: Doctor, ada: User
) -> None:
    appointment = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")
    notifier.failing = True

    booking.cancel(Session(ada), appointment.appointment_id)

    (pending,) = store.pending_notifications()
    assert pending.event is NotificationEvent.CANCELLED
    assert booking.availability(sarah.doctor_id, TUESDAY).slots[0].free


# -- history -----------------------------------------------------------------------------------


def test_history_splits_upcoming_and_past(
    booking: BookingService, clock: FixedClock, sarah: Doctor, michael: Doctor, ada: User
) -> None:
    today_soon = booking.book(ada, sarah.doctor_id, MONDAY, "11:00")
    tomorrow = booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")
    next_week = booking.book(ada, michael.doctor_id, NEXT_MONDAY, "15:00")
    friday = booking.book(ada, michael.doctor_id, FRIDAY, "09:00")
    booking.cancel(Session(ada), friday.appointment_id)

    history = booking.history(Session(ada))
    assert [a.appointment_id for a in history.upcoming] == [
        today_soon.appointment_id,
        tomorrow.appointment_id,
        next_week.appointment_id,
    ]
    assert [a.appointment_id for a in history.past] == [friday.appointment_id]

    clock.set(datetime(2030, 1, 8, 12, 0, tzinfo=clock().tzinfo))
    history = booking.history(Session(ada))
    assert [a.appointment_id for a in history.upcoming] == [next_week.appointment_id]
    # Past is newest first, cancelled ones included.
    assert [a.appointment_id for a in history.past] == [
        friday.appointment_id,
        tomorrow.appointment_id,
        today_soon.appointment_id,
    ]


def test_history_shows_only_the_patients_own(
    booking: BookingService, sarah: Doctor, ada: User, bob: User
) -> None:
    booking.book(ada, sarah.doctor_id, TUESDAY, "09:00")
    bobs = booking.book(bob, sarah.doctor_id, TUESDAY, "10:00")

    history = booking.history(Session(bob))
    assert [a.appointment_id for a in history.upcoming] == [bobs.appointment_id]
    assert history.past == []


def test_a_patient_cannot_read_someone_elses_history(
    booking: BookingService, ada: User, bob: User
) -> None:
    with pytest.raises(PermissionDenied):
        booking.history(Session(bob), ada.user_id)


def test_staff_can_read_a_patients_history_and_a_doctors_day(
    booking: BookingService,
    staff: StaffService,
    sarah: Doctor,
    ada: User,
    bob: User,
    receptionist: User,
) -> None:
    eleven = booking.book(ada, sarah.doctor_id, TUESDAY, "11:00")
    nine = booking.book(bob, sarah.doctor_id, TUESDAY, "09:00")

    history = booking.history(Session(receptionist), ada.user_id)
    assert [a.appointment_id for a in history.upcoming] == [eleven.appointment_id]
    # The doctor's day is the staff service's (one access rule: staff only).
    day = staff.doctor_day(Session(receptionist), sarah.doctor_id, TUESDAY)
    assert [a.appointment_id for a in day.appointments] == [
        nine.appointment_id,
        eleven.appointment_id,
    ]
    assert [day.patients[a.user_id] for a in day.appointments] == [bob, ada]
