"""Find files under ``resources/`` from a frozen build, an installed wheel and a source
checkout alike."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    # PyInstaller unpacks bundled data under sys._MEIPASS.
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    # A wheel installs resources/ as the package care4u_desktop._resources (pyproject.toml).
    installed = _PACKAGE / "_resources"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "resources"  # a source checkout (or an editable install)


def from_checkout() -> bool:
    """Whether the resources are a source checkout's, which the app may write to (it
    compiles a stale translation there); an installed or frozen copy is read-only."""
    return resources_dir() == _PACKAGE.parent / "resources" and not getattr(sys, "frozen", False)


def resource_path(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Care4U resource missing: {path}")
    return path
