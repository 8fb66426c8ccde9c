"""A TCP relay between the app and a real ``care4u-server`` that can lose an answer.

It copies bytes both ways and knows nothing of HTTP but where a request starts: armed with
``lose_answer_to(b"POST /v1/appointments ")``, the next request whose first bytes are
those is passed to the server, which carries it out and answers; that answer is thrown
away and the app's connection closed, as a Wi-Fi drop after sending would. With
``then_refuse`` every connection is refused from then on (the server "went away"), so
the app's read-back gets no answer either.
"""

from __future__ import annotations

import socket
import threading
from contextlib import suppress


class LossyProxy:
    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        self._target = (host, target_port)
        self._listener = socket.create_server((host, 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self._lock = threading.Lock()
        self._armed: bytes | None = None
        self._then_refuse = False
        self._open: set[socket.socket] = set()
        self._closed = False
        #: Set once an answer has been thrown away (the server had answered).
        self.answer_lost = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def lose_answer_to(self, request_start: bytes, *, then_refuse: bool = False) -> None:
        with self._lock:
            self._armed, self._then_refuse = request_start, then_refuse

    def close(self) -> None:
        with self._lock:
            self._closed = True
        # shutdown() first: on Linux a bare close() leaves a thread blocked in accept()
        # accepting the next connection all the same.
        _close(self._listener)
        with self._lock:
            sockets, self._open = set(self._open), set()
        for s in sockets:
            _close(s)

    # -- relaying ------------------------------------------------------------------------
    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            with self._lock:
                closed = self._closed
            if closed:
                _close(client)
                return
            try:
                server = socket.create_connection(self._target, timeout=10)
            except OSError:
                _close(client)
                continue
            server.settimeout(None)
            with self._lock:
                self._open.update((client, server))
            doomed = threading.Event()
            threading.Thread(
                target=self._upstream, args=(client, server, doomed), daemon=True
            ).start()
            threading.Thread(
                target=self._downstream, args=(server, client, doomed), daemon=True
            ).start()

    def _upstream(
        self, client: socket.socket, server: socket.socket, doomed: threading.Event
    ) -> None:
        while chunk := _recv(client):
            with self._lock:
                if self._armed is not None and chunk.startswith(self._armed):
                    self._armed = None
                    doomed.set()
            try:
                server.sendall(chunk)
            except OSError:
                break
        _close(server)

    def _downstream(
        self, server: socket.socket, client: socket.socket, doomed: threading.Event
    ) -> None:
        while chunk := _recv(server):
            if doomed.is_set():
                # The server has carried the request out and answered: the app never hears.
                with self._lock:
                    refuse = self._then_refuse
                if refuse:
                    self.close()
                _close(client)
                _close(server)
                self.answer_lost.set()
                return
            try:
                client.sendall(chunk)
            except OSError:
                break
        _close(client)


def _recv(s: socket.socket) -> bytes:
    try:
        return s.recv(65536)
    except OSError:
        return b""


def _close(s: socket.socket) -> None:
    with suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    with suppress(OSError):
        s.close()
