"""What the test webhook servers share (Python standard library only): the command line
(PORT CERT KEY LOG), SIGTERM handling, JSON replies, and serving HTTPS on 127.0.0.1."""

import json
import signal
import ssl
import sys
from http.server import ThreadingHTTPServer

PORT, CERT, KEY, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]


def log(entry):
    """Appends one JSON line to LOG."""
    with open(LOG, "a") as file:
        file.write(json.dumps(entry) + "\n")


def reply(handler, payload):
    """Answers 200 with `payload` as JSON."""
    body = json.dumps(payload).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def serve(handler_class):
    """Serves `handler_class` over HTTPS on 127.0.0.1:PORT until SIGTERM."""
    # The test process may start us with SIGTERM blocked or ignored; the harness stops us with it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    server = ThreadingHTTPServer(("127.0.0.1", PORT), handler_class)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERT, KEY)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print("serving", flush=True)
    server.serve_forever()
