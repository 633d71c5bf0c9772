"""An HTTPS CRD conversion webhook for ConversionWebhookTests.swift (Python standard library only).

Usage: conversion_webhook.py PORT CERT KEY LOG

Widgets (convert.example.com) keep their size as a string `spec.size` in v1 and as an integer
`spec.replicas` in v2. Every ConversionReview is appended to LOG as one JSON line
({"path", "uid", "desiredAPIVersion", "objects": [{"name", "apiVersion"}]}). Paths:
  /convert  converts every object to the desired version, and labels it converted-by=webhook
  /drop     answers success with no converted objects (a broken webhook)
"""

import json
import signal
import ssl
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, CERT, KEY, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

# The test process may start us with SIGTERM blocked or ignored; the harness stops us with it.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
signal.signal(signal.SIGTERM, signal.SIG_DFL)


def convert(obj, desired):
    spec = obj.setdefault("spec", {})
    if desired.endswith("/v2") and "size" in spec:
        spec["replicas"] = int(spec.pop("size"))
    elif desired.endswith("/v1") and "replicas" in spec:
        spec["size"] = str(spec.pop("replicas"))
    obj["apiVersion"] = desired
    obj.setdefault("metadata", {}).setdefault("labels", {})["converted-by"] = "webhook"
    return obj


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        review = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        request = review["request"]
        desired = request["desiredAPIVersion"]
        with open(LOG, "a") as log:
            objects = [{"name": o["metadata"]["name"], "apiVersion": o["apiVersion"]} for o in request["objects"]]
            log.write(json.dumps({"path": self.path, "uid": request["uid"], "desiredAPIVersion": desired,
                                  "reviewAPIVersion": review["apiVersion"], "objects": objects}) + "\n")
        converted = [] if self.path.startswith("/drop") else [convert(o, desired) for o in request["objects"]]
        response = {"uid": request["uid"], "result": {"status": "Success"}, "convertedObjects": converted}
        body = json.dumps({"apiVersion": review["apiVersion"], "kind": "ConversionReview", "response": response}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(CERT, KEY)
server.socket = context.wrap_socket(server.socket, server_side=True)
print("serving", flush=True)
server.serve_forever()
