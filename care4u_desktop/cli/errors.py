"""Exit codes and the one-line failures the CLI reports."""

from __future__ import annotations

from ..domain.english import english
from ..domain.errors import (
    Conflict,
    DomainError,
    NotFound,
    ServiceUnavailable,
    ValidationError,
    ValidationErrors,
)

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_INVALID = 2
EXIT_CONFLICT = 3
EXIT_NOT_FOUND = 4
EXIT_UNAVAILABLE = 5
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A failure outside the domain (a file, the chosen backend) with its exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def exit_code_for(error: DomainError) -> int:
    if isinstance(error, ValidationError):
        return EXIT_INVALID
    if isinstance(error, Conflict):
        return EXIT_CONFLICT
    if isinstance(error, NotFound):
        return EXIT_NOT_FOUND
    if isinstance(error, ServiceUnavailable):
        return EXIT_UNAVAILABLE
    return EXIT_UNEXPECTED


def message_for(error: DomainError) -> str:
    """The error's English words, by its code (``domain/english.py``), never by parsing."""
    if isinstance(error, ValidationErrors):
        return " ".join(english(r.code, r.params) for r in error.errors.values())
    words = english(error.code, error.params)
    if isinstance(error, ServiceUnavailable) and error.__cause__ is not None:
        # The operator, unlike a patient, can act on the cause (a full disk, a bad file).
        return f"{words} (cause: {error.__cause__})"
    return words


def one_line(text: str) -> str:
    return " ".join(text.split())
