"""Contrast, measured: WCAG's ratio of two colours, the colour pairs a style sheet sets,
and the ink of an arrow or icon as rendered, against the pixels around it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage

HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
EDGES = ("border", "border-color", "border-bottom", "border-top")
#: Rules for a control a person operates, whose outline must be seen (not a container,
#: a header or a label).
CONTROL = re.compile(
    r"^(.* )?(QPushButton|QToolButton|QLineEdit|QComboBox|QDateEdit|QSpinBox"
    r"|QCheckBox::indicator)\b"
)


def luminance(colour: str | QColor) -> float:
    c = QColor(colour)
    channels = [c.redF(), c.greenF(), c.blueF()]
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str | QColor, b: str | QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Pair:
    rule: str
    what: str  # "text", "border", "selection", ...
    colour: str
    background: str

    @property
    def ratio(self) -> float:
        return contrast(self.colour, self.background)

    def __str__(self) -> str:
        return f"{self.rule}: {self.what} {self.colour} on {self.background} is {self.ratio:.2f}:1"


def qss_pairs(qss: str) -> Iterator[Pair]:
    """Every colour a rule sets against the background it is seen on.

    Text (color, placeholder, selection, alternate rows) is read against the rule's own
    background, else the page's. A border or focus ring is the control's edge: it is read
    against the page around the control (the page's background). A control's own fill is
    its edge when it has no border of another colour (a state such as :hover keeps the
    border of its plain rule). Rules for disabled controls are left out (WCAG asks no
    contrast of them), and so is the idle prompt's translucent veil.
    """
    page_match = re.search(r"QMainWindow \{ background: (#[0-9a-fA-F]{6})", qss)
    assert page_match is not None
    page = page_match[1].lower()
    found = re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", qss, flags=re.S))
    rules = [(" ".join(selector.split()), _props(body)) for selector, body in found]
    bordered: dict[str, bool] = {}
    for rule, props in rules:
        if ":" not in rule.replace("::", ""):
            fill = _fill(props)
            edged = any(e != fill for e in _edges(props))
            bordered[rule] = bordered.get(rule, False) or edged
    for rule, props in rules:
        if ":disabled" in rule or "idlePrompt" in rule:
            continue
        own = _fill(props)
        background = own or page
        for key, what in (("color", "text"), ("placeholder-text-color", "placeholder")):
            if colour := _colour(props.get(key, "")):
                yield Pair(rule, what, colour, background)
        if colour := _colour(props.get("selection-color", "")):
            back = _colour(props.get("selection-background-color", "")) or background
            yield Pair(rule, "selected text", colour, back)
        alternate, text = (
            _colour(props.get(k, "")) for k in ("alternate-background-color", "color")
        )
        if alternate and text:
            yield Pair(rule, "text on alternate rows", text, alternate)
        for edge in _edges(props):
            yield Pair(rule, "border", edge, page)
        base = re.split(r"(?<!:):(?!:)", rule)[0]
        if own and own != page and CONTROL.match(base) and not bordered.get(base):
            yield Pair(rule, "fill (its only edge)", own, page)


def _fill(props: dict[str, str]) -> str:
    return _colour(props.get("background", props.get("background-color", "")))


def _edges(props: dict[str, str]) -> list[str]:
    edges = [_colour(props[k]) for k in EDGES if k in props and "none" not in props[k]]
    return [e for e in edges if e]


def _props(body: str) -> dict[str, str]:
    return {k: v.strip() for k, v in re.findall(r"([a-z-]+)\s*:\s*([^;]+);", body)}


def _colour(value: str) -> str:
    found = HEX.search(value)
    return found[0].lower() if found else ""


def ink_contrast(image: QImage, area: QRect, least_pixels: int = 12) -> tuple[float, str, str]:
    """How well what is drawn in ``area`` (an arrow, an icon) stands out from the area's
    own background (its most common colour): the contrast that at least ``least_pixels``
    pixels reach (antialiased edges and a stray pixel do not count). Returns the ratio,
    the background and the ink colour."""
    area = area.intersected(image.rect())
    colours = [
        QColor(image.pixel(x, y)).name()
        for x in range(area.left(), area.right() + 1)
        for y in range(area.top(), area.bottom() + 1)
    ]
    assert colours, "nothing to measure"
    background = Counter(colours).most_common(1)[0][0]
    ranked = sorted(colours, key=lambda c: contrast(c, background), reverse=True)
    if len(ranked) < least_pixels:
        return 1.0, background, background
    ink = ranked[least_pixels - 1]
    return contrast(ink, background), background, ink
