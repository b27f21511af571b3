#!/usr/bin/python3
"""fault_server.py: what nginx cannot do, for tests/cli/t42-fetch-faults.sh.

Two HTTP servers on free loopback ports (Python standard library only):
server A misbehaves on purpose, server B is "another host" that a redirect
from A leads to. Every request's headers are appended, as one JSON line,
to RECORD, so a test can check what arrived where.

  /slow          answers after 3 s
  /flaky         500 the first time, then 200
  /ratelimit     429 with Retry-After: 1 the first time, then 200
  /truncated     promises 1000 bytes, sends 60, closes
  /big           2 MiB without Content-Length (streamed)
  /big-length    2 MiB with Content-Length
  /redirect      302 to server B's /landing (another port: another origin)
  /redirect-same 302 to /landing on A itself
  /landing       200, a small CSV register
  /endless       a CSV body without Content-Length that never ends (fast)
  /trickle       a CSV body without Content-Length, one line every 0.2 s, forever
  /chunked-cut   chunked: one chunk, then the connection closes mid-body
  /pages-1       a JSON page whose next page is /pages-2 (with the same query)
  /pages-2       429 with Retry-After: 2 the first time, then the last page
  /badpages-1    a JSON page with a risk without a title, next /badpages-2
  /badpages-2    429 with Retry-After: 2, always

Usage: fault_server.py PORTFILE RECORD   (writes "PORT_A PORT_B" to PORTFILE)
Stops on SIGTERM or after 10 minutes.
"""
import http.server
import json
import signal
import sys
import threading
import time

CSV = b"Risk ID,Title,Likelihood,Impact\r\nR-1,Fire,2,5\r\nR-2,Flood,3,4\r\n"
seen = {}
lock = threading.Lock()


def make_handler(name, record, other_port):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            pass

        def first_time(self):
            with lock:
                n = seen.get(self.path, 0)
                seen[self.path] = n + 1
            return n == 0

        def send(self, code, body=b"", headers=()):
            self.send_response(code)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            with lock, open(record, "a") as f:
                f.write(json.dumps({"server": name, "path": self.path,
                                    "headers": {k.lower(): v for k, v in self.headers.items()}}) + "\n")
            p = self.path.split("?")[0]
            if p == "/slow":
                time.sleep(3)
                self.send(200, CSV, [("Content-Type", "text/csv")])
            elif p == "/flaky":
                if self.first_time():
                    self.send(500, b"oops")
                else:
                    self.send(200, CSV, [("Content-Type", "text/csv")])
            elif p == "/ratelimit":
                if self.first_time():
                    self.send(429, b"slow down", [("Retry-After", "1")])
                else:
                    self.send(200, CSV, [("Content-Type", "text/csv")])
            elif p == "/truncated":
                self.send_response(200)
                self.send_header("Content-Type", "text/csv")
                self.send_header("Content-Length", "1000")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(CSV[:60])
                self.wfile.flush()
                self.close_connection = True
            elif p == "/big":
                self.send_response(200)
                self.send_header("Content-Type", "text/csv")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(b"Risk ID,Title\r\n")
                line = b"R-1,Fire and flood and everything else that can go wrong\r\n"
                for _ in range(2 * 1024 * 1024 // len(line)):
                    self.wfile.write(line)
                self.close_connection = True
            elif p == "/big-length":
                self.send(200, b"x" * (2 * 1024 * 1024), [("Content-Type", "text/csv")])
            elif p in ("/endless", "/trickle"):
                self.send_response(200)
                self.send_header("Content-Type", "text/csv")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                line = b"R-1,Fire and flood and everything else that can go wrong\r\n"
                try:
                    self.wfile.write(b"Risk ID,Title\r\n")
                    while True:  # until the client hangs up
                        self.wfile.write(line * (1000 if p == "/endless" else 1))
                        self.wfile.flush()
                        if p == "/trickle":
                            time.sleep(0.2)
                except OSError:
                    pass
            elif p == "/chunked-cut":
                self.send_response(200)
                self.send_header("Content-Type", "text/csv")
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(CSV), CSV))
                self.wfile.flush()
                self.close_connection = True
            elif p == "/pages-1":  # a query is passed on, so each run has its own first time
                q = self.path[len(p):].encode()
                self.send(200, b'{"items": [{"id": "P-1", "title": "Fire"}], "next": "/pages-2%s"}' % q,
                          [("Content-Type", "application/json")])
            elif p == "/pages-2":
                if self.first_time():
                    self.send(429, b"slow down", [("Retry-After", "2")])
                else:
                    self.send(200, b'{"items": [{"id": "P-2", "title": "Flood"}], "next": null}',
                              [("Content-Type", "application/json")])
            elif p == "/badpages-1":
                self.send(200, b'{"items": [{"id": "B-1"}], "next": "/badpages-2"}',
                          [("Content-Type", "application/json")])
            elif p == "/badpages-2":
                self.send(429, b"slow down", [("Retry-After", "2")])
            elif p == "/redirect":
                self.send(302, b"", [("Location", "http://127.0.0.1:%d/landing" % other_port())])
            elif p == "/redirect-same":
                self.send(302, b"", [("Location", "/landing")])
            elif p == "/landing":
                self.send(200, CSV, [("Content-Type", "text/csv")])
            else:
                self.send(404, b"not here")

    return Handler


def main():
    portfile, record = sys.argv[1], sys.argv[2]
    ports = {}
    b = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler("B", record, lambda: ports["A"]))
    a = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler("A", record, lambda: ports["B"]))
    ports["A"], ports["B"] = a.server_address[1], b.server_address[1]
    for s in (a, b):
        s.daemon_threads = True
        s.handle_error = lambda request, address: None  # a client that hangs up is expected
        threading.Thread(target=s.serve_forever, daemon=True).start()
    with open(portfile + ".tmp", "w") as f:
        f.write("%d %d\n" % (ports["A"], ports["B"]))
    import os
    os.rename(portfile + ".tmp", portfile)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait(600)


if __name__ == "__main__":
    main()
