"""Names in every script and look-alike emails, through the accounts service, on every store."""

from __future__ import annotations

import unicodedata

import pytest

from care4u_desktop.domain.errors import EmailAlreadyRegistered, ValidationErrors
from care4u_desktop.services.accounts import AccountService
from care4u_desktop.services.ports import Store
from tests.fakes import FakeNotifier, FastHasher, fixed_clock
from tests.names import HIDDEN_CHARACTER_MESSAGE, LOOKALIKE_EMAILS, REAL_NAMES, nfd

PASSWORD = "correct horse 7"


def accounts(store: Store) -> AccountService:
    return AccountService(store, FakeNotifier(), FastHasher(), fixed_clock())


def test_every_real_name_is_stored_composed_and_read_back_equal(store: Store) -> None:
    service = accounts(store)
    for n, (typed, stored) in enumerate(REAL_NAMES):
        email = f"patient{n}@example.com"
        user = service.sign_up(typed, email, "555 123 4567", PASSWORD, PASSWORD).session.user
        assert user.name == stored
        found = store.find_user_by_email(email)
        assert found is not None and found.name == stored, (typed, found)
        assert unicodedata.is_normalized("NFC", found.name)
        assert store.get_user(user.user_id) == found


def test_a_decomposed_email_is_the_same_account_as_the_composed_one(store: Store) -> None:
    service = accounts(store)
    composed, decomposed = "josé@example.com", nfd("josé@example.com")
    service.sign_up("José Núñez", decomposed, "555 123 4567", PASSWORD, PASSWORD)

    with pytest.raises(EmailAlreadyRegistered):
        service.sign_up("José Impostor", composed.upper(), "555 999 0000", PASSWORD, PASSWORD)

    for typed in (composed, decomposed, f" {decomposed.upper()} "):
        assert service.log_in(typed, PASSWORD).user.name == "José Núñez"
    found = store.find_user_by_email(composed)
    assert found is not None and found.email == composed


@pytest.mark.parametrize("lookalike", LOOKALIKE_EMAILS[:3] + LOOKALIKE_EMAILS[8:9])
def test_a_look_alike_email_makes_no_second_account(store: Store, lookalike: str) -> None:
    service = accounts(store)
    service.sign_up("Alice Liddell", "alice@example.com", "555 123 4567", PASSWORD, PASSWORD)

    with pytest.raises(ValidationErrors) as caught:
        service.sign_up("Mallory", lookalike, "555 999 0000", PASSWORD, PASSWORD)

    assert {k: r.message for k, r in caught.value.errors.items()} == {
        "email": HIDDEN_CHARACTER_MESSAGE
    }
    assert caught.value.errors["email"].code == "email_hidden_character"
    assert store.find_user_by_email(lookalike) is None
    assert store.find_user_by_email("alice@example.com").name == "Alice Liddell"  # type: ignore[union-attr]
