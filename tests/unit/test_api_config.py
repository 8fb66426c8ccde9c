"""``--backend api``: where the server is, this machine's device token, a private CA; and the
tools that hold the store itself (care4u-admin, care4u-server) refuse it."""

from __future__ import annotations

from pathlib import Path

import pytest

from care4u_desktop.cli.main import build_parser
from care4u_desktop.config import BACKENDS, load_config, parse_gui_args

TOKEN = "dev-123.s3cr3t-part-of-the-token"


def desktop(argv: list[str], env: dict[str, str], tmp_path: Path, file: str = ""):
    config = tmp_path / "config.toml"
    config.write_text(file, encoding="utf-8")
    return load_config(
        parse_gui_args(argv), {"CARE4U_CONFIG": str(config), **env}, backends=BACKENDS
    )


def test_the_address_and_the_token_come_from_the_arguments_environment_or_file(tmp_path):
    config = desktop(
        ["--backend", "api", "--api-url", "https://care4u.clinic.lan:8443"],
        {"CARE4U_DEVICE_TOKEN": TOKEN},
        tmp_path,
    )
    assert (config.backend, config.api_url, config.device_token) == (
        "api",
        "https://care4u.clinic.lan:8443",
        TOKEN,
    )
    from_file = desktop(
        [],
        {},
        tmp_path,
        f'backend = "api"\napi_url = "https://10.0.0.5:8443"\ndevice_token = "{TOKEN}"\n',
    )
    assert (from_file.api_url, from_file.device_token) == ("https://10.0.0.5:8443", TOKEN)
    from_env = desktop(
        ["--backend", "api"],
        {"CARE4U_API_URL": "https://10.0.0.6", "CARE4U_DEVICE_TOKEN": TOKEN},
        tmp_path,
    )
    assert from_env.api_url == "https://10.0.0.6"


def test_the_token_is_never_in_the_configs_repr(tmp_path):
    config = desktop(
        ["--backend", "api", "--api-url", "https://h"], {"CARE4U_DEVICE_TOKEN": TOKEN}, tmp_path
    )
    assert "s3cr3t" not in repr(config)


def test_a_missing_address_says_where_to_give_it(tmp_path):
    with pytest.raises(SystemExit) as exc:
        desktop(["--backend", "api"], {"CARE4U_DEVICE_TOKEN": TOKEN}, tmp_path)
    assert "--api-url" in str(exc.value) and "CARE4U_API_URL" in str(exc.value)


def test_a_missing_token_says_where_to_give_it(tmp_path):
    with pytest.raises(SystemExit) as exc:
        desktop(["--backend", "api", "--api-url", "https://h:8443"], {}, tmp_path)
    message = str(exc.value)
    assert "device_token" in message and "CARE4U_DEVICE_TOKEN" in message
    assert "devices add" in message


@pytest.mark.parametrize("url", ["http://10.0.0.5:8080", "http://care4u.lan", "ftp://h", "h:8443"])
def test_plain_http_off_this_machine_or_no_url_is_refused(tmp_path, url):
    with pytest.raises(SystemExit) as exc:
        desktop(["--backend", "api", "--api-url", url], {"CARE4U_DEVICE_TOKEN": TOKEN}, tmp_path)
    assert url in str(exc.value)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"])
def test_plain_http_to_this_machine_is_allowed(tmp_path, url):
    config = desktop(
        ["--backend", "api", "--api-url", url], {"CARE4U_DEVICE_TOKEN": TOKEN}, tmp_path
    )
    assert config.api_url == url


def test_the_private_ca_must_be_a_file(tmp_path):
    ca = tmp_path / "ca.pem"
    args = ["--backend", "api", "--api-url", "https://h"]
    with pytest.raises(SystemExit) as exc:
        desktop(args, {"CARE4U_DEVICE_TOKEN": TOKEN, "CARE4U_API_CA_FILE": str(ca)}, tmp_path)
    assert "api_ca_file" in str(exc.value)
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    config = desktop(args, {"CARE4U_DEVICE_TOKEN": TOKEN}, tmp_path, f'api_ca_file = "{ca}"\n')
    assert config.api_ca_file == ca


def test_care4u_admin_refuses_the_api_backend_as_an_argument(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--backend", "api", "doctors"])
    assert "invalid choice: 'api'" in capsys.readouterr().err


def test_care4u_admin_refuses_the_api_backend_from_the_environment(tmp_path):
    args = build_parser().parse_args(["doctors"])
    with pytest.raises(SystemExit) as exc:
        load_config(args, {"CARE4U_CONFIG": str(tmp_path / "none"), "CARE4U_BACKEND": "api"})
    assert "desktop app" in str(exc.value) and "local, aws" in str(exc.value)
