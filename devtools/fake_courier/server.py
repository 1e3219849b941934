"""A courier's pick-up API on 127.0.0.1 for tests and local runs: records every POST (path,
headers, JSON body), can be told to fail the next N requests or to hold its answers (a slow
courier), and books a pick-up once per Idempotency-Key, as couriers' APIs do: a request sent
again with the same key is answered with the first booking."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler

from devtools.background import BackgroundHTTPServer


class FakeCourierServer(BackgroundHTTPServer):
    """`with FakeCourierServer() as courier:` serves on a free port; `courier.url` is the value
    for a DeliveryMethod's courier API URL, `courier.posts` what arrived."""

    thread_name = "fake-courier"

    def __init__(self, host="127.0.0.1", port=0):
        super().__init__(_Handler, host, port)
        self.url = f"http://{host}:{self.httpd.server_port}/shipments"
        self.lock = threading.Lock()
        self._posts: list[dict] = []
        self._failures_left = 0
        self._failure_status = 503
        self._hold_seconds = 0.0

    @property
    def posts(self) -> list[dict]:
        """Every request that was accepted (failed ones are not shipments)."""
        with self.lock:
            return [post for post in self._posts if post["accepted"]]

    @property
    def attempts(self) -> int:
        with self.lock:
            return len(self._posts)

    @property
    def bookings(self) -> list[dict]:
        """The pick-ups booked: accepted requests, one per Idempotency-Key."""
        booked = {}
        for post in self.posts:
            booked.setdefault(post["headers"].get("Idempotency-Key") or id(post), post)
        return list(booked.values())

    def hold(self, seconds: float) -> None:
        """Answer every request `seconds` after recording it (0: at once again)."""
        with self.lock:
            self._hold_seconds = seconds

    def fail_next(self, count: int, status: int = 503) -> None:
        with self.lock:
            self._failures_left = count
            self._failure_status = status

    def _record(self, post: dict) -> int:
        with self.lock:
            failing = self._failures_left > 0
            if failing:
                self._failures_left -= 1
            post["accepted"] = not failing
            self._posts.append(post)
            return self._failure_status if failing else 201

    def _held(self) -> None:
        with self.lock:
            seconds = self._hold_seconds
        time.sleep(seconds)


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeCourier/1.0"

    def log_message(self, format, *args):
        pass

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw)
        except ValueError:
            self._answer(400, {"error": "The body is not JSON."})
            return
        status = self.server.fake._record(
            {"path": self.path, "headers": dict(self.headers.items()), "json": body}
        )
        self.server.fake._held()
        if status == 201:
            self._answer(201, {"status": "accepted", "reference": body.get("order_number")})
        else:
            self._answer(status, {"error": "Temporarily unavailable."})

    def _answer(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
