"""``care4u-admin machine-config``: create or update the machine-wide config file.

The MSI calls it with every property, set or not
(``machine-config --backend "[BACKEND]" --api-url "[API_URL]" --kiosk "[KIOSK]"``), so an
empty value leaves that key as it is. Every value is checked with the app's own rules first:
a bad one exits 2 and nothing is written (the installer then fails and rolls back).

The file holds no secret (it is 0644, for every account of the machine to read); the
device token belongs in the kiosk account's own config file (0600).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from ..config import check_api_url, check_backend, check_log_level
from ..config_files import machine_config_path, read_machine_toml
from .errors import EXIT_INVALID, EXIT_UNAVAILABLE, CliError
from .output import Output

MACHINE_FILE_MODE = 0o644
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """The subcommand; its option names are the settings', stored under ``set_*`` so that
    care4u-admin's own ``--backend`` and ``--data-dir`` (before the command) stay apart."""
    p = sub.add_parser(
        "machine-config",
        parents=[common],
        help="show, create or update the machine-wide config file",
        description="With no option: print the machine-wide config file's path and contents."
        " With options: set those keys (an empty value leaves a key unchanged), keeping the"
        " file's other keys. The values are checked first; a bad one writes nothing (exit 2).",
    )
    p.set_defaults(handler=None, seed_demo=False)
    p.add_argument("--file", type=Path, help="the file (default: the platform's machine file)")
    p.add_argument("--backend", dest="set_backend", metavar="B", help="local, aws or api")
    p.add_argument("--api-url", dest="set_api_url", metavar="URL", help="https://HOST:PORT")
    p.add_argument("--kiosk", dest="set_kiosk", metavar="VALUE", help="1/0, true/false, yes/no")
    p.add_argument("--data-dir", dest="set_data_dir", metavar="DIR", help="the shared store")
    p.add_argument("--log-level", dest="set_log_level", metavar="L", help="DEBUG ... ERROR")


def run(args: argparse.Namespace, out: Output) -> int:
    path: Path = args.file or machine_config_path()
    if not _given(args):
        return _show(path, _read(path), out)
    changes = _changes(args)  # every value checked before anything is read or written
    current = _read(path)
    updated = {**current, **changes}
    if updated.get("backend") == "api" and not updated.get("api_url"):
        raise CliError(
            "backend = 'api' needs care4u-server's address: give --api-url https://HOST:PORT.",
            EXIT_INVALID,
        )
    if updated == current:  # every value empty (an upgrade's) or already so: no write
        out.line(f"{path}: unchanged")
        return 0
    _write(path, updated)
    out.line(f"{path}: " + ", ".join(f"{k} = {_value(v)}" for k, v in changes.items()))
    return 0


_OPTIONS = ("set_backend", "set_api_url", "set_kiosk", "set_data_dir", "set_log_level")


def _given(args: argparse.Namespace) -> bool:
    return any(getattr(args, name) is not None for name in _OPTIONS)


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    """The keys to set, each checked; empty values are left out ("leave unchanged")."""
    raw = {name: (getattr(args, name) or "").strip() for name in _OPTIONS}
    changes: dict[str, Any] = {}
    try:
        if raw["set_backend"]:
            changes["backend"] = check_backend(raw["set_backend"].lower())
        if raw["set_api_url"]:
            changes["api_url"] = check_api_url(raw["set_api_url"])
        if raw["set_kiosk"]:
            changes["kiosk"] = _flag(raw["set_kiosk"])
        if raw["set_data_dir"]:
            changes["data_dir"] = _data_dir(raw["set_data_dir"])
        if raw["set_log_level"]:
            changes["log_level"] = check_log_level(raw["set_log_level"])
    except SystemExit as exc:  # the app's own message for the same value
        raise CliError(str(exc.code), EXIT_INVALID) from None
    return changes


def _flag(value: str) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise SystemExit(f"--kiosk {value!r}: give 1/0, true/false or yes/no.")


def _data_dir(value: str) -> str:
    # Every account reads this file: a relative or ~ path would mean a different folder
    # for each of them.
    if not os.path.isabs(value):
        raise SystemExit(f"--data-dir {value!r}: give an absolute path (the same for every user).")
    return value


def _read(path: Path) -> dict[str, Any]:
    try:
        # Also refused: a file others could have written. Keeping its keys and rewriting it
        # root's own 0644 would make a planted data_dir or api_url trusted.
        return read_machine_toml(path)
    except SystemExit as exc:  # not valid TOML: rewriting it would lose what IT wrote
        raise CliError(
            f"{exc.code} Fix it by hand first; nothing was changed.", EXIT_INVALID
        ) from None


def _show(path: Path, current: dict[str, Any], out: Output) -> int:
    if out.json_mode:
        out.json({"path": str(path), "exists": path.is_file(), "settings": current})
        return 0
    out.line(f"# {path}" + ("" if path.is_file() else " (no such file yet)"))
    if current:
        out.stream.write(dumps(current))
    return 0


def _write(path: Path, settings: dict[str, Any]) -> None:
    text = dumps(settings)
    import tomllib

    # The writer is ours: what the app will read back must be what was meant.
    if tomllib.loads(text) != settings:
        raise CliError(f"Could not write {path} faithfully; nothing was changed.", EXIT_INVALID)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A temp file in the same folder, then a rename: a reader (a kiosk starting) sees
        # the old file or the new one, never half of one.
        fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, MACHINE_FILE_MODE)  # mkstemp makes it 0600; every account reads it
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CliError(
            f"Cannot write {path}: {exc.strerror or exc} (the machine file needs an"
            " administrator: root, or an elevated prompt on Windows).",
            EXIT_UNAVAILABLE,
        ) from None


def dumps(settings: dict[str, Any]) -> str:
    """``settings`` as TOML: the flat keys of strings, booleans, numbers and lists of them
    that a config file holds. Anything else (a table, a date) is refused, not lost."""
    lines = [f"{_key(key)} = {_value(value, key)}" for key, value in settings.items()]
    return "".join(line + "\n" for line in lines)


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _value(value: object, key: str = "") -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item, key) for item in value) + "]"
    raise CliError(
        f"The machine file's {key!r} is a {type(value).__name__}, which this command does not"
        " rewrite: edit the file by hand. Nothing was changed.",
        EXIT_INVALID,
    )


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and every control character escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
