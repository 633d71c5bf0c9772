#!/usr/bin/env bash
# What the API server's extensions cost per request, on one release build of `wharf up`:
# - admission webhooks: ConfigMap creates with no webhook, one validating webhook, and a mutating
#   plus a validating webhook (an HTTPS webhook server in Python, the one the tests use);
# - RBAC: GETs as an impersonated user authorized by RBAC, with only its own bindings and then
#   with 1,000 more RoleBindings and ClusterRoleBindings for other subjects;
# - server-side apply against update: the same change to ConfigMaps and to custom resources;
# - CRD validation: creates and updates of custom resources with a structural schema, without
#   and with CEL rules, against ConfigMaps.
# Each row gives throughput, latency, and the CPU seconds the wharf process (and the webhook
# server) spent per 10,000 requests, read from /proc, so the cost shows apart from the load
# generator's. Inserts a section into docs/benchmarks.md (newest first).
#
# Usage: scripts/bench/extensions.sh [options]
#   --quick           smoke run: 500 requests per row instead of 5,000
#   --clients N       concurrent clients per row (default: 16)
#   --doc FILE        markdown file for the results (default: docs/benchmarks.md); "-" prints them
#   -h, --help        this help
#
# Environment: WHARF_BIN (default .build/release/wharf, built when absent). Needs python3,
# openssl, curl and kubectl (KUBECTL, default /usr/lib/google-cloud-sdk/bin/kubectl.1.33).
# Everything listens on free 127.0.0.1 ports and lives under .build-bench; servers are stopped by PID.
set -euo pipefail

ORIG_PWD="$PWD"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$ROOT/.build-bench"
. "$ROOT/scripts/bench/common.sh"
ORIG_CMD="$(command_line scripts/bench/extensions.sh "$@")"
TOTAL=5000
CLIENTS=16
MODE="full"
DOC="$ROOT/docs/benchmarks.md"
KUBECTL="${KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.33}"

usage() { sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) TOTAL=500; MODE="quick" ;;
        --clients) CLIENTS="${2:?}"; shift ;;
        --doc) DOC="${2:?}"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
    shift
done
[[ "$CLIENTS" =~ ^[1-9][0-9]*$ ]] || die "--clients must be a positive integer, got '$CLIENTS'"
resolve_paths
cd "$ROOT"
[ -x "$KUBECTL" ] || die "no kubectl at $KUBECTL (set KUBECTL)"

ensure_release_build

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN_DIR="$WORK/extensions-runs/$STAMP"
mkdir -p "$RUN_DIR" "$WORK/tmp"
RESULTS="$RUN_DIR/results.jsonl"
: > "$RESULTS"
START_DATE="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
START_S=$(date +%s)
START_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"

SERVER_PID=""
WEBHOOK_PID=""
DATA=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [ -z "$WEBHOOK_PID" ] || stop_pid "$WEBHOOK_PID" "webhook server"
    [ -z "$SERVER_PID" ] || stop_pid "$SERVER_PID" "wharf up"
    [ -z "$DATA" ] || rm -rf "$DATA"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# cpu_seconds PID: the user and system CPU seconds the process has used.
cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"
}

# bench label group verb args...: one `wharf bench apiserver` run, with the CPU the server (and
# the webhook server, when running) used meanwhile; its labelled JSON result goes to $RESULTS.
bench() {
    local label=$1 group=$2 verb=$3 out="$RUN_DIR/$1.json" rc=0 cpu0 cpu1 hook0=0 hook1=0; shift 3
    log "$label: wharf bench apiserver $verb $*"
    cpu0=$(cpu_seconds "$SERVER_PID")
    [ -z "$WEBHOOK_PID" ] || hook0=$(cpu_seconds "$WEBHOOK_PID")
    timeout --kill-after=10 900 "$WHARF_BIN" bench apiserver "$verb" --kubeconfig "$DATA/kubeconfig" \
        --clients "$CLIENTS" --total "$TOTAL" "$@" --json >"$out" 2>"$RUN_DIR/$label.stderr" || rc=$?
    cpu1=$(cpu_seconds "$SERVER_PID")
    [ -z "$WEBHOOK_PID" ] || hook1=$(cpu_seconds "$WEBHOOK_PID")
    python3 - "$out" "$label" "$group" "$rc" "$cpu0" "$cpu1" "$hook0" "$hook1" >> "$RESULTS" <<'PY'
import json, sys
path, label, group, rc, c0, c1, h0, h1 = sys.argv[1:]
try:
    r = json.load(open(path))
except (OSError, ValueError):
    r = {}
r.update(label=label, group=group, exit=int(rc), serverCPU=float(c1) - float(c0), webhookCPU=float(h1) - float(h0))
print(json.dumps(r))
PY
    log "  $(tail -n 1 "$RESULTS" | head -c 300)"
}

kubectl_() { "$KUBECTL" --kubeconfig "$DATA/kubeconfig" "$@"; }

# --------------------------------------------------------------------------- server
start_wharf_up "$RUN_DIR/up.log"
kubectl_ create namespace wharf-bench >/dev/null

# --------------------------------------------------------------------------- SSA and CRD validation
for kind in configmap widget checkedwidget; do
    for verb in create update apply; do
        bench "$verb-$kind" write "$verb" --kind "$kind"
    done
done

# --------------------------------------------------------------------------- RBAC
# bench-user may read and write in wharf-bench (edit) and create namespaces (the benchmark
# ensures its namespace); admin requests never reach RBAC (system:masters).
kubectl_ create clusterrole wharf-bench-namespaces --verb=create,get --resource=namespaces >/dev/null
kubectl_ create clusterrolebinding wharf-bench-namespaces --clusterrole=wharf-bench-namespaces --user=bench-user >/dev/null
kubectl_ create rolebinding wharf-bench-edit --clusterrole=edit --user=bench-user -n wharf-bench >/dev/null
bench "get-admin" rbac get
bench "get-rbac-own-bindings" rbac get --as bench-user
log "creating 1,000 more bindings (500 ClusterRoleBindings, 500 RoleBindings in wharf-bench) for other subjects"
python3 - > "$RUN_DIR/bindings.json" <<'PY'
import json
items = []
for i in range(500):
    items.append({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                  "metadata": {"name": f"bench-crb-{i}"},
                  "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
                  "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": f"user-{i}"},
                               {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": f"group-{i}"}]})
    items.append({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                  "metadata": {"name": f"bench-rb-{i}", "namespace": "wharf-bench"},
                  "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"},
                  "subjects": [{"kind": "ServiceAccount", "name": f"sa-{i}", "namespace": "wharf-bench"}]})
print(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}))
PY
kubectl_ create -f "$RUN_DIR/bindings.json" >/dev/null
BINDINGS=$(( $(kubectl_ get clusterrolebindings --no-headers | wc -l) + $(kubectl_ get rolebindings -A --no-headers | wc -l) ))
log "the cluster now has $BINDINGS bindings"
sleep 2
bench "get-rbac-1000-bindings" rbac get --as bench-user
bench "create-rbac-1000-bindings" rbac create --as bench-user

# --------------------------------------------------------------------------- admission webhooks
log "starting the webhook server"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=wharf-bench-webhook-ca" \
    -keyout "$RUN_DIR/webhook-ca.key" -out "$RUN_DIR/webhook-ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$RUN_DIR/webhook.key" \
    -out "$RUN_DIR/webhook.csr" 2>/dev/null
openssl x509 -req -in "$RUN_DIR/webhook.csr" -CA "$RUN_DIR/webhook-ca.crt" -CAkey "$RUN_DIR/webhook-ca.key" \
    -CAcreateserial -days 1 -extfile <(printf 'subjectAltName=IP:127.0.0.1\n') -out "$RUN_DIR/webhook.crt" 2>/dev/null
free_port WEBHOOK_PORT
python3 "$ROOT/Tests/WharfIntegrationTests/webhook/admission_webhook.py" "$WEBHOOK_PORT" "$RUN_DIR/webhook.crt" \
    "$RUN_DIR/webhook.key" /dev/null >"$RUN_DIR/webhook.log" 2>&1 &
WEBHOOK_PID=$!
for _ in $(seq 1 100); do
    curl -s -o /dev/null --cacert "$RUN_DIR/webhook-ca.crt" "https://127.0.0.1:$WEBHOOK_PORT/" && break
    sleep 0.1
done
CA_BUNDLE="$(base64 -w0 "$RUN_DIR/webhook-ca.crt")"
# webhook_configuration KIND NAME PATH: a webhook on ConfigMap creates in wharf-bench.
webhook_configuration() {
    local reinvocation=""
    [ "$1" = MutatingWebhookConfiguration ] && reinvocation='"reinvocationPolicy": "Never",'
    cat <<EOF
{"apiVersion": "admissionregistration.k8s.io/v1", "kind": "$1", "metadata": {"name": "$2"},
 "webhooks": [{"name": "$2.bench.wharf.dev", $reinvocation
   "clientConfig": {"url": "https://127.0.0.1:$WEBHOOK_PORT/$3", "caBundle": "$CA_BUNDLE"},
   "rules": [{"apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE"], "resources": ["configmaps"]}],
   "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "wharf-bench"}},
   "sideEffects": "None", "admissionReviewVersions": ["v1"], "failurePolicy": "Fail", "timeoutSeconds": 10}]}
EOF
}
bench "create-no-webhook" webhook create
webhook_configuration ValidatingWebhookConfiguration validate validate | kubectl_ create -f - >/dev/null
sleep 2
bench "create-1-webhook" webhook create
webhook_configuration MutatingWebhookConfiguration mutate mutate | kubectl_ create -f - >/dev/null
sleep 2
bench "create-2-webhooks" webhook create
stop_pid "$WEBHOOK_PID" "webhook server"; WEBHOOK_PID=""
stop_pid "$SERVER_PID" "wharf up"; SERVER_PID=""
rm -rf "$DATA"; DATA=""
ELAPSED=$(( $(date +%s) - START_S ))

# --------------------------------------------------------------------------- report
SECTION="$RUN_DIR/section.md"
REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]; then REV+=" + uncommitted changes"; fi
{
    echo "#### $START_DATE — $MODE run, wharf up"
    echo
    echo "- Command: \`$ORIG_CMD\`$( [ -n "$WHARF_BIN_SET" ] && echo " (WHARF_BIN=$WHARF_BIN)" )"
    echo "- Date: \`$(date -u)\` (finished; took ${ELAPSED} s after the build)"
    echo "- Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), Linux $(uname -r); load generator and webhook server on the same cores; load average $START_LOAD at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo "- wharf: \`$WHARF_BIN\`, repo at $REV; $CLIENTS clients per row, $TOTAL requests per row; $BINDINGS bindings in the cluster for the last RBAC rows"
    echo "- Raw output: \`.build-bench/extensions-runs/$STAMP/\` (not committed)"
    echo
    python3 - "$RESULTS" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
def ms(v): return "–" if v is None else (f"{v:.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.2f}")
names = {
    "create-configmap": "create ConfigMap", "update-configmap": "update ConfigMap (PUT)", "apply-configmap": "apply ConfigMap (server-side)",
    "create-widget": "create Widget (schema)", "update-widget": "update Widget (schema)", "apply-widget": "apply Widget (schema)",
    "create-checkedwidget": "create CheckedWidget (schema + 6 CEL rules)", "update-checkedwidget": "update CheckedWidget (schema + 6 CEL rules)",
    "apply-checkedwidget": "apply CheckedWidget (schema + 6 CEL rules)",
    "get-admin": "GET ConfigMap as admin (system:masters, no RBAC lookup)", "get-rbac-own-bindings": "GET ConfigMap as bench-user (RBAC, its 2 bindings + defaults)",
    "get-rbac-1000-bindings": "GET ConfigMap as bench-user (RBAC, +1,000 bindings)", "create-rbac-1000-bindings": "create ConfigMap as bench-user (RBAC, +1,000 bindings)",
    "create-no-webhook": "create ConfigMap, no webhook", "create-1-webhook": "create ConfigMap, 1 validating webhook",
    "create-2-webhooks": "create ConfigMap, 1 mutating + 1 validating webhook",
}
titles = {"write": "Server-side apply against update, and CRD validation with and without CEL",
          "rbac": "RBAC evaluation per request", "webhook": "Admission webhook calls"}
for group in ("write", "rbac", "webhook"):
    print(f"{titles[group]}:")
    print()
    extra = " | webhook server CPU s / 10k" if group == "webhook" else ""
    print(f"| scenario | requests | ops/s | p50 ms | p99 ms | wharf CPU s / 10k{extra} | errors |")
    print("|---|--:|--:|--:|--:|--:|" + ("--:|" if extra else "") + "--:|")
    for r in (r for r in rows if r["group"] == group):
        name = names.get(r["label"], r["label"]) + ("" if r["exit"] == 0 else f" **exit {r['exit']}**")
        if "latency" not in r:
            print(f"| {name} | – | – | – | – | – |" + (" – |" if extra else "") + " – |"); continue
        n = max(r["requests"], 1)
        hook = f" {r['webhookCPU'] * 10000 / n:.1f} |" if extra else ""
        print(f"| {name} | {r['requests']} | {r['requestsPerSecond']:.0f} | {ms(r['latency']['p50'])} | {ms(r['latency']['p99'])} | {r['serverCPU'] * 10000 / n:.1f} |{hook} {r['errors']} |")
    print()
PY
} > "$SECTION"

MARKER='<!-- extensions-bench-results: scripts/bench/extensions.sh inserts new runs below this line, newest first -->'
if [ "$DOC" = "-" ]; then
    cat "$SECTION"
else
    insert_section "$DOC" "$MARKER" "API server extensions results" "$SECTION"
    log "results inserted into ${DOC#"$ROOT"/}"
fi
log "done in ${ELAPSED} s; raw output in $RUN_DIR"
