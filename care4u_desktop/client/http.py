"""The desktop's one HTTP connection pool to ``care4u-server``.

- One ``urllib3.PoolManager`` for the app: connections are kept alive between calls.
- TLS is verified against the system's trust store, or against a private CA
  (``api_ca_file``, the hospital's own); there is no switch to turn verification off.
- Connect and read time-outs, so a dead server is a message on screen within seconds,
  never a frozen window.
- Reads (GET) are retried a little; writes never are: a write whose answer is lost may
  have been carried out, and sending it again could book twice. Such a write raises
  ``AnswerLost`` and the caller reads back what is stored (``client/outcomes.py``).
- A refusal's body (``{"error": {...}}``) comes back as the very ``DomainError`` the
  services raised (``client/wire.py``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from ..domain.errors import ServiceUnavailable
from . import wire

log = logging.getLogger(__name__)

DEFAULT_CONNECT_TIMEOUT_S = 5.0
#: Long enough for a booking under load (the server reads back a lost store answer itself).
DEFAULT_READ_TIMEOUT_S = 20.0
#: A read is tried again on a dropped connection (a kept-alive one the server closed).
READ_RETRIES = urllib3.Retry(
    total=2, connect=2, read=1, status=0, other=0, backoff_factor=0.2, raise_on_status=False
)
#: A write is sent once: nothing is tried again after anything may have reached the server.
WRITE_RETRIES = urllib3.Retry(total=0, raise_on_status=False, raise_on_redirect=False)


class Unreached(ServiceUnavailable):
    """No connection to the server could be made (refused, no route, the connect time-out,
    TLS failed): nothing was sent, so nothing was carried out."""


class AnswerLost(ServiceUnavailable):
    """A write went out and no answer came back (a read time-out, the connection reset, a
    gateway's time-out): it may well have been carried out. Callers read back."""


@dataclass(frozen=True)
class ApiSettings:
    #: ``https://host:port`` (plain ``http://`` only to a loopback server).
    url: str
    #: ``<device_id>.<secret>`` from ``care4u-admin devices add``. Never logged.
    device_token: str
    #: A PEM file of the CA that signed the server's certificate (a hospital's own CA).
    ca_file: Path | None = None
    connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S
    read_timeout_s: float = DEFAULT_READ_TIMEOUT_S

    def __repr__(self) -> str:  # the token stays out of logs and tracebacks
        return f"ApiSettings(url={self.url!r}, ca_file={self.ca_file!r})"


def segment(value: str) -> str:
    """One path segment (an id, a date) quoted, so a typed id cannot reach another route."""
    return quote(value, safe="")


class ApiClient:
    """Thread-safe (urllib3's pool is): every worker thread of the app shares it."""

    def __init__(self, settings: ApiSettings) -> None:
        self.settings = settings
        self._base = settings.url.rstrip("/")
        self._pool = urllib3.PoolManager(
            num_pools=2,
            maxsize=4,
            cert_reqs="CERT_REQUIRED",
            ca_certs=str(settings.ca_file) if settings.ca_file else None,
            timeout=urllib3.Timeout(
                connect=settings.connect_timeout_s, read=settings.read_timeout_s
            ),
            headers={"User-Agent": "care4u-desktop", "Accept": "application/json"},
        )

    def get(self, path: str, *, token: str = "", query: Mapping[str, str] | None = None) -> Any:
        """The JSON answer to ``GET path``; a refusal as its ``DomainError``; no answer at
        all as ``ServiceUnavailable`` (a read changes nothing, so nothing is lost)."""
        try:
            return self._call("GET", path, token=token, query=query, retries=READ_RETRIES)
        except AnswerLost as lost:  # a read changes nothing: just "not responding"
            raise ServiceUnavailable() from lost

    def send(self, method: str, path: str, body: object = None, *, token: str = "") -> Any:
        """A write, sent once: its JSON answer (None for 204), a refusal as its
        ``DomainError``, ``Unreached`` when it surely never reached the server,
        ``AnswerLost`` when it may have."""
        return self._call(method, path, body=body, token=token, retries=WRITE_RETRIES)

    def close(self) -> None:
        self._pool.clear()

    def _call(
        self,
        method: str,
        path: str,
        *,
        token: str,
        retries: urllib3.Retry,
        body: object = None,
        query: Mapping[str, str] | None = None,
    ) -> Any:
        headers = {"X-Device-Token": self.settings.device_token}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        payload: bytes | None = None
        if body is not None:
            payload = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        try:
            response = self._pool.request(
                method,
                self._base + path,
                body=payload,
                fields=dict(query) if query else None,
                headers=headers,
                retries=retries,
                redirect=False,
                preload_content=True,
            )
        except MaxRetryError as exc:
            raise _unreached(method, path, exc.reason or exc) from exc
        except HTTPError as exc:
            raise _unreached(method, path, exc) from exc
        return _answer(method, path, response)


def _unreached(method: str, path: str, exc: BaseException) -> ServiceUnavailable:
    """What a transport failure says about the request: surely not carried out (the
    connection was never made) or perhaps carried out (it was sent, the answer is lost)."""
    kind = type(exc).__name__  # the kind only: no URL with an id or an email in the log
    if isinstance(exc, SSLError):
        log.warning("%s %s: TLS failed (%s)", method, _route(path), kind)
        return Unreached("backend_failed", detail=f"TLS to care4u-server failed: {str(exc)[:300]}")
    if isinstance(exc, (NewConnectionError, ConnectTimeoutError)):
        log.warning("%s %s: care4u-server not reachable (%s)", method, _route(path), kind)
        return Unreached()
    if isinstance(exc, (ReadTimeoutError, ProtocolError, HTTPError)):
        log.warning("%s %s: the answer was lost (%s)", method, _route(path), kind)
        return AnswerLost()
    log.warning("%s %s: failed (%s)", method, _route(path), kind)
    return AnswerLost()


def _answer(method: str, path: str, response: urllib3.BaseHTTPResponse) -> Any:
    status = response.status
    if status == 204:
        return None
    data: Any = None
    if response.data:
        try:
            data = json.loads(response.data)
        except ValueError:
            data = None
    if 200 <= status < 300 and data is not None:
        return data
    error = wire.error_from(data, status, response.headers.get("Retry-After"))
    if error is not None:
        if status >= 500 and method != "GET" and error.code == "unexpected":
            # The server failed half-way through a write: something may be stored.
            log.warning("%s %s: the server failed (%s)", method, _route(path), status)
            raise AnswerLost()
        raise error
    # Not the contract's answer: a gateway or proxy in between (API Gateway's 504 after its
    # time-out, a captive portal's page, a wrong api_url). A write may still have been
    # carried out behind a gateway that gave up waiting.
    log.warning("%s %s: an answer outside the contract (HTTP %s)", method, _route(path), status)
    if method != "GET" and (status >= 500 or 200 <= status < 300):
        raise AnswerLost()
    raise ServiceUnavailable("backend_failed", detail=f"care4u-server answered HTTP {status}")


def _route(path: str) -> str:
    """The route without its ids (the log keeps no patient's records apart)."""
    parts = path.split("?")[0].split("/")
    return "/".join(p if p.isalpha() or p in ("", "v1") else "…" for p in parts)
