"""care4u-admin's devices against a running care4u-server (HTTPS on 127.0.0.1), on the
SQLite file and on DynamoDB (a moto server): the token ``devices add`` prints is what the
server accepts, its kind decides who may sign in, and ``devices revoke`` shuts it out at its
next request, session and all. The trail then shows both sides."""

from __future__ import annotations

from typing import Any

import pytest

from care4u_desktop.domain.models import Role
from tests.cli.support import ok_json, run_cli
from tests.server.support import (
    PASSWORD,
    RunningServer,
    add_account,
    error_of,
    running_server,
    sign_in,
    sign_up,
)

pytestmark = pytest.mark.slow


def _admin(server: RunningServer, *args: str) -> Any:
    """``care4u-admin`` on the server's own store (its data directory, or its tables)."""
    env = {k: v for k, v in server.env.items() if k.startswith(("AWS_", "CARE4U_"))}
    env["CARE4U_BACKEND"] = server.backend
    return run_cli(server.data_dir, *args, env=env)


@pytest.mark.parametrize("backend", ["local", "aws"])
def test_the_printed_token_works_until_it_is_revoked(tmp_path, backend: str) -> None:
    with running_server(tmp_path, backend=backend, tls=True) as server:
        kiosk = ok_json(
            _admin(server, "devices", "add", "--name", "Lobby", "--kind", "kiosk", "--json")
        )
        desk = ok_json(
            _admin(server, "devices", "add", "--name", "Desk", "--kind", "desk", "--json")
        )
        add_account(server, "rita@example.com", Role.STAFF)

        with server.client(kiosk["token"]) as http:
            assert http.get("/v1/doctors").status_code == 200
            session, _user = sign_up(http, "ana@example.com", name="Ana Silva")
            # A kiosk serves patients only; the same staff account signs in at the desk.
            error_of(sign_in(http, "rita@example.com"), 403, "desk_device_only")
        with server.client(desk["token"]) as http:
            assert sign_in(http, "rita@example.com", PASSWORD).status_code == 201

        revoked = _admin(server, "devices", "revoke", kiosk["device_id"])
        assert revoked.returncode == 0, revoked.stderr

        with server.client(kiosk["token"], session) as http:
            error_of(http.get("/v1/doctors"), 401, "device_not_enrolled")
            error_of(http.get("/v1/me/appointments"), 401, "device_not_enrolled")
        with server.client(desk["token"]) as http:  # the other device is untouched
            assert http.get("/v1/doctors").status_code == 200

        trail = ok_json(_admin(server, "audit", "--json"))
    seen = [(e["action"], e["device_id"], e["outcome"]) for e in trail]
    assert ("device_enrolled", "cli", "ok") in seen
    assert ("sign_up", kiosk["device_id"], "ok") in seen
    assert ("sign_in_failed", kiosk["device_id"], "desk_device_only") in seen
    assert ("sign_in", desk["device_id"], "ok") in seen
    assert seen[-1] == ("device_revoked", "cli", "ok")
    assert trail[-1]["targets"] == {"device_id": kiosk["device_id"]}
