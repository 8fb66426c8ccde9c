"""``care4u-desktop --smoke-test``: start for real, paint the log-in view once, check what
a kiosk needs from this machine, print one line and exit (docs/packaging.md, "The smoke
test").

It fails, naming the cause, when the platform plug-in cannot load (exit 3), when the
log-in view's text cannot be drawn with any installed font (exit 4), when the store this
machine is configured with cannot be used (exit 5), when a file the app ships is broken
(exit 6: the search word list), or when the log-in view did not paint (exit 1). The
window runs on a throwaway data folder; the machine's own embedded store is only looked
at, read-only, so a smoke test run as root never creates or migrates a store the kiosk's
user then cannot write.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from .composition import StoreProblem, look_at_local_store, store_location
from .config import BACKENDS, Config, load_config, parse_gui_args
from .ui.qt_platform import EXIT_PLATFORM, ensure_application, log_to_files, say_once

SMOKE_TIMEOUT_MS = 20_000
EXIT_OK = 0
EXIT_NOT_PAINTED = 1
#: ``EXIT_PLATFORM`` (3): the platform plug-in could not be loaded (``ui/qt_platform.py``).
EXIT_NO_FONT = 4
#: Like care4u-admin's exit code for a backend that cannot be used.
EXIT_STORE = 5
#: A file of ``resources/`` the app reads is broken (a kiosk runs on without it).
EXIT_RESOURCE = 6
FAILED = "care4u-desktop smoke test FAILED: "

__all__ = ["EXIT_PLATFORM", "smoke_test"]


@dataclass(frozen=True)
class _Outcome:
    code: int
    line: str


def smoke_test(argv: Sequence[str]) -> int:
    rest = [a for a in argv if a != "--smoke-test"]
    # First of all: without a platform plug-in nothing else can be checked (exits 3).
    ensure_application(["care4u-desktop", *rest], prefix=FAILED)
    config = load_config(parse_gui_args(rest), backends=BACKENDS)
    try:
        outcome = _run(rest, config)
    except Exception as exc:  # the point of a smoke test is to report, not to crash
        outcome = _Outcome(EXIT_NOT_PAINTED, f"{FAILED}{exc}")
    if outcome.code == EXIT_OK:
        log_to_files(logging.INFO, outcome.line)
        # Flushed now, not at exit: the benchmark reports the time to this line too.
        print(outcome.line, flush=True)
    else:
        say_once(logging.ERROR, outcome.line)
    return outcome.code


def _run(rest: list[str], config: Config) -> _Outcome:
    import tempfile  # only the smoke test makes a throwaway directory

    from .app import build_main_window
    from .ui.smoke_watch import watch_window

    with tempfile.TemporaryDirectory(prefix="care4u-smoke-") as data_dir:
        run = watch_window(build_main_window([*rest, "--data-dir", data_dir]), SMOKE_TIMEOUT_MS)
    if not run.painted or not run.on_login:
        return _Outcome(EXIT_NOT_PAINTED, f"{FAILED}the login view was not painted")
    if run.fonts is not None:
        return _Outcome(EXIT_NO_FONT, f"{FAILED}{run.fonts.describe()}")
    from .services import search_words

    if search_words.problem():
        return _Outcome(EXIT_RESOURCE, f"{FAILED}{search_words.problem()}")
    if run.doctors is None:
        reason = run.store_error or "no answer within the time limit"
        where = "" if config.backend == "local" else f" {_location(config)}"
        return _Outcome(EXIT_STORE, f"{FAILED}the store{where}: {reason}")
    doctors, note = run.doctors, ""
    if config.backend == "local":
        try:
            look = look_at_local_store(config)
        except StoreProblem as exc:
            return _Outcome(EXIT_STORE, f"{FAILED}the store {exc}")
        if look.doctors is not None:
            doctors = look.doctors
        note = f"; {look.summary}"
    return _Outcome(
        EXIT_OK,
        f"care4u-desktop smoke test OK: login view painted, {doctors} doctors"
        f" on the {config.backend} backend{note}",
    )


def _location(config: Config) -> str:
    return config.api_url if config.backend == "api" else store_location(config)
