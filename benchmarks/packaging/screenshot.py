"""A screenshot of the packaged kiosk on a real X server (Linux, Xvfb), as proof it runs.

    .venv/bin/python benchmarks/packaging/screenshot.py [--app-dir dist/care4u-desktop]
        [--out docs/screenshots/packaged-linux.png] [--wait 4]

Starts ``Xvfb``, runs the packaged ``care4u-desktop`` on it (the bundled ``xcb`` platform
plug-in, a throwaway data directory, no user config), waits for it to settle, captures the
whole screen with ``xwd`` and converts it to PNG with ImageMagick, then stops both.
Needs ``xvfb``, ``x11-apps`` (xwd) and ``imagemagick``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise SystemExit(f"screenshot: {tool} is not installed")
    return path


def start_xvfb(size: str) -> tuple[subprocess.Popen[bytes], str]:
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [
            need("Xvfb"),
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            f"{size}x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        number = fh.readline().strip()
    if not number:
        server.kill()
        raise SystemExit("screenshot: Xvfb did not start")
    return server, f":{number}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-dir", type=Path, default=ROOT / "dist" / "care4u-desktop")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs" / "screenshots" / "packaged-linux.png"
    )
    parser.add_argument("--size", default="1280x900")
    parser.add_argument("--wait", type=float, default=4.0, help="seconds to let the app settle")
    parser.add_argument("--config", type=Path, help="a Care4U config.toml (default: none)")
    parser.add_argument("args", nargs="*", help="extra arguments for care4u-desktop")
    args = parser.parse_args(argv)

    exe = args.app_dir / "care4u-desktop"
    if not exe.is_file():
        raise SystemExit(f"screenshot: no packaged app at {exe} (make dist)")
    xwd, convert = need("xwd"), need("convert")
    server, display = start_xvfb(args.size)
    try:
        with tempfile.TemporaryDirectory(prefix="care4u-shot-") as data_dir:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "CARE4U_"))}
            config = str(args.config.resolve()) if args.config else os.devnull
            env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", CARE4U_CONFIG=config)
            app = subprocess.Popen(
                [str(exe), "--data-dir", data_dir, *args.args],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            try:
                time.sleep(args.wait)
                if app.poll() is not None:
                    output = app.stdout.read().decode(errors="replace") if app.stdout else ""
                    raise SystemExit(f"screenshot: the app exited ({app.returncode}):\n{output}")
                raw = subprocess.run(
                    [xwd, "-root", "-silent", "-display", display], capture_output=True, check=True
                ).stdout
            finally:
                app.terminate()
                app.wait(timeout=10)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([convert, "xwd:-", f"png:{args.out}"], input=raw, check=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"screenshot: wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
