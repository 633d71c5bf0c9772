#!/usr/bin/env bash
# Wharf benchmark suite: etcd's own tools (tools/benchmark, etcdctl check perf)
# against etcd 3.4 and `wharf brain`, in the same run, interleaved per scenario
# (etcd first, then brain). Inserts a results section into docs/benchmarks.md
# (below the results marker, newest first).
#
# Usage: scripts/bench/run.sh [options]
#   --quick              smoke run, ~1.5 min per target (small request counts,
#                        check perf --load=s only); a full run is ~6 min per target
#   --only etcd|brain    benchmark one target only (default: both)
#   --check-perf LOADS   comma list of etcdctl check perf loads (s,m,l,xl), or "none"
#                        (default: s,m,l,xl; with --quick: s)
#   --clients LIST       comma list of client counts (default: 1,16,64,256)
#   --scenarios LIST     comma list among put,range,txn-put,watch,watch-latency,
#                        watch-10k,lease-keepalive (etcd's tools/benchmark) and
#                        fanout-10k,keys-1m (wharf bench etcd; keys-1m on fresh servers
#                        after check perf) and put-slow-sync (brain with each sync
#                        SLOW_SYNC_MS longer) (default: all)
#   --doc FILE           markdown file to insert the results into (default: docs/benchmarks.md);
#                        "-" prints the section to stdout only
#   -h, --help           this help
#
# Environment:
#   WHARF_BIN   wharf binary (default .build/release/wharf; built with
#               `swift build -c release --product wharf` when absent)
#
# Servers listen on free 127.0.0.1 ports only, keep their data in a temp dir under
# .build-bench/tmp (same disk as the repo), and are stopped by PID on exit.
# Raw tool output stays in .build-bench/runs/<UTC timestamp>/ (not committed).
set -euo pipefail

ORIG_PWD="$PWD"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$ROOT/.build-bench"
# command_line, resolve_paths, free_port, stop_pid
. "$ROOT/scripts/bench/common.sh"
ORIG_CMD="$(command_line scripts/bench/run.sh "$@")"
BENCH="$WORK/bin/benchmark"

QUICK=0
ONLY=""
CHECK_PERF=""
CLIENT_COUNTS="1,16,64,256"
SCENARIOS="put,range,txn-put,watch,watch-latency,watch-10k,lease-keepalive,fanout-10k,keys-1m,put-slow-sync"
DOC="$ROOT/docs/benchmarks.md"

usage() { sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
# Progress goes to stdout here (the results go to the document), unlike common.sh's log.
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --only) ONLY="${2:?--only needs etcd or brain}"; shift ;;
        --only=*) ONLY="${1#*=}" ;;
        --check-perf) CHECK_PERF="${2:?}"; shift ;;
        --check-perf=*) CHECK_PERF="${1#*=}" ;;
        --clients) CLIENT_COUNTS="${2:?}"; shift ;;
        --clients=*) CLIENT_COUNTS="${1#*=}" ;;
        --scenarios) SCENARIOS="${2:?}"; shift ;;
        --scenarios=*) SCENARIOS="${1#*=}" ;;
        --doc) DOC="${2:?}"; shift ;;
        --doc=*) DOC="${1#*=}" ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
    shift
done

case "$ONLY" in
    "") TARGETS=(etcd brain) ;;
    etcd|brain) TARGETS=("$ONLY") ;;
    *) die "--only must be etcd or brain, got '$ONLY'" ;;
esac
if [ -z "$CHECK_PERF" ]; then
    if [ "$QUICK" -eq 1 ]; then CHECK_PERF="s"; else CHECK_PERF="s,m,l,xl"; fi
fi
[ "$CHECK_PERF" = "none" ] && CHECK_PERF=""
IFS=',' read -r -a CHECK_LOADS <<< "$CHECK_PERF"
IFS=',' read -r -a CLIENTS <<< "$CLIENT_COUNTS"
IFS=',' read -r -a SCENARIO_LIST <<< "$SCENARIOS"
for l in "${CHECK_LOADS[@]}"; do
    case "$l" in s|m|l|xl) ;; *) die "unknown check perf load '$l'" ;; esac
done
for c in "${CLIENTS[@]}"; do
    [[ "$c" =~ ^[1-9][0-9]*$ ]] || die "client counts must be positive integers, got '$c'"
done
for s in "${SCENARIO_LIST[@]}"; do
    case "$s" in put|range|txn-put|watch|watch-latency|watch-10k|lease-keepalive|fanout-10k|keys-1m|put-slow-sync) ;;
        *) die "unknown scenario '$s'" ;; esac
done
resolve_paths
cd "$ROOT"

# --------------------------------------------------------------------------- sizing
# Request counts are bounded so that a full run of both targets takes <= ~15 min on
# 2 cores (check perf alone is 60 s per load and target) and --quick about 2 min.
if [ "$QUICK" -eq 1 ]; then
    MODE="quick"
    BENCH_TIMEOUT=120
    WATCH_EVENTS=40000; WATCH_PUTS_MAX=500
    WATCH_LAT_PUTS=100; WATCH_10K_PUTS=10
    FANOUT_WATCHERS=2000; FANOUT_PUTS=20; LOAD_KEYS=100000
else
    MODE="full"
    BENCH_TIMEOUT=300
    WATCH_EVENTS=200000; WATCH_PUTS_MAX=2000
    WATCH_LAT_PUTS=200; WATCH_10K_PUTS=50
    FANOUT_WATCHERS=10000; FANOUT_PUTS=50; LOAD_KEYS=1000000
fi
WATCH_PER_STREAM=10
SLOW_SYNC_MS=2
WATCH_10K_WATCHERS=10000

# watch-latency: puts per run, at least enough for 1000 latency samples (p99.9)
watch_lat_puts() { local c=$1 n=$(( (1000 + $1 - 1) / $1 )); [ "$n" -lt "$WATCH_LAT_PUTS" ] && n=$WATCH_LAT_PUTS; echo "$n"; }

# total requests for request/response scenarios, by client count
total_for() { # scenario clients
    local s=$1 c=$2 idx
    if   [ "$c" -le 1 ];  then idx=0
    elif [ "$c" -le 16 ]; then idx=1
    else idx=2; fi
    local -a t
    if [ "$QUICK" -eq 1 ]; then
        case "$s" in
            put)             t=(1000 2000 4000) ;;
            txn-put)         t=(1000 2000 3000) ;;
            range|lease-keepalive) t=(1000 3000 5000) ;;
        esac
    else
        case "$s" in
            put)             t=(3000 16000 40000) ;;
            txn-put)         t=(2000 10000 25000) ;;
            range|lease-keepalive) t=(5000 20000 50000) ;;
        esac
    fi
    echo "${t[$idx]}"
}
conns_for() { local c=$1; if [ "$c" -gt 16 ]; then echo 16; else echo "$c"; fi; }

# --------------------------------------------------------------------------- prerequisites
command -v etcd >/dev/null || die "etcd not found (apt-get install etcd-server)"
command -v etcdctl >/dev/null || die "etcdctl not found (apt-get install etcd-client)"
if [ ! -x "$BENCH" ]; then
    log "etcd benchmark tool missing: building it (scripts/bench/build-etcd-benchmark.sh)"
    "$ROOT/scripts/bench/build-etcd-benchmark.sh"
fi
# The wharf binary is the brain target and the `wharf bench etcd` load generator.
if [ ! -x "$WHARF_BIN" ]; then
    if [ "$WHARF_BIN" != "$ROOT/.build/release/wharf" ]; then
        die "WHARF_BIN=$WHARF_BIN is not an executable"
    fi
    log "wharf binary missing: swift build -c release --product wharf"
    swift build -c release --product wharf
    [ -x "$WHARF_BIN" ] || die "swift build did not produce $WHARF_BIN"
fi

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN_DIR="$WORK/runs/$STAMP"
RAW="$RUN_DIR/raw"
mkdir -p "$RAW" "$WORK/tmp"
RESULTS="$RUN_DIR/results.tsv"
CHECKS="$RUN_DIR/checkperf.tsv"
RSSFILE="$RUN_DIR/rss.tsv"
OWN="$RUN_DIR/own.jsonl"
: > "$RESULTS"; : > "$CHECKS"; : > "$RSSFILE"; : > "$OWN"
START_DATE="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
START_S=$(date +%s)

# --------------------------------------------------------------------------- servers
declare -A PID=() EP=() DATA=() SLOG=() RSS_IDLE=() RSS_BENCH=()

wants() { [[ ",$SCENARIOS," == *",$1,"* ]]; }

# Stops one server by PID (TERM, then KILL after 10 s) and removes its data.
stop_server() { # target
    local t=$1 p="${PID[$1]:-}"
    [ -n "$p" ] || return 0
    stop_pid "$p" "$t"
    unset "PID[$t]"
    rm -rf "${DATA[$t]}"
    unset "DATA[$t]"
    log "stopped $t (pid $p)"
}
restart_server() { stop_server "$1"; start_server "$1"; }

cleanup() {
    local rc=$? t
    trap - EXIT INT TERM
    for t in "${!PID[@]}"; do
        kill -0 "${PID[$t]}" 2>/dev/null && log "stopping $t (pid ${PID[$t]})"
        stop_pid "${PID[$t]}" "$t"
    done
    for t in "${!DATA[@]}"; do rm -rf "${DATA[$t]}"; done
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rss_kb() { awk -v k="$2:" '$1==k {print $2}' "/proc/$1/status" 2>/dev/null || true; }
alive() { kill -0 "${PID[$1]}" 2>/dev/null; }

start_server() { # target
    local t=$1 cport mport pport
    free_port cport; free_port mport
    DATA[$t]="$(mktemp -d "$WORK/tmp/$t-data.XXXXXX")"
    SLOG[$t]="$RUN_DIR/$t.log"
    EP[$t]="127.0.0.1:$cport"
    case "$t" in
        etcd)
            free_port pport
            # etcd defaults apart from names, data dir and loopback ports.
            etcd --name wharf-bench --data-dir "${DATA[$t]}/data" \
                --listen-client-urls "http://127.0.0.1:$cport" \
                --advertise-client-urls "http://127.0.0.1:$cport" \
                --listen-peer-urls "http://127.0.0.1:$pport" \
                --initial-advertise-peer-urls "http://127.0.0.1:$pport" \
                --initial-cluster "wharf-bench=http://127.0.0.1:$pport" \
                --listen-metrics-urls "http://127.0.0.1:$mport" \
                >"${SLOG[$t]}" 2>&1 &
            ;;
        brain|brain-sync+*)
            local extra=()
            [ "$t" = brain ] || extra=(--unsafe-sync-delay-ms "$SLOW_SYNC_MS")
            "$WHARF_BIN" brain --data-dir "${DATA[$t]}/data" \
                --listen-client-urls "http://127.0.0.1:$cport" \
                --advertise-client-urls "http://127.0.0.1:$cport" \
                --listen-metrics-urls "http://127.0.0.1:$mport" \
                "${extra[@]}" >"${SLOG[$t]}" 2>&1 &
            ;;
    esac
    PID[$t]=$!
    log "started $t pid ${PID[$t]} on ${EP[$t]} (metrics :$mport, data ${DATA[$t]})"
    local i
    for i in $(seq 1 120); do
        if ! alive "$t"; then
            tail -n 20 "${SLOG[$t]}" >&2 || true
            die "$t exited during startup (log: ${SLOG[$t]})"
        fi
        if etcdctl --endpoints "${EP[$t]}" --dial-timeout 1s --command-timeout 2s \
               endpoint health >/dev/null 2>&1; then
            log "$t healthy"
            return 0
        fi
        sleep 0.5
    done
    tail -n 20 "${SLOG[$t]}" >&2 || true
    die "$t not healthy after 60 s (log: ${SLOG[$t]})"
}

# --------------------------------------------------------------------------- parsing
# record scenario clients conns target total file [section] [label]
record() {
    local scen=$1 c=$2 conns=$3 t=$4 total=$5 file=$6 status=$7 sec=${8:-}
    local rps p50 p99 p999 errs
    read -r rps p50 p99 p999 errs < <(parse_report "$file" "$sec")
    if [ "$status" = ok ] && [ "$rps" = "-" ]; then status="no-report"; fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$scen" "$c" "$conns" "$t" "$total" "$rps" "$p50" "$p99" "$p999" "$errs" "$status" >> "$RESULTS"
    log "  $t $scen c=$c: ops/s=$rps p99=${p99}s errors=$errs ($status)"
}

# run_bench target scenario-label clients conns total -- benchmark-subcommand-args...
run_bench() {
    local t=$1 scen=$2 c=$3 conns=$4 total=$5; shift 6
    local out="$RAW/${scen}-c${c}-${t}.txt" rc=0 status=ok
    if ! alive "$t"; then
        echo "server not running" > "$out"
        status="server-down"
    else
        timeout --kill-after=10 "$BENCH_TIMEOUT" \
            "$BENCH" --endpoints "${EP[$t]}" --precise --clients "$c" --conns "$conns" "$@" \
            >"$out" 2>"$out.stderr" || rc=$?
        if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then status="timeout"
        elif [ "$rc" -ne 0 ]; then status="exit-$rc"; fi
        alive "$t" || status="server-died"
    fi
    if [ "$scen" = watch ]; then
        record "watch-create" "$c" "$conns" "$t" "$((c * WATCH_PER_STREAM))" "$out" "$status" "Watch creation summary:"
        record "watch-events" "$c" "$conns" "$t" "$total" "$out" "$status" "Watch events received summary:"
    else
        record "$scen" "$c" "$conns" "$t" "$total" "$out" "$status"
    fi
}

# --------------------------------------------------------------------------- run
log "mode: $MODE; targets: ${TARGETS[*]}; clients: ${CLIENTS[*]}; check perf: ${CHECK_LOADS[*]:-none}"
log "run dir: $RUN_DIR"
for t in "${TARGETS[@]}"; do start_server "$t"; done
sleep 2
for t in "${TARGETS[@]}"; do RSS_IDLE[$t]="$(rss_kb "${PID[$t]}" VmRSS)"; done

RANGE_KEY="wharf-bench-range-key"
RANGE_VAL="$(printf 'v%.0s' $(seq 1 256))"

for scen in "${SCENARIO_LIST[@]}"; do
    case "$scen" in fanout-10k|keys-1m|put-slow-sync) continue ;; esac  # below
    if [ "$scen" = range ]; then
        for t in "${TARGETS[@]}"; do
            alive "$t" && etcdctl --endpoints "${EP[$t]}" put "$RANGE_KEY" "$RANGE_VAL" >/dev/null \
                || log "warning: could not put the range key on $t"
        done
    fi
    if [ "$scen" = watch-10k ]; then
        client_list=("$WATCH_10K_WATCHERS")
    else
        client_list=("${CLIENTS[@]}")
    fi
    for c in "${client_list[@]}"; do
        conns=$(conns_for "$c")
        log "scenario $scen, clients $c, conns $conns"
        for t in "${TARGETS[@]}"; do
            case "$scen" in
                put)
                    total=$(total_for put "$c")
                    run_bench "$t" put "$c" "$conns" "$total" -- put --total "$total" \
                        --key-size 8 --val-size 256 --key-space-size 100000 ;;
                txn-put)
                    total=$(total_for txn-put "$c")
                    run_bench "$t" txn-put "$c" "$conns" "$total" -- txn-put --total "$total" \
                        --key-size 8 --val-size 256 --key-space-size 100000 --txn-ops 1 ;;
                range)
                    total=$(total_for range "$c")
                    run_bench "$t" range "$c" "$conns" "$total" -- range "$RANGE_KEY" \
                        --total "$total" --consistency l ;;
                lease-keepalive)
                    total=$(total_for lease-keepalive "$c")
                    run_bench "$t" lease-keepalive "$c" "$conns" "$total" -- lease-keepalive --total "$total" ;;
                watch)
                    # c streams x 10 watchers, all on one key; every put fans out to all
                    # watchers. --put-rate must be > 0 (rate limiter burst bug otherwise).
                    watchers=$((c * WATCH_PER_STREAM))
                    puts=$(( WATCH_EVENTS / watchers ))
                    [ "$puts" -gt "$WATCH_PUTS_MAX" ] && puts=$WATCH_PUTS_MAX
                    [ "$puts" -lt 10 ] && puts=10
                    run_bench "$t" watch "$c" "$conns" "$((puts * watchers))" -- watch \
                        --streams "$c" --watch-per-stream "$WATCH_PER_STREAM" \
                        --put-total "$puts" --put-rate 1000000 ;;
                watch-latency)
                    # one watcher per client on one key; latency from put response to event
                    puts=$(watch_lat_puts "$c")
                    run_bench "$t" watch-latency "$c" "$conns" "$((puts * c))" -- watch-latency \
                        --total "$puts" --put-rate 200 ;;
                watch-10k)
                    run_bench "$t" watch-10k "$c" "$conns" "$((WATCH_10K_PUTS * c))" -- watch-latency \
                        --total "$WATCH_10K_PUTS" --put-rate 100 ;;
            esac
        done
    done
done

for t in "${TARGETS[@]}"; do RSS_BENCH[$t]="$(rss_kb "${PID[$t]}" VmRSS)"; done

# wharf bench etcd: what etcd's tools lack (put-to-event latency with a completeness check,
# memory per key). Same client against both targets; one JSON line per run into $OWN.
run_own() { # target scenario -- wharf bench etcd args...
    local t=$1 scen=$2 out="$RAW/$2-$1.json" rc=0; shift 3
    if ! alive "$t"; then log "  $t $scen: server not running"; return; fi
    timeout --kill-after=10 900 "$WHARF_BIN" bench etcd "$@" --endpoint "${EP[$t]}" --json \
        >"$out" 2>"$out.stderr" || rc=$?
    if [ -s "$out" ]; then
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r.update(target=sys.argv[2], scenario=sys.argv[3], exit=int(sys.argv[4])); print(json.dumps(r))' \
            "$out" "$t" "$scen" "$rc" >> "$OWN"
        log "  $t $scen: $(head -c 300 "$out")"
    else
        log "  $t $scen: no result (exit $rc; see $out.stderr)"
    fi
}
if wants fanout-10k; then
    for t in "${TARGETS[@]}"; do
        log "fanout-10k on $t: wharf bench etcd watchers, $FANOUT_WATCHERS watchers"
        run_own "$t" fanout-10k -- watchers --watchers "$FANOUT_WATCHERS" --connections 16 \
            --puts "$FANOUT_PUTS" --rate 100
    done
fi

for load in "${CHECK_LOADS[@]}"; do
    for t in "${TARGETS[@]}"; do
        out="$RAW/checkperf-$load-$t.txt"
        rc=0
        log "etcdctl check perf --load=$load on $t (60 s)"
        if alive "$t"; then
            timeout --kill-after=10 240 etcdctl --endpoints "${EP[$t]}" check perf \
                --load="$load" --auto-compact >"$out" 2>&1 || rc=$?
        else
            echo "server not running" > "$out"; rc=255
        fi
        # PASS/FAIL lines: "PASS: Throughput is N writes/s" / "FAIL: Throughput too low: N writes/s",
        # "Slowest request took ...", "Stddev ...", then a final "PASS" or "FAIL".
        tput=$(grep -oE '(Throughput is|Throughput too low:) [0-9]+' "$out" | grep -oE '[0-9]+$' | tail -n1 || true)
        slowest=$(grep -oE 'Slowest request took( too long:)? [0-9.]+' "$out" | grep -oE '[0-9.]+$' | tail -n1 || true)
        stddev=$(grep -oE 'Stddev (is|too high:) [0-9.]+' "$out" | grep -oE '[0-9.]+$' | tail -n1 || true)
        if grep -qx 'PASS' "$out" && [ "$rc" -eq 0 ]; then verdict=PASS
        elif grep -qx 'FAIL' "$out"; then verdict=FAIL
        elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then verdict="ERROR (timeout)"
        else verdict="ERROR (exit $rc)"; fi
        reasons=$( { grep -E '^FAIL: |too long|too high' "$out" || true; } \
                   | awk '{ gsub(/\|/, "\\|"); printf "%s%s", (NR > 1 ? "; " : ""), $0 }' | cut -c1-200)
        if [ "$verdict" != PASS ] && [ "$verdict" != FAIL ] && [ -z "$reasons" ]; then
            reasons=$(grep -v '^ *[0-9]* / [0-9]*' "$out" | tail -n1 | sed 's/|/\\|/g' | cut -c1-160 || true)
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$load" "$t" "$verdict" "${tput:--}" "${slowest:--}" \
            "${stddev:--}" "${reasons:-}" >> "$CHECKS"
        log "  $t check perf $load: $verdict ${tput:-?} writes/s"
    done
done

for t in "${TARGETS[@]}"; do
    printf '%s\t%s\t%s\t%s\t%s\n' "$t" "${RSS_IDLE[$t]:-}" "${RSS_BENCH[$t]:-}" \
        "$(rss_kb "${PID[$t]}" VmRSS)" "$(rss_kb "${PID[$t]}" VmHWM)" >> "$RSSFILE"
done

# Memory per key on fresh servers, so the figure is the keys' and nothing else's.
if wants keys-1m; then
    for t in "${TARGETS[@]}"; do
        restart_server "$t"
        log "keys-1m on $t: wharf bench etcd keys, $LOAD_KEYS keys (fresh server)"
        run_own "$t" keys-1m -- keys --keys "$LOAD_KEYS" --value-size 256 --clients 64 \
            --connections 16 --pid "${PID[$t]}"
        stop_server "$t"
    done
fi

# Group commit on a slow disk: brain with every sync made SLOW_SYNC_MS longer (a flag for
# benchmarks only), put at each client count; "vs etcd" compares with etcd's put rows above.
if wants put-slow-sync && [[ " ${TARGETS[*]} " == *" brain "* ]]; then
    slow="brain-sync+${SLOW_SYNC_MS}ms"
    start_server "$slow"
    for c in "${CLIENTS[@]}"; do
        total=$(total_for put "$c")
        log "put on $slow, clients $c"
        run_bench "$slow" put "$c" "$(conns_for "$c")" "$total" -- put --total "$total" \
            --key-size 8 --val-size 256 --key-space-size 100000
    done
    stop_server "$slow"
fi
ELAPSED=$(( $(date +%s) - START_S ))

# --------------------------------------------------------------------------- report
versions() {
    echo "- etcd: \`$(etcd --version 2>/dev/null | head -n1)\` (Debian package etcd-server $(dpkg-query -W -f='${Version}' etcd-server 2>/dev/null || echo '?')), started with defaults apart from data dir and loopback URLs"
    echo "- etcdctl: \`$(etcdctl version 2>/dev/null | head -n1)\`"
    echo "- benchmark: $(head -n1 "$BENCH.version" 2>/dev/null || echo 'etcd tools/benchmark'), $(sed -n 2p "$BENCH.version" 2>/dev/null | sed 's/ in GOPATH.*//')"
    local rev
    rev="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
    if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]; then rev+=" + uncommitted changes"; fi
    local t have_brain=0
    for t in "${TARGETS[@]}"; do [ "$t" = brain ] && have_brain=1; done
    if [ "$have_brain" -eq 1 ]; then
        echo "- wharf brain: \`$WHARF_BIN\` ($("$WHARF_BIN" --version 2>/dev/null | head -n1 || echo 'version n/a')), repo at $rev"
    else
        echo "- wharf brain: not run (\`--only etcd\`); repo at $rev"
    fi
}

fmt_ms_awk='
function ms(v) {
    if (v == "-" || v == "") return "–"
    v = v * 1000
    if (v >= 100) return sprintf("%.0f", v)
    if (v >= 10)  return sprintf("%.1f", v)
    if (v >= 1)   return sprintf("%.2f", v)
    return sprintf("%.3f", v)
}
function ops(v) { if (v == "-" || v == "") return "–"; return sprintf("%.0f", v) }
'

bench_table() {
    local cmpcol=1
    [ "${#TARGETS[@]}" -eq 1 ] && cmpcol=0
    if [ "$cmpcol" -eq 1 ]; then
        echo "| benchmark | clients | conns | target | requests | ops/s | p50 ms | p99 ms | p99.9 ms | errors | vs etcd |"
        echo "|---|--:|--:|---|--:|--:|--:|--:|--:|--:|---|"
    else
        echo "| benchmark | clients | conns | target | requests | ops/s | p50 ms | p99 ms | p99.9 ms | errors |"
        echo "|---|--:|--:|---|--:|--:|--:|--:|--:|--:|"
    fi
    awk -F'\t' -v cmpcol="$cmpcol" "$fmt_ms_awk"'
    {
        key = $1 SUBSEP $2
        if ($4 == "etcd") { eops[key] = $6; ep99[key] = $8 }
        cmp = ""
        if ($4 != "etcd" && (key in eops) && eops[key] != "-" && $6 != "-" && eops[key] > 0) {
            cmp = sprintf("%.2fx ops/s", $6 / eops[key])
            if ($1 != "watch-events" && ep99[key] != "-" && $8 != "-" && ep99[key] > 0) cmp = cmp sprintf(", %.2fx p99", $8 / ep99[key])
        }
        status = ($11 == "ok") ? "" : " **" $11 "**"
        printf "| %s | %s | %s | %s%s | %s | %s | %s | %s | %s | %s |", \
            $1, $2, $3, $4, status, $5, ops($6), ms($7), ms($8), ms($9), $10
        if (cmpcol == 1) printf " %s |", cmp
        printf "\n"
    }' "$RESULTS"
}

own_tables() {
    python3 - "$OWN" <<'PY'
import json, sys
runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
fan = [r for r in runs if r["scenario"] == "fanout-10k"]
keys = [r for r in runs if r["scenario"] == "keys-1m"]
ms = lambda v: f"{v:.1f}" if v >= 10 else f"{v:.2f}"
mib = lambda m: f"{m['residentKiB'] / 1024:.1f}" if m else "–"
if fan:
    print("Put-to-event latency (`wharf bench etcd watchers`): each watcher on its own stream, over 16")
    print("connections, all on one prefix; puts at 100/s; latency from sending the put to each event.")
    print()
    print("| target | watchers | events received / expected | missing | unexpected | p50 ms | p99 ms | p99.9 ms | max ms |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for r in fan:
        l = r["latency"]
        print(f"| {r['target']} | {r['watchers']} | {r['receivedEvents']} / {r['expectedEvents']} | {r['missingEvents']} | "
              f"{r['unexpectedEvents']} | {ms(l['p50'])} | {ms(l['p99'])} | {ms(l['p999'])} | {ms(l['max'])} |")
    print()
if keys:
    print("Memory per key (`wharf bench etcd keys`): distinct keys with 256-byte values, 64 clients over 16")
    print("connections, each server freshly started; its RSS before the first and after the last put.")
    print()
    print("| target | keys | puts/s | p50 ms | p99 ms | RSS before MiB | RSS after MiB |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for r in keys:
        l = r["latency"]
        print(f"| {r['target']} | {r['keys']} | {r['putsPerSecond']:.0f} | {ms(l['p50'])} | {ms(l['p99'])} | "
              f"{mib(r.get('memoryBefore'))} | {mib(r.get('memoryAfter'))} |")
    print()
PY
}

check_table() {
    echo "| load | target | result | writes/s | slowest s | stddev s | failure reasons |"
    echo "|---|---|---|--:|--:|--:|---|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$CHECKS"
}

rss_table() {
    echo "| target | idle MiB | after benchmarks MiB | after check perf (end) MiB | peak (VmHWM) MiB |"
    echo "|---|--:|--:|--:|--:|"
    awk -F'\t' 'function mib(k) { return (k == "" ? "–" : sprintf("%.1f", k / 1024)) }
        { printf "| %s | %s | %s | %s | %s |\n", $1, mib($2), mib($3), mib($4), mib($5) }' "$RSSFILE"
}

SECTION="$RUN_DIR/section.md"
{
    if [ "${#TARGETS[@]}" -eq 1 ]; then label="${TARGETS[0]} only"; else label="etcd vs brain"; fi
    echo "### $START_DATE — $MODE run, $label"
    echo
    echo "- Command: \`$ORIG_CMD\`$( [ -n "${WHARF_BIN_SET:-}" ] && echo " (WHARF_BIN=$WHARF_BIN)" )"
    echo "- Date: \`$(date -u)\` (finished; took ${ELAPSED} s)"
    echo "- Machine: $(nproc) CPUs (nproc), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r); load generator runs on the same cores"
    versions
    echo "- Raw tool output: \`.build-bench/runs/$STAMP/\` (not committed)"
    echo
    echo "#### tools/benchmark"
    echo
    bench_table
    if [ -s "$OWN" ]; then
        echo
        echo "#### wharf bench etcd"
        echo
        own_tables
    fi
    if [ "${#CHECK_LOADS[@]}" -gt 0 ]; then
        echo
        echo "#### etcdctl check perf"
        echo
        check_table
    fi
    echo
    echo "#### Server RSS (VmRSS from /proc/PID/status)"
    echo
    rss_table
    echo
} > "$SECTION"

MARKER='<!-- bench-results: scripts/bench/run.sh inserts new runs below this line, newest first -->'
if [ "$DOC" = "-" ]; then
    cat "$SECTION"
else
    insert_section "$DOC" "$MARKER" "Results" "$SECTION"
    log "results inserted into ${DOC#"$ROOT"/}"
fi
log "done in ${ELAPSED} s; raw output in $RUN_DIR"
