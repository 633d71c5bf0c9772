#!/usr/bin/env python3
"""Captures the create requests of two kubectl versions for the same commands and writes them as the
test fixtures Tests/KubeModelTests/Protobuf/KubectlFixture+Captured.swift.

Usage: scripts/capture-kubectl-fixtures.py [PROTOBUF_KUBECTL [JSON_KUBECTL]]
Defaults: /usr/lib/google-cloud-sdk/bin/kubectl.1.33 (sends protobuf) and kubectl.1.31 (sends JSON).
Each command runs against a loopback HTTP server that answers discovery with the few core resources
that `create role` checks, records the body of the create request and answers it with 500, so kubectl
sends exactly one request with a body and gives up. Run once; the output is committed.
"""
import http.server
import os
import shlex
import subprocess
import sys
import tempfile
import threading

BIN = "/usr/lib/google-cloud-sdk/bin"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "Tests/KubeModelTests/Protobuf/KubectlFixture+Captured.swift")

# name -> arguments after `kubectl`; {dir} is a temporary directory holding blob.bin (bytes 0-255).
COMMANDS = [
    ("configmap", "create configmap demo --from-literal=a=1 --from-literal=greeting=hello"),
    ("configmapBinary", "create configmap blobs --from-file={dir}/blob.bin --from-literal=text=plain"),
    ("secret", "create secret generic creds --from-literal=user=admin --from-file=key.bin={dir}/blob.bin"),
    ("secretTLSType", "create secret generic typed --type=example.com/custom --from-literal=empty="),
    ("namespace", "create namespace team-a"),
    ("deployment", "create deployment web --image=nginx:1.27 --replicas=3 --port=8080"),
    ("deploymentZeroReplicas", "create deployment idle --image=busybox --replicas=0 -- sleep 3600"),
    ("serviceClusterIP", "create service clusterip web --tcp=80:8080 --tcp=443:https"),
    ("serviceNodePort", "create service nodeport edge --tcp=8443:8443 --node-port=30443"),
    ("job", "create job once --image=busybox -- echo hi"),
    ("cronjob", "create cronjob nightly --image=busybox --schedule='0 3 * * *' --restart=OnFailure -- date"),
    ("serviceaccount", "create serviceaccount robot"),
    ("role", "create role reader --verb=get,list,watch --resource=pods,configmaps --resource-name=one"),
    ("rolebinding", "create rolebinding read --role=reader --user=bob --serviceaccount=default:robot"),
    ("clusterrole", "create clusterrole nodes --verb=get --resource=nodes --non-resource-url=/healthz"),
    ("clusterrolebinding",
     "create clusterrolebinding admins --clusterrole=cluster-admin --user=alice --group=ops"
     " --serviceaccount=default:robot"),
    ("priorityclass", "create priorityclass high --value=1000 --description=important --preemption-policy=Never"),
    ("priorityclassDefault", "create priorityclass base --value=0 --global-default=true"),
    ("poddisruptionbudgetPercent", "create poddisruptionbudget web --selector=app=web --min-available=50%"),
    ("poddisruptionbudgetInteger", "create poddisruptionbudget db --selector=app=db --max-unavailable=1"),
    ("ingress",
     "create ingress simple --class=nginx --rule=foo.com/bar*=svc1:8080,tls=my-cert"
     " --rule=/api=api:http --annotation=a=b --default-backend=fallback:80"),
    ("quota", "create quota compute --hard=cpu=1500m,memory=1Gi,pods=10,requests.storage=0 --scopes=NotTerminating"),
    ("dockerRegistrySecret", "create secret docker-registry reg --docker-server=r.io --docker-username=u"
     " --docker-password=p"),
    ("token", "create token robot --duration=1h --audience=api --audience=vault"),
    ("canI", "auth can-i get pods --subresource=log -n kube-system"),
    ("canINonResource", "auth can-i get /healthz"),
    ("canIList", "auth can-i --list -n team-a"),
    ("whoami", "auth whoami"),
]


DISCOVERY = {
    "/api": b'{"kind":"APIVersions","versions":["v1"]}',
    "/apis": b'{"kind":"APIGroupList","apiVersion":"v1","groups":[]}',
    "/api/v1": b'{"kind":"APIResourceList","groupVersion":"v1","resources":['
               + b",".join(b'{"name":"%s","singularName":"","namespaced":%s,"kind":"%s","verbs":["get"]}' % r
                           for r in [(b"pods", b"true", b"Pod"), (b"configmaps", b"true", b"ConfigMap"),
                                     (b"nodes", b"false", b"Node")])
               + b"]}",
}


class Recorder(http.server.BaseHTTPRequestHandler):
    bodies = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        body = DISCOVERY.get(self.path.split("?")[0])
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body or b"{}")

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        Recorder.bodies.append((self.headers.get("Content-Type"), self.rfile.read(length)))
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    do_PUT = do_PATCH = do_POST

    def log_message(self, *arguments):
        pass


def capture(server, kubectl, arguments):
    Recorder.bodies.clear()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    subprocess.run([kubectl, "--server", url] + arguments, capture_output=True, timeout=60)
    posts = [body for body in Recorder.bodies if body[1]]
    if len(posts) != 1:
        sys.exit(f"{kubectl} {' '.join(arguments)}: expected one request with a body, got {len(posts)}")
    return posts[0]


def main(arguments):
    protobuf_kubectl = arguments[0] if arguments else f"{BIN}/kubectl.1.33"
    json_kubectl = arguments[1] if len(arguments) > 1 else f"{BIN}/kubectl.1.31"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    entries = []
    with tempfile.TemporaryDirectory() as directory:
        with open(os.path.join(directory, "blob.bin"), "wb") as f:
            f.write(bytes(range(256)))
        for name, command in COMMANDS:
            arguments = [word.replace("{dir}", directory) for word in shlex.split(command)]
            protobuf_type, protobuf = capture(server, protobuf_kubectl, arguments)
            json_type, json_body = capture(server, json_kubectl, arguments)
            if protobuf_type != "application/vnd.kubernetes.protobuf" or json_type != "application/json":
                sys.exit(f"{name}: unexpected content types {protobuf_type}, {json_type}")
            entries.append((name, command, protobuf.hex(), json_body.decode().strip()))
    server.shutdown()
    with open(OUTPUT, "w") as f:
        f.write(swift_source(entries, protobuf_kubectl, json_kubectl))
    print(f"wrote {os.path.relpath(OUTPUT, ROOT)}: {len(entries)} fixtures")


def swift_source(entries, protobuf_kubectl, json_kubectl):
    lines = [
        f"// Captured by scripts/capture-kubectl-fixtures.py: the create requests of {os.path.basename(protobuf_kubectl)}",
        f"// (protobuf) and {os.path.basename(json_kubectl)} (JSON) for the same commands. Do not edit; recapture.",
        "",
        "extension KubectlFixture {",
        "    static let captured: [KubectlFixture] = [",
    ]
    for name, command, protobuf, json_body in entries:
        lines += [
            "        KubectlFixture(",
            f'            name: "{name}",',
            f'            command: #"kubectl {command.replace("{dir}/", "")}"#,',
            f'            protobufHex: "{protobuf}",',
            f'            json: ##"{json_body}"##',
            "        ),",
        ]
    lines += ["    ]", "}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main(sys.argv[1:])
