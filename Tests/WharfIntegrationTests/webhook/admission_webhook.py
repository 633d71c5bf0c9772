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
import time
from http.server import BaseHTTPRequestHandler

from https_server import log, reply, serve


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        review = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == "/audit":
            log({"path": self.path, "events": review["items"]})
            reply(self, {})
            return
        request = review["request"]
        log({"path": self.path, "request": request})
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
        reply(self, {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": response})

    def log_message(self, *args):
        pass


serve(Handler)
