"""The composition root: the one place that picks adapters and wires the services."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

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
from .services.staff import StaffService


@dataclass(frozen=True)
class Services:
    config: Config
    store: Store
    notifier: Notifier
    accounts: AccountService
    booking: BookingService
    notifications: NotificationService
    staff: StaffService


def build_adapters(config: Config, *, seed_demo: bool = False) -> tuple[Store, Notifier]:
    """The configured backend's store and notifier; ``seed_demo`` gives an empty embedded
    store the demo doctors (AWS tables are filled by ``care4u-admin doctors import``)."""
    if config.backend == "aws":
        from .adapters.aws_backend import build_aws_adapters  # boto3 loads only when used

        return build_aws_adapters(config)
    try:
        config.data_dir.mkdir(parents=True, exist_ok=True)
        store = SQLiteStore(config.data_dir / DB_FILENAME)
        notifier = LocalNotifier(config.data_dir)
    except OSError as exc:
        raise ServiceUnavailable(
            f"Cannot use the data directory {config.data_dir}: {exc.strerror or exc}."
        ) from exc
    if seed_demo and not store.list_doctors():
        store.put_doctors(load_doctor_file(resource_path("demo_doctors.json")))
    return store, notifier


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
        staff=StaffService(store, accounts, booking, config.now),
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
    build_adapters(config)
    return ProvisionSummary(
        "", [f"Embedded store ready: {config.data_dir / DB_FILENAME} (nothing to provision)."]
    )
