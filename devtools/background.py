"""What the fake servers share: a ThreadingHTTPServer on 127.0.0.1 served from a daemon thread
for the length of a `with` block."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class BackgroundHTTPServer:
    thread_name = "fake-server"

    def __init__(self, handler: type[BaseHTTPRequestHandler], host: str, port: int):
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.httpd.fake = self
        self._thread = None

    def __enter__(self):
        # A short poll interval lets the `with` block end at once instead of after 0.5 s.
        self._thread = threading.Thread(
            target=self.httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=self.thread_name,
            daemon=True,
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)
