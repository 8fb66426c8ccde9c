"""``client/http.py`` against small stand-in servers (the standard library's ``http.server``
on 127.0.0.1): what each way of failing says about a write, and that writes are never sent
twice. The contract's own answers are tested against the real server
(``tests/integration/test_api_client.py``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from care4u_desktop.client.http import AnswerLost, ApiClient, ApiSettings, Unreached
from care4u_desktop.domain.errors import ServiceUnavailable, SlotTaken
from tests.server.support import free_port


class StandIn(BaseHTTPRequestHandler):
    #: What the server does: "drop" (close without a word), "gateway" (a proxy's 504 page),
    #: "taken" (the contract's 409), "ok".
    mode = "ok"
    seen: list[str] = []  # noqa: RUF012  (each test's class has its own)
    headers_seen: list[tuple[str | None, str | None]] = []  # noqa: RUF012

    def _answer(self) -> None:
        self.seen.append(f"{self.command} {self.path}")
        self.headers_seen.append(
            (self.headers.get("X-Device-Token"), self.headers.get("Authorization"))
        )
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.mode == "drop":
            self.close_connection = True
            self.connection.close()
            return
        if self.mode == "gateway":
            body, status, kind = b"<html>504 Gateway Time-out</html>", 504, "text/html"
        elif self.mode == "taken":
            body = b'{"error": {"code": "slot_taken", "message": "taken", "params": {}}}'
            status, kind = 409, "application/json"
        else:
            body, status, kind = b'{"ok": true}', 200, "application/json"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stand_in() -> Iterator[tuple[ApiClient, type[StandIn]]]:
    handler = type("Handler", (StandIn,), {"seen": [], "headers_seen": [], "mode": "ok"})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    client = ApiClient(
        ApiSettings(f"http://127.0.0.1:{httpd.server_address[1]}", "dev-x.secret", read_timeout_s=2)
    )
    yield client, handler
    httpd.shutdown()
    httpd.server_close()


def test_a_write_whose_connection_drops_after_sending_is_sent_once_and_may_be_stored(stand_in):
    client, server = stand_in
    server.mode = "drop"
    with pytest.raises(AnswerLost):
        client.send("POST", "/v1/appointments", {"doctor_id": "d"})
    assert server.seen == ["POST /v1/appointments"]  # never a second booking


def test_a_read_whose_connection_drops_is_tried_again_then_not_responding(stand_in):
    client, server = stand_in
    server.mode = "drop"
    with pytest.raises(ServiceUnavailable) as failed:
        client.get("/v1/doctors")
    assert not isinstance(failed.value, AnswerLost)  # a read changed nothing
    assert len(server.seen) >= 2


def test_a_gateways_time_out_page_on_a_write_may_hide_a_stored_booking(stand_in):
    client, server = stand_in
    server.mode = "gateway"
    with pytest.raises(AnswerLost):
        client.send("POST", "/v1/appointments", {})
    with pytest.raises(ServiceUnavailable) as failed:
        client.get("/v1/doctors")
    assert failed.value.code == "backend_failed" and "504" in str(failed.value.params["detail"])


def test_the_contracts_refusal_is_the_services_error(stand_in):
    client, server = stand_in
    server.mode = "taken"
    with pytest.raises(SlotTaken):
        client.send("POST", "/v1/appointments", {})


def test_the_device_token_is_sent_and_a_session_only_when_given(stand_in):
    client, server = stand_in
    assert client.get("/v1/doctors") == {"ok": True}
    assert client.get("/v1/me/appointments", token="ses-1.abc") == {"ok": True}
    assert server.headers_seen == [("dev-x.secret", None), ("dev-x.secret", "Bearer ses-1.abc")]


def test_no_server_at_all_is_surely_not_stored():
    client = ApiClient(ApiSettings(f"http://127.0.0.1:{free_port()}", "dev-x.secret"))
    with pytest.raises(Unreached):
        client.send("POST", "/v1/appointments", {})
    assert "secret" not in repr(client.settings)
