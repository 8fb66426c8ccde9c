"""The layers, checked on the code: every import of every module of ``care4u_desktop``
(module level, inside functions, under ``TYPE_CHECKING``), read with ``ast``.

From the bottom up; a module may import its own layer and the ones below, never above:

0. ``care4u_desktop`` itself (``__init__``: the version; imports nothing).
1. ``domain``: entities, rules, errors. Pure: no I/O.
2. support: ``config``, ``config_files``, ``logs``, ``private_files``, ``resources``.
   Small helpers every layer above may use (the settings and their files, safe logging,
   files only the user can read, bundled files); they stand on the domain's text rules
   and nothing higher.
3. ``services``: the use cases and their ports.
4. ``adapters``: the ports' implementations (SQLite, DynamoDB, SNS, werkzeug); and
   ``client``, the use cases over HTTP (``care4u-server``'s client), which never imports
   an adapter (nor they it): a kiosk on the API holds no data adapter.
5. ``composition``: the composition root, the one place that picks adapters.
6. front ends: ``ui``, ``cli`` and ``server``. They reach the services through
   ``composition`` and never import an adapter, nor each other.
7. entry points: ``app`` and ``__main__`` (the GUI's), free to wire anything.

Besides: Qt (PySide6, shiboken6) only in ``ui`` and ``app``; boto3, botocore, mypy_boto3,
sqlite3 and werkzeug only in ``adapters``; the web stack (fastapi, starlette, uvicorn,
pydantic, mangum) only in ``server``; urllib3 only in ``client``. And a front end never
touches a ``store`` or ``notifier`` attribute: it calls a service, which owns the rule and
any cache.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import care4u_desktop

PACKAGE_DIR = Path(care4u_desktop.__file__).resolve().parent

#: Top-level module or subpackage -> its rank in the list above.
RANKS = {
    "": 0,
    "domain": 1,
    "config": 2,
    "config_files": 2,
    "logs": 2,
    "private_files": 2,
    "resources": 2,
    "services": 3,
    "adapters": 4,
    "client": 4,
    "composition": 5,
    "ui": 6,
    "cli": 6,
    "server": 6,
    "app": 7,
    "__main__": 7,
}
FRONT_ENDS = {"ui", "cli", "server"}
#: Layers of one rank that must not import each other.
APART = {frozenset({"client", "adapters"})}
#: Third-party (or standard) modules and the only layers that may import them.
CONFINED = {
    "PySide6": {"ui", "app"},
    "shiboken6": {"ui", "app"},
    "boto3": {"adapters"},
    "botocore": {"adapters"},
    "mypy_boto3": {"adapters"},  # its stubs, mypy_boto3_dynamodb and the others
    "sqlite3": {"adapters"},
    "werkzeug": {"adapters"},
    "fastapi": {"server"},
    "starlette": {"server"},
    "uvicorn": {"server"},
    "pydantic": {"server"},
    "pydantic_core": {"server"},
    "mangum": {"server"},
    "urllib3": {"client"},
}
#: What the composition root hands out that only services may hold.
ADAPTER_ATTRIBUTES = {"store", "notifier"}


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    #: The module imported, absolute (``care4u_desktop.services.ports``, ``sqlite3``).
    target: str


def module_name(path: Path, root: Path, package: str) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package, *parts])


def imports_in(path: Path, root: Path, package: str, known: set[str]) -> Iterator[Import]:
    """Every import in ``path``, wherever it stands, as absolute module names."""
    name = module_name(path, root, package)
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                if not is_package:
                    base.pop()
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                # ``from . import commands`` imports the module care4u_desktop.cli.commands.
                full = f"{source}.{alias.name}"
                yield Import(path, node.lineno, full if full in known else source)


def layer_of(module: str, package: str) -> str:
    """``care4u_desktop.services.ports`` -> ``services``; the package itself -> ``""``."""
    rest = module.removeprefix(package).removeprefix(".")
    return rest.split(".", 1)[0]


def violations(root: Path, package: str) -> list[str]:
    """One line per broken rule: ``path:line: what was imported, and why not``."""
    files = sorted(root.rglob("*.py"))
    known = {module_name(f, root, package) for f in files}
    found: list[str] = []
    for path in files:
        here = layer_of(module_name(path, root, package), package)
        where = f"{path.relative_to(root.parent)}"
        if here not in RANKS:
            found.append(f"{where}:1: module {here!r} has no place in the layers (RANKS)")
            continue
        for imp in imports_in(path, root, package, known):
            top = imp.target.split(".", 1)[0]
            if top.startswith("mypy_boto3"):
                top = "mypy_boto3"
            at = f"{where}:{imp.line}: {here or package} imports {imp.target}"
            if top in CONFINED and here not in CONFINED[top]:
                allowed = " and ".join(sorted(CONFINED[top]))
                found.append(f"{at} ({top} belongs to {allowed} only)")
            if top != package:
                continue
            there = layer_of(imp.target, package)
            if there not in RANKS:
                found.append(f"{at} (a module with no place in the layers)")
            elif here in FRONT_ENDS and there == "adapters":
                found.append(f"{at} (a front end reaches adapters only through composition)")
            elif here in FRONT_ENDS and there in FRONT_ENDS and there != here:
                found.append(f"{at} (one front end never imports the other)")
            elif frozenset({here, there}) in APART:
                found.append(f"{at} ({here} and {there} never import each other)")
            elif RANKS[there] > RANKS[here]:
                found.append(f"{at} (upwards: {there} is above {here or package})")
        if here in FRONT_ENDS:
            found.extend(_adapter_attributes(path, where, here))
    # By file, then line: the order a reader goes through them.
    return sorted(found, key=lambda f: (f.split(":", 1)[0], int(f.split(":", 2)[1])))


def _adapter_attributes(path: Path, where: str, here: str) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Attribute) and node.attr in ADAPTER_ATTRIBUTES:
            yield (
                f"{where}:{node.lineno}: {here} uses .{node.attr}"
                " (a front end calls a service, never the store or notifier)"
            )


def test_every_module_keeps_to_its_layer() -> None:
    found = violations(PACKAGE_DIR, "care4u_desktop")
    assert found == [], "\n".join(["imports that break the layers:", *found])


def test_the_check_reads_every_module_and_its_lazy_imports() -> None:
    # A check that read nothing would pass too: it must see the composition root's lazy
    # adapter imports (inside functions) and the TYPE_CHECKING ones.
    files = sorted(PACKAGE_DIR.rglob("*.py"))
    known = {module_name(f, PACKAGE_DIR, "care4u_desktop") for f in files}
    composition = PACKAGE_DIR / "composition.py"
    targets = {i.target for i in imports_in(composition, PACKAGE_DIR, "care4u_desktop", known)}
    assert "care4u_desktop.adapters.sqlite_store" in targets  # inside build_adapters()
    assert "care4u_desktop.services.ports" in targets  # under TYPE_CHECKING
    assert len(files) > 60


# -- the checker, on a planted tree -------------------------------------------------------------
PLANTED = {
    "__init__.py": "",
    "config.py": "from .domain import rules\n",
    "domain/__init__.py": "",
    "domain/rules.py": "def f():\n    from ..services import booking\n",
    "services/__init__.py": "",
    "services/booking.py": (
        "from typing import TYPE_CHECKING\n"
        "from ..domain import rules\n"
        "if TYPE_CHECKING:\n"
        "    from PySide6.QtCore import QObject\n"
        "def g():\n"
        "    import sqlite3\n"
    ),
    "services/ports.py": "from werkzeug.security import check_password_hash\n",
    "adapters/__init__.py": "",
    "adapters/sqlite_store.py": "import sqlite3\nfrom ..services import ports\n",
    "adapters/sns.py": "from ..cli import main\n",
    "composition.py": "from .adapters import sqlite_store\nfrom .services import booking\n",
    "ui/__init__.py": "",
    "ui/view.py": "from .. import composition\nfrom ..adapters.sqlite_store import x\n",
    "cli/__init__.py": "",
    "cli/main.py": (
        "import pkg.adapters.sns\n"
        "from . import output\n"
        "from ..ui import view\n"
        "def run(services):\n"
        "    return services.store.get_user('u')\n"
    ),
    "cli/output.py": "import boto3\n",
    "domain/models.py": (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import mypy_boto3_sns\n"
    ),
    "extra.py": "",
    "server/__init__.py": "",
    "server/app.py": "from fastapi import FastAPI\nfrom ..adapters import sqlite_store\n",
    "client/__init__.py": "",
    "client/http.py": "import urllib3\nimport sqlite3\nfrom ..adapters.dynamodb_store import x\n",
    "adapters/dynamodb_store.py": "import boto3\nfrom ..client import http\n",
    "services/web.py": "import pydantic\nimport urllib3\n",
    "app.py": "from .adapters import sqlite_store\nfrom PySide6.QtWidgets import QApplication\n",
}


def test_the_check_names_each_planted_violation_with_its_line(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    for name, text in PLANTED.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")

    found = violations(root, "pkg")

    assert found == [
        "pkg/adapters/dynamodb_store.py:2: adapters imports pkg.client.http"
        " (adapters and client never import each other)",
        "pkg/adapters/sns.py:1: adapters imports pkg.cli.main (upwards: cli is above adapters)",
        "pkg/cli/main.py:1: cli imports pkg.adapters.sns"
        " (a front end reaches adapters only through composition)",
        "pkg/cli/main.py:3: cli imports pkg.ui.view (one front end never imports the other)",
        "pkg/cli/main.py:5: cli uses .store"
        " (a front end calls a service, never the store or notifier)",
        "pkg/cli/output.py:1: cli imports boto3 (boto3 belongs to adapters only)",
        "pkg/client/http.py:2: client imports sqlite3 (sqlite3 belongs to adapters only)",
        "pkg/client/http.py:3: client imports pkg.adapters.dynamodb_store"
        " (client and adapters never import each other)",
        "pkg/domain/models.py:3: domain imports mypy_boto3_sns"
        " (mypy_boto3 belongs to adapters only)",
        "pkg/domain/rules.py:2: domain imports pkg.services.booking"
        " (upwards: services is above domain)",
        "pkg/extra.py:1: module 'extra' has no place in the layers (RANKS)",
        "pkg/server/app.py:2: server imports pkg.adapters.sqlite_store"
        " (a front end reaches adapters only through composition)",
        "pkg/services/booking.py:4: services imports PySide6.QtCore"
        " (PySide6 belongs to app and ui only)",
        "pkg/services/booking.py:6: services imports sqlite3 (sqlite3 belongs to adapters only)",
        "pkg/services/ports.py:1: services imports werkzeug.security"
        " (werkzeug belongs to adapters only)",
        "pkg/services/web.py:1: services imports pydantic (pydantic belongs to server only)",
        "pkg/services/web.py:2: services imports urllib3 (urllib3 belongs to client only)",
        "pkg/ui/view.py:2: ui imports pkg.adapters.sqlite_store"
        " (a front end reaches adapters only through composition)",
    ]
