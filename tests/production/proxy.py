"""A TCP proxy that a test can cut and restore: a service that goes away for a while.

The machine's services are shared with other people's tests, so none is ever stopped: a server
under test reaches the service through this proxy instead, and the test cuts it.

    with CuttableProxy(8173, ("127.0.0.1", 5432)) as proxy:
        ...  # serve(DATABASE_URL="postgres://...@127.0.0.1:8173/...")
        proxy.cut()
        proxy.restore()
"""

from __future__ import annotations

import contextlib
import socket
import threading


class CuttableProxy:
    """A TCP proxy on 127.0.0.1:``port`` to PostgreSQL that can be cut and restored.

    Cut, it closes every connection through it and refuses new ones (nothing listens), as a
    database server that is down does.
    """

    def __init__(self, port: int, target: tuple[str, int]):
        self.port, self.target = port, target
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._closing = False

    def __enter__(self):
        self.restore()
        return self

    def __exit__(self, *exc):
        self._closing = True
        self.cut()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            sockets, self._sockets = self._sockets, set()
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:
                    client.close()
                    upstream.close()
                    return
                self._sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
