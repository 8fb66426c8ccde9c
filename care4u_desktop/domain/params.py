"""The values an error code or a closed day's reason may carry. Pure; no I/O."""

from __future__ import annotations

from datetime import date

#: A parameter of a code: a name or a path (str), a count (int) or a day (date).
Param = str | int | date
