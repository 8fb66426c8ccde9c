"""Each service works on the ports it is given and nothing else.

The services are wired here on views of one in-memory store that answer only the methods
of one port (``services/ports.py``): a service reaching past its ports, e.g. the desk
writing a doctor around the catalogue's cache, fails with the port and the method named.
mypy checks the same on the types; this checks the calls the services really make.
"""

from __future__ import annotations

import inspect
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from werkzeug.security import generate_password_hash

from care4u_desktop.domain.errors import InvalidCredentials
from care4u_desktop.domain.models import AppointmentStatus, Doctor, Role, User
from care4u_desktop.services import ports
from care4u_desktop.services.accounts import AccountService, Session
from care4u_desktop.services.audit import AuditLog, acting_device
from care4u_desktop.services.booking import BookingService
from care4u_desktop.services.devices import DeviceService
from care4u_desktop.services.doctors import DoctorCatalogue
from care4u_desktop.services.limits import RateLimiter
from care4u_desktop.services.notifications import NotificationService
from care4u_desktop.services.sessions import SessionService
from care4u_desktop.services.staff import StaffService
from tests.fakes import FakeNotifier, FastHasher, FixedClock, InMemoryStore, make_doctor, make_user

AGGREGATES = (
    ports.UserStore,
    ports.DoctorStore,
    ports.AppointmentStore,
    ports.Outbox,
    ports.DeviceStore,
    ports.SessionStore,
    ports.RequestCounter,
    ports.AuditStore,
)
MONDAY = date(2030, 1, 7)  # the clock's day, at 10:30
TUESDAY = date(2030, 1, 8)


def members(port: type) -> set[str]:
    """The methods a port declares, those of the ports it is made of included."""
    return {
        name
        for cls in port.__mro__
        if cls.__module__ == ports.__name__
        for name, value in vars(cls).items()
        if not name.startswith("_") and inspect.isfunction(value)
    }


class Only:
    """``store`` seen through one port: any other attribute is an ``AttributeError``."""

    def __init__(self, store: InMemoryStore, port: type) -> None:
        self._store = store
        self._port = port
        self._allowed = members(port)

    def __getattr__(self, name: str) -> Any:
        if name not in self._allowed:
            raise AttributeError(f"{name} is not a method of the {self._port.__name__} port")
        return getattr(self._store, name)


class Desk:
    """The services, as the composition root wires them, each on its own ports only."""

    def __init__(self, store: InMemoryStore, clock: FixedClock) -> None:
        notifier = FakeNotifier()
        self.notifier = notifier
        self.audit = AuditLog(Only(store, ports.AuditStore), clock, default_device="test")
        self.accounts = AccountService(
            users=Only(store, ports.UserStore),
            notifier=notifier,
            hasher=FastHasher(),
            clock=clock,
            audit=self.audit,
        )
        self.devices = DeviceService(
            devices=Only(store, ports.DeviceStore), clock=clock, audit=self.audit
        )
        self.sessions = SessionService(
            sessions=Only(store, ports.SessionStore),
            users=Only(store, ports.UserStore),
            clock=clock,
        )
        self.limits = RateLimiter(Only(store, ports.RequestCounter), clock)
        self.notifications = NotificationService(
            outbox=Only(store, ports.Outbox), notifier=notifier, clock=clock
        )
        doctors = DoctorCatalogue(Only(store, ports.DoctorStore))
        self.booking = BookingService(
            appointments=Only(store, ports.AppointmentStore),
            users=Only(store, ports.UserStore),
            doctors=doctors,
            notifications=self.notifications,
            clock=clock,
            horizon_days=60,
            audit=self.audit,
        )
        self.staff = StaffService(
            users=Only(store, ports.UserStore),
            appointments=Only(store, ports.AppointmentStore),
            doctors=doctors,
            accounts=self.accounts,
            booking=self.booking,
            clock=clock,
            audit=self.audit,
        )


@pytest.fixture
def desk(store: InMemoryStore, clock: FixedClock) -> Desk:
    return Desk(store, clock)


def test_the_ports_split_the_store_and_every_store_method_is_in_one() -> None:
    everything = members(ports.Store)
    split = [members(port) for port in AGGREGATES]
    assert set().union(*split) == everything
    assert sum(len(m) for m in split) == len(everything)  # no method in two ports
    assert members(ports.Outbox) == {
        "pending_notifications",
        "all_notifications",
        "mark_notification_sent",
        "mark_notification_failed",
    }


def test_a_view_of_one_port_refuses_the_others(store: InMemoryStore) -> None:
    users = Only(store, ports.UserStore)
    with pytest.raises(AttributeError, match="list_doctors is not a method of the UserStore"):
        users.list_doctors()


def test_a_patient_signs_up_books_and_cancels_on_the_services_ports(
    desk: Desk, store: InMemoryStore, sarah: Doctor
) -> None:
    desk.accounts.sign_up("Ada Lovelace", "ada@example.com", "5551234567", "pw-long-1")
    with pytest.raises(InvalidCredentials):
        desk.accounts.log_in("ada@example.com", "wrong-password")
    session = desk.accounts.log_in("ADA@example.com", "pw-long-1")

    (summary,) = desk.booking.doctor_summaries()
    assert summary.doctor == sarah
    assert [s.time for s in desk.booking.availability(sarah.doctor_id, TUESDAY).slots] == [
        "09:00",
        "10:00",
        "11:00",
        "14:00",
    ]
    booked = desk.booking.book(session.user, sarah.doctor_id, TUESDAY, "09:00")
    assert desk.booking.history(session).upcoming == [booked]
    cancelled = desk.booking.cancel(session, booked.appointment_id.lower())
    assert cancelled.status is AppointmentStatus.CANCELLED

    assert [n.event.value for n in desk.notifier.published] == ["booked", "cancelled"]
    assert desk.notifications.retry_pending().still_pending == 0
    assert len(desk.notifications.recent()) == 2
    assert store.get_appointment(booked.appointment_id) == cancelled


def test_an_old_password_hash_is_renewed_through_the_users_port(
    desk: Desk, store: InMemoryStore
) -> None:
    # Made another way than FastHasher makes them now (fewer rounds): renewed on log-in.
    old_hash = generate_password_hash("pw-long-1", method="pbkdf2:sha256:999")
    old = make_user("old@example.com", password_hash=old_hash)
    store.add_user(old)

    desk.accounts.log_in("old@example.com", "pw-long-1")

    renewed = store.get_user(old.user_id)
    assert renewed is not None and renewed.password_hash != old_hash
    assert not FastHasher().needs_rehash(renewed.password_hash)


def test_a_day_at_the_desk_on_the_services_ports(
    desk: Desk, store: InMemoryStore, sarah: Doctor, receptionist: User
) -> None:
    at_desk = Session(receptionist)
    admin = make_user("admin@care4u.example", name="Alex Admin", role=Role.ADMIN)
    store.add_user(admin)
    as_admin = Session(admin)

    walk_in = desk.staff.register_walk_in(at_desk, "Omar Haddad", "omar@example.com", "5550001111")
    assert desk.staff.find_patients(at_desk, "OMAR@example.com") == [walk_in]
    assert desk.staff.find_patients(at_desk, "555 000 1111") == [walk_in]
    assert desk.staff.patient(at_desk, walk_in.user_id) == walk_in

    booked = desk.staff.book_for(at_desk, walk_in.user_id, sarah.doctor_id, TUESDAY, "10:00")
    day = desk.staff.doctor_day(at_desk, sarah.doctor_id, TUESDAY)
    assert [(r.time, r.patient) for r in day.rows if r.appointment] == [("10:00", walk_in)]

    desk.staff.cancel(at_desk, booked.appointment_id)
    assert desk.staff.doctor_day(at_desk, sarah.doctor_id, TUESDAY).rows[1].appointment is None

    amina = make_doctor("doc-003", name="Amina Okafor")
    desk.staff.seed_doctors(as_admin, [amina])
    saved = desk.staff.save_doctor(as_admin, replace(sarah, name="Sarah Johnson-Smith"))
    assert desk.staff.doctor_list(as_admin) == [amina, saved]
    assert [s.doctor for s in desk.booking.doctor_summaries()] == [amina, saved]

    today = desk.staff.book_for(at_desk, walk_in.user_id, sarah.doctor_id, MONDAY, "11:00")
    checked_in = desk.staff.mark(at_desk, today.appointment_id, AppointmentStatus.CHECKED_IN)
    assert checked_in.status is AppointmentStatus.CHECKED_IN
    assert store.get_appointment(today.appointment_id) == checked_in


def test_a_device_session_and_its_trail_on_the_services_ports(desk: Desk, ada: User) -> None:
    enrolment = desk.devices.enrol("Lobby", "kiosk")
    kiosk = desk.devices.authenticate(enrolment.token)
    desk.limits.device_request(kiosk)
    with acting_device(kiosk.device_id):
        opened = desk.sessions.open(ada, kiosk)
        session = desk.sessions.resolve(opened.session.token, kiosk)
        desk.accounts.log_out(session)
    desk.sessions.close(session)

    assert [e.action for e in desk.audit.entries()] == ["device_enrolled", "sign_out"]
    assert [d.device_id for d in desk.devices.list()] == [kiosk.device_id]
