"""The machine file steers every account's kiosk (its data_dir, backend, api_url): like sshd's
StrictModes, it is used only when no account but root (or the one running) can change it,
nor the folders on the way to it. Otherwise a non-admin user could point every kiosk's
store at a folder of theirs, or every kiosk at a server of theirs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from care4u_desktop.config import BACKENDS, Config, load_config, parse_gui_args
from tests import components
from tests.cli.support import run_cli

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX owners and modes; Windows: ACLs")

PLANTED = 'data_dir = "/home/mallory/harvest"\nbackend = "local"\n'
MALLORY = 61_021  # an ordinary account of the same PC


def start(machine_file: Path, tmp_path: Path) -> Config:
    env = {
        "CARE4U_CONFIG": str(tmp_path / "no-user-file.toml"),
        "CARE4U_MACHINE_CONFIG": str(machine_file),
    }
    return load_config(parse_gui_args([]), env, backends=BACKENDS)


def machine_file(folder: Path, folder_mode: int = 0o755, file_mode: int = 0o644) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(folder_mode)
    path = folder / "config.toml"
    path.write_text(PLANTED, encoding="utf-8")
    path.chmod(file_mode)
    return path


def test_a_machine_file_only_root_can_change_is_used(tmp_path: Path) -> None:
    assert start(machine_file(tmp_path / "etc"), tmp_path).data_dir == Path("/home/mallory/harvest")


@pytest.mark.parametrize(
    ("folder_mode", "file_mode", "culprit"),
    [
        (0o755, 0o666, "etc/config.toml"),  # chmod 666 "so the installer could write it"
        (0o755, 0o664, "etc/config.toml"),  # group-writable
        (0o777, 0o644, "etc"),  # the folder: anyone may replace the file
    ],
)
def test_a_machine_file_others_can_change_stops_the_start_naming_it(
    tmp_path: Path, folder_mode: int, file_mode: int, culprit: str
) -> None:
    path = machine_file(tmp_path / "etc", folder_mode, file_mode)
    with pytest.raises(SystemExit) as stopped:
        start(path, tmp_path)
    message = str(stopped.value.code)
    assert f"{tmp_path / culprit} is writable by" in message, message
    assert str(path) in message, message


def test_a_machine_file_owned_by_another_account_stops_the_start(tmp_path: Path) -> None:
    components.require(os.geteuid() == 0, "root (to give the file to another account)")
    path = machine_file(tmp_path / "etc")
    os.chown(path, MALLORY, MALLORY)
    with pytest.raises(SystemExit) as stopped:
        start(path, tmp_path)
    assert f"owned by uid {MALLORY}" in str(stopped.value.code), stopped.value.code


def test_machine_config_does_not_launder_a_planted_file(tmp_path: Path) -> None:
    """IT (root) runs ``care4u-admin machine-config --kiosk 1`` (the MSI and the docs do): it
    must not keep a planted file's keys and rewrite them root-owned 0644, i.e. trusted."""
    path = machine_file(tmp_path / "etc", 0o755, 0o666)

    proc = run_cli(
        tmp_path / "data",
        "machine-config",
        "--kiosk",
        "1",
        env={"CARE4U_MACHINE_CONFIG": str(path)},
    )

    assert proc.returncode != 0, proc.stdout
    assert "writable" in proc.stderr, proc.stderr
    assert path.read_text(encoding="utf-8") == PLANTED
