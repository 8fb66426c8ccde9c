"""Finding a doctor in the patient's own words. Pure; no I/O.

A patient types "heart", "kids", "GP", "corazón" or "médico de cabecera", not
"Cardiology". ``SearchWords`` holds, for each specialization, the other names it may be
stored under and the words patients use for it, in English and Spanish (the file is
``resources/search_words.json``, read by ``services/search_words.py``). Matching is the
same everywhere a doctor is searched:

- the text and every word are folded (``fold``): case, accents and punctuation do not
  matter ("CORAZON" is "corazón", "O'Connor" is "o connor");
- every word typed must be found (the list narrows as one types), except words that
  narrow nothing ("doctor", "de", "the": ``ignored``) when other words are typed;
- a word is found in the doctor's name or specialization anywhere (as before: "ohns",
  "cardio"), or at the start of a word the patient would use for the specialization:
  "hea" finds "heart" as it is typed; a word of one or two letters only as a whole word
  ("GP"), so that single letters do not match half the list.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

#: The languages the file gives words in.
LANGUAGES = ("en", "es")
#: Shorter words must be a whole word patients use ("GP"); longer ones may be its start.
PREFIX_FROM = 3
VERSION = 1
#: Folded texts remembered: each keystroke of the doctor list's filter folds every doctor's
#: name and specialization again (2,000 doctors: 8,000 texts, ~100 ms a keystroke unkept).
FOLDS_KEPT = 32_768


@lru_cache(maxsize=FOLDS_KEPT)
def fold(text: str) -> str:
    """Case, accents and punctuation removed, spaces collapsed: "Médico  de-Cabecera"
    is "medico de cabecera". Letters of other scripts are kept, only their marks go."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    # casefold may bring marks back (rarely: U+0130 "İ" becomes "i" + a dot above).
    bare = "".join(c for c in unicodedata.normalize("NFKD", bare) if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


class SearchWordsInvalid(ValueError):
    """The word list does not have the expected shape; the message says where and why."""


@dataclass(frozen=True)
class Specialization:
    """One specialization's folded names and the folded words patients use for it."""

    name: str
    names: frozenset[str]
    words: frozenset[str]


@dataclass(frozen=True)
class SearchWords:
    specializations: tuple[Specialization, ...] = ()
    ignored: frozenset[str] = frozenset()
    _by_name: dict[str, Specialization] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for spec in self.specializations:
            for name in spec.names:
                self._by_name.setdefault(name, spec)

    def canonical(self, specialization: str) -> str:
        """The name the list knows a specialization by ("Paediatrics" -> "Pediatrics");
        one it does not know is its own name, folded."""
        folded = fold(specialization)
        known = self._by_name.get(folded)
        return known.name if known is not None else folded

    def known_name(self, specialization: str) -> str:
        """The list's name for a specialization ("Paediatrics" -> "Pediatrics"), or the
        one given when the list does not know it."""
        known = self._by_name.get(fold(specialization))
        return known.name if known is not None else specialization

    def same_specialization(self, stored: str, chosen: str) -> bool:
        """The filter: a doctor stored as "Paediatrics" is one of "Pediatrics"."""
        return self.canonical(stored) == self.canonical(chosen)

    def query(self, text: str) -> tuple[str, ...]:
        """The words of ``text`` that narrow the list (all of them if none does)."""
        words = tuple(fold(text).split())
        kept = tuple(w for w in words if w not in self.ignored)
        return kept or words

    def matches(self, words: Iterable[str], name: str, specialization: str, *also: str) -> bool:
        """Whether a doctor (its name, stored specialization and, in ``also``, how the
        screen shows them, e.g. translated) has every word of a ``query``."""
        haystack = _haystack((name, specialization, *also))
        known = self._by_name.get(fold(specialization))
        terms = known.words if known is not None else frozenset()
        return all(word in haystack or _starts_a_term(word, terms) for word in words)


@lru_cache(maxsize=FOLDS_KEPT)
def _haystack(texts: tuple[str, ...]) -> str:
    return " ".join(fold(t) for t in texts)


# Remembered like ``fold``: a few specializations' terms, the words of a few keystrokes.
@lru_cache(maxsize=FOLDS_KEPT)
def _starts_a_term(word: str, terms: frozenset[str]) -> bool:
    if len(word) < PREFIX_FROM:
        return word in terms
    return any(term.startswith(word) for term in terms)


# -- the file's shape -------------------------------------------------------------------
def parse_search_words(data: Any) -> SearchWords:
    """``SearchWords`` from the decoded JSON; ``SearchWordsInvalid`` naming the place
    (``specializations -> Cardiology -> es[2]``) and what is wrong there."""
    top = _mapping(data, "the file")
    if top.get("version") != VERSION:
        raise SearchWordsInvalid(f"version: expected {VERSION}, found {top.get('version')!r}")
    ignored = _by_language(top.get("ignored"), "ignored")
    specs = _mapping(top.get("specializations"), "specializations")
    if not specs:
        raise SearchWordsInvalid("specializations: empty")
    parsed = []
    seen: dict[str, str] = {}
    for name, entry in specs.items():
        where = f"specializations -> {name}"
        if not isinstance(name, str) or not fold(name):
            raise SearchWordsInvalid(f"{where}: a specialization needs a name")
        body = _mapping(entry, where)
        unknown = set(body) - {"names", *LANGUAGES}
        if unknown:
            raise SearchWordsInvalid(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        names = {fold(name), *_words(body.get("names", []), f"{where} -> names")}
        for other in names:
            if seen.setdefault(other, name) != name:
                raise SearchWordsInvalid(f"{where}: {other!r} also names {seen[other]}")
        words = _by_language({k: body.get(k) for k in LANGUAGES}, where)
        parsed.append(Specialization(name, frozenset(names), frozenset(_split(words))))
    return SearchWords(tuple(parsed), frozenset(_split(ignored)))


def _split(phrases: Iterable[str]) -> set[str]:
    """Each word of each phrase: "heart doctor" is looked up as "heart" (and "doctor")."""
    return {word for phrase in phrases for word in phrase.split()}


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise SearchWordsInvalid(f"{where}: expected an object, found {_kind(value)}")
    return value


def _by_language(value: object, where: str) -> list[str]:
    body = _mapping(value, where)
    words: list[str] = []
    for language in LANGUAGES:
        if language not in body or body[language] is None:
            raise SearchWordsInvalid(f"{where}: no {language!r} words")
        words += _words(body[language], f"{where} -> {language}")
    return words


def _words(value: object, where: str) -> list[str]:
    if not isinstance(value, list):
        raise SearchWordsInvalid(f"{where}: expected a list of words, found {_kind(value)}")
    folded = []
    for index, word in enumerate(value):
        if not isinstance(word, str) or not fold(word):
            raise SearchWordsInvalid(f"{where}[{index}]: expected a word, found {word!r}")
        folded.append(fold(word))
    return folded


def _kind(value: object) -> str:
    return "nothing" if value is None else type(value).__name__
