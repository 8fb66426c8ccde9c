"""Sign-up and log-in on the fakes, with a clock the tests move by hand."""

from __future__ import annotations

import pytest

from care4u_desktop.domain.errors import (
    AccountLocked,
    EmailAlreadyRegistered,
    InvalidCredentials,
    UserNotFound,
    ValidationErrors,
)
from care4u_desktop.domain.models import Role, User
from care4u_desktop.services.accounts import AccountService, Session
from tests.fakes import FakeNotifier, FixedClock, InMemoryStore, make_user

PASSWORD = "correct horse battery"


def sign_up(accounts: AccountService, email: str = "ada@example.com") -> User:
    return accounts.sign_up(
        "Ada Lovelace", email, "+1 555 123 4567", PASSWORD, PASSWORD
    ).session.user


def stored(store: InMemoryStore, email: str = "ada@example.com") -> User:
    user = store.find_user_by_email(email)
    assert user is not None
    return user


def fail(accounts: AccountService, times: int, email: str = "ada@example.com") -> None:
    for _ in range(times):
        with pytest.raises(InvalidCredentials):
            accounts.log_in(email, "wrong password")


# -- sign-up -----------------------------------------------------------------------------------


def test_sign_up_then_log_in_straight_away(accounts: AccountService) -> None:
    result = accounts.sign_up(
        " Ada  Lovelace ", "  Ada@Example.COM ", "+1 (555) 123-4567", PASSWORD, PASSWORD
    )

    assert result.subscribed
    user = result.session.user
    assert (user.name, user.email, user.phone, user.role) == (
        "Ada Lovelace",
        "ada@example.com",
        "+15551234567",
        Role.PATIENT,
    )
    session = accounts.log_in("ada@example.com", PASSWORD)
    assert session.user.user_id == user.user_id


def test_log_in_normalises_the_typed_email(accounts: AccountService) -> None:
    sign_up(accounts)
    assert accounts.log_in("  ADA@example.com\n", PASSWORD).user.email == "ada@example.com"


def test_sign_up_stores_a_hash_never_the_password(
    accounts: AccountService, store: InMemoryStore, clock: FixedClock
) -> None:
    sign_up(accounts)

    user = stored(store)
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith("pbkdf2:sha256:")
    assert user.created_at == clock().isoformat(timespec="seconds")


def test_sign_up_subscribes_the_patient_to_their_messages(
    accounts: AccountService, notifier: FakeNotifier
) -> None:
    sign_up(accounts, " Ada@Example.com")
    assert notifier.subscribed == ["ada@example.com"]


def test_sign_up_still_works_when_the_notifier_is_down(
    accounts: AccountService, notifier: FakeNotifier
) -> None:
    notifier.failing = True

    result = accounts.sign_up("Ada Lovelace", "ada@example.com", "5551234567", PASSWORD, PASSWORD)

    assert not result.subscribed
    assert accounts.log_in("ada@example.com", PASSWORD).user == result.session.user


def test_same_email_in_another_case_is_already_registered(
    accounts: AccountService, store: InMemoryStore
) -> None:
    first = sign_up(accounts, "ada@example.com")

    with pytest.raises(EmailAlreadyRegistered) as caught:
        accounts.sign_up("Ada Imposter", " ADA@EXAMPLE.COM", "5550000000", "other password", None)

    assert caught.value.field == "email"
    assert "already registered" in caught.value.message
    assert stored(store) == first


def test_invalid_sign_up_stores_nothing_and_lists_every_problem(
    accounts: AccountService, store: InMemoryStore, notifier: FakeNotifier
) -> None:
    with pytest.raises(ValidationErrors) as caught:
        accounts.sign_up("", "ada@", "12", "short", "shorter")

    assert set(caught.value.errors) == {"name", "email", "phone", "password"}
    assert store.find_user_by_email("ada@") is None
    assert notifier.subscribed == []


def test_staff_can_be_signed_up_with_a_role(accounts: AccountService) -> None:
    result = accounts.sign_up(
        "Rita Desk", "desk@care4u.example", "5551234567", PASSWORD, PASSWORD, role=Role.STAFF
    )
    assert result.session.is_staff
    assert accounts.log_in("desk@care4u.example", PASSWORD).is_staff


@pytest.mark.parametrize(
    ("role", "is_staff"), [(Role.PATIENT, False), (Role.STAFF, True), (Role.ADMIN, True)]
)
def test_session_staff_roles(role: Role, is_staff: bool) -> None:
    assert Session(make_user(role=role)).is_staff is is_staff


# -- log-in ------------------------------------------------------------------------------------


def test_wrong_password_is_invalid_credentials(accounts: AccountService) -> None:
    sign_up(accounts)
    with pytest.raises(InvalidCredentials) as caught:
        accounts.log_in("ada@example.com", "not my password")
    assert caught.value.field == "password"


@pytest.mark.parametrize("email", ["nobody@example.com", "", "   "])
def test_unknown_email_reads_exactly_like_a_wrong_password(
    accounts: AccountService, email: str
) -> None:
    sign_up(accounts)
    with pytest.raises(InvalidCredentials) as wrong_password:
        accounts.log_in("ada@example.com", "not my password")
    with pytest.raises(InvalidCredentials) as unknown:
        accounts.log_in(email, PASSWORD)

    assert unknown.value.message == wrong_password.value.message
    assert unknown.value.field == wrong_password.value.field


def test_a_malformed_stored_hash_is_a_wrong_password(
    accounts: AccountService, store: InMemoryStore
) -> None:
    store.add_user(make_user("odd@example.com", password_hash="not a hash at all"))
    with pytest.raises(InvalidCredentials):
        accounts.log_in("odd@example.com", PASSWORD)


def test_failures_are_counted(accounts: AccountService, store: InMemoryStore) -> None:
    sign_up(accounts)
    fail(accounts, 3)
    assert stored(store).failed_logins == 3


def test_five_failures_lock_the_account_for_fifteen_minutes(
    accounts: AccountService, store: InMemoryStore, clock: FixedClock
) -> None:
    sign_up(accounts)
    fail(accounts, 4)

    with pytest.raises(AccountLocked) as caught:
        accounts.log_in("ada@example.com", "wrong password")
    assert "15 minutes" in caught.value.message

    # Even the right password is refused while locked...
    with pytest.raises(AccountLocked):
        accounts.log_in("ada@example.com", PASSWORD)
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(AccountLocked):
        accounts.log_in("ada@example.com", PASSWORD)

    # ...and accepted once the 15 minutes have passed, with the slate wiped clean.
    clock.advance(seconds=2)
    assert accounts.log_in("ada@example.com", PASSWORD).user.failed_logins == 0
    user = stored(store)
    assert (user.failed_logins, user.locked_until) == (0, None)


def test_lock_records_when_it_ends(
    accounts: AccountService, store: InMemoryStore, clock: FixedClock
) -> None:
    sign_up(accounts)
    fail(accounts, 4)
    with pytest.raises(AccountLocked):
        accounts.log_in("ada@example.com", "wrong password")

    assert stored(store).locked_until == "2030-01-07T10:45:00+01:00"


def test_a_wrong_password_after_the_lock_expires_counts_from_one_again(
    accounts: AccountService, store: InMemoryStore, clock: FixedClock
) -> None:
    sign_up(accounts)
    fail(accounts, 4)
    with pytest.raises(AccountLocked):
        accounts.log_in("ada@example.com", "wrong password")
    clock.advance(minutes=16)

    fail(accounts, 1)

    assert stored(store).failed_logins == 1


def test_successful_log_in_resets_the_failure_count(
    accounts: AccountService, store: InMemoryStore
) -> None:
    sign_up(accounts)
    fail(accounts, 4)

    accounts.log_in("ada@example.com", PASSWORD)

    assert stored(store).failed_logins == 0
    fail(accounts, 4)  # four more are still not a lock-out
    assert accounts.log_in("ada@example.com", PASSWORD)


def test_lockout_is_per_account(accounts: AccountService) -> None:
    sign_up(accounts, "ada@example.com")
    sign_up(accounts, "bob@example.com")
    fail(accounts, 4, "ada@example.com")
    with pytest.raises(AccountLocked):
        accounts.log_in("ada@example.com", "wrong password")

    assert accounts.log_in("bob@example.com", PASSWORD).user.email == "bob@example.com"


def test_find_by_email(accounts: AccountService) -> None:
    user = sign_up(accounts)
    assert accounts.find_by_email(" ADA@example.com") == user
    with pytest.raises(UserNotFound):
        accounts.find_by_email("nobody@example.com")
