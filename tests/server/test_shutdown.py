"""Stopping care4u-server (``systemctl restart``, a new version) while kiosks hold their
idle keep-alive connections: it must exit soon and cleanly. Over TLS, asyncio waits for
each idle kiosk's reply to its close_notify, which a kiosk that is not reading never sends,
so the server hung until systemd's stop timeout killed it."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from tests.server.support import enrol, running_server

#: uvicorn's grace for requests in flight (server/main.py) and a margin for the exit itself.
PROMPT_EXIT_S = 8.0


def test_the_server_stops_promptly_while_a_kiosk_holds_an_idle_tls_connection(
    tmp_path: Path,
) -> None:
    with running_server(tmp_path, tls=True) as server:
        token = enrol(server, "kiosk")
        kiosk = server.client(device=token)  # keeps its connection alive, as the app does
        try:
            assert kiosk.get("/v1/doctors").status_code == 200
            started = time.monotonic()
            server.process.terminate()
            try:
                code = server.process.wait(timeout=30)
            except Exception:
                server.process.kill()
                raise
            took = time.monotonic() - started
        finally:
            kiosk.close()
    # uvicorn ends by re-raising the SIGTERM it handled: a clean stop for systemd too.
    assert code in (0, -signal.SIGTERM), server.output()
    assert took < PROMPT_EXIT_S, f"the server took {took:.1f} s to stop:\n{server.output()}"
