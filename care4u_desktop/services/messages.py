"""The words of the messages patients receive. No password or hash ever goes in."""

from __future__ import annotations

from datetime import date

from ..domain import rules
from ..domain.models import Appointment, Notification, NotificationEvent, User


def appointment_notification(
    event: NotificationEvent, appointment: Appointment, patient: User, created_at: str
) -> Notification:
    when = date.fromisoformat(appointment.date).strftime("%A %d %B %Y")
    if event is NotificationEvent.BOOKED:
        subject = f"Appointment {appointment.appointment_id} booked"
        opening = "Your appointment is booked."
        closing = "Please arrive 10 minutes early and bring this number to reception."
    else:
        subject = f"Appointment {appointment.appointment_id} cancelled"
        opening = "Your appointment has been cancelled."
        closing = "The time is free for someone else. You can book a new one at any time."
    body = "\n".join(
        [
            f"Dear {patient.name},",
            "",
            opening,
            "",
            f"Appointment number: {appointment.appointment_id}",
            f"Doctor: {appointment.doctor_name}",
            f"Specialization: {appointment.specialization}",
            f"Date: {when}",
            f"Time: {appointment.time}",
            "",
            closing,
            "Care4U Hospitals",
        ]
    )
    return Notification(
        notification_id=rules.new_id(),
        appointment_id=appointment.appointment_id,
        recipient=patient.email,
        event=event,
        subject=subject,
        body=body,
        created_at=created_at,
    )
