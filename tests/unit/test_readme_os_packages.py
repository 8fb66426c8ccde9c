"""The README's install line for `make run` is the list CI installs, word for word: a package
added to one and not the other would send a new developer (or CI) off with a kiosk that
cannot start."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _readme_packages() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(
        r"<!-- apt-packages-run:begin -->\s*```sh\n(.*?)```\s*<!-- apt-packages-run:end -->",
        text,
        re.S,
    )
    assert block, "README.md lost its apt-packages-run block"
    words = shlex.split(block[1].replace("\\\n", " "))
    assert words[:3] == ["sudo", "apt-get", "install"], words
    return [w for w in words[3:] if not w.startswith("-")]


def test_the_readme_names_exactly_the_packages_ci_installs_for_make_run() -> None:
    listed = (ROOT / ".ci" / "apt-packages-run").read_text(encoding="utf-8").split()
    assert sorted(_readme_packages()) == sorted(listed)
