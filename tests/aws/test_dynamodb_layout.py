"""What is particular to DynamoDB (the behaviour all stores share is in tests/contract):
the calls each path makes, where the guard items live, and how cancelled transactions read."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from care4u_desktop.adapters import dynamodb_items as items
from care4u_desktop.domain.errors import ServiceUnavailable
from care4u_desktop.domain.models import AppointmentStatus, AuditEntry
from care4u_desktop.services.accounts import LOGIN_LIMIT
from tests.aws.support import AwsWorld, Body
from tests.fakes import make_appointment, make_doctor, make_notification, make_user


class Calls:
    """The DynamoDB operations a client makes (with the index, if any)."""

    def __init__(self, client: Any) -> None:
        self.made: Counter[str] = Counter()
        client.meta.events.register("before-parameter-build.dynamodb", self._record)

    def _record(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        index = params.get("IndexName")
        self.made[f"{model.name}:{index}" if index else model.name] += 1

    def take(self) -> Counter[str]:
        made, self.made = self.made, Counter()
        return made


@pytest.fixture
def booked(world: AwsWorld) -> tuple[Any, ...]:
    ada = make_user("ada@example.com")
    doctor = make_doctor("doc-001")
    world.store.add_user(ada)
    world.store.put_doctor(doctor)
    appointment = make_appointment(ada, doctor, "2030-01-08", "09:00")
    world.store.book(appointment, make_notification(appointment, ada.email))
    return ada, doctor, appointment


def test_each_path_makes_the_planned_calls_and_never_scans(
    world: AwsWorld, booked: tuple[Any, ...]
) -> None:
    ada, doctor, _appointment = booked
    store = world.new_store()
    calls = Calls(store._db)

    store.find_user_by_email("ada@example.com")
    assert calls.take() == {"GetItem": 2}  # the guard, then the user; both consistent
    store.find_user_by_email("nobody@example.com")
    assert calls.take() == {"GetItem": 2}  # unknown: as many reads, so as long
    store.claim_login_attempt("ada@example.com", 1_900_000_000, LOGIN_LIMIT)
    assert calls.take() == {"UpdateItem": 1}  # the usual claim: one conditional write

    store.add_user(make_user("bob@example.com"))
    assert calls.take() == {"TransactWriteItems": 1}

    store.booked_times("doc-001", "2030-01-08")
    assert calls.take() == {"Query:doctor_date": 1}
    store.all_booked_times_between("2030-01-08", "2030-01-09")
    assert calls.take() == {"Query:date_time": 2}  # a day per Query, every doctor in it
    store.all_booked_ahead_between("2030-01-09", "2030-03-08")
    assert calls.take() == {"Query:status_date": 1}  # the whole range, every doctor in it

    other = make_appointment(ada, doctor, "2030-01-08", "10:00")
    store.book(other, make_notification(other))
    assert calls.take() == {"TransactWriteItems": 1}

    store.appointments_for_user(ada.user_id)
    assert calls.take() == {"Query:user_date": 1}

    store.cancel(other.appointment_id, "2030-01-07T11:00", make_notification(other))
    assert calls.take() == {"GetItem": 1, "TransactWriteItems": 1}

    store.pending_notifications()
    assert calls.take() == {"Query:pending_created": 1, "BatchGetItem": 1}

    store.list_doctors()
    assert calls.take() == {"Scan": 1}  # the one scan: a small table, cached by the service


def test_guard_items_hold_only_their_key_and_owner_and_no_index_sees_them(
    world: AwsWorld, booked: tuple[Any, ...]
) -> None:
    ada, _doctor, appointment = booked
    db = world.store._db
    t = world.store.tables

    def raw(table: str, key_name: str, key: str) -> dict[str, Any]:
        got = db.get_item(TableName=table, Key=items.key(key_name, key), ConsistentRead=True)
        return items.from_wire(got["Item"])

    email_guard = raw(t.users, "user_id", "EMAIL#ada@example.com")
    slot_guard = raw(t.appointments, "appointment_id", "SLOT#doc-001#2030-01-08#09:00")
    time_guard = raw(t.appointments, "appointment_id", f"PATIENT#{ada.user_id}#2030-01-08#09:00")
    assert email_guard == {"user_id": "EMAIL#ada@example.com", "guard_for": ada.user_id}
    assert slot_guard == {
        "appointment_id": "SLOT#doc-001#2030-01-08#09:00",
        "guard_for": appointment.appointment_id,
    }
    assert time_guard == {
        "appointment_id": f"PATIENT#{ada.user_id}#2030-01-08#09:00",
        "guard_for": appointment.appointment_id,
    }
    # Reading by key never mistakes a guard for a record.
    assert world.store.get_user("EMAIL#ada@example.com") is None
    assert world.store.get_appointment("SLOT#doc-001#2030-01-08#09:00") is None
    # No index holds a guard: every index item is a real record.
    for table, index, key in [
        (t.appointments, items.DOCTOR_DATE_INDEX, "appointment_id"),
        (t.appointments, items.USER_DATE_INDEX, "appointment_id"),
        (t.appointments, items.DATE_INDEX, "appointment_id"),
        (t.users, items.PHONE_INDEX, "user_id"),
    ]:
        found = [items.from_wire(i) for i in db.scan(TableName=table, IndexName=index)["Items"]]
        assert found
        assert not any(items.is_guard_key(str(i[key])) or items.GUARD_OWNER in i for i in found)


def test_the_outbox_index_holds_exactly_the_unsent(
    world: AwsWorld, booked: tuple[Any, ...]
) -> None:
    _, _, _appointment = booked
    db = world.store._db
    t = world.store.tables
    (note,) = world.store.pending_notifications()

    def pending_index() -> list[str]:
        found = db.scan(TableName=t.notifications, IndexName=items.PENDING_INDEX)["Items"]
        return [i["notification_id"]["S"] for i in found]

    assert pending_index() == [note.notification_id]
    world.store.mark_notification_failed(note.notification_id, "down")
    assert pending_index() == [note.notification_id]
    world.store.mark_notification_sent(note.notification_id, "2030-01-07T10:31:00+01:00")
    assert pending_index() == []
    assert [n.notification_id for n in world.store.all_notifications()] == [note.notification_id]


def test_a_retry_after_a_lost_answer_is_not_a_conflict(
    world: AwsWorld, booked: tuple[Any, ...]
) -> None:
    """The transaction committed but its answer never arrived; boto3 (or the caller) tries
    again: the booking is reported made, not "slot taken", and made once."""
    ada, doctor, _ = booked
    again = make_appointment(ada, doctor, "2030-01-09", "09:00")
    note = make_notification(again)
    world.store.book(again, note)

    world.store.book(again, note)  # the same request once more

    assert world.store.appointments_for_user(ada.user_id).count(again) == 1
    user = make_user("grace@example.com")
    world.store.add_user(user)
    world.store.add_user(user)
    assert world.store.find_user_by_email("grace@example.com") == user


def test_a_persistent_transaction_conflict_is_service_unavailable(
    server_world: AwsWorld,
) -> None:
    """Real DynamoDB cancels a transaction that meets another on the same item with
    ``TransactionConflict``: tried again a few times, then one plain error."""
    world = server_world
    ada, doctor = make_user("ada@example.com"), make_doctor("doc-001")
    world.store.add_user(ada)
    world.store.put_doctor(doctor)
    store = world.new_store()
    body = json.dumps(
        {
            "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
            "message": "Transaction cancelled, please refer cancellation reasons for specific"
            " reasons [None, TransactionConflict, None, None]",
            "CancellationReasons": [
                {"Code": "None"},
                {"Code": "TransactionConflict", "Message": "Transaction is ongoing"},
                {"Code": "None"},
                {"Code": "None"},
            ],
        }
    ).encode()
    answered = {"n": 0}

    def conflict(request: Any, **_: Any) -> Any:
        answered["n"] += 1
        return AWSResponse(request.url, 400, {}, Body(body))

    store._db.meta.events.register_first("before-send.dynamodb.TransactWriteItems", conflict)
    appointment = make_appointment(ada, doctor)

    with pytest.raises(ServiceUnavailable):
        store.book(appointment, make_notification(appointment))
    assert answered["n"] == 4  # the first try and three more
    assert world.store.get_appointment(appointment.appointment_id) is None


def test_seed_style_lower_case_ids_are_found_when_typed_upper_case(world: AwsWorld) -> None:
    seed_id = "3f2b8c1e-9a4d-4e5f-8a7b-1c2d3e4f5a6b"
    ada, doctor = make_user("ada@example.com"), make_doctor("doc-001")
    appointment = make_appointment(ada, doctor, appointment_id=seed_id)
    world.store.book(appointment, make_notification(appointment))

    assert world.store.get_appointment(seed_id.upper()) == appointment
    cancelled = world.store.cancel(
        seed_id.upper(), "2030-01-07T11:00", make_notification(appointment)
    )
    assert cancelled.appointment_id == seed_id
    assert cancelled.status is AppointmentStatus.CANCELLED


def test_the_servers_paths_make_the_planned_calls_and_never_scan(world: AwsWorld) -> None:
    store = world.new_store()
    calls = Calls(store._db)

    store.get_device("dev-1")
    assert calls.take() == {"GetItem": 1}  # every request's device check: one read
    store.get_session("ses-1")
    store.touch_session("ses-1", 2_000)
    assert calls.take() == {"GetItem": 1, "UpdateItem": 1}
    assert store.claim_request("device:dev-1", 6_000, 60, 1) is True
    assert store.claim_request("device:dev-1", 6_000, 60, 1) is False
    assert calls.take() == {"UpdateItem": 2}  # counted or refused in one write each
    for n, day in enumerate(["2030-01-07", "2030-01-07", "2030-01-09"]):
        store.append_audit(AuditEntry(f"e{n}", f"{day}T09:0{n}:00+00:00", "sign_in", "d", "u1"))
    # The day is listed once per process and day, then each entry is one conditional put.
    assert calls.take() == {"UpdateItem": 2, "PutItem": 3}

    assert [e.entry_id for e in store.audit_entries(since="2030-01-01")] == ["e0", "e1", "e2"]
    # The listed days, then one Query per day that has entries: no Scan, no empty day.
    assert calls.take() == {"GetItem": 1, "Query": 2}
    assert [e.entry_id for e in store.audit_entries(user_id="u1")] == ["e0", "e1", "e2"]
    assert calls.take() == {"Query:actor_time": 1, "Query:target_user_time": 1}


def test_audit_items_are_keyed_by_day_and_time_and_indexed_by_both_users(
    world: AwsWorld,
) -> None:
    entry = AuditEntry(
        "e1",
        "2030-01-07T09:00:00+00:00",
        "check_in",
        "desk-1",
        "staff-1",
        (("appointment_id", "A1"), ("user_id", "pat-1")),
    )
    failed = AuditEntry("e2", "2030-01-07T09:05:00+00:00", "sign_in_failed", "kiosk-1", "")
    world.store.append_audit(entry)
    world.store.append_audit(failed)
    db = world.store._db

    item = db.get_item(
        TableName=world.store.tables.audit,
        Key={"day": {"S": "2030-01-07"}, "sk": {"S": "2030-01-07T09:00:00+00:00#e1"}},
    )["Item"]
    assert (item["actor_user_id"], item["target_user_id"]) == ({"S": "staff-1"}, {"S": "pat-1"})
    # Nobody acted on a failed sign-in: the entry is in neither user index.
    for index, user in (("actor_time", "actor_user_id"), ("target_user_time", "target_user_id")):
        keys = db.scan(TableName=world.store.tables.audit, IndexName=index)["Items"]
        assert [k["entry_id"]["S"] for k in keys] == ["e1"], (index, user)
