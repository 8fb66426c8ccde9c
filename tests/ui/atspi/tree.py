"""Reading the AT-SPI walk: what a screen reader is given on each screen, counted.

A node is the walker's JSON (role, name, description, states, id, children). Qt's
accessible id is the chain of object names from the application down (a class name where
an object has none), so a node's screen is the view named in its id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

Node = dict[str, Any]

#: The object name of each screen's view (its ``View`` name or page), by screen.
VIEWS = {
    "1-login": "loginView",
    "2-signup": "signupView",
    "3-doctors": "doctorsView",
    "4-booking": "bookingView",
    "5-confirmation": "bookingView",
    "6-appointments": "appointmentsView",
    "8-kiosk-exit": "kioskExitView",
    "10-staff-desk": "staffView",
    "11-doctor-admin": "doctorAdminView",
}
ALL_VIEWS = frozenset(VIEWS.values())
#: Roles a screen reader offers as a choice that toggles, not an action.
TOGGLES = frozenset({"check box", "toggle button", "radio button", "check menu item"})
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
FULL_DATE = re.compile(rf"^(?:{WEEKDAYS}) \d{{1,2}} (?:{MONTHS}) \d{{4}}")
BARE_NUMBER = re.compile(r"^\d{1,2}$")
SLOT_TIME = re.compile(r"^\d{2}:\d{2}\b")


@dataclass(frozen=True)
class Seen:
    node: Node
    #: Every ancestor shows (the node is where a sighted person could see it).
    inside_shown: bool
    view: str | None

    @property
    def states(self) -> set[str]:
        return set(self.node["states"])

    @property
    def showing(self) -> bool:
        return bool({"showing", "visible"} & self.states)

    @property
    def label(self) -> str:
        """How a failure names the node: its role, its name and its object name."""
        return f"{self.node['role']} {self.node['name']!r} ({self.node['id'].split('.')[-1]})"


def nodes(root: Node) -> Iterator[Seen]:
    """Every node under the application, with whether all its ancestors are showing."""

    def walk(node: Node, shown: bool, view: str | None) -> Iterator[Seen]:
        segments = node["id"].split(".")
        here = next((s for s in reversed(segments) if s in ALL_VIEWS), view)
        yield Seen(node, shown, here)
        inner = shown and "showing" in node["states"]
        for child in node["children"]:
            yield from walk(child, inner, here)

    for window in root["children"]:
        yield from walk(window, True, None)


def exposed_hidden(root: Node, screen: str) -> list[Seen]:
    """Nodes a screen reader is told are showing although they are not on screen: inside
    a part that is not showing, or on another screen than ``screen``."""
    return [
        seen
        for seen in nodes(root)
        if seen.showing
        and (not seen.inside_shown or (seen.view is not None and seen.view != VIEWS[screen]))
    ]


def focusable_unnamed(root: Node) -> list[Seen]:
    return [
        seen
        for seen in nodes(root)
        if {"focusable", "showing"} <= seen.states
        and seen.inside_shown
        and not seen.node["name"].strip()
    ]


def combo_boxes(root: Node) -> list[Seen]:
    return [
        seen
        for seen in nodes(root)
        if seen.node["role"] == "combo box" and seen.inside_shown and "showing" in seen.states
    ]


def choices(combo: Node) -> list[str]:
    """The names of a drop-down's items (in its list child)."""
    return [
        item["name"]
        for child in combo["children"]
        for item in child["children"]
        if item["role"] in ("list item", "menu item", "table cell")
    ]


def named_by_value(combo: Node) -> bool:
    """A drop-down whose name is one of its own choices (or nothing): its value, not its
    label."""
    name = combo["name"].strip()
    return not name or name in choices(combo)


def calendar_days(root: Node) -> list[Seen]:
    """Day cells or buttons of the booking calendar as shown: bare numbers (the old
    calendar) or names that start with a full date."""
    return [
        seen
        for seen in nodes(root)
        if seen.inside_shown
        and seen.showing
        and seen.view == "bookingView"
        and seen.node["role"] not in ("label", "table column header", "table row header")
        and (BARE_NUMBER.match(seen.node["name"]) or FULL_DATE.match(seen.node["name"]))
    ]


def slots(root: Node) -> list[Seen]:
    """The booking screen's times: their object names are ``slot-HH:MM``."""
    return [
        seen
        for seen in nodes(root)
        if seen.inside_shown and seen.showing and re.search(r"\bslot-\d{2}:\d{2}$", seen.node["id"])
    ]


def day_of(seen: Seen, known: Iterable[date]) -> date | None:
    """The day a calendar day's name starts with, among ``known``."""
    return next((d for d in known if seen.node["name"].startswith(long_date(d))), None)


def long_date(day: date) -> str:
    """English, as the app says it ("Thursday 3 December 2026")."""
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def closed_days(root: Node, bookable: dict[date, bool], chosen: date) -> list[Seen]:
    """The shown days that cannot be booked (no free time, by the booking service). The
    old calendar's cells are bare numbers: the cells from the first "1" to the next are
    the chosen day's month (those before and after are not counted)."""
    found = []
    in_month = False
    for seen in calendar_days(root):
        day = day_of(seen, bookable)
        if day is None and BARE_NUMBER.match(seen.node["name"]):
            number = int(seen.node["name"])
            if number == 1:
                in_month = not in_month
            day = chosen.replace(day=number) if in_month else None
        if day is not None and not bookable.get(day, True):
            found.append(seen)
    return found


def counts(root: Node, screen: str, facts: dict[str, Any] | None = None) -> dict[str, int]:
    """The figures of the note's before/after table, for one screen."""
    everything = list(nodes(root))
    days = calendar_days(root)
    facts = facts or {}
    bookable = {date.fromisoformat(k): v for k, v in facts.get("bookable", {}).items()}
    closed = closed_days(root, bookable, date.fromisoformat(facts["day"])) if bookable else []
    return {
        "objects": len(everything),
        "focusable unnamed": len(focusable_unnamed(root)),
        "combos named by value": sum(named_by_value(c.node) for c in combo_boxes(root)),
        "hidden exposed as showing": len(exposed_hidden(root, screen)),
        "days named by a bare number": sum(bool(BARE_NUMBER.match(d.node["name"])) for d in days),
        "slots as check boxes/toggles": sum(s.node["role"] in TOGGLES for s in slots(root)),
        "closed days sensitive": sum("sensitive" in d.states for d in closed),
        "closed days focusable": sum("focusable" in d.states for d in closed),
    }


COLUMNS = (
    "objects",
    "focusable unnamed",
    "combos named by value",
    "hidden exposed as showing",
    "days named by a bare number",
    "slots as check boxes/toggles",
    "closed days sensitive",
    "closed days focusable",
)


def table(figures: dict[str, dict[str, int]]) -> str:
    """A markdown table: screen x count."""
    lines = [
        "| screen | " + " | ".join(COLUMNS) + " |",
        "|---" * (len(COLUMNS) + 1) + "|",
    ]
    for screen, values in figures.items():
        lines.append(f"| {screen} | " + " | ".join(str(values[c]) for c in COLUMNS) + " |")
    totals = {c: sum(v[c] for v in figures.values()) for c in COLUMNS}
    lines.append("| **all** | " + " | ".join(str(totals[c]) for c in COLUMNS) + " |")
    return "\n".join(lines)
