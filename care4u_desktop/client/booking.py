"""``Booking`` over the API: the doctors, a day's times, book, cancel, the history."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from ..domain.errors import (
    AppointmentNotFound,
    BookingNotMade,
    BookingUnconfirmed,
    CancelNotMade,
    CancelUnconfirmed,
    PermissionDenied,
    StatusChangeRefused,
)
from ..domain.models import (
    Appointment,
    AppointmentStatus,
    DayAvailability,
    Doctor,
    DoctorSummary,
    User,
)
from ..services.accounts import Session
from ..services.booking import History
from . import wire
from .accounts import SessionTokens
from .http import ApiClient, segment
from .outcomes import confirmed_write


class ApiBooking:
    def __init__(
        self,
        client: ApiClient,
        tokens: SessionTokens,
        clock: Callable[[], datetime],
        horizon_days: int,
    ) -> None:
        self._client = client
        self._tokens = tokens
        self._clock = clock
        self._horizon_days = horizon_days
        self._lock = threading.Lock()
        #: From the server's last ``GET /v1/doctors`` (its clock and horizon, not ours).
        self._bookable: tuple[date, date] | None = None

    # -- doctors ---------------------------------------------------------------------------
    def doctor_summaries(self) -> list[DoctorSummary]:
        data = self._client.get("/v1/doctors")
        with self._lock:
            self._bookable = wire.bookable_from(data["bookable"])
        return [wire.summary_from(d) for d in data["doctors"]]

    def list_doctors(self) -> list[Doctor]:
        return [s.doctor for s in self.doctor_summaries()]

    def bookable_range(self) -> tuple[date, date]:
        """The server's range, as it said in its last doctor list (fetched when the app
        opens and each time the doctors are shown); this machine's clock only until then."""
        with self._lock:
            if self._bookable is not None:
                return self._bookable
        today = self._clock().date()
        return today, today + timedelta(days=self._horizon_days)

    # -- availability ----------------------------------------------------------------------
    def availability(self, doctor_id: str, day: date) -> DayAvailability:
        data = self._client.get(f"/v1/doctors/{segment(doctor_id)}/days/{day.isoformat()}")
        return wire.availability_from(data)

    # -- booking ---------------------------------------------------------------------------
    def book(self, patient: User, doctor_id: str, day: date, hhmm: str) -> Appointment:
        token = self._tokens.token_for(patient.user_id)
        body = {"doctor_id": doctor_id, "date": day.isoformat(), "time": hhmm.strip()}

        def write() -> Appointment:
            data = self._client.send("POST", "/v1/appointments", body, token=token)
            return wire.appointment_from(data)

        def read_back() -> Appointment | None:
            # The server numbers the booking, so it is found by what was asked for: this
            # patient's booked appointment with that doctor at that time.
            for a in self._history(token).upcoming:
                if (a.doctor_id, a.date, a.time) == (doctor_id, body["date"], body["time"]):
                    return a
            return None

        return confirmed_write("book", write, read_back, BookingNotMade, BookingUnconfirmed)

    def cancel(self, session: Session, appointment_id: str) -> Appointment:
        wanted = appointment_id.strip()
        path = f"/v1/appointments/{segment(wanted)}/cancel"

        def write() -> Appointment:
            return wire.appointment_from(self._client.send("POST", path, token=session.token))

        def read_back() -> Appointment | None:
            history = self._history(session.token)
            return cancelled_or_none(
                [*history.upcoming, *history.past], wanted, AppointmentStatus.CANCELLED
            )

        return confirmed_write("cancel", write, read_back, CancelNotMade, CancelUnconfirmed)

    # -- history ---------------------------------------------------------------------------
    def history(self, session: Session, user_id: str | None = None) -> History:
        if user_id and user_id != session.user.user_id:
            # The API shows a signed-in person their own appointments only.
            raise PermissionDenied()
        return self._history(session.token)

    def _history(self, token: str) -> History:
        data: Any = self._client.get("/v1/me/appointments", token=token)
        return wire.history_from(data)


def cancelled_or_none(
    found: list[Appointment], appointment_id: str, wanted: AppointmentStatus
) -> Appointment | None:
    """Read-back of a status change: the appointment if it now has ``wanted``, None if it
    is still booked (the change was not made), else the refusal the state explains."""
    ids = {appointment_id, appointment_id.upper()}
    for a in found:
        if a.appointment_id in ids:
            if a.status is wanted:
                return a
            if a.status is AppointmentStatus.BOOKED:
                return None
            raise StatusChangeRefused()
    raise AppointmentNotFound()
