"""Sign-up and log-in on the fakes, with a clock the tests move by hand."""

from __future__ import annotations

import pytest
from werkzeug.security import generate_password_hash

from care4u_desktop.domain.errors import (
    AccountLocked,
    EmailAlreadyRegistered,
    InvalidCredentials,
    ServiceUnavailable,
    TryAgainLater,
    UserNotFound,
    ValidationErrors,
)
from care4u_desktop.domain.models import Role, User
from care4u_desktop.services.accounts import AccountService, Session
from tests.fakes import (
    CountingHasher,
    FakeMonotonic,
    FakeNotifier,
    FixedClock,
    InMemoryStore,
    make_user,
)

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


def test_failures_are_counted_up_to_the_lock(accounts: AccountService) -> None:
    sign_up(accounts)
    fail(accounts, 3)
    fail(accounts, 1)  # the 4th is still only a wrong password...
    with pytest.raises(AccountLocked):  # ...the 5th locks
        accounts.log_in("ada@example.com", "wrong password")


def test_five_failures_lock_the_account_for_fifteen_minutes(
    accounts: AccountService, clock: FixedClock
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
    assert accounts.log_in("ada@example.com", PASSWORD).user.email == "ada@example.com"
    fail(accounts, 4)


def test_a_locked_account_is_refused_without_checking_the_password(
    store: InMemoryStore, clock: FixedClock
) -> None:
    hasher = CountingHasher()
    accounts = AccountService(store, FakeNotifier(), hasher, clock)
    sign_up(accounts)
    fail(accounts, 4)
    with pytest.raises(AccountLocked):
        accounts.log_in("ada@example.com", "wrong password")
    checked = hasher.checks

    for _ in range(10):
        with pytest.raises(AccountLocked):
            accounts.log_in("ada@example.com", PASSWORD)

    assert hasher.checks == checked


def test_a_wrong_password_after_the_lock_expires_counts_from_one_again(
    accounts: AccountService, clock: FixedClock
) -> None:
    sign_up(accounts)
    fail(accounts, 4)
    with pytest.raises(AccountLocked):
        accounts.log_in("ada@example.com", "wrong password")
    clock.advance(minutes=16)

    fail(accounts, 4)  # four again before the next lock
    with pytest.raises(AccountLocked):
        accounts.log_in("ada@example.com", "wrong password")


def test_failures_are_forgotten_a_day_after_the_last(
    accounts: AccountService, clock: FixedClock
) -> None:
    sign_up(accounts)
    fail(accounts, 4)
    clock.advance(hours=24, seconds=1)

    fail(accounts, 4)
    with pytest.raises(AccountLocked):
        accounts.log_in("ada@example.com", "wrong password")


def test_successful_log_in_resets_the_failure_count(accounts: AccountService) -> None:
    sign_up(accounts)
    fail(accounts, 4)

    accounts.log_in("ada@example.com", PASSWORD)

    fail(accounts, 4)  # four more are still not a lock-out
    assert accounts.log_in("ada@example.com", PASSWORD)


def test_lockout_is_per_account(accounts: AccountService) -> None:
    sign_up(accounts, "ada@example.com")
    sign_up(accounts, "bob@example.com")
    fail(accounts, 4, "ada@example.com")
    with pytest.raises(AccountLocked):
        accounts.log_in("ada@example.com", "wrong password")

    assert accounts.log_in("bob@example.com", PASSWORD).user.email == "bob@example.com"
    assert accounts.log_in(" BOB@example.com", PASSWORD).user.email == "bob@example.com"


def test_the_count_is_kept_for_the_normalised_email(accounts: AccountService) -> None:
    sign_up(accounts)
    for typed in ("ada@example.com", " ADA@example.com", "Ada@Example.com ", "ADA@EXAMPLE.COM"):
        fail(accounts, 1, typed)
    with pytest.raises(AccountLocked):
        accounts.log_in("ada@example.COM", "wrong password")


def test_an_unknown_email_is_locked_after_as_many_tries_in_the_same_words(
    accounts: AccountService,
) -> None:
    sign_up(accounts)
    answers: dict[str, list[tuple[type[Exception], str]]] = {}
    for email in ("ada@example.com", "nobody@example.com"):
        for _ in range(7):
            with pytest.raises((InvalidCredentials, AccountLocked)) as caught:
                accounts.log_in(email, "wrong password")
            answers.setdefault(email, []).append((type(caught.value), caught.value.message))

    assert answers["nobody@example.com"] == answers["ada@example.com"]
    assert [kind for kind, _ in answers["ada@example.com"]] == [InvalidCredentials] * 4 + [
        AccountLocked
    ] * 3


def test_an_unknown_email_costs_one_check_against_a_hash_made_the_current_way(
    store: InMemoryStore, clock: FixedClock
) -> None:
    hasher = CountingHasher()
    accounts = AccountService(store, FakeNotifier(), hasher, clock)
    for _ in range(3):
        with pytest.raises(InvalidCredentials):
            accounts.log_in("nobody@example.com", PASSWORD)

    assert hasher.checks == 3
    made = hasher.checked
    assert len(set(made)) == 1  # one dummy, made once
    assert not hasher.needs_rehash(made[0])  # made as real hashes are made now


# -- renewing old hashes -----------------------------------------------------------------------


def test_an_old_style_hash_is_renewed_at_log_in(
    accounts: AccountService, store: InMemoryStore
) -> None:
    old = generate_password_hash(PASSWORD, method="pbkdf2:sha256:2000")
    store.add_user(make_user("seed@example.com", password_hash=old))

    session = accounts.log_in("seed@example.com", PASSWORD)

    renewed = stored(store, "seed@example.com")
    assert renewed.password_hash.startswith("pbkdf2:sha256:1000$")  # FastHasher's way
    assert session.user.password_hash == renewed.password_hash
    assert accounts.log_in("seed@example.com", PASSWORD).user.user_id == renewed.user_id


def test_a_store_failing_to_renew_the_hash_still_lets_them_in(
    accounts: AccountService, store: InMemoryStore
) -> None:
    old = generate_password_hash(PASSWORD, method="pbkdf2:sha256:2000")
    store.add_user(make_user("seed@example.com", password_hash=old))
    store.unavailable = {"replace_password_hash"}

    assert accounts.log_in("seed@example.com", PASSWORD).user.email == "seed@example.com"
    assert stored(store, "seed@example.com").password_hash == old


def test_a_current_hash_is_not_rewritten(accounts: AccountService, store: InMemoryStore) -> None:
    user = sign_up(accounts)
    store.unavailable = {"replace_password_hash"}  # it would raise if called
    assert accounts.log_in("ada@example.com", PASSWORD).user == user


# -- the kiosk's Staff exit --------------------------------------------------------------------


@pytest.fixture
def exit_clock(accounts: AccountService) -> FakeMonotonic:
    clock = FakeMonotonic()
    accounts.exit_throttle.clock = clock
    return clock


def sign_up_staff(accounts: AccountService) -> User:
    return accounts.sign_up(
        "Rita Desk", "desk@care4u.example", "5551234567", PASSWORD, PASSWORD, role=Role.STAFF
    ).session.user


def test_staff_unlock_the_kiosk(accounts: AccountService) -> None:
    staff = sign_up_staff(accounts)
    assert accounts.unlock_kiosk(" Desk@care4u.example", PASSWORD).user == staff


def test_wrong_passwords_at_the_exit_never_lock_the_staff_account(
    accounts: AccountService, exit_clock: FakeMonotonic
) -> None:
    sign_up_staff(accounts)
    for _ in range(3 * 5):
        exit_clock.now += accounts.exit_throttle.wait_seconds()
        with pytest.raises(InvalidCredentials):
            accounts.unlock_kiosk("desk@care4u.example", "a guess")

    assert accounts.log_in("desk@care4u.example", PASSWORD).is_staff
    exit_clock.now += accounts.exit_throttle.wait_seconds()
    assert accounts.unlock_kiosk("desk@care4u.example", PASSWORD).is_staff


def test_the_exit_waits_longer_after_each_failure_up_to_five_minutes(
    store: InMemoryStore, clock: FixedClock
) -> None:
    hasher = CountingHasher()
    accounts = AccountService(store, FakeNotifier(), hasher, clock)
    exit_clock = FakeMonotonic()
    accounts.exit_throttle.clock = exit_clock
    sign_up_staff(accounts)
    waits = []
    for _ in range(12):
        with pytest.raises(InvalidCredentials):
            accounts.unlock_kiosk("desk@care4u.example", "a guess")
        waits.append(accounts.exit_throttle.wait_seconds())
        checked = hasher.checks
        # While it waits, nothing is checked, not even the right password.
        exit_clock.now += waits[-1] - 0.5
        with pytest.raises(TryAgainLater) as caught:
            accounts.unlock_kiosk("desk@care4u.example", PASSWORD)
        assert caught.value.seconds == 1
        assert hasher.checks == checked
        exit_clock.now += 0.5

    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]
    assert accounts.unlock_kiosk("desk@care4u.example", PASSWORD).is_staff
    with pytest.raises(InvalidCredentials):  # a success starts again from 1 s
        accounts.unlock_kiosk("desk@care4u.example", "a guess")
    assert accounts.exit_throttle.wait_seconds() == 1


def test_a_patient_cannot_unlock_the_kiosk_and_is_told_nothing_more(
    accounts: AccountService, exit_clock: FakeMonotonic
) -> None:
    sign_up(accounts)
    with pytest.raises(InvalidCredentials) as right_password:
        accounts.unlock_kiosk("ada@example.com", PASSWORD)
    exit_clock.now += accounts.exit_throttle.wait_seconds()
    with pytest.raises(InvalidCredentials) as wrong_password:
        accounts.unlock_kiosk("ada@example.com", "a guess")
    assert right_password.value.message == wrong_password.value.message


def test_an_unreachable_store_at_the_exit_is_not_counted_as_a_guess(
    accounts: AccountService, store: InMemoryStore
) -> None:
    sign_up_staff(accounts)
    store.unavailable = {"find_user_by_email"}
    with pytest.raises(ServiceUnavailable):
        accounts.unlock_kiosk("desk@care4u.example", PASSWORD)
    assert accounts.exit_throttle.wait_seconds() == 0
    store.unavailable = set()
    assert accounts.unlock_kiosk("desk@care4u.example", PASSWORD).is_staff


def test_find_by_email(accounts: AccountService) -> None:
    user = sign_up(accounts)
    assert accounts.find_by_email(" ADA@example.com") == user
    with pytest.raises(UserNotFound):
        accounts.find_by_email("nobody@example.com")
