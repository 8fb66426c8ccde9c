"""Services wired to the in-memory fakes and a clock that stands still: Monday 10:30."""

from __future__ import annotations

import pytest

from care4u_desktop.domain.models import Doctor, Role, User
from care4u_desktop.services.accounts import AccountService
from care4u_desktop.services.booking import BookingService
from care4u_desktop.services.notifications import NotificationService
from care4u_desktop.services.staff import StaffService
from tests.fakes import FakeNotifier, FastHasher, FixedClock, InMemoryStore, make_doctor, make_user
from tests.wiring import booking_service, staff_service


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def notifier() -> FakeNotifier:
    return FakeNotifier()


@pytest.fixture
def accounts(store: InMemoryStore, notifier: FakeNotifier, clock: FixedClock) -> AccountService:
    return AccountService(store, notifier, FastHasher(), clock)


@pytest.fixture
def notifications(
    store: InMemoryStore, notifier: FakeNotifier, clock: FixedClock
) -> NotificationService:
    return NotificationService(store, notifier, clock)


@pytest.fixture
def booking(
    store: InMemoryStore, notifications: NotificationService, clock: FixedClock
) -> BookingService:
    return booking_service(store, notifications, clock, horizon_days=60)


@pytest.fixture
def staff(
    store: InMemoryStore, accounts: AccountService, booking: BookingService, clock: FixedClock
) -> StaffService:
    return staff_service(store, accounts, booking, clock)


@pytest.fixture
def sarah(store: InMemoryStore) -> Doctor:
    """Cardiology, Monday to Friday, 09:00 10:00 11:00 14:00."""
    doctor = make_doctor("doc-001", name="Sarah Johnson", specialization="Cardiology")
    store.put_doctor(doctor)
    return doctor


@pytest.fixture
def michael(store: InMemoryStore) -> Doctor:
    """Pediatrics, every day of the week, 09:00 11:00 15:00."""
    doctor = make_doctor(
        "doc-002",
        name="Michael Chen",
        specialization="Pediatrics",
        slots=("09:00", "11:00", "15:00"),
        working_days=(),
    )
    store.put_doctor(doctor)
    return doctor


def _patient(store: InMemoryStore, email: str, name: str) -> User:
    user = make_user(email, name=name)
    store.add_user(user)
    return user


@pytest.fixture
def ada(store: InMemoryStore) -> User:
    return _patient(store, "ada@example.com", "Ada Lovelace")


@pytest.fixture
def bob(store: InMemoryStore) -> User:
    return _patient(store, "bob@example.com", "Bob Marley")


@pytest.fixture
def receptionist(store: InMemoryStore) -> User:
    user = make_user("desk@care4u.example", name="Rita Desk", role=Role.STAFF)
    store.add_user(user)
    return user
