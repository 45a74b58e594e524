"""A real SMTP server on loopback for tests that send account mail.

Django's SMTP backend talks to an aiosmtpd server started per test on a free
port of 127.0.0.1; tests read what it received and follow the links in it.
Use the `smtp_server` fixture (import it into a conftest or test module).
"""

import email
import email.policy
import re
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


class RecordingHandler:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.envelopes.append(envelope)
            self.messages.append(message)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, handler, port):
        self.handler = handler
        self.port = port

    @property
    def messages(self):
        return list(self.handler.messages)

    def only_message_to(self, address):
        found = [m for m in self.messages if address in m["To"]]
        assert len(found) == 1, f"expected one message to {address}, got {len(found)}"
        return found[0]

    @staticmethod
    def body(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def link_in(self, message) -> str:
        """The path of the one http(s) link in the message body."""
        urls = re.findall(r"https?://[^\s]+", self.body(message))
        assert len(urls) == 1, urls
        return re.sub(r"^https?://[^/]+", "", urls[0])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """Start an SMTP server on 127.0.0.1 and point Django's SMTP backend at it."""
    handler = RecordingHandler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield SmtpServer(handler, port)
    finally:
        controller.stop()
