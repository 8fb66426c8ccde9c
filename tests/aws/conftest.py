"""Fixtures for the AWS backend's tests: moto in-process and a moto server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from moto import mock_aws

from tests.aws.support import AwsWorld, MotoServer, aws_env, provisioned_world, shared_server


@pytest.fixture
def inproc() -> Iterator[None]:
    """moto in-process: boto3 calls never leave this process."""
    with aws_env(), mock_aws():
        yield


@pytest.fixture(scope="session")
def moto_server() -> MotoServer:
    """The shared moto server (DynamoDB writes serialised; see ``support``)."""
    return shared_server()


@pytest.fixture
def server_env(moto_server: MotoServer) -> Iterator[str]:
    """Fake credentials and ``AWS_ENDPOINT_URL`` pointing at the moto server."""
    with aws_env(moto_server.url):
        yield moto_server.url


@pytest.fixture
def world(inproc: None, tmp_path: Path) -> AwsWorld:
    """Fresh tables and topic on moto in-process."""
    return provisioned_world(tmp_path)


@pytest.fixture
def server_world(server_env: str, tmp_path: Path) -> AwsWorld:
    """Fresh tables and topic on the moto server, over HTTP."""
    return provisioned_world(tmp_path)
