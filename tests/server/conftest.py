"""The ``server`` fixture: one care4u-server subprocess per test module and backend.

Tests on a shared server make their own devices and accounts (fresh emails), so they do
not see each other's; a test that needs other settings (a short idle time, a low rate
limit) starts its own with ``running_server(..., env=...)``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.server.support import RunningServer, running_server

BACKENDS = [
    pytest.param("local", id="local"),
    pytest.param("aws", id="aws", marks=pytest.mark.slow),
]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with running_server(tmp_path_factory.mktemp(f"server-{backend}"), backend) as running:
        yield running
