"""Guessing and flooding, held by the server over real HTTP, on both backends.

- The lock-out: 30 wrong passwords for one account arrive at once, each from a kiosk of its
  own (so no per-device limit gets in the way: the lock-out alone must hold). At most 5 are
  checked (4 answered 401, the 5th locks: 423), every other one is refused unchecked (423),
  and then the right password is refused too while the lock lasts (423). "Checked" is read
  from the audit trail: a checked failure names the account, an unchecked one names nobody.
- The rate limits, set low through the server's environment: per device (429 with
  Retry-After, other devices unaffected), per signed-in account (across devices), and
  sign-in attempts per device (even the right password gets 429).

The counts per status are printed (``pytest -s``) for the closing note.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server.support import (
    PASSWORD,
    RunningServer,
    bearer,
    enrol,
    running_server,
    sign_in,
    sign_up,
)
from tests.server.test_races_http import at_once, tally

GUESSES = 30
#: The rate-limit window, long so that no test here runs across the end of one.
WINDOW_S = 3600


def test_30_concurrent_wrong_passwords_at_most_5_checked_then_locked(
    server: RunningServer,
) -> None:
    with server.client(enrol(server, "kiosk", "sign-up kiosk")) as http:
        _, ada = sign_up(http, "ada@example.com")
    clients = [server.client(enrol(server, "kiosk", f"kiosk {n:02d}")) for n in range(GUESSES)]
    try:
        answers = at_once(
            clients, lambda i, http: sign_in(http, "ada@example.com", f"wrong guess {i:02d}")
        )
    finally:
        for http in clients:
            http.close()
    with server.client(enrol(server, "kiosk", "ada's kiosk")) as http:
        right = sign_in(http, "ada@example.com", PASSWORD)

    counts = tally(answers)
    with server.store_env():
        failures = [e for e in server.services().audit.entries() if e.action == "sign_in_failed"]
    checked = Counter(e.outcome for e in failures if ("user_id", ada["user_id"]) in e.targets)
    unchecked = Counter(e.outcome for e in failures if not e.targets)
    print(
        f"\n[{server.backend}] {GUESSES} concurrent wrong passwords: {dict(counts)};"
        f" checked (audit): {dict(checked)}, refused unchecked: {dict(unchecked)};"
        f" then the right password: {right.status_code} {right.json()['error']['code']}"
    )
    assert counts == {(401, "invalid_credentials"): 4, (423, "account_locked"): GUESSES - 4}
    # The last counted guess is the 5th wrong one; the 25 after it were never checked.
    assert checked == {"invalid_credentials": 4, "account_locked": 1}
    assert unchecked == {"account_locked": GUESSES - 5 + 1}  # the right password's try too
    assert (right.status_code, right.json()["error"]["code"]) == (423, "account_locked")
    assert "session" not in right.json()


# -- rate limits -------------------------------------------------------------------------------
@pytest.fixture
def limited(backend: str, tmp_path: Path) -> Iterator[RunningServer]:
    env = {
        "CARE4U_RATE_KIOSK": "8",
        "CARE4U_RATE_ACCOUNT": "5",
        "CARE4U_RATE_SIGN_IN": "3",
        "CARE4U_RATE_WINDOW_SECONDS": str(WINDOW_S),
    }
    with running_server(tmp_path, backend, env=env) as running:
        yield running


def assert_try_again_later(answer: httpx.Response) -> int:
    """A 429 with Retry-After (seconds, within the window) saying the same as the body."""
    assert answer.status_code == 429, answer.text
    error = answer.json()["error"]
    seconds = int(answer.headers["Retry-After"])
    assert 1 <= seconds <= WINDOW_S
    assert (error["code"], error["params"]["seconds"]) == ("try_again_later", seconds)
    return seconds


def test_a_kiosk_over_its_request_limit_gets_429_others_do_not(limited: RunningServer) -> None:
    with limited.client(enrol(limited, "kiosk")) as busy, limited.client(enrol(limited)) as other:
        statuses = [busy.get("/v1/doctors").status_code for _ in range(10)]
        over = busy.get("/v1/doctors")
        elsewhere = other.get("/v1/doctors")
    print(f"\n[{limited.backend}] one kiosk, limit 8: {Counter(statuses)}, then", end=" ")
    seconds = assert_try_again_later(over)
    print(f"429 Retry-After {seconds}; another kiosk: {elsewhere.status_code}")
    assert statuses == [200] * 8 + [429] * 2
    assert elsewhere.status_code == 200


def test_an_account_over_its_limit_gets_429_on_every_device(limited: RunningServer) -> None:
    first, second, third = (enrol(limited, "kiosk", name) for name in ("1st", "2nd", "3rd"))
    with limited.client(first) as a, limited.client(second) as b, limited.client(third) as c:
        token, _ = sign_up(a, "ada@example.com")
        statuses = [
            a.get("/v1/me/appointments", headers=bearer(token)).status_code for _ in range(6)
        ]
        signed_in = sign_in(b, "ada@example.com")
        assert signed_in.status_code == 201, signed_in.text
        there = b.get("/v1/me/appointments", headers=bearer(signed_in.json()["session"]["token"]))
        bob, _ = sign_up(c, "bob@example.com")
        someone_else = c.get("/v1/me/appointments", headers=bearer(bob))
    print(
        f"\n[{limited.backend}] one account, limit 5: {statuses};"
        f" the same account on another kiosk: {there.status_code};"
        f" another account: {someone_else.status_code}"
    )
    assert statuses == [200] * 5 + [429]
    assert_try_again_later(there)
    assert someone_else.status_code == 200


def test_sign_in_attempts_over_a_devices_limit_get_429_even_the_right_one(
    limited: RunningServer,
) -> None:
    with limited.client(enrol(limited, "kiosk", "sign-up")) as http:
        sign_up(http, "ada@example.com")
    with limited.client(enrol(limited, "kiosk", "guessing")) as guessing:
        tries = [sign_in(guessing, "ada@example.com", f"guess {n}") for n in range(3)]
        right = sign_in(guessing, "ada@example.com")
    with limited.client(enrol(limited, "kiosk", "another")) as another:
        elsewhere = sign_in(another, "ada@example.com")
    print(
        f"\n[{limited.backend}] sign-in tries of one kiosk, limit 3:"
        f" {[t.status_code for t in tries]}, then the right password: {right.status_code};"
        f" on another kiosk: {elsewhere.status_code}"
    )
    assert [t.status_code for t in tries] == [401, 401, 401]
    assert_try_again_later(right)
    assert "session" not in right.json()
    assert elsewhere.status_code == 201
