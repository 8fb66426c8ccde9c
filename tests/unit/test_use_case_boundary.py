"""The front ends stand on the use cases (services/use_cases.py), not on the composition root.

Read on the code with ``ast`` like tests/unit/test_layers.py: a screen (``ui/views``) never
imports ``composition``, and a ``care4u-admin`` command never takes ``Services``; only the
wiring (``ui/main_window.py``, ``cli/main.py``, ``app.py``) does. And the type checker
really checks a worker call's callback against what the call returns: mypy is run on a
small caller of ``TaskRunner.run``.
"""

from __future__ import annotations

import ast
import importlib.util
import textwrap
from pathlib import Path

import pytest

import care4u_desktop
from tests.components import require

PACKAGE_DIR = Path(care4u_desktop.__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent


def composition_uses(source: str, *, module_only: bool) -> list[int]:
    """Lines that import the composition root (any name of it, or with ``module_only``
    False just ``Services``), wherever the import stands."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("composition"):
            names = {alias.name for alias in node.names}
            hit = module_only or "Services" in names
        elif isinstance(node, ast.ImportFrom):  # from ... import composition
            hit = any(alias.name == "composition" for alias in node.names)
        elif isinstance(node, ast.Import):
            hit = any(alias.name.endswith(".composition") for alias in node.names)
        else:
            continue
        if hit:
            found.append(node.lineno)
    return sorted(found)


def test_no_screen_imports_the_composition_root() -> None:
    views = sorted((PACKAGE_DIR / "ui" / "views").glob("*.py"))
    assert len(views) >= 10  # it reads the screens, not an empty folder
    found = [
        f"{path.name}:{line}"
        for path in views
        for line in composition_uses(path.read_text(encoding="utf-8"), module_only=True)
    ]
    assert found == [], f"screens that import composition (take a use case instead): {found}"


def test_no_cli_command_takes_the_services_locator() -> None:
    commands = PACKAGE_DIR / "cli" / "commands.py"
    assert composition_uses(commands.read_text(encoding="utf-8"), module_only=False) == []


def test_the_check_finds_a_screen_that_reaches_for_the_services() -> None:
    planted = textwrap.dedent(
        """
        from ...composition import Services
        def later():
            from ... import composition
            import care4u_desktop.composition
        """
    )
    assert composition_uses(planted, module_only=True) == [2, 4, 5]
    assert composition_uses("from ..composition import load_doctor_file\n", module_only=False) == []


CALLER = """\
from care4u_desktop.domain.errors import DomainError
from care4u_desktop.ui.worker import TaskRunner


def show_name(name: str) -> None: ...
def show_error(error: DomainError) -> None: ...
def name_of(user_id: int) -> str: return str(user_id)


def calls(runner: TaskRunner) -> None:
    runner.run(name_of, 7, on_result=show_name, on_error=show_error)
    runner.run(lambda: name_of(7), on_result=show_name, on_error=show_error)
    runner.run(lambda: 7, on_result=show_name, on_error=show_error)
    runner.run(name_of, "7", on_result=show_name, on_error=show_error)
"""


@pytest.mark.slow
def test_mypy_checks_a_worker_callback_against_its_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require(importlib.util.find_spec("mypy") is not None, "mypy (the test extras)")
    import mypy.api as api

    caller = tmp_path / "caller.py"
    caller.write_text(CALLER, encoding="utf-8")
    monkeypatch.chdir(REPO_ROOT)  # this checkout's care4u_desktop, not an installed one
    stdout, _stderr, _status = api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(caller)]
    )
    lines = {
        int(line.split(":")[1]) for line in stdout.splitlines() if line.startswith(str(caller))
    }
    # The first two fit; an int answer for a str callback, and a str for an int argument, not.
    assert lines == {13, 14}, stdout
