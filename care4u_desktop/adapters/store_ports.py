"""Which ports each store implements, checked by mypy: a store that loses a method of a
port, or changes its signature, fails the type check here, naming the port and the method.

Nothing imports this module at run time (it holds only ``TYPE_CHECKING`` code). The
composition root hands one store to each service as the narrow ports the service takes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..services.ports import (
        AppointmentStore,
        AuditStore,
        DeviceStore,
        DoctorStore,
        Outbox,
        RequestCounter,
        SessionStore,
        Store,
        UserStore,
    )
    from .dynamodb_store import DynamoDBStore
    from .sqlite_store import SQLiteStore

    def implements(
        *,
        users: UserStore,
        doctors: DoctorStore,
        appointments: AppointmentStore,
        outbox: Outbox,
        devices: DeviceStore,
        sessions: SessionStore,
        requests: RequestCounter,
        audit: AuditStore,
        whole: Store,
    ) -> None:
        """Every port of a backend (``services.ports.Store``), one by one, then as a whole."""

    def sqlite_store(store: SQLiteStore) -> None:
        implements(
            users=store,
            doctors=store,
            appointments=store,
            outbox=store,
            devices=store,
            sessions=store,
            requests=store,
            audit=store,
            whole=store,
        )

    def dynamodb_store(store: DynamoDBStore) -> None:
        implements(
            users=store,
            doctors=store,
            appointments=store,
            outbox=store,
            devices=store,
            sessions=store,
            requests=store,
            audit=store,
            whole=store,
        )
