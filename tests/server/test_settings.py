"""The server's settings from flags and the environment, and what counts as loopback."""

from __future__ import annotations

import pytest

from care4u_desktop.server.main import build_parser, is_loopback
from care4u_desktop.server.settings import load_settings


def test_defaults_are_the_documented_lengths_and_limits() -> None:
    settings = load_settings(build_parser().parse_args([]), env={})
    assert (settings.sessions.kiosk.idle_s, settings.sessions.kiosk.absolute_s) == (120, 1800)
    assert (settings.sessions.desk.idle_s, settings.sessions.desk.absolute_s) == (3600, 43200)
    limits = settings.limits
    assert (limits.kiosk, limits.desk, limits.account, limits.sign_in, limits.window_s) == (
        120, 600, 60, 30, 60
    )  # fmt: skip


def test_a_flag_wins_over_the_environment() -> None:
    args = build_parser().parse_args(["--kiosk-idle-seconds", "45", "--rate-desk", "7"])
    env = {"CARE4U_KIOSK_IDLE_SECONDS": "30", "CARE4U_RATE_KIOSK": "9"}
    settings = load_settings(args, env=env)
    assert settings.sessions.kiosk.idle_s == 45
    assert settings.limits.desk == 7 and settings.limits.kiosk == 9


@pytest.mark.parametrize("value", ["0", "-3", "soon", "1.5"])
def test_a_setting_that_is_not_a_whole_number_is_refused_by_name(value: str) -> None:
    with pytest.raises(SystemExit, match=r"CARE4U_RATE_ACCOUNT \(--rate-account\) must be"):
        load_settings(None, env={"CARE4U_RATE_ACCOUNT": value})


def test_an_empty_variable_is_unset() -> None:
    assert load_settings(None, env={"CARE4U_RATE_ACCOUNT": ""}).limits.account == 60


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.10.0.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("care4u.hospital.lan", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
