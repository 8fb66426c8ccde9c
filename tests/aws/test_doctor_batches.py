"""seed-doctors on DynamoDB: one TransactWriteItems of updates, so a doctor the table cannot
take leaves every other doctor of the file as it was (the contract suite has the rest)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from care4u_desktop.domain.errors import ServiceUnavailable
from tests.aws.support import AwsWorld
from tests.aws.test_dynamodb_layout import Calls
from tests.fakes import make_doctor


def test_a_doctor_the_table_refuses_takes_the_whole_batch_with_it(world: AwsWorld) -> None:
    sarah = make_doctor("doc-001", name="Sarah Johnson")
    world.store.put_doctor(sarah)
    renamed = replace(sarah, name="Sarah Johnson-Smith")
    newcomer = make_doctor("doc-002", name="Michael Chen")
    too_big = make_doctor("doc-003", name="M" * 420_000)  # an item over DynamoDB's 400 KB

    with pytest.raises(ServiceUnavailable):
        world.store.put_doctors([renamed, newcomer, too_big])

    assert world.store.list_doctors() == [sarah]


def test_a_batch_is_one_transaction_of_updates(world: AwsWorld) -> None:
    db = world.store._db
    db.put_item(
        TableName=world.store.tables.doctors,
        Item={"doctor_id": {"S": "doc-001"}, "name": {"S": "Old"}, "room": {"S": "B12"}},
    )
    calls = Calls(db)
    doctors = [make_doctor(f"doc-{n:03d}", name=f"Doctor {n:03d}") for n in range(1, 101)]

    world.store.put_doctors(doctors)

    assert calls.take() == {"TransactWriteItems": 1}
    assert len(world.store.list_doctors()) == 100
    # An update, not a put: an attribute the seed app (or a later release) added survives.
    kept = db.get_item(TableName=world.store.tables.doctors, Key={"doctor_id": {"S": "doc-001"}})
    assert kept["Item"]["room"] == {"S": "B12"}
    assert kept["Item"]["name"] == {"S": "Doctor 001"}
