"""A small HTTP server on 127.0.0.1, in a thread, for tests of what the site fetches.

CI has no internet: the outbound fence's and the link checker's tests fetch from this server
instead, allowed through `OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]`. Each path answers as its
route says; `hits` counts the requests each path received, so a test can show that a refused
redirect was never followed.
"""

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class LocalServer:
    def __init__(self):
        self.routes = {}
        self.hits = Counter()
        self.user_agents = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                server.hits[self.path] += 1
                server.user_agents.append(self.headers.get("User-Agent"))
                route = server.routes.get(self.path)
                if route is None:
                    self.answer(404, b"not found")
                else:
                    route(self)

            def answer(self, status, body=b"", headers=()):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # keep the test output clean
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a client that gave up (the fence's time limit) is expected here

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path, status=200, body=b"ok", headers=()):
        self.routes[path] = lambda handler: handler.answer(status, body, headers)

    def redirect(self, path, location, status=302):
        self.route(path, status=status, body=b"", headers=[("Location", location)])

    def slow(self, path, seconds):
        def answer(handler):
            time.sleep(seconds)
            handler.answer(200, b"late")

        self.routes[path] = answer

    def trickle(self, path, seconds_per_byte, length):
        """An answer whose body comes one byte at a time: each read is quick, the whole slow."""

        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Length", str(length))
            handler.end_headers()
            try:
                for _ in range(length):
                    handler.wfile.write(b"x")
                    handler.wfile.flush()
                    time.sleep(seconds_per_byte)
            except OSError:
                pass

        self.routes[path] = answer

    def start(self):
        self.thread.start()

    def stop(self):
        if not self.thread.is_alive():
            return
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def local_server(settings):
    """A server on 127.0.0.1, the one host the fence lets through for the test."""
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    server = LocalServer()
    server.start()
    yield server
    server.stop()
