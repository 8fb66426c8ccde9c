"""The audit trail: who did what to which records, from which device, appended as it happens.

The services record their own actions (sign-in, booking, check-in ...) through an ``Audit``.
Which device acted is not a parameter of every use case: it is the ``acting_device``
context (the server sets it per request to the enrolled device's id), else the default the
composition root gave the ``AuditLog`` (``local:<hostname>`` for the desktop, ``cli`` for
``care4u-admin``).

Recording is best effort: the booking a patient was told about is stored whether or not
its audit line could be, so a failure to append is logged (the action and the error's
type, no ids that could identify a person) and the use case goes on.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Protocol

from ..domain.models import AUDIT_ACTIONS, AuditEntry
from .ports import AuditStore

log = logging.getLogger(__name__)

#: The kinds of record an entry may point at; anything else is a programming slip.
TARGET_KINDS = frozenset({"user_id", "appointment_id", "doctor_id", "device_id"})

_acting_device: ContextVar[str | None] = ContextVar("care4u_acting_device", default=None)


@contextmanager
def acting_device(device_id: str) -> Iterator[None]:
    """Within this block (and the threads a server hands its work to, which copy the
    context), entries are recorded as done from ``device_id``."""
    token = _acting_device.set(device_id)
    try:
        yield
    finally:
        _acting_device.reset(token)


def set_acting_device(device_id: str) -> None:
    """Set the device for the rest of the current context (a server's per-request task,
    whose context ends with the request)."""
    _acting_device.set(device_id)


def current_device() -> str | None:
    """The device set by ``acting_device`` here, if any."""
    return _acting_device.get()


class Audit(Protocol):
    """What a service records through."""

    def record(
        self, action: str, *, actor_user_id: str = "", outcome: str = "ok", **target_ids: str
    ) -> None: ...


class _NoAudit:
    """For services built without a trail (tests of other rules, tools)."""

    def record(
        self, action: str, *, actor_user_id: str = "", outcome: str = "ok", **target_ids: str
    ) -> None:
        check_entry(action, target_ids)


NO_AUDIT: Audit = _NoAudit()


def check_entry(action: str, target_ids: dict[str, str]) -> None:
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"not an audit action: {action!r}")
    unknown = set(target_ids) - TARGET_KINDS
    if unknown:
        raise ValueError(f"not an id an audit entry may hold: {sorted(unknown)}")


_sequence = itertools.count()


def _entry_id() -> str:
    """Sortable in the order entries were made (stores list entries of one second by id):
    the wall clock in nanoseconds, a counter for this process, and random bits so two
    servers never make the same id."""
    import secrets  # on use, like rules.new_id

    return f"{time.time_ns():016x}-{next(_sequence) % 0x10000:04x}-{secrets.token_hex(4)}"


class AuditLog:
    """Appends entries to an ``AuditStore``; reads them back for ``care4u-admin audit``."""

    def __init__(
        self,
        store: AuditStore,
        clock: Callable[[], datetime],
        *,
        default_device: str = "",
    ) -> None:
        self._store = store
        self._clock = clock
        #: Where entries come from when no ``acting_device`` is set.
        self.default_device = default_device

    def record(
        self, action: str, *, actor_user_id: str = "", outcome: str = "ok", **target_ids: str
    ) -> None:
        check_entry(action, target_ids)  # before the try: a slip here is a bug, not an outage
        entry = AuditEntry(
            entry_id=_entry_id(),
            at=self._clock().isoformat(timespec="seconds"),
            action=action,
            device_id=current_device() or self.default_device,
            actor_user_id=actor_user_id,
            targets=tuple(sorted((k, v) for k, v in target_ids.items() if v)),
            outcome=outcome,
        )
        try:
            self._store.append_audit(entry)
        except Exception as exc:  # best effort: the use case is done, whatever happens here
            log.warning("could not append the audit entry %s (%s)", action, type(exc).__name__)

    def entries(
        self, *, since: str | None = None, user_id: str | None = None, limit: int = 1000
    ) -> list[AuditEntry]:
        """Oldest first; ``user_id`` as actor or target."""
        return self._store.audit_entries(since=since, user_id=user_id, limit=limit)
