"""``python -m care4u_desktop.cli``: the same as ``care4u-admin``."""

from .main import main

raise SystemExit(main())
