"""Screen readers, checked through AT-SPI as Orca reads the app, not through Qt's own
properties: the real app under Xvfb with its accessibility bridge on, walked over a
private session bus and accessibility bus (``buses.py``) by Debian's python3-pyatspi.

One app process is driven through every screen (``app_driver.py``); each screen's tree
is walked once and the tests below read the walks. ``CARE4U_ATSPI_REPORT=path`` writes
the counts of every screen as a markdown table (the issue's before/after figures), and
each screen's walk beside it (``path.SCREEN.json``).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from . import tree
from .app_driver import SCREENS
from .session import Walk, walk_screens

DOCTOR = "Dr. Sarah Johnson"


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Walk:
    done = walk_screens(tmp_path_factory.mktemp("atspi"), SCREENS)
    report = os.environ.get("CARE4U_ATSPI_REPORT")
    if report:
        figures = {s: tree.counts(done.trees[s], s, done.facts.get(s)) for s in SCREENS}
        Path(report).write_text(tree.table(figures) + "\n", encoding="utf-8")
        for screen, root in done.trees.items():  # the walks themselves, beside the table
            Path(f"{report}.{screen}.json").write_text(json.dumps(root), encoding="utf-8")
    return done


def problems_on_every_screen(walk: Walk, check) -> list[str]:
    found: list[str] = []
    for screen in SCREENS:
        found += [f"{screen}: {line}" for line in check(walk.trees[screen], screen)]
    return found


def test_every_screen_was_walked(walk):
    assert list(walk.trees) == list(SCREENS)
    for screen in SCREENS:
        shown = [s for s in tree.nodes(walk.trees[screen]) if s.view == tree.VIEWS[screen]]
        assert any(s.showing for s in shown), f"{screen}: its view is not on screen"


def test_every_focusable_control_on_screen_has_a_name(walk):
    def check(root, _screen):
        return [f"{s.label} has no name" for s in tree.focusable_unnamed(root)]

    problems = problems_on_every_screen(walk, check)
    assert not problems, "focusable, on screen and unnamed:\n" + "\n".join(problems)


def test_drop_downs_are_named_by_their_label_not_their_value(walk):
    def check(root, _screen):
        return [
            f"{c.label} is named by its value (choices: {tree.choices(c.node)})"
            for c in tree.combo_boxes(root)
            if tree.named_by_value(c.node)
        ]

    seen = sum(len(tree.combo_boxes(walk.trees[s])) for s in SCREENS)
    assert seen >= 3, "the log-in, doctors' and desk's drop-downs were not found"
    problems = problems_on_every_screen(walk, check)
    assert not problems, "\n".join(problems)


def test_screens_not_shown_are_not_exposed_as_showing(walk):
    def check(root, screen):
        return [
            f"{s.label} of {s.view or 'the window'} is exposed as showing"
            for s in tree.exposed_hidden(root, screen)
        ]

    problems = problems_on_every_screen(walk, check)
    assert not problems, f"{len(problems)} hidden objects exposed:\n" + "\n".join(problems[:40])


def test_calendar_days_say_the_full_date_and_whether_they_can_be_booked(walk):
    root, facts = walk.trees["4-booking"], walk.facts["4-booking"]
    days = tree.calendar_days(root)
    bare = [d.label for d in days if tree.BARE_NUMBER.match(d.node["name"])]
    assert not bare, f"{len(bare)} days are named by a bare number: {bare[:10]}"
    by_date = {date.fromisoformat(iso): ok for iso, ok in facts["bookable"].items()}
    named = {}
    for seen in days:
        match = tree.day_of(seen, by_date)
        assert match is not None, f"{seen.label}: not a day the test knows"
        named[match] = seen
    assert len(named) >= 7, f"only {len(named)} days are offered"
    assert date.fromisoformat(facts["day"]) in named, "the chosen day is not in the calendar"
    tails = {True: set(), False: set()}
    for day, seen in named.items():
        tail = seen.node["name"][len(tree.long_date(day)) :].strip(" ,")
        assert tail, f"{seen.label} does not say whether it can be booked"
        tails[by_date[day]].add(tail)
        assert seen.node["role"] == "push button", seen.label
    assert tails[True] and tails[False], "the month shown has no closed day to compare with"
    assert not tails[True] & tails[False], f"bookable and closed days read alike: {tails}"


def test_days_that_cannot_be_booked_are_not_offered(walk):
    """A day that cannot be booked is drawn but not offered: not SENSITIVE, ENABLED or
    FOCUSABLE, so a screen reader says it is unavailable and never lands on it. (Qt, like
    GTK, reports FOCUSABLE for a disabled button that keeps a focus policy.)"""
    root, facts = walk.trees["4-booking"], walk.facts["4-booking"]
    by_date = {date.fromisoformat(iso): ok for iso, ok in facts["bookable"].items()}
    offered, closed = [], []
    for seen in tree.calendar_days(root):
        day = tree.day_of(seen, by_date)
        if day is None:
            continue
        if by_date[day]:
            wanted = {"focusable", "sensitive", "enabled"}
            assert wanted <= seen.states, f"{seen.label} cannot be chosen"
            offered.append(seen)
        else:
            active = {"sensitive", "enabled", "focusable"} & seen.states
            assert not active, f"{seen.label} is offered ({sorted(active)}) but cannot be booked"
            closed.append(seen)
    assert offered and closed, (len(offered), len(closed))


def test_times_are_buttons_named_with_time_day_and_doctor(walk):
    root, facts = walk.trees["4-booking"], walk.facts["4-booking"]
    day = tree.long_date(date.fromisoformat(facts["day"]))
    times = tree.slots(root)
    assert len(times) >= 3, [t.label for t in times]
    for seen in times:
        hhmm = seen.node["id"].rsplit("slot-", 1)[1]
        assert seen.node["role"] == "push button", f"{seen.label} is a {seen.node['role']}"
        expected = f"{hhmm}, {day}, {DOCTOR}"
        assert seen.node["name"].startswith(expected), f"{seen.label}: not {expected!r}…"
        chosen = seen.node["name"].endswith(", chosen")
        assert chosen == (hhmm == "10:00"), f"{seen.label}: chosen is 10:00 only"
