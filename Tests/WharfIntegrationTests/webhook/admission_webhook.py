"""An HTTPS admission webhook server for AdmissionWebhookTests.swift (Python standard library only).

Usage: admission_webhook.py PORT CERT KEY LOG

Every AdmissionReview request is appended to LOG as one JSON line. Paths:
  /mutate   adds the label wharf.io/mutated=yes (a JSON patch) and warns "mutated by the test webhook"
  /validate denies objects with a data key "forbidden" (code 403), allows the rest
  /slow     answers allowed after 3 seconds
  /audit    takes an audit EventList (logged as {"path": "/audit", "events": [...]})
"""

import base64
import json
import signal
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, CERT, KEY, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

# The test process may start us with SIGTERM blocked or ignored; the harness stops us with it.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
signal.signal(signal.SIGTERM, signal.SIG_DFL)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        review = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == "/audit":
            with open(LOG, "a") as log:
                log.write(json.dumps({"path": self.path, "events": review["items"]}) + "\n")
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")
            return
        request = review["request"]
        with open(LOG, "a") as log:
            log.write(json.dumps({"path": self.path, "request": request}) + "\n")
        response = {"uid": request["uid"], "allowed": True}
        obj = request.get("object") or {}
        if self.path == "/mutate":
            labels = obj.get("metadata", {}).get("labels")
            patch = [{"op": "add", "path": "/metadata/labels", "value": {}}] if labels is None else []
            patch.append({"op": "add", "path": "/metadata/labels/wharf.io~1mutated", "value": "yes"})
            response["patchType"] = "JSONPatch"
            response["patch"] = base64.b64encode(json.dumps(patch).encode()).decode()
            response["warnings"] = ["mutated by the test webhook"]
        elif self.path == "/validate":
            if "forbidden" in (obj.get("data") or {}):
                response["allowed"] = False
                response["status"] = {"code": 403, "reason": "Forbidden", "message": 'key "forbidden" is not allowed'}
        elif self.path == "/slow":
            time.sleep(3)
        body = json.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": response}).encode()
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
