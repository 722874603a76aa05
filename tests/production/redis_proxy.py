"""A TCP proxy in front of the test Redis that a test can cut and restore: Redis stopping (and
coming back) as the app sees it, without stopping the machine's Redis that others use.

    with RedisProxy(port=8158, upstream=need_redis()) as proxy:
        ... CACHE_URL=proxy.url ...
        proxy.cut()      # nothing listens on the port, open connections are closed
        proxy.hang()     # still listening, but what is sent never reaches Redis
        proxy.restore()  # listening again, to the same Redis
"""

from __future__ import annotations

import contextlib
import socket
import threading
from urllib.parse import urlsplit


class RedisProxy:
    def __init__(self, *, port: int, upstream: str):
        parts = urlsplit(upstream)
        self.port = port
        self.upstream = (parts.hostname, parts.port or 6379)
        self.url = f"redis://127.0.0.1:{port}{parts.path}"
        self._listener: socket.socket | None = None
        self._hanging = False
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def __enter__(self) -> RedisProxy:
        self.restore()
        return self

    def __exit__(self, *exc) -> None:
        self.cut()

    def restore(self) -> None:
        self._hanging = False
        if self._listener is not None:
            return
        listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR on POSIX
        listener.settimeout(0.1)
        self._listener = listener
        self._accepting = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._accepting.start()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            # The port is free once the accepting thread has let go of it (within its timeout).
            self._accepting.join()
            listener.close()
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def hang(self) -> None:
        self._hanging = True

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            try:
                upstream = socket.create_connection(self.upstream, timeout=2)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                if self._listener is not listener:  # cut meanwhile
                    client.close()
                    upstream.close()
                    return
                self._open |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if not self._hanging:
                    sink.sendall(data)
        with self._lock:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
                self._open.discard(sock)
