"""Names as people write them; emails that are what they look like (the rules alone)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from care4u_desktop.domain import rules
from care4u_desktop.domain.errors import ValidationError
from tests.names import (
    HIDDEN_CHARACTER_MESSAGE,
    HIDDEN_IN_NAMES,
    LOOKALIKE_EMAILS,
    REAL_NAMES,
    nfd,
)


@pytest.mark.parametrize(("typed", "stored"), REAL_NAMES)
def test_names_in_every_script_are_accepted_and_stored_composed(typed: str, stored: str) -> None:
    assert rules.validate_name(typed) == stored
    assert unicodedata.is_normalized("NFC", rules.validate_name(typed))


@pytest.mark.parametrize("typed", HIDDEN_IN_NAMES)
def test_a_name_with_a_hidden_or_control_character_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.validate_name(typed)
    assert caught.value.field == "name"
    assert caught.value.message == "Your name contains a hidden character. Please type it again."


@pytest.mark.parametrize("typed", ["R2D2", "Ada 3", "ada_lovelace", "Ada <b>", "Ada 🙂", "-Ada"])
def test_digits_and_symbols_are_still_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.validate_name(typed)
    assert caught.value.message == "Please enter your name using letters only."


@pytest.mark.parametrize("joiner", ["\u200c", "\u200d"])
def test_a_zero_width_joiner_only_counts_inside_a_word(joiner: str) -> None:
    # Persian and Indic spellings need ZWNJ/ZWJ between letters; nowhere else shows anything.
    assert rules.validate_name(f"علی{joiner}رضا") == f"علی{joiner}رضا"
    for typed in (f"{joiner}Ada", f"Ada{joiner}", f"Ada {joiner}Lovelace", f"Ada{joiner * 2}x"):
        with pytest.raises(ValidationError):
            rules.validate_name(typed)


def test_a_name_of_only_combining_marks_or_punctuation_is_refused() -> None:
    for typed in ("\u0301\u0301", "'", ". .", "’-’"):
        with pytest.raises(ValidationError):
            rules.validate_name(typed)


@given(st.text(alphabet=st.characters(categories=["L", "M", "Zs", "Pd", "Po", "Pf"])))
def test_an_accepted_name_is_nfc_collapsed_and_stable(typed: str) -> None:
    try:
        stored = rules.validate_name(typed)
    except ValidationError:
        return
    assert unicodedata.is_normalized("NFC", stored)
    assert stored == " ".join(stored.split())
    assert rules.validate_name(stored) == stored


# -- emails ------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", LOOKALIKE_EMAILS)
def test_an_email_with_a_hidden_character_is_refused_with_a_clear_message(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.validate_email(typed)
    assert caught.value.field == "email"
    assert caught.value.message == HIDDEN_CHARACTER_MESSAGE


def test_a_decomposed_and_a_composed_email_are_the_same_email() -> None:
    composed = "josé@example.com"
    decomposed = nfd(composed)
    assert composed != decomposed
    assert rules.validate_email(decomposed) == composed
    assert rules.normalise_email(f"  {decomposed.upper()} ") == composed
    assert unicodedata.is_normalized("NFC", rules.normalise_email(decomposed.upper()))


@given(st.text())
def test_an_accepted_email_holds_no_control_format_or_bidi_character(typed: str) -> None:
    try:
        stored = rules.validate_email(typed)
    except ValidationError:
        return
    assert all(unicodedata.category(c)[0] != "C" for c in stored), ascii(stored)
    assert stored == rules.normalise_email(stored)
