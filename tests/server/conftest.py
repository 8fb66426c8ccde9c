"""The ``server`` fixture: a care4u-server subprocess per test, on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.support import RunningServer, running_server

BACKENDS = [
    pytest.param("local", id="local"),
    pytest.param("aws", id="aws", marks=pytest.mark.slow),
]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def server(backend: str, tmp_path: Path) -> Iterator[RunningServer]:
    with running_server(tmp_path, backend) as running:
        yield running
