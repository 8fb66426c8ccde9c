"""Where each setting comes from: arguments > environment > the user's file > the machine's
file > defaults; where the machine file is on each OS; a broken file said plainly."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest

from care4u_desktop.cli.main import build_parser
from care4u_desktop.config import BACKENDS, Config, load_config, parse_gui_args
from care4u_desktop.config_files import machine_config_path


def start(
    tmp_path: Path,
    argv: list[str],
    env: dict[str, str] | None = None,
    user: str = "",
    machine: str = "",
) -> Config:
    (tmp_path / "user.toml").write_text(user, encoding="utf-8")
    (tmp_path / "machine.toml").write_text(machine, encoding="utf-8")
    files = {
        "CARE4U_CONFIG": str(tmp_path / "user.toml"),
        "CARE4U_MACHINE_CONFIG": str(tmp_path / "machine.toml"),
    }
    return load_config(parse_gui_args(argv), {**files, **(env or {})}, backends=BACKENDS)


MACHINE = """\
data_dir = "/srv/machine-data"
backend = "aws"
timezone = "Europe/Madrid"
hospital_name = "Machine Hospital"
kiosk = true
table_prefix = "Machine_"
idle_seconds = 45
log_file = "/var/log/care4u/machine.log"
log_level = "WARNING"
"""


def test_the_machine_file_is_read_under_the_user_file_the_environment_and_arguments(
    tmp_path: Path,
) -> None:
    only_machine = start(tmp_path, [], machine=MACHINE)
    assert (
        only_machine.data_dir,
        only_machine.backend,
        only_machine.timezone,
        only_machine.hospital_name,
        only_machine.kiosk,
        only_machine.table_prefix,
        only_machine.idle_seconds,
        only_machine.log_file,
        only_machine.log_level,
    ) == (
        Path("/srv/machine-data"),
        "aws",
        "Europe/Madrid",
        "Machine Hospital",
        True,
        "Machine_",
        45,
        Path("/var/log/care4u/machine.log"),
        "WARNING",
    )

    user = (
        'data_dir = "/home/ana/data"\nhospital_name = "Ana\'s"\n'
        'kiosk = false\nlog_level = "ERROR"\n'
    )
    over_machine = start(tmp_path, [], user=user, machine=MACHINE)
    assert (over_machine.data_dir, over_machine.hospital_name, over_machine.kiosk) == (
        Path("/home/ana/data"),
        "Ana's",
        False,
    )
    assert over_machine.log_level == "ERROR"
    assert over_machine.backend == "aws" and over_machine.idle_seconds == 45  # the machine's

    env = {
        "CARE4U_DATA_DIR": "/env/data",
        "CARE4U_BACKEND": "local",
        "CARE4U_TIMEZONE": "UTC",
        "CARE4U_LOG_FILE": "/env/kiosk.log",
        "CARE4U_LOG_LEVEL": "debug",
    }
    over_files = start(tmp_path, [], env, user=user, machine=MACHINE)
    assert (
        over_files.data_dir,
        over_files.backend,
        over_files.timezone,
        over_files.log_file,
        over_files.log_level,
    ) == (Path("/env/data"), "local", "UTC", Path("/env/kiosk.log"), "DEBUG")

    args = ["--data-dir", "/arg/data", "--backend", "aws", "--log-file", "/arg/k.log"]
    over_env = start(tmp_path, [*args, "--log-level", "info"], env, user=user, machine=MACHINE)
    assert (over_env.data_dir, over_env.backend, over_env.log_file, over_env.log_level) == (
        Path("/arg/data"),
        "aws",
        Path("/arg/k.log"),
        "INFO",
    )

    defaults = start(tmp_path, [])
    assert (defaults.backend, defaults.kiosk, defaults.log_file, defaults.log_level) == (
        "local",
        False,
        None,
        "INFO",
    )


def test_care4u_admin_reads_the_machine_file_too(tmp_path: Path) -> None:
    (tmp_path / "machine.toml").write_text('data_dir = "/srv/shared"\n', encoding="utf-8")
    env = {
        "CARE4U_CONFIG": str(tmp_path / "none.toml"),
        "CARE4U_MACHINE_CONFIG": str(tmp_path / "machine.toml"),
    }
    assert load_config(build_parser().parse_args(["doctors"]), env).data_dir == Path("/srv/shared")


def test_the_machine_file_is_where_each_os_keeps_machine_wide_settings() -> None:
    assert machine_config_path({}, "linux") == Path("/etc/care4u/config.toml")
    assert machine_config_path({}, "freebsd14") == Path("/etc/care4u/config.toml")
    assert machine_config_path({}, "darwin") == Path(
        "/Library/Application Support/Care4U/config.toml"
    )
    windows = PureWindowsPath(machine_config_path({}, "win32"))
    assert windows == PureWindowsPath(r"C:\ProgramData\Care4U\config.toml")
    moved = PureWindowsPath(machine_config_path({"PROGRAMDATA": r"D:\Data"}, "win32"))
    assert moved == PureWindowsPath(r"D:\Data\Care4U\config.toml")
    override = {"CARE4U_MACHINE_CONFIG": "/tmp/m.toml", "PROGRAMDATA": r"D:\Data"}
    for platform in ("linux", "darwin", "win32"):
        assert machine_config_path(override, platform) == Path("/tmp/m.toml")


@pytest.mark.parametrize("which", ["user", "machine"])
def test_a_broken_config_file_names_the_file_and_the_line(tmp_path: Path, which: str) -> None:
    broken = 'backend = "local"\nkiosk = tru\n'
    with pytest.raises(SystemExit) as exc:
        start(tmp_path, [], **{which: broken})
    message = str(exc.value.code)
    assert str(tmp_path / f"{which}.toml") in message
    assert "line 2" in message


def test_a_config_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    (tmp_path / "machine.toml").write_bytes(b'hospital_name = "Cl\xednica"\n')  # Latin-1
    env = {
        "CARE4U_CONFIG": str(tmp_path / "none.toml"),
        "CARE4U_MACHINE_CONFIG": str(tmp_path / "machine.toml"),
    }
    with pytest.raises(SystemExit) as exc:
        load_config(parse_gui_args([]), env, backends=BACKENDS)
    assert str(tmp_path / "machine.toml") in str(exc.value.code)
    assert "UTF-8" in str(exc.value.code)


@pytest.mark.parametrize("where", ["env", "machine"])
def test_a_log_level_that_does_not_exist_is_said_plainly(tmp_path: Path, where: str) -> None:
    env = {"CARE4U_LOG_LEVEL": "LOUD"} if where == "env" else {}
    machine = 'log_level = "LOUD"\n' if where == "machine" else ""
    with pytest.raises(SystemExit) as exc:
        start(tmp_path, [], env, machine=machine)
    assert str(exc.value.code) == "The log level 'LOUD' is not one of DEBUG, INFO, WARNING, ERROR."
