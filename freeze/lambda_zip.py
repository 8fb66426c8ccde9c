"""Build care4u-server's AWS Lambda deployment zip (``make lambda-zip``; docs/server.md).

The zip holds the ``care4u_desktop`` package without its Qt screens (``ui/``) and, installed
by ``pip install --target`` as wheels for the Lambda runtime's Python and CPU, what the server
imports: the package's own dependencies minus the desktop-only ones (PySide6, segno), plus
the ``server`` extra minus uvicorn (API Gateway and Mangum stand in for it). boto3 is bundled
too, so the server runs on the boto3 it was tested with, not whichever the runtime carries.

Wheels only (``--only-binary=:all:``): pydantic-core is compiled, and a wheel built for this
machine would not load on Lambda's Amazon Linux. Entries are sorted and dated 1980-01-01, so
the same sources and wheels give the same zip (and the same S3 object hash).

    python freeze/lambda_zip.py [--python-version 3.12] [--arch x86_64|arm64] [--out DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "care4u_desktop"
#: Dependencies Lambda never imports: the desktop's (the Qt screens, the slip's QR code)
#: and uvicorn (API Gateway and Mangum stand where it stands on a LAN).
NOT_ON_LAMBDA = {"pyside6-essentials", "segno", "uvicorn"}
#: The runtime's time-zone database is not guaranteed; zoneinfo falls back to this package.
ALWAYS = ["tzdata"]
#: Left out of the package: the screens (Qt) and compiled caches.
SKIPPED_PARTS = {"ui", "__pycache__"}
#: The CloudFormation template's ``Runtime`` and ``Architectures`` (keep them in step).
DEFAULT_PYTHON = "3.12"
PLATFORMS = {"x86_64": "manylinux2014_x86_64", "arm64": "manylinux2014_aarch64"}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return match.group(0).lower().replace("_", "-")


def requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The server's requirements, as pyproject.toml states them (markers dropped: the
    target is always Linux)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["server"], *ALWAYS]
    picked: dict[str, str] = {}
    for requirement in wanted:
        spec = requirement.split(";", 1)[0].strip()
        if _name(spec) not in NOT_ON_LAMBDA:
            picked.setdefault(_name(spec), spec)
    return sorted(picked.values(), key=_name)


def package_files(root: Path = ROOT) -> Iterator[tuple[Path, str]]:
    """(file, name in the zip) for the package's Python files, the screens left out."""
    base = root / PACKAGE
    for path in sorted(base.rglob("*.py")):
        relative = path.relative_to(root)
        if not SKIPPED_PARTS.intersection(relative.parts):
            yield path, relative.as_posix()


def _tree_files(site: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site)
        if path.is_file() and "__pycache__" not in relative.parts:
            yield path, relative.as_posix()


def install(site: Path, reqs: Iterable[str], python_version: str, arch: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-compile",
            "--target",
            str(site),
            "--platform",
            PLATFORMS[arch],
            "--implementation",
            "cp",
            "--python-version",
            python_version,
            "--only-binary=:all:",
            *reqs,
        ],
        check=True,
    )


def write_zip(out: Path, entries: Iterable[tuple[Path, str]]) -> int:
    """Write the entries (sorted, fixed dates); returns how many were written."""
    count = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path, name in sorted(entries, key=lambda e: e[1]):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
            count += 1
    return count


def version(root: Path = ROOT) -> str:
    text = (root / PACKAGE / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    return match.group(1) if match else "0"


def build(out_dir: Path, python_version: str = DEFAULT_PYTHON, arch: str = "x86_64") -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"care4u-server-{version()}-py{python_version}-{arch}.zip"
    with tempfile.TemporaryDirectory(prefix="care4u-lambda-") as tmp:
        site = Path(tmp) / "site"
        install(site, requirements(), python_version, arch)
        # A dependency may ship its own copy of nothing of ours, but make sure of it.
        shutil.rmtree(site / PACKAGE, ignore_errors=True)
        count = write_zip(out, [*_tree_files(site), *package_files()])
    size_mb = out.stat().st_size / 1e6
    print(f"{out} ({count} files, {size_mb:.1f} MB) for Python {python_version} on {arch}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--python-version", default=DEFAULT_PYTHON)
    parser.add_argument("--arch", choices=sorted(PLATFORMS), default="x86_64")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "lambda")
    args = parser.parse_args(argv)
    build(args.out, args.python_version, args.arch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
