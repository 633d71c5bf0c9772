#!/usr/bin/env bash
# Kubernetes API server benchmarks: `wharf bench apiserver` (HTTPS, client-certificate auth)
# against a release build of `wharf up` (brain in-process), on free loopback ports with a
# temporary data dir. Inserts a results section into docs/benchmarks.md, below the API server
# results marker (newest first); scripts/bench/run.sh's etcd sections are left alone.
#
# Usage: scripts/bench/apiserver.sh [options]
#   --quick           smoke run (~2 min): fewer requests, 2,000 pods, 200 watchers
#   --clients LIST    comma list of client counts for create/get/update (default: 1,16,64)
#   --doc FILE        markdown file to insert the results into (default: docs/benchmarks.md);
#                     "-" prints the section to stdout only
#   -h, --help        this help
#
# Environment:
#   WHARF_BIN   wharf binary to benchmark and to run the load generator (default: build
#               .build/release/wharf with `swift build -c release --product wharf` first)
#
# Order: `ready` (fresh `wharf up` starts: spawn-to-ready, idle RSS), then one `wharf up` for
# the rest: idle RSS, `list` (creates the pods, RSS with them, timed LISTs), create/get/update
# at each client count, `watch` at 100 and at 10 writes/s, final RSS. The server is stopped by
# PID at the end (or on exit).
# Raw output stays in .build-bench/apiserver-runs/<UTC timestamp>/ (not committed).
set -euo pipefail

ORIG_PWD="$PWD"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$ROOT/.build-bench"
# command_line, resolve_paths, ensure_release_build, start_wharf_up, free_port, stop_pid
. "$ROOT/scripts/bench/common.sh"
ORIG_CMD="$(command_line scripts/bench/apiserver.sh "$@")"

QUICK=0
CLIENT_COUNTS="1,16,64"
DOC="$ROOT/docs/benchmarks.md"

usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --clients) CLIENT_COUNTS="${2:?}"; shift ;;
        --clients=*) CLIENT_COUNTS="${1#*=}" ;;
        --doc) DOC="${2:?}"; shift ;;
        --doc=*) DOC="${1#*=}" ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
    shift
done
IFS=',' read -r -a CLIENTS <<< "$CLIENT_COUNTS"
for c in "${CLIENTS[@]}"; do
    [[ "$c" =~ ^[1-9][0-9]*$ ]] || die "client counts must be positive integers, got '$c'"
done
resolve_paths
cd "$ROOT"

# --------------------------------------------------------------------------- sizing
# Bounded so that a full run takes about 10 minutes on 2 cores (after the build).
if [ "$QUICK" -eq 1 ]; then
    MODE="quick"; READY_RUNS=2; PODS=2000; LIST_REPEAT=5; WATCHERS=200; WATCH_EVENTS=50
    totals() { case "$1" in 1) echo 300 ;; *) echo 1000 ;; esac; }
else
    MODE="full"; READY_RUNS=5; PODS=10000; LIST_REPEAT=10; WATCHERS=1000; WATCH_EVENTS=100
    totals() { # requests per create/get/update run, by client count: about 5-15 s each
        if [ "$1" -le 1 ]; then echo 3000; elif [ "$1" -le 16 ]; then echo 20000; else echo 30000; fi
    }
fi
# Writes per second offered to the watchers: 100 (as `wharf bench etcd watchers`), and 10.
WATCH_RATE=100
WATCH_SLOW_RATE=10

# --------------------------------------------------------------------------- build
ensure_release_build

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN_DIR="$WORK/apiserver-runs/$STAMP"
mkdir -p "$RUN_DIR" "$WORK/tmp"
RESULTS="$RUN_DIR/results.jsonl"
: > "$RESULTS"
START_DATE="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
START_S=$(date +%s)
START_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
# All CPUs' busy time in seconds, from /proc/stat: with this script's own (children included,
# from `times`), it tells how much CPU other work on the machine took during the run.
cpu_busy() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.1f", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat; }
# (`times` runs in this shell, not in a pipeline's subshell, which would count no children.)
own_cpu() {
    times > "$RUN_DIR/times.txt"
    awk 'NR == 2 { n = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); n += t[1] * 60 + t[2] } printf "%.1f", n }' "$RUN_DIR/times.txt"
}
START_BUSY=$(cpu_busy)
# What this shell and its children used before the run (the release build, mostly).
own_cpu > "$RUN_DIR/own-cpu-start.txt"

# --------------------------------------------------------------------------- server
SERVER_PID=""
DATA=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$SERVER_PID" ]; then
        log "stopping wharf up (pid $SERVER_PID)"
        stop_pid "$SERVER_PID" "wharf up"
    fi
    [ -z "$DATA" ] || rm -rf "$DATA"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# bench label args...: one `wharf bench apiserver` run; its JSON result, labelled, goes to $RESULTS.
bench() {
    local label=$1 out="$RUN_DIR/$1.json" rc=0; shift
    log "$label: wharf bench apiserver $*"
    timeout --kill-after=10 600 "$WHARF_BIN" bench apiserver "$@" --json >"$out" 2>"$RUN_DIR/$label.stderr" || rc=$?
    if [ -s "$out" ]; then
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r.update(label=sys.argv[2], exit=int(sys.argv[3])); print(json.dumps(r))' \
            "$out" "$label" "$rc" >> "$RESULTS"
        log "  $(head -c 400 "$out")"
    else
        printf '{"label":"%s","exit":%d}\n' "$label" "$rc" >> "$RESULTS"
        log "  no result (exit $rc; see $RUN_DIR/$label.stderr)"
        tail -n 5 "$RUN_DIR/$label.stderr" >&2 || true
    fi
}

# 1. Start-to-ready of fresh servers, and their idle memory.
bench ready ready --wharf "$WHARF_BIN" --runs "$READY_RUNS" --settle 2 --data-root "$WORK/tmp"

# 2. One server for everything else.
start_wharf_up "$RUN_DIR/up.log"
TARGET=(--kubeconfig "$DATA/kubeconfig")
sleep 2
bench rss-idle rss --pid "$SERVER_PID"

bench list list "${TARGET[@]}" --objects "$PODS" --clients 16 --repeat "$LIST_REPEAT" --page-size 500 --pid "$SERVER_PID"
for op in create get update; do
    for c in "${CLIENTS[@]}"; do
        bench "$op-c$c" "$op" "${TARGET[@]}" --clients "$c" --total "$(totals "$c")"
    done
done
bench watch watch "${TARGET[@]}" --watchers "$WATCHERS" --events "$WATCH_EVENTS" --rate "$WATCH_RATE"
bench watch-slow watch "${TARGET[@]}" --watchers "$WATCHERS" --events "$WATCH_EVENTS" --rate "$WATCH_SLOW_RATE"
bench rss-end rss --pid "$SERVER_PID"
log "stopping wharf up (pid $SERVER_PID)"
stop_pid "$SERVER_PID" "wharf up"
SERVER_PID=""
rm -rf "$DATA"; DATA=""
ELAPSED=$(( $(date +%s) - START_S ))
BUSY=$(awk -v a="$START_BUSY" -v b="$(cpu_busy)" 'BEGIN { printf "%.0f", b - a }')
own_cpu > "$RUN_DIR/own-cpu.txt"
OWN=$(awk -v a="$(cat "$RUN_DIR/own-cpu-start.txt")" -v b="$(cat "$RUN_DIR/own-cpu.txt")" 'BEGIN { printf "%.1f", b - a }')
OTHER=$(awk -v b="$BUSY" -v o="$OWN" 'BEGIN { x = b - o; printf "%.0f", (x < 0 ? 0 : x) }')

# --------------------------------------------------------------------------- report
SECTION="$RUN_DIR/section.md"
REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]; then REV+=" + uncommitted changes"; fi
{
    echo "#### $START_DATE — $MODE run, wharf up"
    echo
    echo "- Command: \`$ORIG_CMD\`$( [ -n "$WHARF_BIN_SET" ] && echo " (WHARF_BIN=$WHARF_BIN)" )"
    echo "- Date: \`$(date -u)\` (finished; took ${ELAPSED} s after the build)"
    echo "- Machine: $(nproc) CPUs (nproc), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r); the load generator runs on the same cores; load average (1, 5, 15 min) $START_LOAD at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; CPU busy during the run ${BUSY} s (of $(( $(nproc) * ELAPSED )) s), of which this run's server and load generator ${OWN%.*} s and other processes ${OTHER} s"
    echo "- wharf: \`$WHARF_BIN\` ($("$WHARF_BIN" --version 2>/dev/null | head -n1)), repo at $REV; \`wharf up\` with defaults apart from data dir and loopback ports"
    echo "- Raw output: \`.build-bench/apiserver-runs/$STAMP/\` (not committed)"
    echo
    python3 - "$RESULTS" <<'PY'
import json, sys
runs = {}
for line in open(sys.argv[1]):
    if line.strip():
        r = json.loads(line)
        runs[r["label"]] = r
def ms(v): return "–" if v is None else (f"{v:.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.2f}")
def mib(kib): return "–" if kib is None else f"{kib / 1024:.1f}"
def status(r): return "" if r.get("exit", 0) == 0 else f" **exit {r['exit']}**"

print("| scenario | clients | requests | ops/s | p50 ms | p99 ms | p99.9 ms | max ms | errors |")
print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
for op in ("create", "get", "update"):
    for label in sorted((k for k in runs if k.startswith(op + "-c")), key=lambda k: int(k.split("-c")[1])):
        r = runs[label]
        if "latency" not in r:
            print(f"| {op}{status(r)} | {label.split('-c')[1]} | – | – | – | – | – | – | – |")
            continue
        l = r["latency"]
        print(f"| {op}{status(r)} | {r['clients']} | {r['requests']} | {r['requestsPerSecond']:.0f} | {ms(l['p50'])} | {ms(l['p99'])} | {ms(l['p999'])} | {ms(l['max'])} | {r['errors']} |")
lst = runs.get("list", {})
if "fullList" in lst:
    c = lst["createLatency"]
    print(f"| create Pod (list setup){status(lst)} | 16 | {lst['created']} | {lst['createsPerSecond']:.0f} | {ms(c['p50'])} | {ms(c['p99'])} | {ms(c['p999'])} | {ms(c['max'])} | 0 |")
    for key, name in (("fullList", f"LIST {lst['items']} Pods, no limit"), ("pagedList", f"LIST {lst['items']} Pods, limit={lst['pageSize']} (all pages)")):
        l = lst[key]
        print(f"| {name} | 1 | {l['count']} | {1000 / l['p50']:.2f} | {ms(l['p50'])} | {ms(l['p99'])} | – | {ms(l['max'])} | 0 |")
print()
w = runs.get("watch", {})
watches = [runs[k] for k in ("watch", "watch-slow") if "latency" in runs.get(k, {})]
if watches:
    print("Watch: watchers (one `watch=true` request and connection each) on one namespace's ConfigMaps; writes offered at a "
          "fixed rate from up to 50 connections, alternately a create and an update of the object just created; latency "
          "from sending each write to each watcher's receipt of its event. Achieved writes/s is below the offered rate when "
          "the writes themselves take longer than the schedule allows (an update waits for its create).")
    print()
    print("| watchers | writes/s offered (achieved) | events received / expected | missing | duplicate | out of order | unexpected | p50 ms | p99 ms | p99.9 ms | max ms | events/s | write p50 / p99 ms |")
    print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for r in watches:
        l, wl = r["latency"], r["writeLatency"]
        print(f"| {r['watchers']}{status(r)} | {r['rate']} ({r['writesPerSecond']:.0f}) | {r['receivedEvents']} / {r['expectedEvents']} | {r['missingEvents']} | {r['duplicateEvents']} | "
              f"{r['outOfOrderEvents']} | {r['unexpectedEvents']} | {ms(l['p50'])} | {ms(l['p99'])} | {ms(l['p999'])} | {ms(l['max'])} | {r['eventsPerSecond']:.0f} | {ms(wl['p50'])} / {ms(wl['p99'])} |")
    print()
ready = runs.get("ready", {})
idle = runs.get("rss-idle", {})
end = runs.get("rss-end", {})
after = (lst.get("memoryAfterCreates") or {}).get("residentKiB")
print("| memory and start-up | value |")
print("|---|--:|")
if "ready" in ready:
    rr = [x["readyMilliseconds"] for x in ready["runs"]]
    print(f"| spawn to ready (`/readyz` and `GET namespaces/default` 200), median of {len(rr)} fresh starts, ms | {ms(sorted(rr)[len(rr) // 2])} (min {ms(min(rr))}, max {ms(max(rr))}) |")
    print(f"| idle RSS of those fresh starts (2 s after ready, median), MiB | {mib(ready.get('idleResidentKiB'))} |")
print(f"| idle RSS of the benchmarked server (2 s after ready), MiB | {mib(idle.get('residentKiB'))} |")
print(f"| RSS with {lst.get('created', 0)} Pods (after creating them), MiB | {mib(after)} |")
print(f"| RSS right after the LISTs of them, MiB | {mib((lst.get('memoryAfterLists') or {}).get('residentKiB'))} |")
print(f"| RSS at the end (after every scenario), MiB; peak (VmHWM) | {mib(end.get('residentKiB'))}; {mib(end.get('peakKiB'))} |")
print()

# Targets (issue spec, on this machine).
def verdict(ok): return "met" if ok else "**missed**"
rows = []
c16 = runs.get("create-c16", {}).get("latency")
if c16: rows.append(("create p99 at 16 clients", "< 10 ms", f"{ms(c16['p99'])} ms", c16["p99"] < 10))
if "fullList" in lst:
    rows.append((f"LIST of {lst['items']} Pods (p99 of {lst['fullList']['count']})", "< 250 ms", f"{ms(lst['fullList']['p99'])} ms (p50 {ms(lst['fullList']['p50'])})", lst["fullList"]["p99"] < 250))
if "latency" in w:
    rows.append((f"watch delivery p99, {w['watchers']} watchers, {w['rate']} writes/s offered", "< 100 ms", f"{ms(w['latency']['p99'])} ms", w["latency"]["p99"] < 100 and w["missingEvents"] == 0))
if idle.get("residentKiB"):
    rows.append(("RSS idle", "< 100 MiB", f"{mib(idle['residentKiB'])} MiB", idle["residentKiB"] < 100 * 1024))
if "ready" in ready:
    rr = sorted(x["readyMilliseconds"] for x in ready["runs"])
    rows.append(("spawn to ready (median)", "< 1 s", f"{ms(rr[len(rr) // 2])} ms", rr[len(rr) // 2] < 1000))
if rows:
    print("| target | goal | measured | verdict |")
    print("|---|---|--:|---|")
    for name, goal, value, ok in rows: print(f"| {name} | {goal} | {value} | {verdict(ok)} |")
    print()
PY
} > "$SECTION"

MARKER='<!-- apiserver-bench-results: scripts/bench/apiserver.sh inserts new runs below this line, newest first -->'
if [ "$DOC" = "-" ]; then
    cat "$SECTION"
else
    insert_section "$DOC" "$MARKER" "Kubernetes API server results" "$SECTION"
    log "results inserted into ${DOC#"$ROOT"/}"
fi
log "done in ${ELAPSED} s; raw output in $RUN_DIR"
