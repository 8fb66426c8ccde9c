"""Real components a test starts itself (Xvfb and openbox, a CUPS scheduler, ...).

Where one is missing, the test is skipped on a developer's machine and fails on CI
(``CI=true``), where ``.ci/run`` installs the Debian packages: there a skip would hide the
very failure the test was written for.
"""

from __future__ import annotations

import os

import pytest


def require(condition: bool, what: str) -> None:
    """Go on if ``condition``; else skip (locally) or fail (on CI), naming ``what``."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required on CI")
    pytest.skip(f"{what} is not available here")
