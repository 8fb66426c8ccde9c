"""``care4u-admin``: argument parsing, dispatch, and the mapping of failures to exit codes.

Every failure ends as one line on standard error and an exit code; a traceback is shown
only with ``--debug``.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from .. import __version__, logs
from ..composition import Services, build_services
from ..config import Config, add_common_arguments, default_log_dir, load_config
from ..domain.errors import DomainError
from ..domain.text import escape_hidden
from ..logs import SafeFormatter, safe_text
from . import access, commands, jobs, machine_config
from .errors import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_UNEXPECTED,
    CliError,
    exit_code_for,
    message_for,
    one_line,
)
from .output import Output

PROG = "care4u-admin"
#: A subcommand given the composition root: it hands the command only the use cases it
#: calls, each as a provider (``lambda: s.staff``), built when the command first calls it.
Handler = Callable[[Services, argparse.Namespace, Output], int]

EPILOG = """\
exit codes: 0 ok, 1 unexpected error, 2 invalid input, 3 conflict (slot taken, email
registered, already cancelled), 4 not found, 5 store or notifier unavailable.
Global options go before the command; --json may go before or after it."""


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line and exit code 2, like every other invalid input."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INVALID, f"{self.prog}: {message} (see --help)\n")


class _RefusePassword(argparse.Action):
    """A password on the command line ends up in shell history and the process list."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        parser.error(
            "a password is never taken as an argument; type it when asked,"
            " or pipe it on standard input"
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Care4U administration: doctors, accounts, appointments, notifications,"
        " care4u-server's devices and the audit trail.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_common_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print JSON on standard output")
    parser.add_argument("--debug", action="store_true", help="log details and tracebacks")
    # Accepted after the command too; SUPPRESS keeps a global --json from being reset.
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler, seed_demo=True)
        return p

    p: argparse.ArgumentParser = sub.add_parser(
        "provision",
        parents=[common],
        help="create or update tables, indexes and topic (idempotent)",
        description="Create or update the backend's tables, indexes and SNS topic; adopt data"
        " the seed web app wrote. Safe to run again. Prints the topic ARN.",
    )
    p.add_argument(
        "--unsubscribe-unfiltered",
        action="store_true",
        help="remove topic subscriptions without a filter policy (they get every message)",
    )
    p.set_defaults(handler=None, seed_demo=False)
    machine_config.add_parser(sub, common)

    p = command(
        "seed-doctors",
        lambda s, a, o: commands.seed_doctors(lambda: s.staff, a, o),
        "add or update doctors from a JSON file",
    )
    p.add_argument("--file", type=Path, help="JSON list of doctors (default: the demo doctors)")
    p.set_defaults(seed_demo=False)

    command(
        "doctors", lambda s, a, o: commands.doctors(lambda: s.booking, a, o), "list the doctors"
    )

    p = command(
        "register",
        lambda s, a, o: commands.register(lambda: s.accounts, a, o),
        "create an account (password on stdin)",
    )
    p.add_argument("--name", required=True)
    p.add_argument("--email", required=True)
    p.add_argument("--phone", required=True)
    p.add_argument("--role", choices=("patient", "staff", "admin"), default="patient")
    p.add_argument("--password", nargs="?", action=_RefusePassword, help=argparse.SUPPRESS)

    p = command(
        "book",
        lambda s, a, o: commands.book(lambda: s.accounts, lambda: s.booking, a, o),
        "book a slot for a registered patient",
    )
    p.add_argument("--email", required=True, help="the patient's email")
    p.add_argument("--doctor", required=True, help="doctor id, e.g. doc-001")
    p.add_argument("--date", required=True, help="YYYY-MM-DD")
    p.add_argument("--time", required=True, help="HH:MM, one of the doctor's slots")

    p = command(
        "cancel",
        lambda s, a, o: commands.cancel(lambda: s.staff, a, o),
        "cancel an appointment (acts as staff)",
    )
    p.add_argument("appointment_id", metavar="ID", help="appointment number, e.g. K7M2-9QXR")

    p = command(
        "appointments",
        lambda s, a, o: commands.appointments(
            lambda: s.accounts, lambda: s.booking, lambda: s.staff, s.config.now, a, o
        ),
        "a patient's appointments or a doctor's day",
    )
    who = p.add_mutually_exclusive_group()
    who.add_argument("--email", help="the patient's appointments, upcoming then past")
    who.add_argument("--doctor", help="a doctor's appointments on --date")
    p.add_argument("--date", help="YYYY-MM-DD (with --doctor; default today)")

    p = command(
        "notifications",
        lambda s, a, o: commands.notifications(
            lambda: s.notifications, lambda: s.jobs, s.config.now, a, o
        ),
        "list messages, or retry pending ones",
    )
    p.add_argument("--retry", action="store_true", help="deliver the pending messages now")
    p.add_argument("--limit", type=int, default=100, help="how many recent messages to list")

    p = command(
        "jobs",
        lambda s, a, o: jobs.jobs(lambda: s.jobs, s.config.now, a, o),
        "list the background jobs, or run them now (e.g. from cron)",
    )
    p.add_argument("action", nargs="?", choices=("list", "run"), default="list")
    p.add_argument("names", nargs="*", metavar="NAME", help="the jobs to run (default: all)")
    _add_access_commands(sub, common)
    return parser


def _add_access_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """``devices add|list|revoke`` and ``audit`` (care4u-server's devices and trail)."""
    devices: argparse.ArgumentParser = sub.add_parser(
        "devices",
        parents=[common],
        help="enrol, list or revoke the kiosks and desks that call care4u-server",
        description="The kiosks and desks that may call care4u-server. A device's token is"
        " printed once, when it is enrolled; only its hash is stored.",
    )
    devices.set_defaults(seed_demo=False)
    actions = devices.add_subparsers(dest="devices_action", metavar="ACTION", required=True)

    def action(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = actions.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler, seed_demo=False)
        return p

    p = action(
        "add",
        lambda s, a, o: access.devices_add(lambda: s.devices, a, o),
        "enrol a device and print its token (once)",
    )
    p.add_argument("--name", required=True, help="what staff call it, e.g. 'Lobby kiosk 1'")
    p.add_argument(
        "--kind", choices=("kiosk", "desk"), required=True, help="a kiosk serves patients only"
    )
    action(
        "list",
        lambda s, a, o: access.devices_list(lambda: s.devices, a, o),
        "list the devices, revoked ones too (never a token)",
    )
    p = action(
        "revoke",
        lambda s, a, o: access.devices_revoke(lambda: s.devices, a, o),
        "refuse a device's token from now on",
    )
    p.add_argument("device_id", metavar="ID", help="the device's id, e.g. dev-3f9a...")

    p = sub.add_parser(
        "audit",
        parents=[common],
        help="read the audit trail (sign-ins, bookings, device changes ...)",
        description="Read the audit trail, oldest first: time, device, acting user, action,"
        " outcome and the ids acted on.",
    )
    p.set_defaults(
        handler=lambda s, a, o: access.audit(
            lambda: s.audit, lambda: s.accounts, s.config.now, a, o
        ),
        seed_demo=False,
    )
    p.add_argument("--since", help="from this date (YYYY-MM-DD) or ISO time on")
    p.add_argument("--user", help="only what this account did or had done to it (id or email)")
    p.add_argument("--limit", type=int, default=1000, help="at most this many (default 1000)")


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = safe_text(one_line(record.getMessage()))
        return f"{PROG}: {record.levelname.lower()}: {message}"


def _configure_logging(args: argparse.Namespace) -> None:
    """Warnings (everything with --debug) on standard error, as one line each; and
    ``care4u-admin.log`` next to the kiosk's log file, at ``log_level`` (DEBUG with --debug).
    Even with --debug: no AWS request bodies, no raw control characters, no full emails or
    password hashes (see care4u_desktop.logs)."""
    level_name, log_file = "INFO", None
    try:
        config = load_config(args)
    except SystemExit:  # said by the command itself, which reads the config again
        log_file = logs.open_log_file(default_log_dir(), logs.ADMIN_LOG_FILENAME)
    else:
        level_name = config.log_level
        if config.log_file is not None:
            log_file = logs.open_log_at(config.log_file.parent / logs.ADMIN_LOG_FILENAME)
        else:
            log_dir = config.log_dir or default_log_dir()
            log_file = logs.open_log_file(log_dir, logs.ADMIN_LOG_FILENAME)
    debug_format = SafeFormatter("%(levelname)s %(name)s: %(message)s")
    logs.configure(
        logging.DEBUG if args.debug else logging.getLevelNamesMapping()[level_name],
        stream=sys.stderr,
        log_file=log_file,
        stream_level=logging.DEBUG if args.debug else logging.WARNING,
        stream_formatter=debug_format if args.debug else _OneLine(),
    )


def _config(args: argparse.Namespace) -> Config:
    try:
        return load_config(args)
    except SystemExit as exc:  # an unknown backend named in the environment or config file
        raise CliError(str(exc.code), EXIT_INVALID) from None


def _services(args: argparse.Namespace) -> Services:
    # Nothing is built or opened yet: the first call does it, and a backend that cannot be
    # used raises a DomainError there, which main() turns into exit code 5.
    return build_services(_config(args), seed_demo=args.seed_demo, acting_device="cli")


def _fail(message: str, code: int) -> int:
    # A message may carry a stored value (a doctor's name): shown, never obeyed.
    print(f"{PROG}: {escape_hidden(one_line(message))}", file=sys.stderr)
    logging.getLogger(__name__).info("failed: %s", one_line(message))  # for the log file
    return code


def run(args: argparse.Namespace) -> int:
    out = Output(json_mode=args.json, stream=sys.stdout)
    if args.command == "machine-config":  # the machine's file, no store at all
        return machine_config.run(args, out)
    if args.command == "provision":  # works on the backend itself, before any service exists
        return commands.provision(_config(args), args, out)
    handler: Handler = args.handler
    return handler(_services(args), args, out)


def main(argv: Sequence[str] | None = None) -> int:
    if isinstance(sys.stdout, io.TextIOWrapper):
        # A console that cannot show a doctor's name must not crash the listing.
        sys.stdout.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    _configure_logging(args)
    log = logging.getLogger(__name__)
    # The command's name only: its arguments may hold an email or a name.
    log.info("care4u-admin %s %s", __version__, args.command)
    code = _run_and_say(args, log)
    log.info("care4u-admin %s: exit %d", args.command, code)
    return code


def _run_and_say(args: argparse.Namespace, log: logging.Logger) -> int:
    try:
        return run(args)
    except DomainError as exc:
        log.debug("domain error", exc_info=True)
        return _fail(message_for(exc), exit_code_for(exc))
    except CliError as exc:
        log.debug("cli error", exc_info=True)
        return _fail(exc.message, exc.code)
    except KeyboardInterrupt:
        return _fail("Interrupted.", EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing more to say to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_UNEXPECTED
    except Exception as exc:
        log.debug("unexpected error", exc_info=True)
        return _fail(
            f"Unexpected error ({type(exc).__name__}: {exc}). Run again with --debug for details.",
            EXIT_UNEXPECTED,
        )
