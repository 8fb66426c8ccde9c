from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.support import run_cli


@pytest.fixture(scope="module")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data directory per test module, seeded with the demo doctors."""
    data_dir = tmp_path_factory.mktemp("cli") / "data"
    proc = run_cli(data_dir, "seed-doctors")
    assert proc.returncode == 0, proc.stderr
    return data_dir
