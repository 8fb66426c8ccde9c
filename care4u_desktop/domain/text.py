"""Characters that show nothing, move text around or drive a terminal. Pure; no I/O.

Unicode's "other" categories hold them: controls (Cc: ESC, BEL, NUL...), format
characters (Cf: zero-width space and joiners, soft hyphen, byte-order mark, the
left-to-right and right-to-left marks, and every bidirectional embedding, override and
isolate, U+202A-202E and U+2066-2069), surrogates, private-use and unassigned code
points; plus the line and paragraph separators (Zl, Zp), which break a line where no
one sees a line break. Two strings that differ only by these look the same on screen,
and on a terminal a control character can clear the screen or rewrite a line.
"""

from __future__ import annotations

import unicodedata

#: Zero-width non-joiner and joiner: part of how Persian, Urdu and Indic names are spelt.
JOINERS = frozenset("\u200c\u200d")

_LINE_BREAKS = frozenset({"Zl", "Zp"})


def is_hidden(char: str) -> bool:
    """True for a control, format (bidi included), unassigned, private-use or surrogate
    code point, or a line or paragraph separator."""
    category = unicodedata.category(char)
    return category[0] == "C" or category in _LINE_BREAKS


def has_hidden(text: str) -> bool:
    return any(is_hidden(c) for c in text)


def escape_hidden(text: str, *, keep: str = "") -> str:
    """``text`` with each hidden character written out as ``\\x1b``, ``\\u202e`` or
    ``\\U000e0001``, so it can be shown on a terminal or written to a log as it is,
    visibly and harmlessly. Characters in ``keep`` (say ``"\\n"`` for a traceback's own
    line breaks) are left alone. A backslash is left alone too: the result is printable,
    and escaping it again changes nothing."""
    if not has_hidden(text):
        return text
    return "".join(_escape(c) if is_hidden(c) and c not in keep else c for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
