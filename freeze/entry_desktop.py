"""PyInstaller entry point of the kiosk (``care4u-desktop``): the same as the gui-script."""

from care4u_desktop.app import main

raise SystemExit(main())
