"""Services wired as the composition root wires them: one store behind every port.

The services take narrow ports (``services/ports.py``); a test that stands on one whole
store, real or in memory, hands that store in as each of them here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from care4u_desktop.domain import rules
from care4u_desktop.services.accounts import AccountService
from care4u_desktop.services.audit import NO_AUDIT, Audit
from care4u_desktop.services.booking import BookingService
from care4u_desktop.services.delivery import Later, at_once
from care4u_desktop.services.doctors import DoctorCatalogue
from care4u_desktop.services.notifications import NotificationService
from care4u_desktop.services.staff import StaffService


def booking_service(
    store: Any,
    notifications: NotificationService,
    clock: Callable[[], datetime],
    horizon_days: int = rules.DEFAULT_HORIZON_DAYS,
    audit: Audit = NO_AUDIT,
    deliver_later: Later = at_once,
) -> BookingService:
    """``store``: a whole store, or a wrapper of one (``tests.faults.AnswerLost``)."""
    return BookingService(
        appointments=store,
        users=store,
        doctors=DoctorCatalogue(store),
        notifications=notifications,
        clock=clock,
        horizon_days=horizon_days,
        audit=audit,
        deliver_later=deliver_later,
    )


def staff_service(
    store: Any,
    accounts: AccountService,
    booking: BookingService,
    clock: Callable[[], datetime],
    audit: Audit = NO_AUDIT,
) -> StaffService:
    """The desk on ``booking``'s doctor catalogue, as in the app: one cache of the list."""
    return StaffService(
        users=store,
        appointments=store,
        doctors=booking.doctors,
        accounts=accounts,
        booking=booking,
        clock=clock,
        audit=audit,
    )
