"""``care4u-server``: the API over the configured backend, under uvicorn.

``care4u-server --backend local|aws [--data-dir D] --host H --port P [--tls-cert C --tls-key K]
[--insecure-http]``. Plain HTTP is refused unless the host is a loopback address or
``--insecure-http`` says a TLS proxy is in front: device and session tokens must not cross
a network in the clear. ``care4u-server openapi`` prints the OpenAPI document.

On a LAN the server also runs the background jobs (the notification retry) every minute
in a thread, as the kiosk's timer does in process.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import os
import socket
import ssl
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from .. import logs
from ..composition import Services, store_location
from ..config import Config, add_common_arguments, load_config
from ..domain.errors import DomainError
from .settings import ServerSettings, add_setting_arguments, load_settings

PROG = "care4u-server"
SERVED_BACKENDS = ("local", "aws")
DEFAULT_PORT = 8443
JOBS_EVERY_S = 60.0
#: Seconds a stop waits for the requests in flight (a booking commits in well under that).
SHUTDOWN_GRACE_S = 5
#: Exit codes, as care4u-admin's: 2 for what was typed, 5 for a backend that cannot be used.
EXIT_INVALID = 2
EXIT_UNAVAILABLE = 5

log = logging.getLogger("care4u_desktop.server")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="The Care4U API for enrolled kiosks and desks (care4u-admin devices add).",
        epilog=f"'{PROG} openapi' prints the OpenAPI document and exits.",
    )
    add_common_arguments(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on")
    parser.add_argument("--tls-cert", type=Path, help="PEM certificate (chain) for HTTPS")
    parser.add_argument("--tls-key", type=Path, help="PEM private key of --tls-cert")
    parser.add_argument(
        "--insecure-http",
        action="store_true",
        help="serve plain HTTP on a non-loopback address (only behind a TLS proxy)",
    )
    parser.add_argument(
        "--no-jobs", action="store_true", help="do not run the background jobs in this process"
    )
    parser.add_argument(
        "--shutdown-grace",
        type=int,
        default=SHUTDOWN_GRACE_S,
        metavar="SECONDS",
        help=f"on stop, wait this long for requests in flight (default {SHUTDOWN_GRACE_S};"
        " keep it below the service manager's stop timeout)",
    )
    add_setting_arguments(parser)
    return parser


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _fail(message: str, code: int) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


def openapi_document() -> str:
    """The OpenAPI document as checked into ``docs/openapi.json``."""
    from .app import build_server_services, create_app

    settings = ServerSettings()
    config = Config(data_dir=Path(os.devnull))  # nothing is opened to describe the routes
    app = create_app(settings, build_server_services(config, settings))
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["openapi"]:
        sys.stdout.write(openapi_document())
        return 0
    args = build_parser().parse_args(argv)
    logs.configure(logging.INFO, stream=sys.stderr)
    try:
        config = load_config(args)
        settings = load_settings(args)
    except SystemExit as exc:  # a bad value in the environment or the config file
        return _fail(str(exc.code), EXIT_INVALID)
    if config.backend not in SERVED_BACKENDS:
        return _fail(
            f"the server works on the store itself: --backend {' or '.join(SERVED_BACKENDS)}",
            EXIT_INVALID,
        )
    if (args.tls_cert is None) != (args.tls_key is None):
        return _fail("--tls-cert and --tls-key go together", EXIT_INVALID)
    tls = args.tls_cert is not None
    if not tls and not args.insecure_http and not is_loopback(args.host):
        return _fail(
            f"refusing plain HTTP on {args.host}: device and session tokens would cross the"
            " network in the clear. Give --tls-cert and --tls-key, or --insecure-http when a"
            " TLS proxy is in front.",
            EXIT_INVALID,
        )
    for path in (args.tls_cert, args.tls_key):
        if path is not None and not path.is_file():
            return _fail(f"no such file: {path}", EXIT_INVALID)
    return serve(args, config, settings, tls=tls)


def lan_services(config: Config, settings: ServerSettings) -> Services:
    """The services ``serve`` runs: a long-running process, so a booking's message is
    delivered after the kiosk has its answer (a slow SNS held back every kiosk on the
    server). Lambda builds its own, delivering first: it freezes once the answer is out."""
    from .app import build_server_services

    return build_server_services(config, settings, background_delivery=True)


def serve(args: argparse.Namespace, config: Config, settings: ServerSettings, *, tls: bool) -> int:
    from .app import create_app

    services = lan_services(config, settings)
    scheme = "https" if tls else "http"
    banner = (
        f"{PROG} listening on {scheme}://{args.host}:{args.port}"
        f" (backend {config.backend}, store {store_location(config)})"
    )
    uv_config = uvicorn.Config(
        create_app(settings, services),
        host=args.host,
        port=args.port,
        ssl_certfile=str(args.tls_cert) if tls else None,
        ssl_keyfile=str(args.tls_key) if tls else None,
        # Our logging (safe formatter); no access log: paths and queries name patients.
        log_config=None,
        access_log=False,
        server_header=False,
        # A stop waits this long for requests in flight, then ends. Without a bound it waited
        # for every idle kiosk's TLS connection to close, which an idle kiosk never does.
        timeout_graceful_shutdown=max(0, args.shutdown_grace),
    )
    try:
        uv_config.load()
    except (OSError, ssl.SSLError) as exc:
        return _fail(f"the TLS certificate or key cannot be used: {exc}", EXIT_INVALID)
    try:
        services.open()  # create or check the store now: an unusable one is said at once
    except DomainError as exc:
        detail = exc.params.get("detail")
        said = f"{exc.message} ({detail})" if detail else exc.message
        return _fail(f"the store cannot be used: {said}", EXIT_UNAVAILABLE)
    jobs = None if args.no_jobs else JobThread(services)
    if jobs is not None:
        jobs.start()
    try:
        _Server(uv_config, banner).run()
    finally:
        if jobs is not None:
            jobs.stop()
    return 0


class _Server(uvicorn.Server):
    """uvicorn's server, saying one line once it listens (tests and service managers wait
    for it)."""

    def __init__(self, config: uvicorn.Config, banner: str) -> None:
        super().__init__(config)
        self._banner = banner

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if not self.should_exit:
            print(self._banner, flush=True)


class JobThread(threading.Thread):
    """Runs the due background jobs every minute until stopped."""

    def __init__(self, services: Services, every_s: float = JOBS_EVERY_S) -> None:
        super().__init__(name="care4u-jobs", daemon=True)
        self._services = services
        self._every_s = every_s
        self._stopped = threading.Event()

    def run(self) -> None:
        while True:
            try:
                self._services.jobs.run_due(self._services.config.now())
            except Exception:  # each job's own failure is logged by run_due; this is the rest
                log.warning("the background jobs could not run", exc_info=True)
            if self._stopped.wait(self._every_s):
                return

    def stop(self) -> None:
        self._stopped.set()
