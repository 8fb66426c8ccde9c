"""Contract for ``Store.put_doctors`` (seed-doctors): many doctors in one call, all or none."""

from __future__ import annotations

from dataclasses import replace

import pytest

from care4u_desktop.domain.models import Doctor
from care4u_desktop.services.ports import MAX_DOCTORS_PER_WRITE, Store
from tests.fakes import make_doctor

from .conftest import People


def _many(count: int) -> list[Doctor]:
    return [make_doctor(f"doc-{n:03d}", name=f"Doctor {n:03d}") for n in range(count)]


def test_put_doctors_adds_new_and_replaces_known_ones_in_one_call(
    store: Store, people: People
) -> None:
    renamed = replace(people.sarah, name="Sarah Johnson-Smith", available_slots=("14:00", "08:00"))
    newcomer = make_doctor("doc-100", name="Ada Nwosu", specialization="Radiology")

    store.put_doctors([renamed, newcomer])

    assert store.get_doctor("doc-001") == replace(renamed, available_slots=("08:00", "14:00"))
    assert store.get_doctor("doc-100") == newcomer
    assert store.get_doctor("doc-002") == people.michael  # not named: left as it was
    assert [d.doctor_id for d in store.list_doctors()] == ["doc-100", "doc-002", "doc-001"]


def test_put_doctors_takes_the_most_one_call_allows(store: Store) -> None:
    doctors = _many(MAX_DOCTORS_PER_WRITE)

    store.put_doctors(doctors)

    assert len(store.list_doctors()) == MAX_DOCTORS_PER_WRITE == 100


def test_put_doctors_refuses_more_than_that_and_stores_none(store: Store, people: People) -> None:
    doctors = _many(MAX_DOCTORS_PER_WRITE + 1)
    doctors[1] = replace(people.sarah, name="Not Stored")  # doc-001 would be renamed

    with pytest.raises(ValueError, match="at most 100 doctors, not 101"):
        store.put_doctors(doctors)

    assert store.list_doctors() == [people.michael, people.sarah]


def test_put_doctors_with_one_id_twice_stores_the_last(store: Store) -> None:
    first = make_doctor("doc-001", name="First Name")
    last = replace(first, name="Last Name")

    store.put_doctors([first, make_doctor("doc-002"), last])

    assert store.get_doctor("doc-001") == last
    assert len(store.list_doctors()) == 2


def test_put_doctors_of_none_changes_nothing(store: Store, people: People) -> None:
    store.put_doctors([])

    assert store.list_doctors() == [people.michael, people.sarah]
