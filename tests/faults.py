"""Fault injection for the ports: a write that is carried out and whose answer is lost."""

from __future__ import annotations

from typing import Any

from care4u_desktop.domain.errors import ServiceUnavailable


class AnswerLost:
    """Any store, whose named writes are carried out and then answer ``ServiceUnavailable``,
    as a write whose commit happened and whose answer was lost (a time-out after the commit,
    a dropped connection, retries that all lost their answers).

    ``blind_after=True``: once an answer is lost every call fails too, as a store that went
    away right after the commit (so nothing can be read back). ``stored_first=False``: the
    named writes fail *without* being carried out (the store refused them), for the
    "surely not stored" case.
    """

    def __init__(
        self, store: Any, *writes: str, stored_first: bool = True, blind_after: bool = False
    ) -> None:
        self._store = store
        self.writes = set(writes)
        self.stored_first = stored_first
        self.blind_after = blind_after
        self.lost: list[str] = []

    def __getattr__(self, name: str) -> Any:
        real = getattr(self._store, name)
        if not callable(real):
            return real

        def call(*args: Any, **kwargs: Any) -> Any:
            if name in self.writes:
                if self.stored_first:
                    real(*args, **kwargs)
                self.lost.append(name)
                # What the real stores raise for a time-out: the default message.
                raise ServiceUnavailable()
            if self.blind_after and self.lost:
                raise ServiceUnavailable()
            return real(*args, **kwargs)

        return call
