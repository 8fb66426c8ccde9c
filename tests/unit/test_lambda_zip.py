"""What ``make lambda-zip`` puts in care4u-server's Lambda zip, and that the server runs on
exactly that: no Qt, no uvicorn, no segno (the zip would not import, or would be 100 MB
larger, if the server needed them)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "freeze"))

import lambda_zip  # noqa: E402


def test_the_requirements_are_the_servers_not_the_desktops() -> None:
    names = {lambda_zip._name(r) for r in lambda_zip.requirements()}

    assert {"fastapi", "mangum", "boto3", "werkzeug", "tzdata"} <= names
    assert names.isdisjoint({"pyside6-essentials", "segno", "uvicorn"})


def test_the_package_goes_in_without_its_screens() -> None:
    names = [name for _, name in lambda_zip.package_files()]

    assert "care4u_desktop/server/lambda_handler.py" in names
    assert "care4u_desktop/adapters/dynamodb_store.py" in names
    assert not [n for n in names if n.startswith("care4u_desktop/ui/")]
    assert not [n for n in names if "__pycache__" in n]


def test_the_same_files_give_the_same_zip(tmp_path: Path) -> None:
    source = tmp_path / "a.py"
    source.write_text("print('a')\n", encoding="utf-8")
    entries = [(source, "pkg/a.py"), (ROOT / "care4u_desktop" / "__init__.py", "x/__init__.py")]

    first, second = tmp_path / "1.zip", tmp_path / "2.zip"
    lambda_zip.write_zip(first, entries)
    os.utime(source, (1_000_000, 1_000_000))  # a touched file, same bytes
    lambda_zip.write_zip(second, list(reversed(entries)))

    assert first.read_bytes() == second.read_bytes()
    assert zipfile.ZipFile(first).namelist() == ["pkg/a.py", "x/__init__.py"]


#: Run in a child: the Lambda entry with every module the zip leaves out made unimportable.
_WITHOUT_THE_LEFT_OUT = """
import importlib.abc, json, sys
LEFT_OUT = ("PySide6", "shiboken6", "segno", "uvicorn", "care4u_desktop.ui")

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if any(name == m or name.startswith(m + ".") for m in LEFT_OUT):
            raise ImportError(f"{name} is not in the Lambda zip")
        return None

sys.meta_path.insert(0, Refuse())
from care4u_desktop.server import lambda_handler
event = {"version": "2.0", "rawPath": "/v1/health", "rawQueryString": "", "headers": {},
         "requestContext": {"http": {"method": "GET", "path": "/v1/health",
                                     "sourceIp": "203.0.113.7", "protocol": "HTTP/1.1"}},
         "isBase64Encoded": False}
answer = lambda_handler.handler(event, None)
print(answer["statusCode"], json.loads(answer["body"])["status"])
print(sorted(m for m in LEFT_OUT if m in sys.modules))
"""


def test_the_lambda_entry_needs_nothing_the_zip_leaves_out(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARE4U_", "AWS_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        CARE4U_BACKEND="aws",
        CARE4U_TABLE_PREFIX="Care4U_",
        AWS_REGION="us-east-1",
        # No call reaches AWS for the health check; nothing real is ever used.
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    )
    proc = subprocess.run(
        [sys.executable, "-c", _WITHOUT_THE_LEFT_OUT],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == ["200 ok", "[]"]
