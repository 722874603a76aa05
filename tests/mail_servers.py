"""Real SMTP sockets for the tests of the email queue, on the loopback.

``HangingMailServer`` accepts connections and never says a word (a mail server that hangs);
``MailServer`` takes mail, with just enough of SMTP (RFC 5321) for smtplib and Django's SMTP
backend, and keeps what it received. ``unused_port()`` is a port where nothing listens, so a
connection to it is refused until a server starts there.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
import socketserver
import threading
from dataclasses import dataclass


def unused_port() -> int:
    """A loopback port nothing listens on (the system's choice, given back at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HangingMailServer:
    """Accepts every connection, then neither answers nor closes it until stopped."""

    def __init__(self, port: int = 0):
        self.listener = socket.create_server(("127.0.0.1", port))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def accepted(self) -> int:
        """How many connections it has taken so far."""
        return len(self.connections)

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # the listener was closed: stopped
                return
            self.connections.append(connection)

    def __enter__(self) -> HangingMailServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        # shutdown() wakes the accept() in the thread; close() alone may not on Linux.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self._thread.join(timeout=5)
        for connection in self.connections:
            connection.close()


@dataclass
class Received:
    """One email as the server got it: the envelope and the parsed message."""

    sender: str
    recipients: list[str]
    message: email.message.EmailMessage


class _SMTPSession(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        sender, recipients = "", []
        self.reply("220 peerhub-test ESMTP")
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").rstrip("\r\n")
            verb, _, argument = command.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self.reply("250-peerhub-test")
                self.reply("250 8BITMIME")
            elif verb in {"HELO", "NOOP"}:
                self.reply("250 OK")
            elif verb == "RSET":
                sender, recipients = "", []
                self.reply("250 OK")
            elif verb == "MAIL":
                sender = argument.partition(":")[2].strip().strip("<>")
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(argument.partition(":")[2].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.received.append(Received(sender, recipients, self._read_data()))
                sender, recipients = "", []
                self.reply("250 OK: queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def _read_data(self) -> email.message.EmailMessage:
        lines = []
        while (line := self.rfile.readline()) not in {b".\r\n", b".\n", b""}:
            # A line starting with a dot was sent with a second one (RFC 5321, 4.5.2).
            lines.append(line[1:] if line.startswith(b"..") else line)
        return email.message_from_bytes(b"".join(lines), policy=email.policy.default)


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class MailServer:
    """A working SMTP server on 127.0.0.1:``port``; ``received`` lists what it was sent."""

    def __init__(self, port: int = 0):
        self.server = _Server(("127.0.0.1", port), _SMTPSession)
        self.server.received = []
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def received(self) -> list[Received]:
        return self.server.received

    def __enter__(self) -> MailServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)
