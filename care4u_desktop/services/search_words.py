"""The shipped word list for finding doctors (``resources/search_words.json``), read once.

A list that cannot be read or has the wrong shape must not stop a kiosk: doctors are then
found by name and specialization only, and the reason is logged once, at start-up, naming
the file and the place in it (the smoke test fails on it: ``problem``).
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from ..domain.search import SearchWords, SearchWordsInvalid, parse_search_words
from ..resources import resources_dir

log = logging.getLogger(__name__)

FILE_NAME = "search_words.json"

_lock = threading.Lock()
_loaded: tuple[SearchWords, str] | None = None


def shipped_path() -> Path:
    return resources_dir() / FILE_NAME


def load(path: Path) -> SearchWords:
    """The list in ``path``; ``SearchWordsInvalid`` with a message that names the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SearchWordsInvalid(f"{path}: missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SearchWordsInvalid(f"{path}: cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise SearchWordsInvalid(f"{path}: not JSON (line {exc.lineno}: {exc.msg})") from None
    try:
        return parse_search_words(data)
    except SearchWordsInvalid as exc:
        raise SearchWordsInvalid(f"{path}: {exc}") from None


def _read() -> tuple[SearchWords, str]:
    global _loaded
    with _lock:
        if _loaded is None:
            try:
                _loaded = (load(shipped_path()), "")
            except SearchWordsInvalid as exc:
                log.error(
                    "The search word list is broken, doctors are found by name and "
                    "specialization only: %s",
                    exc,
                )
                _loaded = (SearchWords(), str(exc))
        return _loaded


def shipped() -> SearchWords:
    """The shipped list; an empty one (names only) when it is broken."""
    return _read()[0]


def problem() -> str:
    """Why the shipped list could not be used ("" when it can)."""
    return _read()[1]


def forget() -> None:
    """Read the file again on next use (tests that swap it)."""
    global _loaded
    with _lock:
        _loaded = None
