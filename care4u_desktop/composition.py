"""The composition root: the one place that picks adapters and wires the services."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .adapters.local_notifier import LocalNotifier
from .adapters.sqlite_store import DB_FILENAME, SQLiteStore
from .config import Config
from .domain.errors import ServiceUnavailable
from .domain.models import Doctor
from .resources import resource_path
from .services.accounts import AccountService
from .services.booking import BookingService
from .services.doctors import doctors_from_records
from .services.notifications import NotificationService
from .services.passwords import WerkzeugHasher
from .services.ports import Notifier, Store

if TYPE_CHECKING:
    from .services.staff import StaffService


@dataclass(frozen=True)
class Services:
    config: Config
    store: Store
    notifier: Notifier
    accounts: AccountService
    booking: BookingService
    notifications: NotificationService

    @cached_property
    def staff(self) -> StaffService:
        """The reception desk's service, built on first use: a kiosk never needs it."""
        from .services.staff import StaffService

        return StaffService(self.store, self.accounts, self.booking, self.config.now)


def build_adapters(config: Config, *, seed_demo: bool = False) -> tuple[Store, Notifier]:
    """The configured backend's store and notifier. Neither touches the disk or the network
    until its first call; ``seed_demo`` gives a new embedded store the demo doctors then
    (AWS tables are filled by ``care4u-admin doctors import``)."""
    if config.backend == "aws":
        from .adapters.aws_backend import build_aws_adapters  # boto3 loads only when used

        return build_aws_adapters(config)
    demo = (lambda: load_doctor_file(resource_path("demo_doctors.json"))) if seed_demo else None
    store = SQLiteStore(config.data_dir / DB_FILENAME, initial_doctors=demo)
    return store, LocalNotifier(config.data_dir)


def build_services(config: Config, *, seed_demo: bool = True) -> Services:
    store, notifier = build_adapters(config, seed_demo=seed_demo)
    notifications = NotificationService(store, notifier, config.now)
    accounts = AccountService(store, notifier, WerkzeugHasher(), config.now)
    booking = BookingService(store, notifications, config.now, config.horizon_days)
    return Services(
        config=config,
        store=store,
        notifier=notifier,
        accounts=accounts,
        booking=booking,
        notifications=notifications,
    )


def load_doctor_file(path: Path) -> list[Doctor]:
    with Path(path).open(encoding="utf-8") as fh:
        return doctors_from_records(json.load(fh))


@dataclass(frozen=True)
class ProvisionSummary:
    #: The SNS topic's ARN on AWS; empty for the embedded store.
    topic_arn: str
    lines: list[str]


def provision_backend(config: Config, *, unsubscribe_unfiltered: bool = False) -> ProvisionSummary:
    """Create or update what the configured backend needs; safe to run again."""
    if config.backend == "aws":
        from .adapters.aws_provision import ProvisionError, provision_resources

        try:
            report = provision_resources(config, unsubscribe_unfiltered=unsubscribe_unfiltered)
        except ProvisionError as exc:  # e.g. a table of that name with another key schema
            raise ServiceUnavailable(str(exc)) from exc
        return ProvisionSummary(report.topic_arn, report.lines())
    store, _notifier = build_adapters(config)
    assert isinstance(store, SQLiteStore)
    store.open()  # create or migrate it now, and say so if it cannot be
    return ProvisionSummary(
        "", [f"Embedded store ready: {config.data_dir / DB_FILENAME} (nothing to provision)."]
    )
