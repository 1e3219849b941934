import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest


class _Receiver(BaseHTTPRequestHandler):
    """Stands in for the shop: records webhook posts, shows a page for the redirect back."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.server.calls.append(
            {
                "path": self.path,
                "content_type": self.headers["Content-Type"],
                "form": parse_qs(body),
            }
        )
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        page = b"<!doctype html><title>Shop</title><h1>Back at the shop</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def shop():
    """A tiny shop on 127.0.0.1: `shop.url`, and `shop.calls` lists every POST it received."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.calls = []
    server.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class _Recorder:
    """Stands in for another part of issue 6 that is not merged into this branch yet."""

    def __init__(self):
        self.calls = []
        self.error = None

    def delay(self, *args):
        self.calls.append(args)

    def __call__(self, **kwargs):
        self.calls.append(kwargs)
        if self.error is not None:
            raise self.error


@pytest.fixture
def customer_emails(monkeypatch):
    """The documents-and-e-mails part's task `orders.tasks.send_order_email`; `.calls` lists
    (order_id, kind) as queued."""
    import orders.tasks

    recorder = _Recorder()
    monkeypatch.setattr(orders.tasks, "send_order_email", recorder, raising=False)
    return recorder


@pytest.fixture
def refunds(monkeypatch):
    """The refunds part's `orders.services.refunds.refund_full(order=, actor=)`; set
    `.error = refunds.RefundError(...)` to have it fail."""
    import sys
    import types

    recorder = _Recorder()
    module = types.ModuleType("orders.services.refunds")
    module.RefundError = recorder.RefundError = type("RefundError", (Exception,), {})
    module.refund_full = recorder
    monkeypatch.setitem(sys.modules, "orders.services.refunds", module)
    return recorder


@pytest.fixture
def couriers(monkeypatch):
    """The couriers part's `orders.services.couriers.courier_notify_later(order_id=)`."""
    import sys
    import types

    recorder = _Recorder()
    module = types.ModuleType("orders.services.couriers")
    module.courier_notify_later = recorder
    monkeypatch.setitem(sys.modules, "orders.services.couriers", module)
    return recorder
