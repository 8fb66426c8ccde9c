from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from tests.packaging.support import packaged_dir


@pytest.fixture(scope="session")
def packaged() -> Path:
    """``dist``-style folder of the packaged app for the current sources (built if needed)."""
    if (
        not os.environ.get("CARE4U_PACKAGED_DIR")
        and importlib.util.find_spec("PyInstaller") is None
    ):
        message = "PyInstaller is not installed: pip install -e '.[build]' (make test does)"
        if os.environ.get("CARE4U_REQUIRE_PACKAGED"):  # make test: building is not optional
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    try:
        folder = packaged_dir()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    assert folder.is_dir(), f"no packaged folder at {folder}"
    return folder
