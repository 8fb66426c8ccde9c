"""PyInstaller entry point of ``care4u-admin``: the same as the console script."""

from care4u_desktop.cli.main import main

raise SystemExit(main())
