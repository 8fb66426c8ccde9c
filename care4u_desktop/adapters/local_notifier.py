"""Notifications on the embedded store: written to a file staff can read.

Each delivered message becomes one JSON line in ``outbox.jsonl`` in the data directory:
what would have been emailed, to whom, about which appointment.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from ..domain.errors import ServiceUnavailable
from ..domain.models import Notification
from ..private_files import open_private_append

OUTBOX_FILENAME = "outbox.jsonl"


class LocalNotifier:
    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / OUTBOX_FILENAME
        self.subscriptions_path = Path(data_dir) / "subscriptions.jsonl"
        self._lock = threading.Lock()

    def subscribe(self, recipient: str) -> None:
        self._append(self.subscriptions_path, {"recipient": recipient})

    def publish(self, notification: Notification) -> None:
        self._append(self.path, notification.message_fields())

    def _append(self, path: Path, record: dict[str, str]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        try:
            # Who was told what about which appointment: for this OS user only (0600).
            with self._lock, open_private_append(path) as fh:
                fh.write(line)
        except OSError as exc:
            raise ServiceUnavailable(
                "backend_failed", detail="The message could not be written to the outbox."
            ) from exc

    def read_outbox(self) -> list[dict[str, str]]:
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
