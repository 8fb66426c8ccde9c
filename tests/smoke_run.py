"""``care4u-desktop --smoke-test`` from this checkout, in a child with a clean environment:
no CARE4U_/QT_ variable of the developer's, no config file of theirs or of the machine's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def smoke(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The smoke test with its data and logs under ``tmp_path``; ``env`` adds or overrides."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CARE4U_", "QT_"))}
    base.update(
        QT_QPA_PLATFORM="offscreen",
        CARE4U_CONFIG=str(tmp_path / "none.toml"),
        CARE4U_MACHINE_CONFIG=os.devnull,
        CARE4U_LOG_DIR=str(tmp_path / "logs"),
        CARE4U_DATA_DIR=str(tmp_path / "data"),
    )
    base.update(env)
    return subprocess.run(
        [sys.executable, "-m", "care4u_desktop", "--smoke-test", *args],
        env=base,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
