#!/usr/bin/env python3
"""Captures what kubectl sends and prints for the KubeProtobuf tests and writes them as
Tests/KubeModelTests/Protobuf/KubectlFixture+Captured.swift. Run once; the output is committed.

Usage: scripts/capture-kubectl-fixtures.py [PROTOBUF_KUBECTL [JSON_KUBECTL]]
Defaults: /usr/lib/google-cloud-sdk/bin/kubectl.1.33 (sends protobuf) and kubectl.1.31 (sends JSON).

Two kinds of fixture, both from a loopback HTTP server that answers discovery with the few core
resources `create role` checks:
- requests: each command of REQUESTS runs with both kubectls; the server records the body of the
  create request and answers 500, so kubectl sends one request with a body and gives up. The protobuf
  body of the one and the JSON body of the other are the fixture.
- responses: each command of RESPONSES runs with PROTOBUF_KUBECTL and `-o json`; the server answers
  with an object of RESPONSES encoded as protobuf (by the schema in KubeProtobufSchema+Text.swift, so
  regenerate that first), and kubectl prints Go's JSON for what it decoded. That body and that JSON
  are the fixture: Go's own reading of fields no create request sets (times, pointers set to zero
  values, inline structs, maps of messages).
"""
import http.server
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading

BIN = "/usr/lib/google-cloud-sdk/bin"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "Tests/KubeModelTests/Protobuf/KubectlFixture+Captured.swift")
SCHEMA = os.path.join(ROOT, "Sources/KubeModel/Protobuf/KubeProtobufSchema+Text.swift")

# name -> arguments after `kubectl`; {dir} is a temporary directory holding blob.bin (bytes 0-255).
REQUESTS = [
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

# Objects in JSON form for the encoder below: a time is (seconds, nanoseconds), None in a map of
# messages is an empty message, bytes are bytes, an IntOrString is an int or a str.
T = (1795662000, 123456789)  # 2026-11-26T03:00:00.123456789Z
RESPONSES = [
    ("configmapResponse", "create configmap demo --from-literal=a=1 -o json --show-managed-fields", "v1", "ConfigMap", {
        "metadata": {
            "name": "demo", "generateName": "de-", "namespace": "default", "uid": "u-1", "resourceVersion": "7",
            "generation": 3, "creationTimestamp": T, "deletionTimestamp": (0, 0), "deletionGracePeriodSeconds": 0,
            "labels": {"b": "2", "a": "1"}, "annotations": {"note": "x"}, "finalizers": ["f/one"],
            "ownerReferences": [{"apiVersion": "v1", "kind": "Pod", "name": "p", "uid": "u",
                                 "controller": True, "blockOwnerDeletion": False}],
            "managedFields": [{"manager": "kubectl", "operation": "Update", "apiVersion": "v1", "time": (-1, 0),
                               "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {".": {}, "f:a": {}}}}],
        },
        "data": {"a": "1", "": "empty key"}, "binaryData": {"x": b"", "y": b"\xff\x00"}, "immutable": False,
    }),
    ("deploymentResponse", "create deployment web --image=nginx -o json", "apps/v1", "Deployment", {
        "metadata": {"name": "web", "labels": {"app": "web"}, "generation": 1},
        "spec": {
            "replicas": 0,
            "selector": {"matchLabels": {"app": "web"},
                         "matchExpressions": [{"key": "tier", "operator": "In", "values": ["a", "b"]}]},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
                "volumes": [
                    {"name": "cfg", "configMap": {"name": "cm", "items": [{"key": "a", "path": "a.txt"}],
                                                  "defaultMode": 420, "optional": False}},
                    {"name": "scratch", "emptyDir": {}},
                    {"name": "tmp", "emptyDir": {"medium": "Memory", "sizeLimit": "1Gi"}},
                ],
                "initContainers": [{"name": "init", "image": "busybox", "command": ["true"]}],
                "containers": [{
                    "name": "nginx", "image": "nginx", "imagePullPolicy": "IfNotPresent", "stdin": False,
                    "ports": [{"name": "http", "containerPort": 80, "protocol": "TCP"}],
                    "env": [{"name": "A", "value": "1"},
                            {"name": "B", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "b", "optional": False}}},
                            {"name": "C", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
                    "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": "250m"}},
                    "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP"},
                                      "initialDelaySeconds": 3, "periodSeconds": 0},
                    "readinessProbe": {"tcpSocket": {"port": 80}, "failureThreshold": 3},
                    "startupProbe": {"exec": {"command": ["cat", "/ready"]}, "terminationGracePeriodSeconds": 0},
                    "securityContext": {"runAsNonRoot": True, "privileged": False, "runAsUser": 0,
                                        "capabilities": {"drop": ["ALL"]}},
                }],
                "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
                "hostNetwork": False, "automountServiceAccountToken": False, "nodeSelector": {"disk": "ssd"},
                "tolerations": [{"key": "k", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 0}],
                "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
                    {"weight": 1, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname",
                                                      "labelSelector": {"matchLabels": {"app": "web"}}}}]}},
            }},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "25%"}},
            "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600, "paused": False,
        },
        "status": {"observedGeneration": 1, "collisionCount": 0, "conditions": [
            {"type": "Available", "status": "True", "lastUpdateTime": T, "lastTransitionTime": (1795662000, 0),
             "reason": "MinimumReplicasAvailable", "message": "ok"}]},
    }),
    ("serviceResponse", "create service clusterip web --tcp=80:8080 -o json", "v1", "Service", {
        "metadata": {"name": "web"},
        "spec": {
            "ports": [{"name": "http", "protocol": "TCP", "port": 80, "targetPort": "http"},
                      {"name": "metrics", "port": 9090, "targetPort": 0, "appProtocol": ""}],
            "selector": {"app": "web"}, "clusterIP": "10.0.0.1", "clusterIPs": ["10.0.0.1"], "type": "ClusterIP",
            "sessionAffinity": "ClientIP", "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}},
            "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster",
            "allocateLoadBalancerNodePorts": False,
        },
        "status": {
            "loadBalancer": {"ingress": [{"ip": "1.2.3.4", "ports": [{"port": 80, "protocol": "TCP", "error": ""}]}]},
            "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": (0, 0), "reason": "R"}],
        },
    }),
    ("quotaResponse", "create quota q --hard=pods=1 -o json", "v1", "ResourceQuota", {
        "metadata": {"name": "q"},
        "spec": {"hard": {"pods": "10", "requests.cpu": "1"}, "scopeSelector": {
            "matchExpressions": [{"scopeName": "PriorityClass", "operator": "In", "values": ["high"]}]}},
        "status": {"hard": {"pods": "10"}, "used": {"pods": "0"}},
    }),
    ("poddisruptionbudgetResponse", "create poddisruptionbudget web --selector=app=web --min-available=1 -o json",
     "policy/v1", "PodDisruptionBudget", {
        "metadata": {"name": "web"},
        "spec": {"minAvailable": 0, "selector": {}, "unhealthyPodEvictionPolicy": "AlwaysAllow"},
        "status": {"observedGeneration": 2, "disruptedPods": {"p1": T, "a0": None}, "disruptionsAllowed": 1,
                   "currentHealthy": 3, "desiredHealthy": 2, "expectedPods": 3},
    }),
    ("cronjobResponse", "create cronjob nightly --image=busybox --schedule='0 3 * * *' -o json",
     "batch/v1", "CronJob", {
        "metadata": {"name": "nightly"},
        "spec": {
            "schedule": "0 3 * * *", "timeZone": "Etc/UTC", "concurrencyPolicy": "Forbid", "suspend": False,
            "startingDeadlineSeconds": 0, "successfulJobsHistoryLimit": 3,
            "jobTemplate": {"metadata": {"labels": {"a": "b"}}, "spec": {
                "parallelism": 1, "backoffLimit": 6, "activeDeadlineSeconds": 100, "ttlSecondsAfterFinished": 0,
                "completionMode": "NonIndexed",
                "podFailurePolicy": {"rules": [{"action": "Ignore", "onPodConditions": [
                    {"type": "DisruptionTarget", "status": "True"}]}]},
                "template": {"spec": {"containers": [{"name": "c", "image": "busybox"}], "restartPolicy": "OnFailure"}},
            }},
        },
        "status": {"active": [{"kind": "Job", "name": "nightly-1", "namespace": "default"}],
                   "lastScheduleTime": (-62135596800, 0), "lastSuccessfulTime": (-62135596801, 0)},
    }),
    ("tokenResponse", "create token robot -o json", "authentication.k8s.io/v1", "TokenRequest", {
        "metadata": {"name": "robot"}, "spec": {"audiences": ["a"], "expirationSeconds": 0},
        "status": {"token": "tok", "expirationTimestamp": (253402300800, 0)},
    }),
]


# The encoder: JSON-form objects to protobuf, by the generated schema.

def load_schema():
    text = open(SCHEMA).read().split('"""\n', 1)[1].rsplit('\n"""', 1)[0]
    messages, package, current = {}, None, None
    for line in text.split("\n"):
        if line.startswith("@"):
            package = line[1:]
        elif not line.startswith(" "):
            words = line.split()
            current = messages[f"{package}.{words[0]}"] = {"flags": words[1:], "fields": [], "package": package}
        else:
            words = line.split() + [""]
            current["fields"].append((int(words[0]), words[1], words[2], words[3]))
    return messages


def varint(number):
    number &= (1 << 64) - 1
    out = b""
    while number >= 0x80:
        out += bytes([number & 0x7F | 0x80])
        number >>= 7
    return out + bytes([number])


def length_delimited(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data


def encode_field(schema, package, number, type_name, value):
    if type_name == "string":
        return length_delimited(number, value.encode())
    if type_name == "bytes":
        return length_delimited(number, value)
    if type_name in ("bool", "int32", "int64"):
        return varint(number << 3) + varint(int(value))
    name = type_name if "." in type_name else f"{package}.{type_name}"
    return length_delimited(number, encode_message(schema, name, value))


def encode_message(schema, name, value):
    short = name.rsplit(".", 1)[1]
    if value is None:
        return b""
    if short in ("Time", "MicroTime"):
        return varint(1 << 3) + varint(value[0]) + varint(2 << 3) + varint(value[1])
    if short == "Quantity":
        return length_delimited(1, value.encode())
    if short == "IntOrString":
        if isinstance(value, int):
            return varint(1 << 3) + varint(0) + varint(2 << 3) + varint(value)
        return varint(1 << 3) + varint(1) + length_delimited(3, value.encode())
    if short == "FieldsV1":
        return length_delimited(1, json.dumps(value, separators=(",", ":")).encode())
    message = schema[name]
    out = b""
    for number, json_name, type_name, flags in message["fields"]:
        if "i" in flags:
            out += encode_field(schema, message["package"], number, type_name, value)
        elif json_name not in value:
            continue
        elif type_name.startswith("map<"):
            key_type, value_type = type_name[4:-1].split(",")
            for key in sorted(value[json_name]):
                entry = encode_field(schema, message["package"], 1, key_type, key)
                entry += encode_field(schema, message["package"], 2, value_type, value[json_name][key])
                out += length_delimited(number, entry)
        elif "r" in flags:
            for element in value[json_name]:
                out += encode_field(schema, message["package"], number, type_name, element)
        else:
            out += encode_field(schema, message["package"], number, type_name, value[json_name])
    return out


def encode_object(schema, api_version, kind, value):
    group = api_version.split("/")[0].split(".")[0] if "/" in api_version else "core"
    version = api_version.split("/")[-1]
    type_meta = length_delimited(1, api_version.encode()) + length_delimited(2, kind.encode())
    raw = encode_message(schema, f"k8s.io.api.{group}.{version}.{kind}", value)
    return b"k8s\0" + length_delimited(1, type_meta) + length_delimited(2, raw)


# The server.

DISCOVERY = {
    "/api": b'{"kind":"APIVersions","versions":["v1"]}',
    "/apis": b'{"kind":"APIGroupList","apiVersion":"v1","groups":[]}',
    "/api/v1": b'{"kind":"APIResourceList","groupVersion":"v1","resources":['
               + b",".join(b'{"name":"%s","singularName":"","namespaced":%s,"kind":"%s","verbs":["get"]}' % r
                           for r in [(b"pods", b"true", b"Pod"), (b"configmaps", b"true", b"ConfigMap"),
                                     (b"nodes", b"false", b"Node")])
               + b"]}",
}


class Server(http.server.BaseHTTPRequestHandler):
    bodies = []
    response = None  # a protobuf object to answer the create request with, else 500

    def do_GET(self):  # noqa: N802 (http.server's naming)
        body = DISCOVERY.get(self.path.split("?")[0])
        self.answer(200 if body else 404, "application/json", body or b"{}")

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        Server.bodies.append((self.headers.get("Content-Type"), self.rfile.read(length)))
        if Server.response is None:
            self.answer(500, "application/json", b"{}")
        else:
            self.answer(201, "application/vnd.kubernetes.protobuf", Server.response)

    def answer(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *arguments):
        pass


def run(server, kubectl, arguments):
    Server.bodies.clear()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    result = subprocess.run([kubectl, "--server", url] + arguments, capture_output=True, text=True, timeout=60)
    posts = [body for body in Server.bodies if body[1]]
    if len(posts) != 1:
        sys.exit(f"{kubectl} {' '.join(arguments)}: expected one request with a body, got {len(posts)}")
    return posts[0], result.stdout


def main(arguments):
    protobuf_kubectl = arguments[0] if arguments else f"{BIN}/kubectl.1.33"
    json_kubectl = arguments[1] if len(arguments) > 1 else f"{BIN}/kubectl.1.31"
    schema = load_schema()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    requests, responses = [], []
    with tempfile.TemporaryDirectory() as directory:
        with open(os.path.join(directory, "blob.bin"), "wb") as f:
            f.write(bytes(range(256)))
        for name, command in REQUESTS:
            words = [word.replace("{dir}", directory) for word in shlex.split(command)]
            (protobuf_type, protobuf), _ = run(server, protobuf_kubectl, words)
            (json_type, json_body), _ = run(server, json_kubectl, words)
            if protobuf_type != "application/vnd.kubernetes.protobuf" or json_type != "application/json":
                sys.exit(f"{name}: unexpected content types {protobuf_type}, {json_type}")
            requests.append((name, command.replace("{dir}/", ""), protobuf.hex(), json_body.decode().strip()))
    for name, command, api_version, kind, value in RESPONSES:
        Server.response = encode_object(schema, api_version, kind, value)
        _, printed = run(server, protobuf_kubectl, shlex.split(command))
        compact = json.dumps(json.loads(printed), separators=(",", ":"), ensure_ascii=False)
        responses.append((name, command, Server.response.hex(), compact))
    server.shutdown()
    with open(OUTPUT, "w") as f:
        f.write(swift_source(requests, responses, protobuf_kubectl, json_kubectl))
    print(f"wrote {os.path.relpath(OUTPUT, ROOT)}: {len(requests)} requests, {len(responses)} responses")


def swift_source(requests, responses, protobuf_kubectl, json_kubectl):
    protobuf_name, json_name = os.path.basename(protobuf_kubectl), os.path.basename(json_kubectl)
    lines = [
        "// Captured by scripts/capture-kubectl-fixtures.py. Do not edit; recapture.",
        "",
        "extension KubectlFixture {",
        f"    /// Create requests: the protobuf body of {protobuf_name} and the JSON body of {json_name}.",
        "    static let requests: [KubectlFixture] = [",
    ]
    lines += fixture_lines(requests)
    lines += [
        "    ]",
        "",
        f"    /// Responses: an object encoded as protobuf and the JSON {protobuf_name} prints for it (`-o json`).",
        "    static let responses: [KubectlFixture] = [",
    ]
    lines += fixture_lines(responses)
    lines += ["    ]", "}", ""]
    return "\n".join(lines)


def fixture_lines(entries):
    lines = []
    for name, command, protobuf, json_body in entries:
        lines += [
            "        KubectlFixture(",
            f'            name: "{name}",',
            f'            command: #"kubectl {command}"#,',
            f'            protobufHex: "{protobuf}",',
            f'            json: ##"{json_body}"##',
            "        ),",
        ]
    return lines


if __name__ == "__main__":
    main(sys.argv[1:])
