"""Where the two config files are, and reading them.

- The machine file, set by IT or the installer for every OS account of the PC:
  ``/etc/care4u/config.toml`` (Linux and other Unixes), ``%ProgramData%\\Care4U\\config.toml``
  (Windows), ``/Library/Application Support/Care4U/config.toml`` (macOS);
  ``CARE4U_MACHINE_CONFIG`` names another file.
- The user file, in the OS user's own config folder; ``CARE4U_CONFIG`` names another file.

A key in the user file wins over the same key in the machine file (``read_settings``).

The machine file steers every account's kiosk (its data_dir, backend, api_url), so on POSIX
it is used only if no account but root (or the one running) can change it: like sshd's
StrictModes, the file and every folder on the way are owned by root (or this account) and
not writable by group or others (a root-owned sticky folder such as /tmp excepted: others
cannot replace what is in it). Otherwise the start stops, naming what to fix.
A file that is not valid TOML stops the program with one line naming the file and the
line, never a traceback: a kiosk set up wrongly must say where.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path, PureWindowsPath
from typing import Any

APP_NAME = "Care4U"
CONFIG_FILENAME = "config.toml"


def user_config_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("CARE4U_CONFIG"):
        return Path(env["CARE4U_CONFIG"])
    import platformdirs  # a few milliseconds of start-up; a kiosk given the path skips it

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILENAME


def machine_config_path(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> Path:
    env = os.environ if env is None else env
    if env.get("CARE4U_MACHINE_CONFIG"):
        return Path(env["CARE4U_MACHINE_CONFIG"])
    if platform == "win32":
        # ProgramData is where Windows keeps machine-wide application data; its ACL lets
        # every user read, only administrators write.
        base = PureWindowsPath(env.get("PROGRAMDATA") or r"C:\ProgramData")
        return Path(base / APP_NAME / CONFIG_FILENAME)
    if platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME / CONFIG_FILENAME
    return Path("/etc/care4u") / CONFIG_FILENAME


def read_toml(path: Path) -> dict[str, Any]:
    """The file's keys; {} when there is no such file. SystemExit (one line) when it cannot
    be read or is not valid TOML."""
    try:
        if not path.is_file():  # no stat of a missing file costs a kiosk tomllib's import
            return {}
    except OSError as exc:  # a folder on the way this account may not enter
        raise SystemExit(f"The config file {path} cannot be read: {exc.strerror or exc}.") from None
    import tomllib

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        # Its message ends "(at line L, column C)".
        raise SystemExit(f"The config file {path} is not valid TOML: {exc}.") from None
    except UnicodeDecodeError as exc:
        raise SystemExit(
            f"The config file {path} is not valid TOML: it is not UTF-8 text ({exc.reason} "
            f"at byte {exc.start})."
        ) from None
    except OSError as exc:
        raise SystemExit(f"The config file {path} cannot be read: {exc.strerror or exc}.") from None


def read_machine_toml(path: Path) -> dict[str, Any]:
    """The machine file's keys, as ``read_toml``; SystemExit if others could change it."""
    settings = read_toml(path)
    if settings or path.is_file():  # an empty file is as planted as a full one
        check_only_admins_can_change(path)
    return settings


def check_only_admins_can_change(path: Path) -> None:
    """SystemExit (one line) unless ``path`` and each folder on the way (links resolved)
    belong to root or this account and no one else may write them (POSIX; Windows: the
    MSI's ACL on %ProgramData%\\Care4U)."""
    if os.name == "nt":
        return
    import stat

    me = os.geteuid()
    real = Path(os.path.realpath(path))
    for part in (real, *real.parents):
        st = part.stat()
        culprit = ""
        if st.st_uid not in (0, me):
            culprit = f"{part} is owned by uid {st.st_uid}"
        elif st.st_mode & 0o022 and not (stat.S_ISDIR(st.st_mode) and st.st_mode & stat.S_ISVTX):
            culprit = f"{part} is writable by group or others (mode {oct(st.st_mode & 0o7777)})"
        if culprit:
            raise SystemExit(
                f"The machine config file {path} is not used: {culprit}, so an account other"
                f" than root could change every account's settings. Fix: chown root {part};"
                f" chmod go-w {part}."
            )


def read_settings(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The machine file's keys overlaid by the user file's."""
    env = os.environ if env is None else env
    return {**read_machine_toml(machine_config_path(env)), **read_toml(user_config_path(env))}
