"""The ``store`` fixture: every contract test runs once per registered store.

To add a store, register a factory: a function taking pytest's ``tmp_path`` and returning
a context manager that yields a ready, empty store and cleans up on exit, e.g.::

    @store_factory("dynamodb-moto", pytest.mark.slow)
    @contextmanager
    def _dynamodb_moto(tmp_path: Path) -> Iterator[Store]:
        with mock_aws():
            yield DynamoDBStore(...)

The tests use only the ``Store`` protocol, so they need no change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.models import Doctor, User
from care4u_desktop.services.ports import Store
from tests.aws.support import dynamodb_moto_store, dynamodb_server_store
from tests.fakes import InMemoryStore, make_doctor, make_user

StoreFactory = Callable[[Path], AbstractContextManager[Store]]

#: name -> factory; the order here is the order the parametrized tests run in.
STORE_FACTORIES: dict[str, StoreFactory] = {}
#: name -> marks applied to that store's runs (e.g. ``pytest.mark.slow``).
STORE_MARKS: dict[str, tuple[pytest.MarkDecorator, ...]] = {}


def store_factory(
    name: str, *marks: pytest.MarkDecorator
) -> Callable[[StoreFactory], StoreFactory]:
    """Register ``factory`` under ``name`` for the contract suite."""

    def register(factory: StoreFactory) -> StoreFactory:
        if name in STORE_FACTORIES:
            raise ValueError(f"store factory {name!r} registered twice")
        STORE_FACTORIES[name] = factory
        STORE_MARKS[name] = marks
        return factory

    return register


@store_factory("sqlite")
@contextmanager
def _sqlite(tmp_path: Path) -> Iterator[Store]:
    yield SQLiteStore(tmp_path / "care4u.sqlite3")


@store_factory("memory")
@contextmanager
def _memory(tmp_path: Path) -> Iterator[Store]:
    yield InMemoryStore()


store_factory("dynamodb-moto", pytest.mark.slow)(dynamodb_moto_store)
store_factory("dynamodb-server", pytest.mark.slow)(dynamodb_server_store)


def _store_params() -> list[object]:
    return [pytest.param(name, id=name, marks=STORE_MARKS[name]) for name in STORE_FACTORIES]


@pytest.fixture(params=_store_params())
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with STORE_FACTORIES[request.param](tmp_path) as instance:
        yield instance


@dataclass(frozen=True)
class People:
    ada: User
    bob: User
    sarah: Doctor
    michael: Doctor


@pytest.fixture
def people(store: Store) -> People:
    """Two patients and two doctors, already stored (a store may insist on both)."""
    cast = People(
        ada=make_user("ada@example.com"),
        bob=make_user("bob@example.com"),
        sarah=make_doctor("doc-001", name="Sarah Johnson", specialization="Cardiology"),
        michael=make_doctor("doc-002", name="Michael Chen", specialization="Pediatrics"),
    )
    store.add_user(cast.ada)
    store.add_user(cast.bob)
    store.put_doctor(cast.sarah)
    store.put_doctor(cast.michael)
    return cast
