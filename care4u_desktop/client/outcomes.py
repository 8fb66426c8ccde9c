"""Writes over the API whose answer may be lost: read back before telling anyone.

The same promise as ``services/outcomes.py`` makes for a store, kept over the network:

- the write surely never reached the server (no connection could be made): "not made";
- it went out and its answer was lost (a read time-out, the connection reset after
  sending, a gateway's time-out): read back what the server now holds:
  - stored: the write's result, as if the answer had arrived;
  - surely not stored: ``BookingNotMade`` / ``CancelNotMade`` / ``SignUpNotMade``;
  - the read-back fails too: ``BookingUnconfirmed`` / ``CancelUnconfirmed`` /
    ``SignUpUnconfirmed``, which ask the patient to check and never claim nothing changed.

The server's own answers pass through untouched (its ``booking_not_made`` already says
what its store holds). Writes are never sent twice (``client/http.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from ..domain.errors import Conflict, DomainError, NotFound, NotStored, OutcomeUnknown
from .http import AnswerLost, Unreached

log = logging.getLogger(__name__)

T = TypeVar("T")


def confirmed_write(
    what: str,
    write: Callable[[], T],
    read_back: Callable[[], T | None],
    not_stored: type[NotStored],
    unconfirmed: type[OutcomeUnknown],
) -> T:
    """``write()``; when its answer is lost, ``read_back()`` decides what to say: it returns
    the write's result if it is stored, None if it surely is not, or raises the domain
    error that describes what it found."""
    try:
        return write()
    except Unreached as unreached:
        raise not_stored() from unreached
    except AnswerLost as lost:
        log.warning("%s: the server's answer was lost; reading back", what)
        try:
            stored = read_back()
        except (NotFound, Conflict):
            raise  # the read-back's own verdict: not found, changed meanwhile
        except DomainError as blind:
            # No answer, or the read itself refused (the session ended meanwhile): we
            # cannot tell what is stored, so we claim neither.
            log.warning("%s: the read-back failed too (%s)", what, type(blind).__name__)
            raise unconfirmed() from lost
        if stored is None:
            raise not_stored() from lost
        log.info("%s: stored after all; the answer had been lost", what)
        return stored
