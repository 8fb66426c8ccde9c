"""Can this machine draw the text of a screen? Qt paints a screen without any font file
(fontconfig still offers its "Sans Serif" alias), every character an empty box; nothing
fails, so the smoke test asks, of the very text the screen shows in the very fonts it is
shown in, whether some installed font has each character's glyph."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics, QTextDocumentFragment
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

#: What to install where no font is found (the Linux package depends on it).
FONT_PACKAGE = "fonts-dejavu-core"


@dataclass(frozen=True)
class FontProblem:
    #: The characters no installed font can draw, in the order first met.
    missing: str
    #: A piece of the screen's text that shows them.
    sample: str
    #: The family the screen's font resolved to; "" when there is no font file at all.
    resolved_family: str

    def describe(self) -> str:
        if not self.resolved_family:
            return (
                f"no usable font: Qt found no font file, so the log-in view's text"
                f" ({self.sample!r}) would be drawn as empty boxes; install a font"
                f" (Debian/Ubuntu: apt-get install {FONT_PACKAGE})"
            )
        return (
            f"no usable font for {self.missing!r} in {self.sample!r}: neither"
            f" {self.resolved_family!r} nor any other installed font has these characters;"
            f" install a font that does (Debian/Ubuntu: apt-get install {FONT_PACKAGE})"
        )


def shown_text(root: QWidget) -> list[tuple[str, QFont]]:
    """The text ``root`` and its visible children show, each with the font it is drawn in."""
    out: list[tuple[str, QFont]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        text = ""
        if isinstance(widget, QLabel):
            text = widget.text()
            if "<" in text and ">" in text:  # rich text: its characters, not its tags
                text = QTextDocumentFragment.fromHtml(text).toPlainText()
        elif isinstance(widget, QAbstractButton):
            text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        elif isinstance(widget, QLineEdit):
            text = widget.placeholderText()
        if text.strip():
            out.append((text, widget.font()))
    return out


def undrawable_text(root: QWidget) -> FontProblem | None:
    """None if every character ``root`` shows has a glyph in its font or in a fallback."""
    shown = shown_text(root)
    if not shown:
        return None
    missing: list[str] = []
    sample = ""
    fallbacks: list[QFontMetrics] | None = None
    for text, font in shown:
        metrics = QFontMetrics(font)
        for char in text:
            if char.isspace() or char in missing or metrics.inFontUcs4(ord(char)):
                continue
            if fallbacks is None:  # only when the screen's own font lacks a character
                fallbacks = [QFontMetrics(QFont(f)) for f in QFontDatabase.families()]
            if any(m.inFontUcs4(ord(char)) for m in fallbacks):
                continue  # Qt draws it from the font that has it
            missing.append(char)
            sample = sample or text
    if not missing:
        return None
    return FontProblem("".join(missing), sample.strip()[:40], QFontInfo(shown[0][1]).family())
