"""The /v1 contract over real HTTP, accounts and sessions: devices, sign-up, sign-in, the
lock-out, sign-out, sessions bound to their device, the kiosk's Staff exit. Each test runs
on both backends (a SQLite file; DynamoDB on the moto server)."""

from __future__ import annotations

import pytest

from care4u_desktop.domain.models import Role
from tests.server.support import (
    PASSWORD,
    RunningServer,
    add_account,
    audit_actions,
    bearer,
    enrol,
    error_of,
    revoke,
    sign_in,
    sign_up,
    unique_email,
)


def test_health_needs_no_token(server: RunningServer) -> None:
    with server.client() as http:
        answer = http.get("/v1/health")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok" and answer.json()["version"]


@pytest.mark.parametrize(
    "token", [None, "", "made-up", "dev-abc.def", "dev-" + "x" * 300], ids=repr
)
def test_a_missing_or_made_up_device_token_gets_401(server: RunningServer, token: str) -> None:
    with server.client(token) as http:
        for method, path in (("GET", "/v1/doctors"), ("POST", "/v1/sessions")):
            answer = http.request(method, path, json={"email": "a@b.cd", "password": "x"})
            error_of(answer, 401, "device_not_enrolled")


def test_a_revoked_device_gets_401_and_its_session_with_it(server: RunningServer) -> None:
    kiosk = enrol(server, "kiosk")
    with server.client(kiosk) as http:
        token, _user = sign_up(http, unique_email())
        assert http.get("/v1/me/appointments", headers=bearer(token)).status_code == 200

        revoke(server, kiosk)

        error_of(http.get("/v1/doctors"), 401, "device_not_enrolled")
        error_of(http.get("/v1/me/appointments", headers=bearer(token)), 401, "device_not_enrolled")


def test_sign_up_gives_a_session_and_the_user_without_secrets(server: RunningServer) -> None:
    email = unique_email()
    with server.client(enrol(server, "kiosk")) as http:
        answer = http.post(
            "/v1/accounts",
            json={"name": "Ada Lovelace", "email": email.upper(), "phone": "+1 555 123 4567",
                  "password": PASSWORD},
        )  # fmt: skip
        assert answer.status_code == 201, answer.text
        body = answer.json()
        assert set(body) == {"session", "user", "subscribed"}
        assert set(body["session"]) == {"token", "idle_seconds", "expires_at"}
        assert body["session"]["idle_seconds"] == 120  # a kiosk's
        assert set(body["user"]) == {"user_id", "name", "email", "phone", "role", "created_at"}
        assert body["user"]["email"] == email and body["user"]["role"] == "patient"
        me = http.get("/v1/me/appointments", headers=bearer(body["session"]["token"]))
        assert me.json() == {"upcoming": [], "past": []}


def test_sign_up_refuses_every_bad_field_at_once_and_stores_nothing(
    server: RunningServer,
) -> None:
    email = unique_email()
    with server.client(enrol(server, "kiosk")) as http:
        answer = http.post(
            "/v1/accounts",
            json={"name": "R2D2", "email": email, "phone": "call me", "password": "short"},
        )
        error = error_of(answer, 422, "name_not_letters")
        assert set(error["fields"]) == {"name", "phone", "password"}
        assert error["fields"]["password"]["code"] == "password_too_short"
        assert error["fields"]["password"]["params"] == {"min_length": 8}
        error_of(sign_in(http, email, "short"), 401, "invalid_credentials")


def test_a_registered_email_gets_409(server: RunningServer) -> None:
    email = unique_email()
    with server.client(enrol(server, "kiosk")) as http:
        sign_up(http, email)
        answer = http.post(
            "/v1/accounts",
            json={"name": "Ada", "email": email, "phone": "5551234567", "password": PASSWORD},
        )
        assert error_of(answer, 409, "email_already_registered")["field"] == "email"


def test_a_malformed_request_is_422_in_the_same_body(server: RunningServer) -> None:
    with server.client(enrol(server, "kiosk")) as http:
        error = error_of(http.post("/v1/sessions", json={"email": "a@b.cd"}), 422, "invalid")
        assert error["fields"] == {
            "password": {"code": "invalid", "message": "Field required", "params": {}}
        }
        error = error_of(http.post("/v1/sessions", content=b"{not json"), 422, "invalid")
        assert error["fields"]
        extra = {"email": "a@b.cd", "password": "x", "role": "admin"}
        assert "role" in error_of(http.post("/v1/sessions", json=extra), 422, "invalid")["fields"]


def test_sign_in_wrong_then_right(server: RunningServer) -> None:
    email = unique_email()
    with server.client(enrol(server, "kiosk")) as http:
        _token, user = sign_up(http, email)
        assert (
            error_of(sign_in(http, email, "wrong password"), 401, "invalid_credentials")["field"]
            == "password"
        )
        error_of(sign_in(http, unique_email("nobody")), 401, "invalid_credentials")

        answer = sign_in(http, email)
        assert answer.status_code == 201, answer.text
        assert answer.json()["user"] == user
        assert set(answer.json()["session"]) == {"token", "idle_seconds", "expires_at"}


def test_five_wrong_passwords_lock_the_account_423(server: RunningServer) -> None:
    email = unique_email()
    with server.client(enrol(server, "kiosk")) as http:
        sign_up(http, email)
        codes = [sign_in(http, email, f"wrong {n}").status_code for n in range(5)]
        assert codes == [401, 401, 401, 401, 423]
        error_of(sign_in(http, email), 423, "account_locked")  # the right one too, now


def test_sign_out_ends_the_session(server: RunningServer) -> None:
    with server.client(enrol(server, "kiosk")) as http:
        token, _user = sign_up(http, unique_email())
        assert http.delete("/v1/sessions/current", headers=bearer(token)).status_code == 204

        error_of(http.get("/v1/me/appointments", headers=bearer(token)), 401, "session_ended")
        error_of(http.delete("/v1/sessions/current", headers=bearer(token)), 401, "session_ended")


@pytest.mark.parametrize("token", ["", "made-up", "abc.def"])
def test_a_missing_or_made_up_session_gets_401(server: RunningServer, token: str) -> None:
    with server.client(enrol(server, "kiosk")) as http:
        headers = bearer(token) if token else {}
        error_of(http.get("/v1/me/appointments", headers=headers), 401, "session_ended")


def test_a_session_token_works_only_on_the_device_that_opened_it(server: RunningServer) -> None:
    first, second = enrol(server, "kiosk"), enrol(server, "kiosk")
    with server.client(first) as here:
        token, _user = sign_up(here, unique_email())
    with server.client(second) as elsewhere:
        error_of(elsewhere.get("/v1/me/appointments", headers=bearer(token)), 401, "session_ended")
    with server.client(first) as here:
        assert here.get("/v1/me/appointments", headers=bearer(token)).status_code == 200


def test_a_staff_account_gets_no_session_on_a_kiosk_and_one_on_a_desk(
    server: RunningServer,
) -> None:
    email = unique_email("staff")
    add_account(server, email, Role.STAFF)
    with server.client(enrol(server, "kiosk")) as kiosk:
        error_of(sign_in(kiosk, email), 403, "desk_device_only")
    with server.client(enrol(server, "desk")) as desk:
        answer = sign_in(desk, email)
        assert answer.status_code == 201, answer.text
        assert answer.json()["user"]["role"] == "staff"
        assert answer.json()["session"]["idle_seconds"] == 3600  # a desk's


def test_the_kiosk_staff_exit_takes_staff_only_and_gives_no_session(
    server: RunningServer,
) -> None:
    staff, patient = unique_email("staff"), unique_email()
    add_account(server, staff, Role.ADMIN)
    with server.client(enrol(server, "kiosk")) as kiosk:
        sign_up(kiosk, patient)
        answer = kiosk.post("/v1/kiosk/unlock", json={"email": staff, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        assert set(answer.json()) == {"user"} and answer.json()["user"]["role"] == "admin"

        # A patient's right password opens nothing; then this kiosk waits before the next try.
        refused = kiosk.post("/v1/kiosk/unlock", json={"email": patient, "password": PASSWORD})
        error_of(refused, 401, "invalid_credentials")
        waiting = kiosk.post("/v1/kiosk/unlock", json={"email": staff, "password": PASSWORD})
        assert error_of(waiting, 429, "try_again_later")["params"]["seconds"] >= 1
        assert int(waiting.headers["Retry-After"]) >= 1
    with server.client(enrol(server, "desk")) as desk:
        answer = desk.post("/v1/kiosk/unlock", json={"email": staff, "password": PASSWORD})
        error_of(answer, 403, "permission_denied")


def test_the_trail_names_the_device_that_signed_in(server: RunningServer) -> None:
    email = unique_email()
    kiosk = enrol(server, "kiosk")
    device_id = kiosk.split(".")[0]
    with server.client(kiosk) as http:
        token, _user = sign_up(http, email)
        sign_in(http, email, "wrong password")
        http.delete("/v1/sessions/current", headers=bearer(token))

    mine = [(action, outcome) for action, device, outcome in audit_actions(server)
            if device == device_id]  # fmt: skip
    assert mine == [
        ("sign_up", "ok"),
        ("sign_in_failed", "invalid_credentials"),
        ("sign_out", "ok"),
    ]
