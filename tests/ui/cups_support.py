"""A private CUPS scheduler for the printing tests, and a cups-pdf queue that writes to tmp.

``tests/conftest.py`` points ``CUPS_SERVER`` at ``PRIVATE_CUPS_SOCKET`` before anything
is imported: libcups reads it once per thread, at its first use, and Qt's print support is
libcups. So every test, printing or not, talks to this scheduler (when one runs) and never
to the machine's: no test job can reach a real printer.

The scheduler is ``cupsd -f`` with its own ``cupsd.conf`` / ``cups-files.conf`` in a
directory of its own, listening only on a unix socket there. cups-pdf reads its settings
from ``/etc/cups`` (compiled in), so the scheduler runs in a private mount namespace in
which ``/etc/cups/cups-pdf.conf`` is this test's copy (output and spool in tmp); the
machine's file is not touched. Where namespaces are not allowed, the queue uses a cups-pdf
instance of its own (``/etc/cups/cups-pdf-<instance>.conf``, written and removed here).

cupsd must run as root. Missing tools or rights skip the tests locally and fail them on CI
(``CI=true``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.components import require

PRIVATE_CUPS_SOCKET = f"/tmp/care4u-cups-{os.getpid()}/cups.sock"
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPDS = (
    Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd"),
    Path("/usr/share/cups/model/CUPS-PDF_noopt.ppd"),
)
TOOLS = ("cupsd", "lpadmin", "lpstat", "cupsdisable", "cupsenable", "cupsreject", "cupsaccept")
QUEUE = "Care4U-PDF"


def require_cups() -> Path:
    for tool in TOOLS:
        require(shutil.which(tool) is not None, f"{tool} (Debian packages cups, cups-client)")
    require(CUPS_PDF_BACKEND.exists(), "the cups-pdf backend (printer-driver-cups-pdf)")
    ppd = next((p for p in CUPS_PDF_PPDS if p.exists()), None)
    require(ppd is not None, "the CUPS-PDF PPD (printer-driver-cups-pdf)")
    require(os.geteuid() == 0, "root (cupsd runs as root)")
    assert ppd is not None
    return ppd


def _private_mounts_allowed() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    probe = subprocess.run(
        [unshare, "--mount", "--propagation", "private", "true"], capture_output=True
    )
    return probe.returncode == 0


@dataclass
class Cups:
    """A running private scheduler."""

    root: Path
    out: Path
    ppd: Path
    process: subprocess.Popen[bytes]
    #: The cups-pdf device URI of the test queue (an instance of its own in the fallback).
    device_uri: str = "cups-pdf:/"
    cleanup: list[Path] = field(default_factory=list)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "CUPS_SERVER": PRIVATE_CUPS_SOCKET, "LC_ALL": "C"}
        done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed: {done.stderr.strip()}")
        return done

    def add_queue(self, name: str = QUEUE) -> str:
        """A fresh cups-pdf queue, enabled, accepting, the default destination."""
        self.run("lpadmin", "-p", name, "-v", self.device_uri, "-P", str(self.ppd), "-E")
        self.run("lpadmin", "-d", name)
        return name

    def remove_queue(self, name: str = QUEUE) -> None:
        self.run("cancel", "-a", "-x", name, check=False)
        self.run("lpadmin", "-x", name, check=False)

    def queued(self, name: str = QUEUE) -> list[str]:
        """``lpstat -o``: the jobs not finished yet."""
        return self.run("lpstat", "-o", name, check=False).stdout.split("\n")[:-1]

    def pdfs(self) -> list[Path]:
        return sorted(self.out.glob("*.pdf"))

    def wait_for_pdf(self, count: int = 1, timeout_s: float = 20.0) -> list[Path]:
        """cups-pdf writes its file, then the job finishes; wait for both."""
        end = time.monotonic() + timeout_s
        while time.monotonic() < end:
            found = self.pdfs()
            if len(found) >= count and not self.queued():
                return found
            time.sleep(0.1)
        raise AssertionError(f"no PDF from cups-pdf: {self.pdfs()}, queue {self.queued()}")

    def error_log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text(errors="replace") if path.exists() else ""


def _write_conf(root: Path) -> None:
    (root / "cupsd.conf").write_text(
        f"""Listen {PRIVATE_CUPS_SOCKET}
LogLevel info
Browsing No
WebInterface No
DefaultAuthType None
# The tests' own scheduler: everything allowed, to the one local socket only.
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess default
  JobPrivateValues default
  SubscriptionPrivateAccess default
  SubscriptionPrivateValues default
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
"""
    )
    (root / "cups-files.conf").write_text(
        f"""ServerRoot {root}
RequestRoot {root}/spool
TempDir {root}/tmp
StateDir {root}/state
CacheDir {root}/cache
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
SystemGroup root
FileDevice No
"""
    )


def _cups_pdf_conf(root: Path) -> Path:
    path = root / "cups-pdf.conf"
    path.write_text(
        f"""Out {root}/out
AnonDirName {root}/out
Spool {root}/pdf-spool
Log {root}/log
LogType 3
Grp root
Label 1
"""
    )
    return path


@contextlib.contextmanager
def private_cups() -> Iterator[Cups]:
    """Start the scheduler; always stop it and remove its files afterwards."""
    ppd = require_cups()
    root = Path(PRIVATE_CUPS_SOCKET).parent
    shutil.rmtree(root, ignore_errors=True)
    for sub in ("spool", "state", "cache", "log", "out", "tmp"):
        (root / sub).mkdir(parents=True)
    root.chmod(0o755)
    # Filters run as lp: they need a temporary directory they can write to.
    (root / "tmp").chmod(0o1777)
    _write_conf(root)
    pdf_conf = _cups_pdf_conf(root)
    cleanup: list[Path] = []
    device_uri = "cups-pdf:/"
    command = ["cupsd", "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")]
    if _private_mounts_allowed() and Path("/etc/cups/cups-pdf.conf").exists():
        script = f'mount --bind "{pdf_conf}" /etc/cups/cups-pdf.conf && exec "$@"'
        namespace = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"]
        command = [*namespace, *command]
    else:
        instance = f"care4u{uuid.uuid4().hex[:8]}"
        instance_conf = Path(f"/etc/cups/cups-pdf-{instance}.conf")
        shutil.copy(pdf_conf, instance_conf)
        cleanup.append(instance_conf)
        device_uri = f"cups-pdf:/{instance}"
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=(root / "log" / "stderr").open("wb")
    )
    cups = Cups(root, root / "out", ppd, process, device_uri, cleanup)
    try:
        end = time.monotonic() + 10
        while cups.run("lpstat", "-r", check=False).stdout.strip() != "scheduler is running":
            if process.poll() is not None or time.monotonic() > end:
                log = (root / "log" / "stderr").read_text() + cups.error_log()
                raise AssertionError(f"cupsd did not start:\n{log}")
            time.sleep(0.05)
        yield cups
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        for path in cleanup:
            path.unlink(missing_ok=True)
        shutil.rmtree(root, ignore_errors=True)
