"""A private D-Bus session bus and AT-SPI accessibility bus, started by the test.

Nothing of the machine's own desktop session is used: the session bus is a fresh
``dbus-daemon --session``; on it ``at-spi-bus-launcher`` starts the accessibility bus, and
that bus starts the registry (``at-spi2-registryd``) when the first application asks for
it, as on a desktop. Everything ends with the test. On CI (``CI=true``) a missing package
is a failure (``tests.components.require``).
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests import components

from ..x11 import START_TIMEOUT_S, poll, stop

#: Debian packages that bring what this harness starts and reads.
PACKAGES = "dbus (dbus-daemon), at-spi2-core, python3-pyatspi"
LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
REGISTRY = Path("/usr/libexec/at-spi2-registryd")
#: The walker runs under Debian's interpreter, where python3-pyatspi is installed.
SYSTEM_PYTHON = Path("/usr/bin/python3")


def require() -> None:
    missing = [
        what
        for what, there in (
            ("dbus-daemon", shutil.which("dbus-daemon") is not None),
            ("dbus-send", shutil.which("dbus-send") is not None),
            (str(LAUNCHER), LAUNCHER.exists()),
            (str(REGISTRY), REGISTRY.exists()),
            ("pyatspi for /usr/bin/python3", _has_pyatspi()),
        )
        if not there
    ]
    components.require(not missing, f"{', '.join(missing)} (Debian packages: {PACKAGES})")


def _has_pyatspi() -> bool:
    if not SYSTEM_PYTHON.exists():
        return False
    done = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import pyatspi"], capture_output=True, timeout=30
    )
    return done.returncode == 0


@contextmanager
def accessibility_session(display_env: dict[str, str]) -> Iterator[dict[str, str]]:
    """The environment of a desktop session with accessibility on: a session bus of its
    own, the accessibility bus on it. Yields the variables to run the app and the walker
    with."""
    require()
    # A short folder: a Unix socket's path must fit in 108 bytes.
    runtime = Path(tempfile.mkdtemp(prefix="a11y-", dir="/tmp"))
    read, write = os.pipe()
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", f"--print-address={write}"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    launcher: subprocess.Popen[bytes] | None = None
    try:
        ready, _, _ = select.select([read], [], [], START_TIMEOUT_S)
        assert ready, "dbus-daemon did not start"
        address = os.read(read, 4096).decode().strip()
        assert address, "dbus-daemon did not say its address"
        env = {
            **{k: v for k, v in display_env.items() if not k.startswith("AT_SPI_")},
            "DBUS_SESSION_BUS_ADDRESS": address,
            "XDG_RUNTIME_DIR": str(runtime),
        }
        launcher = subprocess.Popen(
            [str(LAUNCHER), "--launch-immediately"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def bus_up() -> None:
            assert launcher is not None and launcher.poll() is None, "at-spi-bus-launcher ended"
            asked = subprocess.run(
                [
                    "dbus-send",
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.a11y.Bus",
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=10,
            )
            # Asked without activating it: the bus would start a launcher of its own.
            assert asked.returncode == 0 and "true" in asked.stdout, asked.stderr

        poll(bus_up, START_TIMEOUT_S, interval=0.1)
        yield env
    finally:
        os.close(read)
        if launcher is not None:
            stop(launcher)  # and with it the accessibility bus and the registry on it
        stop(bus)
        shutil.rmtree(runtime, ignore_errors=True)
