"""The composition root: the one place that picks adapters and wires the services."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from .config import Config
from .domain.errors import ServiceUnavailable
from .resources import resource_path
from .services.use_cases import DoctorAdmin, StaffDesk

if TYPE_CHECKING:
    from .domain.models import Doctor
    from .services.accounts import AccountService
    from .services.audit import AuditLog
    from .services.booking import BookingService
    from .services.delivery import BackgroundDelivery
    from .services.devices import DeviceService
    from .services.doctors import DoctorCatalogue
    from .services.jobs import JobService
    from .services.limits import RateLimiter, RateLimits
    from .services.notifications import NotificationService
    from .services.ports import Notifier, Store
    from .services.sessions import SessionPolicy, SessionService
    from .services.staff import StaffService
    from .services.throttle import Throttle
    from .services.use_cases import Accounts, BackgroundJobs, Booking

T = TypeVar("T")


class Desk(StaffDesk, DoctorAdmin, Protocol):
    """The reception desk and, for admins, the doctor list: one service in the app."""


class AppServices(Protocol):
    """What the window calls: ``Services`` when the use cases run in this process,
    ``client.composition.ApiServices`` on care4u-server (``--backend api``)."""

    @property
    def config(self) -> Config: ...
    @property
    def accounts(self) -> Accounts: ...
    @property
    def booking(self) -> Booking: ...
    @property
    def staff(self) -> Desk: ...
    @property
    def exit_throttle(self) -> Throttle: ...
    @property
    def jobs(self) -> BackgroundJobs: ...
    def open(self) -> int: ...


class Services:
    """The services the front ends call, each built on first use, once, from any thread.

    Building one imports its modules and makes its adapters (no I/O: the store opens on
    its first call). The kiosk's first use is its store check on a worker thread, so the
    log-in screen is imported, built and painted without the service layer, SQLite or
    boto3 (docs/packaging.md, start-up).
    """

    def __init__(
        self,
        config: Config,
        *,
        seed_demo: bool = True,
        acting_device: str | None = None,
        session_policy: SessionPolicy | None = None,
        rate_limits: RateLimits | None = None,
        background_delivery: bool = False,
    ) -> None:
        self.config = config
        self._seed_demo = seed_demo
        #: Deliver a booking's message after the answer (the desktop app), or before it.
        self._background_delivery = background_delivery
        #: Where the audit trail says an action came from when no server set the device:
        #: ``local:<hostname>`` for the desktop, ``cli`` for care4u-admin.
        self._acting_device = acting_device
        self._session_policy = session_policy
        self._rate_limits = rate_limits
        # Reentrant: building one service asks for the ones it is built on.
        self._lock = threading.RLock()
        self._built: dict[str, Any] = {}

    @property
    def acting_device(self) -> str:
        # The host name is looked up on first use, not while the kiosk starts.
        return self._acting_device or f"local:{_hostname()}"

    def _once(self, name: str, build: Callable[[], T]) -> T:
        if name not in self._built:
            with self._lock:
                if name not in self._built:
                    self._built[name] = build()  # not kept if it raises: tried again
        return cast(T, self._built[name])

    def _adapters(self) -> tuple[Store, Notifier]:
        return self._once(
            "adapters", lambda: build_adapters(self.config, seed_demo=self._seed_demo)
        )

    def open(self) -> int:
        """Build what the log-in screen calls and open the store (a first start creates and
        seeds it); returns how many doctors it holds. Raises ServiceUnavailable (or another
        DomainError) when the backend cannot be used."""
        _ = self.accounts
        return len(self.store.list_doctors())

    @property
    def store(self) -> Store:
        return self._adapters()[0]

    @property
    def notifier(self) -> Notifier:
        return self._adapters()[1]

    @property
    def accounts(self) -> AccountService:
        def build() -> AccountService:
            from .adapters.passwords import WerkzeugHasher
            from .services.accounts import AccountService

            return AccountService(
                users=self.store,
                notifier=self.notifier,
                hasher=WerkzeugHasher(),
                clock=self.config.now,
                exit_throttle=self.exit_throttle,
                audit=self.audit,
            )

        return self._once("accounts", build)

    @property
    def exit_throttle(self) -> Throttle:
        """The waits of this kiosk's Staff exit (see ``AccountService.unlock_kiosk``): one
        per app, so neither a log-out nor a reset screen starts it again. Cheap to build
        (no adapters), so the exit screen may ask it how long to wait from the GUI thread."""

        def build() -> Throttle:
            from .services.throttle import Throttle

            return Throttle()

        return self._once("exit_throttle", build)

    @property
    def notifications(self) -> NotificationService:
        def build() -> NotificationService:
            from .services.notifications import NotificationService

            return NotificationService(
                outbox=self.store, notifier=self.notifier, clock=self.config.now
            )

        return self._once("notifications", build)

    @property
    def jobs(self) -> JobService:
        """The background jobs (the notification retry): the kiosk's timer runs what is due
        every minute, ``care4u-admin jobs run`` runs them from cron. Each job builds the
        service it needs when it first runs."""

        def build() -> JobService:
            from .services.jobs import JobService, notification_retry

            return JobService([notification_retry(lambda: self.notifications)])

        return self._once("jobs", build)

    @property
    def booking(self) -> BookingService:
        def build() -> BookingService:
            from .services.booking import BookingService
            from .services.delivery import at_once

            return BookingService(
                appointments=self.store,
                users=self.store,
                doctors=self._doctors(),
                notifications=self.notifications,
                clock=self.config.now,
                horizon_days=self.config.horizon_days,
                audit=self.audit,
                deliver_later=self._deliveries() or at_once,
            )

        return self._once("booking", build)

    def _deliveries(self) -> BackgroundDelivery | None:
        if not self._background_delivery:
            return None

        def build() -> BackgroundDelivery:
            from .services.delivery import BackgroundDelivery

            return BackgroundDelivery()

        return self._once("deliveries", build)

    def wait_for_deliveries(self, timeout: float | None = None) -> bool:
        """True once the messages handed to the background delivery so far have gone (or
        been left pending). For tests and benchmarks: the app never waits for them."""
        deliveries = self._deliveries()
        return deliveries is None or deliveries.wait(timeout)

    def _doctors(self) -> DoctorCatalogue:
        """The one doctor list and its cache, for booking and the desk: a doctor saved at the
        desk is in the next listing a patient sees."""

        def build() -> DoctorCatalogue:
            from .services.doctors import DoctorCatalogue

            return DoctorCatalogue(self.store)

        return self._once("doctors", build)

    @property
    def staff(self) -> StaffService:
        """The reception desk's service: a patient kiosk never needs it."""

        def build() -> StaffService:
            from .services.staff import StaffService

            return StaffService(
                users=self.store,
                appointments=self.store,
                doctors=self._doctors(),
                accounts=self.accounts,
                booking=self.booking,
                clock=self.config.now,
                audit=self.audit,
            )

        return self._once("staff", build)

    @property
    def audit(self) -> AuditLog:
        """The audit trail, in the store (``care4u-admin audit`` reads it)."""

        def build() -> AuditLog:
            from .services.audit import AuditLog

            return AuditLog(self.store, self.config.now, default_device=self.acting_device)

        return self._once("audit", build)

    @property
    def devices(self) -> DeviceService:
        """The enrolled kiosks and desks (``care4u-admin devices``; the server's check)."""

        def build() -> DeviceService:
            from .services.devices import DeviceService

            return DeviceService(devices=self.store, clock=self.config.now, audit=self.audit)

        return self._once("devices", build)

    @property
    def sessions(self) -> SessionService:
        """The server's sessions (bearer tokens bound to a device)."""

        def build() -> SessionService:
            from .services.sessions import SessionService

            return SessionService(
                sessions=self.store,
                users=self.store,
                clock=self.config.now,
                policy=self._session_policy,
            )

        return self._once("sessions", build)

    @property
    def limits(self) -> RateLimiter:
        """The server's rate limits, counted in the store."""

        def build() -> RateLimiter:
            from .services.limits import RateLimiter

            return RateLimiter(self.store, self.config.now, self._rate_limits)

        return self._once("limits", build)


def _hostname() -> str:
    import socket

    return socket.gethostname() or "unknown"


def build_adapters(config: Config, *, seed_demo: bool = False) -> tuple[Store, Notifier]:
    """The configured backend's store and notifier. Neither touches the disk or the network
    until its first call; ``seed_demo`` gives a new embedded store the demo doctors then
    (AWS tables are filled by ``care4u-admin doctors import``)."""
    if config.backend == "aws":
        from .adapters.aws_backend import build_aws_adapters  # boto3 loads only when used

        return build_aws_adapters(config)
    from .adapters.local_notifier import LocalNotifier
    from .adapters.sqlite_store import DB_FILENAME, SQLiteStore

    demo = (lambda: load_doctor_file(resource_path("demo_doctors.json"))) if seed_demo else None
    store = SQLiteStore(config.data_dir / DB_FILENAME, initial_doctors=demo)
    return store, LocalNotifier(config.data_dir)


def store_location(config: Config) -> str:
    """Where the configured backend keeps its data, in words for an operator."""
    if config.backend == "aws":
        return f"DynamoDB tables {config.table_prefix}*"
    from .adapters.sqlite_store import DB_FILENAME

    return str(config.data_dir / DB_FILENAME)


class StoreProblem(Exception):
    """The store this machine is configured with cannot be used (the message says why)."""


@dataclass(frozen=True)
class StoreLook:
    """The embedded store as the smoke test found it, without writing to it."""

    #: None: no file yet (its folder can be created); the first start makes and seeds it.
    doctors: int | None
    #: Where it is and what state it is in, in words.
    summary: str


def look_at_local_store(config: Config) -> StoreLook:
    """The embedded store of ``config`` checked read-only: never created, migrated or
    given journal files (the smoke test may run as another account than the kiosk's).
    Raises StoreProblem ``"<path>: <reason>"``."""
    from .adapters.sqlite_probe import StoreUnusable, inspect_sqlite_store
    from .adapters.sqlite_store import DB_FILENAME

    try:
        state = inspect_sqlite_store(config.data_dir / DB_FILENAME)
    except StoreUnusable as exc:
        raise StoreProblem(str(exc)) from exc
    return StoreLook(state.doctors, state.describe())


def build_services(
    config: Config,
    *,
    seed_demo: bool = True,
    acting_device: str | None = None,
    session_policy: SessionPolicy | None = None,
    rate_limits: RateLimits | None = None,
    background_delivery: bool = False,
) -> Services:
    """The services for ``config``; nothing is imported, opened or called yet.
    ``acting_device``: what the audit trail names as the device when no server set one
    (default ``local:<hostname>``; ``care4u-admin`` passes ``cli``). ``background_delivery``:
    a booking's message is sent after the answer, on a thread of its own (the desktop app),
    not before it (the CLI prints once it is sent; the server, which Lambda freezes after
    its answer)."""
    return Services(
        config,
        seed_demo=seed_demo,
        acting_device=acting_device,
        session_policy=session_policy,
        rate_limits=rate_limits,
        background_delivery=background_delivery,
    )


def build_app_services(config: Config) -> AppServices:
    """The desktop app's services: in this process, or on care4u-server for ``api`` (no
    adapter, boto3 or sqlite3 is imported then). Nothing is opened or called yet. A
    booking's message is delivered after the confirmation is shown (it is in the outbox
    already): ``services.delivery.BackgroundDelivery``."""
    if config.backend == "api":
        from .client.composition import ApiServices

        return ApiServices(config)
    return build_services(config, background_delivery=True)


def load_doctor_file(path: Path) -> list[Doctor]:
    import json

    from .services.doctors import doctors_from_records  # on the worker that seeds the store

    with Path(path).open(encoding="utf-8") as fh:
        return doctors_from_records(json.load(fh))


@dataclass(frozen=True)
class ProvisionSummary:
    """What ``care4u-admin provision`` did, line by line."""

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
            raise ServiceUnavailable("backend_failed", detail=str(exc)) from exc
        return ProvisionSummary(report.topic_arn, report.lines())
    from .adapters.sqlite_store import DB_FILENAME, SQLiteStore

    store, _notifier = build_adapters(config)
    assert isinstance(store, SQLiteStore)
    store.open()  # create or migrate it now, and say so if it cannot be
    return ProvisionSummary(
        "", [f"Embedded store ready: {config.data_dir / DB_FILENAME} (nothing to provision)."]
    )
