"""Settings from, in order of precedence: arguments, environment, the user's config file,
the machine's config file, defaults (``config_files`` says where the files are).

AWS credentials are never read from a config file, only boto3's default chain and the
standard ``AWS_*`` variables.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

# platformdirs, tomllib and zoneinfo are imported where they are used: each costs the
# kiosk's start-up a few milliseconds, and a kiosk given its paths needs none of them.
from . import __version__
from .config_files import APP_NAME, machine_config_path, read_settings, user_config_path
from .domain.rules import DEFAULT_HORIZON_DAYS

__all__ = ["APP_NAME", "machine_config_path", "user_config_path"]
#: Every backend the desktop app runs on: the embedded store, DynamoDB directly, or
#: ``care4u-server`` over HTTPS (a kiosk that holds no data credentials).
BACKENDS = ("local", "aws", "api")
#: The backends that hold the store itself: what care4u-admin and care4u-server run on.
STORE_BACKENDS = ("local", "aws")
DEFAULT_IDLE_SECONDS = 90
DEFAULT_IDLE_COUNTDOWN_SECONDS = 15
DEFAULT_CONFIRMATION_SECONDS = 30
#: Long enough for a booking on a busy server; short enough that a patient is told soon.
DEFAULT_API_READ_TIMEOUT_SECONDS = 20
#: What ``log_level`` may be; the kiosk logs at INFO by default.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True)
class Config:
    """Everything a front end is configured with; see the module's docstring for where
    each value comes from."""

    data_dir: Path
    backend: str = "local"
    timezone: str | None = None
    horizon_days: int = DEFAULT_HORIZON_DAYS
    hospital_name: str = "Care4U Hospitals"
    kiosk: bool = False
    table_prefix: str = "Care4U_"
    #: Kiosk mode: seconds without input before "Are you still there?" is asked.
    idle_seconds: int = DEFAULT_IDLE_SECONDS
    #: Kiosk mode: seconds the question counts down before the patient is logged out.
    idle_countdown_seconds: int = DEFAULT_IDLE_COUNTDOWN_SECONDS
    #: Kiosk mode: seconds a booking confirmation stays up before the kiosk starts over.
    confirmation_seconds: int = DEFAULT_CONFIRMATION_SECONDS
    #: Kiosk mode: print the appointment slip on the default printer after each booking.
    auto_print: bool = False
    #: The language each new patient starts in (``en`` or ``es``); each may switch.
    language: str = "en"
    topic_name: str = "Care4U_Appointments"
    #: Where the kiosk writes its log file; None: the platform's per-user log folder.
    log_dir: Path | None = None
    #: The kiosk's log file itself (``--log-file``, ``log_file``); None: ``log_dir``'s.
    log_file: Path | None = None
    #: The lowest level written to the log file: one of ``LOG_LEVELS``.
    log_level: str = "INFO"
    #: ``--backend api``: care4u-server's address (``https://host:port``).
    api_url: str = ""
    #: ``--backend api``: this machine's device token (``care4u-admin devices add``).
    device_token: str = field(default="", repr=False)
    #: ``--backend api``: the CA that signed the server's certificate, if not a public one.
    api_ca_file: Path | None = None
    #: ``--backend api``: how long to wait for the server's answer before saying so.
    api_read_timeout_seconds: int = DEFAULT_API_READ_TIMEOUT_SECONDS

    def now(self) -> datetime:
        """The hospital's local time, time-zone aware."""
        if self.timezone:
            from zoneinfo import ZoneInfo

            return datetime.now(ZoneInfo(self.timezone))
        return datetime.now().astimezone()


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_log_dir() -> Path:
    """``~/.local/state/Care4U/log``, ``%LOCALAPPDATA%\\Care4U\\Logs``,
    ``~/Library/Logs/Care4U``."""
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def config_file_path(env: Mapping[str, str] | None = None) -> Path:
    """The user's config file (``config_files.user_config_path``)."""
    return user_config_path(env)


def add_common_arguments(
    parser: argparse.ArgumentParser, backends: Sequence[str] = STORE_BACKENDS
) -> None:
    """``backends``: what this command runs on (the desktop app: ``BACKENDS``; the tools
    that hold the store itself: ``STORE_BACKENDS``, so they refuse ``api``)."""
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir", type=Path, help="where the embedded store lives (env CARE4U_DATA_DIR)"
    )
    parser.add_argument(
        "--backend", choices=backends, help=f"{' or '.join(backends)} (env CARE4U_BACKEND)"
    )


def load_config(
    args: argparse.Namespace,
    env: Mapping[str, str] | None = None,
    *,
    backends: Sequence[str] = STORE_BACKENDS,
) -> Config:
    env = os.environ if env is None else env
    file = read_settings(env)  # the user's keys over the machine's
    data_dir = args.data_dir or env.get("CARE4U_DATA_DIR") or file.get("data_dir")
    backend = check_backend(
        str(args.backend or env.get("CARE4U_BACKEND") or file.get("backend") or "local"),
        backends,
    )
    api_url, device_token, api_ca_file = "", "", None
    if backend == "api":
        api_url, device_token, api_ca_file = _api_settings(args, env, file)
    return Config(
        data_dir=Path(data_dir).expanduser() if data_dir else default_data_dir(),
        backend=backend,
        timezone=env.get("CARE4U_TIMEZONE") or file.get("timezone"),
        horizon_days=int(file.get("horizon_days", DEFAULT_HORIZON_DAYS)),
        hospital_name=str(file.get("hospital_name", "Care4U Hospitals")),
        kiosk=bool(getattr(args, "kiosk", False) or file.get("kiosk", False)),
        table_prefix=env.get("CARE4U_TABLE_PREFIX") or file.get("table_prefix") or "Care4U_",
        topic_name=str(file.get("topic_name") or "Care4U_Appointments"),
        idle_seconds=_seconds(file, "idle_seconds", DEFAULT_IDLE_SECONDS),
        idle_countdown_seconds=_seconds(
            file, "idle_countdown_seconds", DEFAULT_IDLE_COUNTDOWN_SECONDS
        ),
        confirmation_seconds=_seconds(file, "confirmation_seconds", DEFAULT_CONFIRMATION_SECONDS),
        auto_print=bool(file.get("auto_print", False)),
        language=str(file.get("language", "en")),
        log_dir=_path(env.get("CARE4U_LOG_DIR") or file.get("log_dir")),
        log_file=_path(
            getattr(args, "log_file", None) or env.get("CARE4U_LOG_FILE") or file.get("log_file")
        ),
        log_level=check_log_level(
            getattr(args, "log_level", None)
            or env.get("CARE4U_LOG_LEVEL")
            or file.get("log_level")
            or "INFO"
        ),
        api_url=api_url,
        device_token=device_token,
        api_ca_file=api_ca_file,
        api_read_timeout_seconds=_seconds(
            file, "api_read_timeout_seconds", DEFAULT_API_READ_TIMEOUT_SECONDS
        ),
    )


def _api_settings(
    args: argparse.Namespace, env: Mapping[str, str], file: Mapping[str, Any]
) -> tuple[str, str, Path | None]:
    """The server's address, the device token and the private CA, each checked here so
    a kiosk set up wrongly says what is missing before it opens a window."""
    url = str(
        getattr(args, "api_url", None) or env.get("CARE4U_API_URL") or file.get("api_url") or ""
    ).strip()
    if not url:
        raise SystemExit(
            "--backend api needs care4u-server's address: give --api-url https://HOST:PORT, "
            "set CARE4U_API_URL, or api_url in the config file."
        )
    check_api_url(url)
    token = str(env.get("CARE4U_DEVICE_TOKEN") or file.get("device_token") or "").strip()
    if not token:
        raise SystemExit(
            "--backend api needs this machine's device token (printed once by "
            "'care4u-admin devices add'): set device_token in the config file or "
            "CARE4U_DEVICE_TOKEN."
        )
    ca = _path(env.get("CARE4U_API_CA_FILE") or file.get("api_ca_file"))
    if ca is not None and not ca.is_file():
        raise SystemExit(f"api_ca_file {str(ca)!r} is not a file (a PEM of the server's CA).")
    return url, token, ca


def check_backend(backend: str, backends: Sequence[str] = BACKENDS) -> str:
    """``backend`` if this program runs on it; else SystemExit saying what it can run on."""
    if backend not in backends:
        if backend in BACKENDS:  # "api" given to a tool that works on the store itself
            raise SystemExit(
                f"The {backend!r} backend is the desktop app's (a kiosk on care4u-server); "
                f"this command works on the store itself: choose one of {', '.join(backends)}."
            )
        raise SystemExit(f"Unknown backend {backend!r}: choose one of {', '.join(backends)}.")
    return backend


def check_api_url(url: str) -> str:
    """``url`` if it is care4u-server's https address (or plain http to this machine)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme, parts.hostname
    except ValueError:  # e.g. an unclosed "[" of an IPv6 address
        scheme, host = "", None
    if scheme not in ("https", "http") or not host:
        raise SystemExit(f"The API address {url!r} is not a URL like https://HOST:PORT.")
    if scheme == "http" and not _loopback(host):
        # The device token and every patient's data would cross the network in the clear.
        raise SystemExit(
            f"The API address {url!r} is plain http: use https (plain http only to this "
            "machine: 127.0.0.1, ::1 or localhost)."
        )
    return url


def check_log_level(value: object) -> str:
    level = str(value).strip().upper()
    if level not in LOG_LEVELS:
        raise SystemExit(f"The log level {value!r} is not one of {', '.join(LOG_LEVELS)}.")
    return level


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _path(value: object) -> Path | None:
    return Path(str(value)).expanduser() if value else None


def _seconds(file: Mapping[str, Any], key: str, default: int) -> int:
    value = file.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SystemExit(f"{key} in the config file must be a whole number of seconds (1 or more).")
    return value


def parse_gui_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="care4u-desktop", description="Care4U booking kiosk")
    add_common_arguments(parser, BACKENDS)
    parser.add_argument(
        "--api-url", help="--backend api: care4u-server's https://HOST:PORT (env CARE4U_API_URL)"
    )
    parser.add_argument("--kiosk", action="store_true", help="full screen, locked down")
    parser.add_argument(
        "--log-file", type=Path, help="write the log here (env CARE4U_LOG_FILE, log_file)"
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=LOG_LEVELS,
        help="the least a log line is about (env CARE4U_LOG_LEVEL, log_level; default INFO)",
    )
    parser.add_argument(
        "--smoke-test", action="store_true", help="start, paint the login view once, exit"
    )
    return parser.parse_args(list(argv))
