"""``python -m care4u_desktop.server``: the same as ``care4u-server``."""

from __future__ import annotations

import sys

from .main import main

sys.exit(main())
