"""An HTTPS CRD conversion webhook for ConversionWebhookTests.swift (Python standard library only).

Usage: conversion_webhook.py PORT CERT KEY LOG

Widgets (convert.example.com) keep their size as a string `spec.size` in v1 and as an integer
`spec.replicas` in v2. Every ConversionReview is appended to LOG as one JSON line
({"path", "uid", "desiredAPIVersion", "reviewAPIVersion", "objects": [{"name", "apiVersion"}]}). Paths:
  /convert  converts every object to the desired version, and labels it converted-by=webhook
  /drop     answers success with no converted objects (a broken webhook)
"""

import json
from http.server import BaseHTTPRequestHandler

from https_server import log, reply, serve


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
        objects = [{"name": o["metadata"]["name"], "apiVersion": o["apiVersion"]} for o in request["objects"]]
        log({"path": self.path, "uid": request["uid"], "desiredAPIVersion": desired,
             "reviewAPIVersion": review["apiVersion"], "objects": objects})
        converted = [] if self.path.startswith("/drop") else [convert(o, desired) for o in request["objects"]]
        response = {"uid": request["uid"], "result": {"status": "Success"}, "convertedObjects": converted}
        reply(self, {"apiVersion": review["apiVersion"], "kind": "ConversionReview", "response": response})

    def log_message(self, *args):
        pass


serve(Handler)
