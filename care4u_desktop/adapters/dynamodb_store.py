"""The AWS store: DynamoDB tables the seed app can share, rules kept by conditional writes.

The layout (tables, guard items, indexes) is described in ``dynamodb_items``. Every
rule that must hold under concurrency is one ``TransactWriteItems`` whose conditions are
``attribute_not_exists`` on a guard item, so it costs the same whatever the size of the
tables, and two kiosks racing get one success and one clear conflict. No Scan runs on
the sign-up, log-in, availability, booking or history paths; only ``list_doctors`` scans
(a small table, cached by the service).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from ..domain.errors import (
    AlreadyCancelled,
    AppointmentNotFound,
    EmailAlreadyRegistered,
    PatientAlreadyBooked,
    ServiceUnavailable,
    SlotTaken,
    StatusChangeRefused,
)
from ..domain.models import Appointment, AppointmentStatus, Doctor, Notification, User
from ..services.ports import AttemptLimit, check_doctor_batch
from . import dynamodb_items as items
from . import dynamodb_logins as logins
from .aws_clients import error_code, unavailable_on_aws_errors
from .dynamodb_access import DynamoDBAccessRecords
from .dynamodb_tx import failed, owned_by, put, put_notification, transact

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

log = logging.getLogger(__name__)

#: Seed appointment ids are lower-case UUIDs; ids typed at reception arrive upper-cased.
_UPPER_UUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")


class DynamoDBStore(DynamoDBAccessRecords):
    """Implements ``services.ports.Store`` on DynamoDB. Thread-safe (boto3 clients are)."""

    def __init__(self, client: DynamoDBClient, table_prefix: str = "Care4U_") -> None:
        self._db = client
        self.tables = items.TableNames.with_prefix(table_prefix)
        self._audit_days_noted = set()

    # -- users -----------------------------------------------------------------------------
    def add_user(self, user: User) -> None:
        t = self.tables.users
        guard = items.email_guard_key(user.email)
        reasons = transact(
            self._db,
            "add_user",
            [
                put(t, items.user_item(user), "user_id"),
                put(t, items.guard_item("user_id", guard, user.user_id), "user_id"),
            ],
        )
        if reasons is None or owned_by(reasons, 1, user.user_id):
            return  # done (or done by an earlier attempt whose answer was lost)
        raise EmailAlreadyRegistered()

    def get_user(self, user_id: str) -> User | None:
        item = self._get(self.tables.users, "user_id", user_id)
        return items.user_from_item(item) if item and items.is_user_item(item) else None

    def get_users(self, user_ids: Sequence[str]) -> dict[str, User]:
        found = self._batch_get("get_users", self.tables.users, "user_id", user_ids)
        users = (items.user_from_item(item) for item in found if items.is_user_item(item))
        return {user.user_id: user for user in users}

    def find_user_by_email(self, email: str) -> User | None:
        # Two strongly consistent reads: the guard names the user. No Scan, no index.
        guard = self._get(self.tables.users, "user_id", items.email_guard_key(email))
        owner = str(guard[items.GUARD_OWNER]) if guard and items.GUARD_OWNER in guard else None
        # An unknown email costs two reads as well (the second finds no user), so how long
        # a log-in takes does not tell whether the email has an account.
        user = self.get_user(owner or items.login_attempts_key(email))
        return user if owner else None

    def find_users_by_phone(self, phone: str) -> list[User]:
        pages = self._db.get_paginator("query").paginate(
            TableName=self.tables.users,
            IndexName=items.PHONE_INDEX,
            KeyConditionExpression="phone = :phone",
            ExpressionAttributeValues={":phone": {"S": phone}},
        )
        found = [
            items.user_from_item(i)
            for i in self._drain("find_users_by_phone", pages)
            if items.is_user_item(i)
        ]
        return sorted(found, key=lambda u: (u.name, u.user_id))

    def replace_password_hash(self, user_id: str, old_hash: str, new_hash: str) -> None:
        # Only a real user whose hash is still the old one: never creates an item.
        self._update_existing(
            "replace_password_hash",
            self.tables.users,
            items.key("user_id", user_id),
            "SET password_hash = :new",
            "attribute_exists(email) AND password_hash = :old",
            {":new": {"S": new_hash}, ":old": {"S": old_hash}},
        )

    # -- log-in attempts (see dynamodb_logins) --------------------------------------------
    def claim_login_attempt(self, email: str, now_s: int, limit: AttemptLimit) -> int | None:
        return logins.claim_attempt(self._db, self.tables.users, email, now_s, limit)

    def clear_login_attempts(self, email: str) -> None:
        logins.clear_attempts(self._db, self.tables.users, email)

    # -- doctors ---------------------------------------------------------------------------
    def list_doctors(self) -> list[Doctor]:
        pages = self._db.get_paginator("scan").paginate(
            TableName=self.tables.doctors, ConsistentRead=True
        )
        found = [items.doctor_from_item(i) for i in self._drain("list_doctors", pages)]
        return sorted(found, key=lambda d: (d.name, d.doctor_id))

    def get_doctor(self, doctor_id: str) -> Doctor | None:
        item = self._get(self.tables.doctors, "doctor_id", doctor_id)
        return items.doctor_from_item(item) if item else None

    def put_doctor(self, doctor: Doctor) -> None:
        with unavailable_on_aws_errors("put_doctor"):
            self._db.update_item(**self._doctor_update(doctor))

    def put_doctors(self, doctors: Sequence[Doctor]) -> None:
        """One ``TransactWriteItems``: all of them or none. It holds at most 100 writes, so
        the port refuses more in one call (``MAX_DOCTORS_PER_WRITE``) on every store."""
        check_doctor_batch(doctors)
        # A transaction may not touch one item twice; as in SQLite, the last one wins.
        latest = {d.doctor_id: d for d in doctors}
        if len(latest) < 2:  # nothing, or one write that is atomic by itself
            for doctor in latest.values():
                self.put_doctor(doctor)
            return
        writes: list[TransactWriteItemTypeDef] = [
            {"Update": self._doctor_update(d)} for d in latest.values()
        ]
        transact(self._db, "put_doctors", writes)  # no conditions: None, or unavailable

    def _doctor_update(self, doctor: Doctor) -> Any:
        # An update, not a put: attributes the seed app (or a later release) added survive.
        fields = items.doctor_fields(doctor)
        return {
            "TableName": self.tables.doctors,
            "Key": items.key("doctor_id", doctor.doctor_id),
            "UpdateExpression": "SET " + ", ".join(f"#f{i} = :v{i}" for i in range(len(fields))),
            "ExpressionAttributeNames": {f"#f{i}": name for i, name in enumerate(fields)},
            "ExpressionAttributeValues": {
                f":v{i}": items.wire_value(v) for i, v in enumerate(fields.values())
            },
        }

    # -- appointments ----------------------------------------------------------------------
    def _held(
        self, caller: str, index: str, condition: str, values: dict[str, Any], projection: str
    ) -> list[items.PyItem]:
        """The bookings that hold their slot (every status but cancelled: checked in, no-show
        ...) matching ``condition`` on ``index``; ``#d`` is the date and ``#t`` the time."""
        pages = self._db.get_paginator("query").paginate(
            TableName=self.tables.appointments,
            IndexName=index,
            KeyConditionExpression=condition,
            FilterExpression="#s <> :cancelled",
            ProjectionExpression=projection,
            ExpressionAttributeNames={"#d": "date", "#s": "status", "#t": "time"},
            ExpressionAttributeValues={
                **values,
                ":cancelled": {"S": AppointmentStatus.CANCELLED.value},
            },
        )
        return self._drain(caller, pages)

    def booked_times(self, doctor_id: str, day: str) -> set[str]:
        held = self._held(
            "booked_times",
            items.DOCTOR_DATE_INDEX,
            "doctor_id = :doctor AND #d = :day",
            {":doctor": {"S": doctor_id}, ":day": {"S": day}},
            "#t",
        )
        return {str(i["time"]) for i in held}

    def booked_times_between(
        self, doctor_ids: Sequence[str], first_day: str, last_day: str
    ) -> set[tuple[str, str, str]]:
        # The index is keyed by doctor, so one Query per doctor (each a date range, never a
        # Scan): a handful for a specialization, however many days are searched.
        taken: set[tuple[str, str, str]] = set()
        for doctor_id in dict.fromkeys(doctor_ids):
            held = self._held(
                "booked_times_between",
                items.DOCTOR_DATE_INDEX,
                "doctor_id = :doctor AND #d BETWEEN :first AND :last",
                {":doctor": {"S": doctor_id}, ":first": {"S": first_day}, ":last": {"S": last_day}},
                "#d, #t",
            )
            taken.update((doctor_id, str(i["date"]), str(i["time"])) for i in held)
        return taken

    def all_booked_times_between(self, first_day: str, last_day: str) -> set[tuple[str, str, str]]:
        # A partition of index date_time is one day: one Query per day (pages of 1 MB, a
        # few thousand bookings each), however many doctors there are.
        taken: set[tuple[str, str, str]] = set()
        day, last = date.fromisoformat(first_day), date.fromisoformat(last_day)
        while day <= last:
            held = self._held(
                "all_booked_times_between",
                items.DATE_INDEX,
                "#d = :day",
                {":day": {"S": day.isoformat()}},
                "doctor_id, #t",
            )
            taken.update((str(i["doctor_id"]), day.isoformat(), str(i["time"])) for i in held)
            day += timedelta(days=1)
        return taken

    def all_booked_ahead_between(self, first_day: str, last_day: str) -> set[tuple[str, str, str]]:
        # One Query over the whole range (index status_date: status, date), paged by 1 MB
        # of small items (~10,000 bookings a page): not one per day like date_time.
        pages = self._db.get_paginator("query").paginate(
            TableName=self.tables.appointments,
            IndexName=items.STATUS_INDEX,
            KeyConditionExpression="#s = :booked AND #d BETWEEN :first AND :last",
            ProjectionExpression="doctor_id, #d, #t",
            ExpressionAttributeNames={"#d": "date", "#s": "status", "#t": "time"},
            ExpressionAttributeValues={
                ":booked": {"S": AppointmentStatus.BOOKED.value},
                ":first": {"S": first_day},
                ":last": {"S": last_day},
            },
        )
        held = self._drain("all_booked_ahead_between", pages)
        return {(str(i["doctor_id"]), str(i["date"]), str(i["time"])) for i in held}

    def book(self, appointment: Appointment, notification: Notification) -> None:
        a = appointment
        t = self.tables.appointments
        writes = [
            put(t, items.appointment_item(a), "appointment_id"),
            self._claim(items.slot_guard_key(a.doctor_id, a.date, a.time), a.appointment_id),
            self._claim(items.patient_guard_key(a.user_id, a.date, a.time), a.appointment_id),
            put_notification(self.tables.notifications, notification),
        ]
        reasons = transact(self._db, "book", writes)
        if reasons is None or owned_by(reasons, 1, a.appointment_id):
            return  # booked (possibly by an earlier attempt whose answer was lost)
        if failed(reasons, 1):
            raise SlotTaken()
        if failed(reasons, 2):
            raise PatientAlreadyBooked()
        # The appointment or notification id is already in use: a caller's bug, not a rule.
        log.error("book: appointment or notification id collision")
        raise ServiceUnavailable()

    def cancel(
        self, appointment_id: str, cancelled_at: str, notification: Notification
    ) -> Appointment:
        current = self._existing(appointment_id)
        if current.status is AppointmentStatus.CANCELLED:
            raise AlreadyCancelled()
        if current.status is not AppointmentStatus.BOOKED:
            raise StatusChangeRefused()  # checked in or no-show: staff business now
        return self._change_status(
            current, AppointmentStatus.CANCELLED, notification, {"cancelled_at": cancelled_at}
        )

    def set_appointment_status(
        self, appointment_id: str, expected: AppointmentStatus, new: AppointmentStatus
    ) -> Appointment:
        current = self._existing(appointment_id)
        if current.status is not expected:
            raise StatusChangeRefused()
        return self._change_status(current, new, None, {})

    def _existing(self, appointment_id: str) -> Appointment:
        current = self.get_appointment(appointment_id)
        if current is None:
            raise AppointmentNotFound()
        return current

    def _change_status(
        self,
        current: Appointment,
        new: AppointmentStatus,
        notification: Notification | None,
        also_set: dict[str, str],
    ) -> Appointment:
        """One transaction: the status (only if still ``current.status``), the guards freed
        or claimed when the slot is let go or taken back, and the notification if any."""
        guards = [
            items.slot_guard_key(current.doctor_id, current.date, current.time),
            items.patient_guard_key(current.user_id, current.date, current.time),
        ]
        releasing = current.status.holds_slot and not new.holds_slot
        claiming = new.holds_slot and not current.status.holds_slot
        for _ in range(len(guards) + 1):
            writes = [self._status_update(current, new, also_set)]
            if releasing:
                writes += [self._release(g, current.appointment_id) for g in guards]
            if claiming:
                writes += [self._claim(g, current.appointment_id) for g in guards]
            if notification is not None:
                writes.append(put_notification(self.tables.notifications, notification))
            reasons = transact(self._db, "change_status", writes)
            if reasons is None or (notification is not None and failed(reasons, len(writes) - 1)):
                # Done; or our notification is already stored, i.e. an earlier attempt of
                # this very call committed and its answer was lost.
                return replace(current, status=new)
            if failed(reasons, 0):
                raise self._lost_race(current.appointment_id, new)
            if claiming:
                if failed(reasons, 1) and not owned_by(reasons, 1, current.appointment_id):
                    raise SlotTaken()
                raise PatientAlreadyBooked()
            # A guard belongs to another appointment (a double booking adopted from the
            # seed app): leave it to its owner, free only what is ours.
            guards = [g for i, g in enumerate(guards, start=1) if not failed(reasons, i)]
        raise ServiceUnavailable()

    def _lost_race(self, appointment_id: str, wanted: AppointmentStatus) -> Exception:
        """Someone changed the status between our read and our write: say what happened."""
        now = self.get_appointment(appointment_id)
        if now is None:
            return AppointmentNotFound()
        if wanted is AppointmentStatus.CANCELLED and now.status is AppointmentStatus.CANCELLED:
            return AlreadyCancelled()
        return StatusChangeRefused()

    def _status_update(
        self, current: Appointment, new: AppointmentStatus, also_set: dict[str, str]
    ) -> TransactWriteItemTypeDef:
        names = {"#s": "status", **{f"#a{i}": k for i, k in enumerate(also_set)}}
        values = {
            ":new": {"S": new.value},
            ":expected": {"S": current.status.value},
            **{f":a{i}": {"S": v} for i, v in enumerate(also_set.values())},
        }
        sets = ["#s = :new"] + [f"#a{i} = :a{i}" for i in range(len(also_set))]
        return {
            "Update": {
                "TableName": self.tables.appointments,
                "Key": items.key("appointment_id", current.appointment_id),
                "UpdateExpression": "SET " + ", ".join(sets),
                "ConditionExpression": "attribute_exists(doctor_id) AND #s = :expected",
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
            }
        }

    def _release(self, guard: str, owner: str) -> TransactWriteItemTypeDef:
        return {
            "Delete": {
                "TableName": self.tables.appointments,
                "Key": items.key("appointment_id", guard),
                "ConditionExpression": "attribute_not_exists(appointment_id) OR #o = :me",
                "ExpressionAttributeNames": {"#o": items.GUARD_OWNER},
                "ExpressionAttributeValues": {":me": {"S": owner}},
            }
        }

    def _claim(self, guard: str, owner: str) -> TransactWriteItemTypeDef:
        return put(
            self.tables.appointments,
            items.guard_item("appointment_id", guard, owner),
            "appointment_id",
        )

    def get_appointment(self, appointment_id: str) -> Appointment | None:
        found = self._get_appointment(appointment_id)
        if found is None and _UPPER_UUID.match(appointment_id):
            found = self._get_appointment(appointment_id.lower())  # a seed app's id
        return found

    def _get_appointment(self, appointment_id: str) -> Appointment | None:
        if not appointment_id or items.is_guard_key(appointment_id):
            return None
        item = self._get(self.tables.appointments, "appointment_id", appointment_id)
        return (
            items.appointment_from_item(item) if item and items.is_appointment_item(item) else None
        )

    def appointments_for_user(self, user_id: str) -> list[Appointment]:
        pages = self._db.get_paginator("query").paginate(
            TableName=self.tables.appointments,
            IndexName=items.USER_DATE_INDEX,
            KeyConditionExpression="user_id = :user",
            ExpressionAttributeValues={":user": {"S": user_id}},
        )
        return self._appointments("appointments_for_user", pages)

    def appointments_for_doctor_day(self, doctor_id: str, day: str) -> list[Appointment]:
        pages = self._db.get_paginator("query").paginate(
            TableName=self.tables.appointments,
            IndexName=items.DOCTOR_DATE_INDEX,
            KeyConditionExpression="doctor_id = :doctor AND #d = :day",
            ExpressionAttributeNames={"#d": "date"},
            ExpressionAttributeValues={":doctor": {"S": doctor_id}, ":day": {"S": day}},
        )
        return self._appointments("appointments_for_doctor_day", pages)

    def _appointments(self, what: str, pages: Iterable[Any]) -> list[Appointment]:
        found = [
            items.appointment_from_item(i)
            for i in self._drain(what, pages)
            if items.is_appointment_item(i)
        ]
        return sorted(found, key=items.appointment_sort_key)

    # -- notifications ---------------------------------------------------------------------
    def pending_notifications(self, limit: int = 100) -> list[Notification]:
        if limit <= 0:
            return []
        pages = self._db.get_paginator("query").paginate(
            TableName=self.tables.notifications,
            IndexName=items.PENDING_INDEX,
            KeyConditionExpression="pending = :yes",
            ExpressionAttributeValues={":yes": {"S": items.PENDING_YES}},
            ScanIndexForward=True,
            PaginationConfig={"MaxItems": limit, "PageSize": min(limit, 100)},
        )
        ids = [str(i["notification_id"]) for i in self._drain("pending_notifications", pages)]
        # An index is eventually consistent: confirm each with a consistent read, so one
        # that was just sent is never sent twice.
        fresh = self._batch_get_notifications(ids[:limit])
        return [n for n in fresh if n.pending]

    def all_notifications(self, limit: int = 500) -> list[Notification]:
        if limit <= 0:
            return []
        pages = self._db.get_paginator("query").paginate(
            TableName=self.tables.notifications,
            IndexName=items.FEED_INDEX,
            KeyConditionExpression="feed = :all",
            ExpressionAttributeValues={":all": {"S": items.FEED_ALL}},
            ScanIndexForward=False,
            PaginationConfig={"MaxItems": limit, "PageSize": min(limit, 100)},
        )
        found = self._drain("all_notifications", pages)
        return [items.notification_from_item(i) for i in found[:limit]]

    def mark_notification_sent(self, notification_id: str, sent_at: str) -> None:
        self._update_notification(
            "mark_notification_sent",
            notification_id,
            "SET sent_at = :at, attempts = if_not_exists(attempts, :zero) + :one"
            " REMOVE last_error, pending",
            {":at": {"S": sent_at}},
        )

    def mark_notification_failed(self, notification_id: str, error: str) -> None:
        self._update_notification(
            "mark_notification_failed",
            notification_id,
            "SET last_error = :err, attempts = if_not_exists(attempts, :zero) + :one",
            {":err": {"S": error[:500]}},
        )

    def _update_notification(
        self, what: str, notification_id: str, expression: str, values: dict[str, Any]
    ) -> None:
        self._update_existing(
            what,
            self.tables.notifications,
            items.key("notification_id", notification_id),
            expression,
            "attribute_exists(notification_id)",
            {**values, ":zero": {"N": "0"}, ":one": {"N": "1"}},
        )

    def _update_existing(
        self,
        what: str,
        table: str,
        key: items.WireItem,
        expression: str,
        condition: str,
        values: dict[str, Any],
    ) -> None:
        """update_item on an item that exists; an unknown one is ignored, as in every store."""
        with unavailable_on_aws_errors(what):
            try:
                self._db.update_item(
                    TableName=table,
                    Key=key,
                    UpdateExpression=expression,
                    ConditionExpression=condition,
                    ExpressionAttributeValues=values,
                )
            except ClientError as exc:
                if error_code(exc) != "ConditionalCheckFailedException":
                    raise

    def _batch_get_notifications(self, ids: list[str]) -> list[Notification]:
        found = self._batch_get(
            "pending_notifications", self.tables.notifications, "notification_id", ids
        )
        by_id = {n.notification_id: n for n in map(items.notification_from_item, found)}
        return [by_id[i] for i in ids if i in by_id]

    def _batch_get(
        self, what: str, table: str, key_name: str, ids: Sequence[str]
    ) -> list[items.PyItem]:
        """The items of ``ids`` that exist: strongly consistent BatchGetItem, 100 keys a
        request (its limit), the keys DynamoDB leaves unprocessed asked for again."""
        found: list[items.PyItem] = []
        wanted = list(dict.fromkeys(ids))
        for start in range(0, len(wanted), 100):
            keys = [items.key(key_name, i) for i in wanted[start : start + 100]]
            for _ in range(5):
                if not keys:
                    break
                with unavailable_on_aws_errors(what):
                    answer = self._db.batch_get_item(
                        RequestItems={table: {"Keys": keys, "ConsistentRead": True}}
                    )
                found += map(items.from_wire, answer.get("Responses", {}).get(table, []))
                unprocessed = answer.get("UnprocessedKeys", {}).get(table)
                keys = [dict(k) for k in unprocessed["Keys"]] if unprocessed else []
            if keys:
                raise ServiceUnavailable()
        return found

    # -- plumbing --------------------------------------------------------------------------
    def _get(self, table: str, key_name: str, key_value: str) -> items.PyItem | None:
        with unavailable_on_aws_errors("get_item"):
            answer = self._db.get_item(
                TableName=table, Key=items.key(key_name, key_value), ConsistentRead=True
            )
        raw = answer.get("Item")
        return items.from_wire(raw) if raw else None

    def _drain(self, what: str, pages: Iterable[Any]) -> list[items.PyItem]:
        found: list[items.PyItem] = []
        with unavailable_on_aws_errors(what):
            for page in pages:
                found.extend(items.from_wire(i) for i in page.get("Items", []))
        return found
