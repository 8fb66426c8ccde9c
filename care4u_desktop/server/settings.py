"""The server's own settings: session lengths and rate limits, from flags, then the
environment (``CARE4U_*``; the Lambda deployment has only the environment), then defaults."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..services.limits import RateLimits
from ..services.sessions import SessionLengths, SessionPolicy

#: (flag destination, environment variable, default, help) of every whole-number setting.
_NUMBERS: tuple[tuple[str, str, int, str], ...] = (
    ("kiosk_idle_seconds", "CARE4U_KIOSK_IDLE_SECONDS", 120, "a kiosk session's idle time"),
    ("kiosk_session_seconds", "CARE4U_KIOSK_SESSION_SECONDS", 30 * 60, "a kiosk session's end"),
    ("desk_idle_seconds", "CARE4U_DESK_IDLE_SECONDS", 60 * 60, "a desk session's idle time"),
    ("desk_session_seconds", "CARE4U_DESK_SESSION_SECONDS", 12 * 3600, "a desk session's end"),
    ("rate_kiosk", "CARE4U_RATE_KIOSK", 120, "requests per window of one kiosk"),
    ("rate_desk", "CARE4U_RATE_DESK", 600, "requests per window of one desk"),
    ("rate_account", "CARE4U_RATE_ACCOUNT", 60, "requests per window of one signed-in account"),
    ("rate_sign_in", "CARE4U_RATE_SIGN_IN", 30, "sign-in/sign-up/unlock tries of one device"),
    ("rate_window_seconds", "CARE4U_RATE_WINDOW_SECONDS", 60, "the rate limits' window"),
    ("rate_unlock", "CARE4U_RATE_UNLOCK", 10, "Staff-exit tries of one kiosk per hour"),
)


@dataclass(frozen=True)
class ServerSettings:
    sessions: SessionPolicy = field(default_factory=SessionPolicy)
    limits: RateLimits = field(default_factory=RateLimits)


def add_setting_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("sessions and rate limits (seconds; requests per window)")
    for dest, env, default, text in _NUMBERS:
        group.add_argument(
            "--" + dest.replace("_", "-"),
            dest=dest,
            type=int,
            metavar="N",
            help=f"{text} (env {env}; default {default})",
        )


def load_settings(
    args: argparse.Namespace | None = None, env: Mapping[str, str] | None = None
) -> ServerSettings:
    """Flags first, then ``env`` (default: ``os.environ``). A value that is not a whole
    number of 1 or more is refused with ``SystemExit`` naming it."""
    env = os.environ if env is None else env
    values: dict[str, int] = {}
    for dest, name, default, _text in _NUMBERS:
        given = getattr(args, dest, None) if args is not None else None
        # An empty variable (``Environment=CARE4U_RATE_KIOSK=`` in a unit file) is unset.
        raw: object = given if given is not None else (env.get(name) or default)
        try:
            value = int(str(raw))
        except ValueError:
            value = 0
        if value < 1:
            raise SystemExit(
                f"{name} (--{dest.replace('_', '-')}) must be a whole number, 1 or more"
            )
        values[dest] = value
    return ServerSettings(
        sessions=SessionPolicy(
            kiosk=SessionLengths(values["kiosk_idle_seconds"], values["kiosk_session_seconds"]),
            desk=SessionLengths(values["desk_idle_seconds"], values["desk_session_seconds"]),
        ),
        limits=RateLimits(
            kiosk=values["rate_kiosk"],
            desk=values["rate_desk"],
            account=values["rate_account"],
            sign_in=values["rate_sign_in"],
            window_s=values["rate_window_seconds"],
            unlock=values["rate_unlock"],
        ),
    )
