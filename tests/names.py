"""Real names from many scripts, and look-alike emails, shared by the rule, store and UI tests.

The names follow the W3C's "Personal names around the world": any script, combining marks,
typographic apostrophes, initials, single-part and very short names.
"""

from __future__ import annotations

import unicodedata


def nfd(text: str) -> str:
    """As some keyboards and input methods send it: base letters plus combining marks."""
    return unicodedata.normalize("NFD", text)


#: (what the patient types, what is stored: NFC, whitespace collapsed).
REAL_NAMES: list[tuple[str, str]] = [
    ("Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai"),
    (nfd("Nguyễn Thị Minh Khai"), "Nguyễn Thị Minh Khai"),  # Vietnamese, decomposed
    (nfd("Tiếng Việt"), "Tiếng Việt"),
    ("Ōtsuka Hiroshi", "Ōtsuka Hiroshi"),
    ("O’Brien", "O’Brien"),  # typographic apostrophe U+2019
    ("Kaʻiulani", "Kaʻiulani"),  # Hawaiian ʻokina U+02BB
    ("Ngũgĩ wa Thiong'o", "Ngũgĩ wa Thiong'o"),
    ("Zoë Saldaña", "Zoë Saldaña"),
    (nfd("Zoë"), "Zoë"),
    ("J. R. R. Tolkien", "J. R. R. Tolkien"),
    ("Þórunn Guðmundsdóttir", "Þórunn Guðmundsdóttir"),
    ("Łukasz Żółć", "Łukasz Żółć"),
    ("Enikő Kovács", "Enikő Kovács"),
    ("李小龙", "李小龙"),
    ("李", "李"),  # a one-character name: the W3C says do not assume a minimum length
    ("O", "O"),  # "my family name is just O"
    ("محمد بن سلمان", "محمد بن سلمان"),  # Arabic, right to left
    ("דוד בן־גוריון", "דוד בן־גוריון"),  # Hebrew, with its own hyphen (maqaf U+05BE)
    ("अंकित शर्मा", "अंकित शर्मा"),  # Devanagari: vowel signs and virama are marks
    ("สมชาย ใจดี", "สมชาย ใจดี"),  # Thai: tone marks and vowels above/below
    ("김민준", "김민준"),
    ("Алексей Иванов", "Алексей Иванов"),
    ("Γιώργος Παπαδόπουλος", "Γιώργος Παπαδόπουλος"),
    ("علی\u200cرضا", "علی\u200cرضا"),  # Persian, with the zero-width non-joiner its spelling needs
    ("ジョン・スミス", "ジョン・スミス"),  # katakana with its middle dot
    ("Ramón y Cajal", "Ramón y Cajal"),
    ("  Maria\u00a0 Carreño   Quiñones ", "Maria Carreño Quiñones"),  # NBSP collapsed
    ("Martin Luther King Jr.", "Martin Luther King Jr."),
]

#: Names with a character that shows nothing, or moves text around, or drives a terminal.
HIDDEN_IN_NAMES: list[str] = [
    "Ada\u200bLovelace",  # zero-width space
    "Ada\u202eecalevoL",  # right-to-left override
    "Ada\u2066Lovelace\u2069",  # isolates
    "Ada\x1b[2J Lovelace",  # a terminal escape: clears the screen
    "Ada\x00Lovelace",
    "\ufeffAda Lovelace",  # byte-order mark
    "Ada\u00adLovelace",  # soft hyphen
]

#: Emails that look like ``alice@example.com`` but are not the same characters.
LOOKALIKE_EMAILS: list[str] = [
    "alice\u200b@example.com",  # zero-width space
    "ali\u200dce@example.com",  # zero-width joiner
    "alice@exam\u200cple.com",  # zero-width non-joiner
    "\ufeffalice@example.com",  # byte-order mark
    "alice\u00ad@example.com",  # soft hyphen
    "alice\u200e@example.com",  # left-to-right mark
    "alice\u200f@example.com",  # right-to-left mark
    "alice\u061c@example.com",  # Arabic letter mark
    "\u202emoc.elpmaxe@ecila",  # right-to-left override: shows as alice@example.com
    "alice\u202a@example.com",  # left-to-right embedding
    "alice\u2067@example.com",  # right-to-left isolate
    "alice\u2069@example.com",  # pop directional isolate
    "alice\x07@example.com",  # a control character (bell)
    "alice\x1b[31m@example.com",  # a terminal colour escape
]

HIDDEN_CHARACTER_MESSAGE = "That email contains a hidden character. Please type it again."
