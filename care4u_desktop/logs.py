"""Logging for the kiosk and ``care4u-admin``: what reaches a terminal or a log file is safe.

- Every line passes ``SafeFormatter``: a character that could drive a terminal or hide
  text (an ESC, a right-to-left override; see ``domain.text``) is written out as
  ``\\x1b`` or ``\\u202e``, and the message's own line breaks too, so no value a patient
  typed can clear a screen, rewrite a line or forge a log entry. Emails are shown as
  ``a***@example.com`` and password hashes as ``[password hash]``, whoever logged them.
- boto3, botocore and urllib3 never log below INFO: at DEBUG they write every request
  and response body (password hashes, emails, phone numbers) and the signed headers.
- The kiosk's log file is private to its OS user (0600 in a 0700 folder) and rotates by
  size without ``logging.handlers`` (it costs the kiosk's start-up about 12 ms).
"""

from __future__ import annotations

import io
import logging
import os
import re
import sys
from pathlib import Path
from typing import TextIO

from .domain.text import escape_hidden
from .private_files import open_private_append, private_dir

#: Their DEBUG output is the wire: bodies and headers of every AWS call.
WIRE_LOGGERS = ("boto3", "botocore", "urllib3", "s3transfer")
LOG_FILENAME = "care4u-desktop.log"
#: care4u-admin's own file, next to the kiosk's: IT finds both in one folder.
ADMIN_LOG_FILENAME = "care4u-admin.log"
MAX_LOG_BYTES = 2_000_000
KEPT_LOGS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_EMAIL = r"""([^\s@<>()\[\]{}"',;:=\\/]+)@([^\s@<>()\[\]{}"',;:=\\/]+\.[^\W\d_]{2,})"""
# werkzeug's "method$salt$hash": pbkdf2:sha256:600000$...$..., scrypt:32768:8:1$...$...
_PASSWORD_HASH = r"\b(?:pbkdf2|scrypt)(?::[\w-]+)*\$[^\s$]*\$[0-9a-fA-F]+"


def redact(text: str) -> str:
    """``text`` with emails masked (``a***@example.com``) and password hashes removed."""
    # re caches compiled patterns: compiled at the first line logged, not at start-up.
    text = re.sub(_PASSWORD_HASH, "[password hash]", text)
    return re.sub(_EMAIL, lambda m: f"{m[1][:1]}***@{m[2]}", text)


def safe_text(text: str, *, keep: str = "") -> str:
    """``text`` as it may be written to a log: redacted, hidden characters escaped."""
    return escape_hidden(redact(text), keep=keep)


class SafeFormatter(logging.Formatter):
    """A Formatter whose every line is safe (see the module's docstring).

    A record takes one line, but for a traceback or stack, whose lines are indented
    under it: a line break in an exception's message cannot start a line that passes for
    a record of its own."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\n", "\n    ")

    def formatMessage(self, record: logging.LogRecord) -> str:
        # The message and its arguments, with the prefix: line breaks escaped too.
        return safe_text(super().formatMessage(record))

    def formatException(self, ei: logging._SysExcInfoType) -> str:
        # A traceback keeps its own line breaks; an exception's message is escaped.
        return safe_text(super().formatException(ei), keep="\n")

    def formatStack(self, stack_info: str) -> str:
        return safe_text(super().formatStack(stack_info), keep="\n")


class PrivateLogFile(logging.FileHandler):
    """Appends to a 0600 file; past ``max_bytes`` it becomes ``<name>.1`` (``.1`` becomes
    ``.2``...; ``kept`` old files at most) and a new file is started."""

    def __init__(self, path: Path, max_bytes: int = MAX_LOG_BYTES, kept: int = KEPT_LOGS):
        self.max_bytes = max_bytes
        self.kept = kept
        super().__init__(path, mode="a", encoding="utf-8")

    def _open(self) -> io.TextIOWrapper:
        return open_private_append(Path(self.baseFilename))

    def emit(self, record: logging.LogRecord) -> None:
        super().emit(record)
        try:
            if self.stream is not None and self.stream.tell() >= self.max_bytes:
                self._rotate()
        except OSError:
            self.handleError(record)

    def _rotate(self) -> None:
        self.acquire()
        try:
            if self.stream is not None:
                self.stream.close()
            base = self.baseFilename
            for n in range(self.kept - 1, 0, -1):
                if os.path.exists(f"{base}.{n}"):
                    os.replace(f"{base}.{n}", f"{base}.{n + 1}")
            os.replace(base, f"{base}.1")  # renamed files keep their 0600
            self.stream = self._open()
        finally:
            self.release()


def configure(
    level: int,
    *,
    stream: TextIO | None = None,
    log_file: Path | None = None,
    formatter: logging.Formatter | None = None,
    stream_level: int | None = None,
    stream_formatter: logging.Formatter | None = None,
) -> None:
    """Send the root logger's records at ``level`` and above to ``stream`` and/or
    ``log_file``, every line through ``formatter`` (a SafeFormatter by default); the
    stream may have a level and formatter of its own (care4u-admin's one-line messages)."""
    formatter = formatter or SafeFormatter(FORMAT)
    handlers: list[logging.Handler] = []
    if stream is not None:  # None: no terminal (a windowed Windows executable)
        to_stream = logging.StreamHandler(stream)
        to_stream.setFormatter(stream_formatter or formatter)
        to_stream.setLevel(level if stream_level is None else stream_level)
        handlers.append(to_stream)
    if log_file is not None:
        to_file = PrivateLogFile(log_file)
        to_file.setFormatter(formatter)
        to_file.setLevel(level)
        handlers.append(to_file)
    if not handlers:  # else logging's last resort writes to a standard error that is None
        handlers.append(logging.NullHandler())
    lowest = min(level, level if stream_level is None else stream_level)
    logging.basicConfig(level=lowest, handlers=handlers, force=True)
    for name in WIRE_LOGGERS:
        logging.getLogger(name).setLevel(max(lowest, logging.INFO))


def open_log_file(log_dir: Path, filename: str = LOG_FILENAME) -> Path | None:
    """The log file ``filename`` in ``log_dir`` (the folder made private), or None (said
    on standard error) when that folder cannot be used: the kiosk still starts."""
    try:
        private_dir(log_dir)
    except OSError as exc:
        _no_log_file(log_dir, exc)
        return None
    return open_log_at(log_dir / filename)


def open_log_at(path: Path) -> Path | None:
    """The log file at ``path``, as ``--log-file`` or ``log_file`` name it: created 0600
    (or tightened), its folder created private if missing. An existing folder is left as
    it is: ``--log-file /tmp/kiosk.log`` must not take /tmp from everyone else."""
    try:
        if not path.parent.is_dir():
            private_dir(path.parent)
        open_private_append(path).close()
        return path
    except OSError as exc:
        _no_log_file(path, exc)
        return None


def _no_log_file(where: Path, exc: OSError) -> None:
    if sys.stderr is not None:  # None in a windowed Windows executable
        print(f"care4u-desktop: no log file in {where}: {exc.strerror or exc}", file=sys.stderr)
