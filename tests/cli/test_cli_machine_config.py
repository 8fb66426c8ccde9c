"""``care4u-admin machine-config``: what the MSI and IT run to set the machine-wide file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from care4u_desktop.config import BACKENDS, load_config, parse_gui_args
from tests.cli.support import run_cli

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows uses ACLs")

HAND_WRITTEN = 'hospital_name = "Clínica \\"San Juan\\""\nidle_seconds = 60\nbackend = "local"\n'


def msi(data_dir: Path, file: Path, backend: str, api_url: str, kiosk: str):
    """The command line the MSI's custom action runs, every property passed, set or not."""
    return run_cli(
        data_dir,
        "machine-config",
        "--file",
        str(file),
        "--backend",
        backend,
        "--api-url",
        api_url,
        "--kiosk",
        kiosk,
    )


def desktop_sees(file: Path, tmp_path: Path):
    env = {"CARE4U_CONFIG": str(tmp_path / "none.toml"), "CARE4U_MACHINE_CONFIG": str(file)}
    return load_config(parse_gui_args([]), {**env, "CARE4U_DEVICE_TOKEN": "t"}, backends=BACKENDS)


@posix_only
def test_the_installers_command_writes_a_file_every_account_reads_and_the_app_obeys(
    tmp_path: Path,
) -> None:
    file = tmp_path / "etc" / "care4u" / "config.toml"
    file.parent.mkdir(parents=True)
    file.write_text(HAND_WRITTEN, encoding="utf-8")

    proc = msi(tmp_path / "data", file, "api", "https://care4u.clinic.lan:8443", "1")

    assert proc.returncode == 0, proc.stderr
    assert oct(stat.S_IMODE(file.stat().st_mode)) == "0o644"
    config = desktop_sees(file, tmp_path)
    assert (config.backend, config.api_url, config.kiosk) == (
        "api",
        "https://care4u.clinic.lan:8443",
        True,
    )
    # What IT wrote by hand is kept, quotes and accents too.
    assert (config.hospital_name, config.idle_seconds) == ('Clínica "San Juan"', 60)
    assert [p.name for p in file.parent.iterdir()] == ["config.toml"]  # no temp file left

    # An upgrade run with the properties unset changes nothing; one set changes only it.
    before = file.read_bytes()
    assert msi(tmp_path / "data", file, "", "", "").returncode == 0
    assert file.read_bytes() == before
    assert msi(tmp_path / "data", file, "", "", "no").returncode == 0
    config = desktop_sees(file, tmp_path)
    assert (config.backend, config.api_url, config.kiosk) == (
        "api",
        "https://care4u.clinic.lan:8443",
        False,
    )

    shown = run_cli(tmp_path / "data", "machine-config", "--file", str(file))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[0] == f"# {file}"
    assert 'api_url = "https://care4u.clinic.lan:8443"' in shown.stdout
    assert "kiosk = false" in shown.stdout


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--backend", "cloud", "Unknown backend 'cloud'"),
        ("--api-url", "http://care4u.clinic.lan", "plain http"),
        ("--kiosk", "maybe", "1/0, true/false or yes/no"),
        ("--log-level", "LOUD", "not one of DEBUG, INFO, WARNING, ERROR"),
        ("--data-dir", "shared/care4u", "absolute path"),
    ],
)
def test_a_bad_value_exits_2_with_the_apps_message_and_writes_nothing(
    tmp_path: Path, option: str, value: str, said: str
) -> None:
    file = tmp_path / "config.toml"
    file.write_text(HAND_WRITTEN, encoding="utf-8")
    before = file.stat()

    proc = run_cli(
        tmp_path / "data", "machine-config", "--file", str(file), "--kiosk", "1", option, value
    )

    assert proc.returncode == 2
    assert said in proc.stderr and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert file.read_text(encoding="utf-8") == HAND_WRITTEN
    assert file.stat().st_mtime_ns == before.st_mtime_ns
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


def test_the_api_backend_without_an_address_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "config.toml"
    proc = run_cli(tmp_path / "data", "machine-config", "--file", str(file), "--backend", "api")
    assert proc.returncode == 2 and "--api-url" in proc.stderr
    assert not file.exists()


def test_an_install_with_no_property_set_creates_no_file(tmp_path: Path) -> None:
    file = tmp_path / "etc" / "config.toml"
    proc = msi(tmp_path / "data", file, "", "", "")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"{file}: unchanged"
    assert not file.exists()


def test_a_broken_machine_file_is_named_with_its_line_and_left_alone(tmp_path: Path) -> None:
    file = tmp_path / "config.toml"
    file.write_text('backend = "local"\nkiosk = tru\n', encoding="utf-8")
    env = {"CARE4U_MACHINE_CONFIG": str(file)}

    fixing = run_cli(tmp_path / "data", "machine-config", "--kiosk", "1", env=env)
    using = run_cli(tmp_path / "data", "doctors", env=env)

    assert fixing.returncode == 2 and f"{file}" in fixing.stderr and "line 2" in fixing.stderr
    assert "nothing was changed" in fixing.stderr
    assert using.returncode == 2 and f"{file}" in using.stderr and "line 2" in using.stderr
    assert file.read_text(encoding="utf-8") == 'backend = "local"\nkiosk = tru\n'
