"""The word list patients' searches go through: folding, matching, the file's schema."""

from __future__ import annotations

import json
import logging
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from care4u_desktop.domain.search import SearchWordsInvalid, fold, parse_search_words
from care4u_desktop.services import search_words

WORDS = search_words.load(search_words.shipped_path())
DEMO = json.loads((search_words.shipped_path().parent / "demo_doctors.json").read_text())

#: Latin letters and the marks Spanish, French, Portuguese, German... put on them.
MARKS = "\u0300\u0301\u0302\u0303\u0308\u0327\u030c"
letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
any_text = st.text(max_size=40)


def found(text: str) -> set[str]:
    query = WORDS.query(text)
    return {d["name"] for d in DEMO if WORDS.matches(query, d["name"], d["specialization"])}


@given(any_text)
def test_folding_twice_changes_nothing(text):
    assert fold(fold(text)) == fold(text)


@given(any_text)
def test_composed_and_decomposed_text_fold_the_same(text):
    assert fold(unicodedata.normalize("NFC", text)) == fold(unicodedata.normalize("NFD", text))


@given(st.lists(st.tuples(letters, st.lists(st.sampled_from(MARKS), max_size=2)), min_size=1))
def test_accents_and_capitals_do_not_matter(parts):
    plain = " ".join(word for word, _ in parts)
    marked = " ".join(word[0] + "".join(marks) + word[1:] for word, marks in parts)
    assert fold(marked) == fold(plain.upper()) == plain


@given(st.sampled_from(DEMO), st.data())
def test_any_piece_of_a_doctors_name_finds_that_doctor(doctor, data):
    name = doctor["name"]
    start = data.draw(st.integers(0, len(name) - 1))
    piece = name[start : data.draw(st.integers(start + 1, len(name)))]
    if fold(piece):
        assert name in found(piece.upper())


@given(st.sampled_from(DEMO), any_text, any_text)
def test_another_word_never_widens_the_list(doctor, first, second):
    args = (doctor["name"], doctor["specialization"])
    if WORDS.matches(WORDS.query(f"{first} {second}"), *args):
        # "doctor" alone is a word; after "heart" it narrows nothing, and so is dropped.
        assert WORDS.matches(WORDS.query(first), *args) or not WORDS.query(first)


@pytest.mark.parametrize("spec", sorted({d["specialization"] for d in DEMO}))
def test_every_demo_specialization_has_words_in_both_languages(spec):
    raw = json.loads(search_words.shipped_path().read_text())["specializations"][spec]
    assert raw["en"] and raw["es"]
    doctors = {d["name"] for d in DEMO if d["specialization"] == spec}
    for word in raw["en"] + raw["es"]:
        assert doctors <= found(word), word


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("heart", "Cardiology"),
        ("children", "Pediatrics"),
        ("GP", "General Practice"),
        ("médico de cabecera", "General Practice"),
        ("niños", "Pediatrics"),
        ("corazón", "Cardiology"),
    ],
)
def test_the_issues_words_find_only_their_specialization(text, spec):
    assert found(text) == {d["name"] for d in DEMO if d["specialization"] == spec}


def test_short_words_must_be_whole_and_single_letters_do_not_flood():
    assert found("gp") == {"James O'Connor", "Hannah Weber"}
    assert found("g") == {d["name"] for d in DEMO if "g" in fold(d["name"] + d["specialization"])}


def test_the_filter_knows_other_spellings():
    assert WORDS.same_specialization("Paediatrics", "Pediatrics")
    assert WORDS.same_specialization("pediatría", "Pediatrics")
    assert not WORDS.same_specialization("Cardiology", "Pediatrics")
    assert WORDS.same_specialization("Sports Medicine", "sports medicine")  # not in the list


# -- a broken file ----------------------------------------------------------------------
def broken(tmp_path: Path, change) -> Path:
    data = json.loads(search_words.shipped_path().read_text())
    change(data)
    path = tmp_path / "search_words.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=2), "version: expected 1, found 2"),
        (lambda d: d.pop("specializations"), "specializations: expected an object, found nothing"),
        (
            lambda d: d["specializations"]["Cardiology"].pop("es"),
            "specializations -> Cardiology: no 'es' words",
        ),
        (
            lambda d: d["specializations"]["Cardiology"]["es"].insert(2, 5),
            "specializations -> Cardiology -> es[2]: expected a word, found 5",
        ),
        (
            lambda d: d["specializations"]["Pediatrics"].update(en="kids"),
            "specializations -> Pediatrics -> en: expected a list of words, found str",
        ),
        (
            lambda d: d["specializations"]["Pediatrics"]["names"].append("Cardiología"),
            "specializations -> Pediatrics: 'cardiologia' also names Cardiology",
        ),
        (
            lambda d: d["specializations"]["Pediatrics"].update(synonyms=[]),
            "specializations -> Pediatrics: unknown key(s) synonyms",
        ),
    ],
)
def test_a_broken_file_is_refused_naming_the_place(tmp_path, change, message):
    path = broken(tmp_path, change)
    with pytest.raises(SearchWordsInvalid) as refused:
        search_words.load(path)
    assert str(refused.value) == f"{path}: {message}"


def test_a_file_that_is_not_json_says_the_line(tmp_path):
    path = tmp_path / "search_words.json"
    path.write_text('{\n  "version": 1,\n  "ignored": \n}\n')
    with pytest.raises(SearchWordsInvalid, match=r"search_words.json: not JSON \(line 4: "):
        search_words.load(path)


def test_parse_refuses_a_list_at_the_top():
    with pytest.raises(SearchWordsInvalid, match="the file: expected an object, found list"):
        parse_search_words([])


def test_a_broken_shipped_file_is_logged_once_and_names_still_match(tmp_path, monkeypatch, caplog):
    path = broken(tmp_path, lambda d: d.update(version="one"))
    monkeypatch.setattr(search_words, "shipped_path", lambda: path)
    search_words.forget()
    try:
        with caplog.at_level(logging.ERROR):
            words = search_words.shipped()
            assert search_words.shipped() is words
        assert search_words.problem() == f"{path}: version: expected 1, found 'one'"
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert errors == [
            "The search word list is broken, doctors are found by name and specialization"
            f" only: {path}: version: expected 1, found 'one'"
        ]
        assert words.matches(words.query("sarah"), "Sarah Johnson", "Cardiology")
        assert not words.matches(words.query("heart"), "Sarah Johnson", "Cardiology")
    finally:
        search_words.forget()
