"""No secrets in the build, and AWS settings come only from the environment or user config.

The packaged folder is scanned file by file, and the Python modules inside each
executable's archive are decompressed and scanned too (a key in a module's constants would
otherwise hide in the zlib-compressed PYZ).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.packaging.support import ADMIN, APP, ROOT, clean_env, run

#: AWS access key ids, secret keys assigned in config syntax, private keys.
SECRET_PATTERNS = [
    re.compile(rb"\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b"),
    re.compile(rb"aws_secret_access_key\s*[=:]\s*['\"]?[A-Za-z0-9/+]{40}"),
    re.compile(rb"-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
]
#: The placeholders of AWS's own documentation (botocore docstrings quote them).
DOC_EXAMPLES = (b"AKIAIOSFODNN7EXAMPLE", b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
FORBIDDEN_NAMES = {".env", "credentials", ".netrc", ".pypirc", "config.toml"}
FORBIDDEN_DIRS = {".aws", "tests", ".hypothesis", ".pytest_cache", ".mypy_cache", ".git"}


def _secrets_in(blob: bytes) -> list[bytes]:
    found = []
    for pattern in SECRET_PATTERNS:
        for match in pattern.finditer(blob):
            context = blob[max(0, match.start() - 40) : match.end() + 60]
            if not any(example in context for example in DOC_EXAMPLES):
                found.append(match.group(0))
    return found


def _archived_modules(exe: Path) -> Iterator[tuple[str, bytes]]:
    from PyInstaller.archive.readers import CArchiveReader

    pkg = CArchiveReader(str(exe))
    for name, entry in pkg.toc.items():
        typecode = entry[-1]
        if typecode == "z":  # the PYZ of byte-compiled modules
            pyz = pkg.open_embedded_archive(name)
            for module in pyz.toc:
                data = pyz.extract(module, raw=True)
                if data:
                    yield f"{exe.name}:{module}", data
        elif typecode in ("s", "m", "M", "x"):  # scripts, modules, data
            yield f"{exe.name}:{name}", pkg.extract(name)


@pytest.mark.slow
def test_no_credentials_or_test_data_in_the_folder(packaged: Path) -> None:
    problems = []
    for path in packaged.rglob("*"):
        rel = path.relative_to(packaged).as_posix()
        if path.is_dir() and path.name in FORBIDDEN_DIRS:
            problems.append(f"directory {rel}")
        elif path.is_file() and not path.is_symlink():
            if path.name in FORBIDDEN_NAMES or path.name.startswith(".env"):
                problems.append(f"file {rel}")
            problems += [f"{rel}: {hit!r}" for hit in _secrets_in(path.read_bytes())]
    assert not problems, problems


@pytest.mark.slow
def test_no_credentials_in_the_bundled_modules(packaged: Path) -> None:
    problems = []
    count = 0
    for exe in (APP, ADMIN):
        for where, data in _archived_modules(packaged / exe):
            count += 1
            problems += [f"{where}: {hit!r}" for hit in _secrets_in(data)]
    assert count > 100, "the archives were not read"
    assert not problems, problems


@pytest.mark.slow
def test_credentials_in_the_app_config_file_are_ignored(packaged: Path, tmp_path: Path) -> None:
    """Keys written into Care4U's config.toml never reach boto3: only its default chain does."""
    config = tmp_path / "config.toml"
    config.write_text(
        'backend = "aws"\n'
        'aws_access_key_id = "AKIAZZZZZZZZZZZZZZZZ"\n'
        'aws_secret_access_key = "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"\n',
        encoding="utf-8",
    )
    env = clean_env({"CARE4U_CONFIG": str(config), "AWS_ENDPOINT_URL": "http://127.0.0.1:9"})
    proc = run(packaged / ADMIN, "--data-dir", str(tmp_path / "data"), "doctors", env=env)
    assert proc.returncode == 5, proc.stderr
    assert "credentials" in proc.stderr.lower()  # "Unable to locate credentials"
    assert "Traceback" not in proc.stderr


# --- the sources: where AWS settings may come from ---------------------------------------------

APP_SOURCES = sorted((ROOT / "care4u_desktop").rglob("*.py"))
CREDENTIAL_ARGS = {"aws_access_key_id", "aws_secret_access_key", "aws_session_token"}


def test_the_app_never_passes_credentials_to_boto3() -> None:
    """Sessions and clients are built on boto3's default chain, never with explicit keys."""
    offenders = []
    for source in APP_SOURCES:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                names = {kw.arg for kw in node.keywords if kw.arg}
                if names & CREDENTIAL_ARGS:
                    offenders.append(f"{source.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


def test_the_app_reads_no_aws_files_of_its_own() -> None:
    """No code of ours opens ~/.aws or a .env: boto3 reads the shared files itself."""
    offenders = []
    for source in APP_SOURCES:
        text = source.read_text(encoding="utf-8")
        for needle in (".aws/", ".aws\\\\", '".aws"', "'.aws'", "dotenv", '".env"', "'.env'"):
            if needle in text:
                offenders.append(f"{source.relative_to(ROOT)}: {needle}")
        assert not _secrets_in(text.encode()), source
    assert not offenders, offenders


def test_config_settings_come_from_arguments_environment_or_the_user_file() -> None:
    """``load_config`` reads the user's config file and the environment, nothing else."""
    import argparse

    from care4u_desktop.config import Config, config_file_path, load_config

    fields = set(Config.__dataclass_fields__)
    # The one credential a config may hold is the device's own token for care4u-server
    # (revocable, one device's, reaching only the API); never an AWS key.
    assert {f for f in fields if "secret" in f or "key_id" in f or "token" in f} == {"device_token"}
    assert "device_token" not in repr(Config(data_dir=Path("/d"), device_token="dev-1.secret"))
    path = config_file_path({"CARE4U_CONFIG": "/somewhere/config.toml"})
    assert path == Path("/somewhere/config.toml")
    args = argparse.Namespace(data_dir=None, backend=None, kiosk=False)
    env = {"CARE4U_CONFIG": "/nonexistent/config.toml", "CARE4U_BACKEND": "aws"}
    assert load_config(args, env).backend == "aws"
