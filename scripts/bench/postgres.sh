#!/usr/bin/env bash
# brain on PostgreSQL against etcd 3.4 and brain's embedded engine, in one run: etcd's
# tools/benchmark put, txn-put, range (linearizable) and watch-latency (put to event, every client
# watching) at each client count, on etcd 3.4, brain
# (embedded), brain on PostgreSQL with one node, and with three nodes (clients spread over every
# endpoint, so two thirds of the writes are forwarded to the leader). Reports ops/s, p50 and p99,
# and the servers' CPU seconds per 10,000 operations: brain's (or etcd's) processes and
# PostgreSQL's separately. Inserts a section into docs/benchmarks.md (newest first).
#
# Usage: scripts/bench/postgres.sh [options]
#   --clients LIST   comma list of client counts (default: 16,64)
#   --total N        requests per scenario and client count (default: 10000)
#   --targets LIST   comma list of etcd, brain, pg1, pg3 (default: all four)
#   --scenarios LIST comma list of put, txn-put, range, watch (default: all four)
#   --doc FILE       markdown file for the results (default: docs/benchmarks.md); "-" prints them
#   -h, --help       this help
#
# Environment: WHARF_BIN (default .build/release/wharf, built when absent); WHARF_BRAIN_FLAGS
# (extra flags for every brain node, e.g. "--read-cache=false" for an A/B run). Each PostgreSQL
# target gets a fresh cluster (initdb; run as the postgres user when root) with default
# durability (fsync and synchronous_commit on). Everything listens on free 127.0.0.1 ports, lives
# under .build-bench/tmp, and is stopped by PID on exit.
set -euo pipefail

ORIG_PWD="$PWD"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$ROOT/.build-bench"
. "$ROOT/scripts/bench/common.sh"
ORIG_CMD="$(command_line scripts/bench/postgres.sh "$@")"
BENCH="$WORK/bin/benchmark"
CLIENT_COUNTS="16,64"
TOTAL=10000
TARGET_LIST="etcd,brain,pg1,pg3"
SCENARIO_LIST="put,txn-put,range,watch"
DOC="$ROOT/docs/benchmarks.md"

usage() { sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --clients) CLIENT_COUNTS="${2:?}"; shift ;;
        --total) TOTAL="${2:?}"; shift ;;
        --targets) TARGET_LIST="${2:?}"; shift ;;
        --scenarios) SCENARIO_LIST="${2:?}"; shift ;;
        --doc) DOC="${2:?}"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
    shift
done
IFS=',' read -r -a CLIENTS <<< "$CLIENT_COUNTS"
IFS=',' read -r -a TARGETS <<< "$TARGET_LIST"
for t in "${TARGETS[@]}"; do case "$t" in etcd|brain|pg1|pg3) ;; *) die "unknown target: $t" ;; esac; done
for s in ${SCENARIO_LIST//,/ }; do case "$s" in put|txn-put|range|watch) ;; *) die "unknown scenario: $s" ;; esac; done
wants() { [[ ",$SCENARIO_LIST," == *",$1,"* ]]; }
resolve_paths
[ -x "$BENCH" ] || "$ROOT/scripts/bench/build-etcd-benchmark.sh"
if [ ! -x "$WHARF_BIN" ]; then
    [ -n "$WHARF_BIN_SET" ] && die "WHARF_BIN $WHARF_BIN is not executable"
    log "building wharf (release)"
    (cd "$ROOT" && swift build -c release --product wharf >&2)
fi
PGBIN="$(dirname "$(command -v postgres 2>/dev/null || echo /usr/lib/postgresql/15/bin/postgres)")"
[ -x "$PGBIN/postgres" ] || die "PostgreSQL server binaries not found (apt-get install postgresql-15)"
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

RUN_DIR="$WORK/runs/postgres-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN_DIR" "$WORK/tmp"
HZ="$(getconf CLK_TCK)"
SERVER_PIDS=()
PG_PID=""   # what we started (runuser when root)
PG_MAIN=""  # the postmaster, whose children are the backends
ENDPOINTS=""

cleanup() {
    local pid
    for pid in "${SERVER_PIDS[@]}"; do stop_pid "$pid" server; done
    SERVER_PIDS=()
    if [ -n "$PG_MAIN" ]; then stop_pid "$PG_MAIN" postmaster; PG_MAIN=""; fi
    if [ -n "$PG_PID" ]; then stop_pid "$PG_PID" postgres; PG_PID=""; fi
}
trap cleanup EXIT
trap 'exit 143' TERM

# ticks PID...: user+system clock ticks of the processes, with their reaped children's.
ticks() {
    local pid total=0
    for pid in "$@"; do
        [ -r "/proc/$pid/stat" ] || continue
        total=$(( total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$pid/stat") ))
    done
    echo "$total"
}
postgres_pids() { [ -n "$PG_MAIN" ] && echo "$PG_MAIN $(pgrep -P "$PG_MAIN" | tr '\n' ' ')"; }

wait_ready() { # endpoints
    local i
    for i in $(seq 1 150); do
        ETCDCTL_API=3 etcdctl --endpoints "$1" --command-timeout=2s put bench-ready yes >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    die "no answer from $1"
}

start_postgres() {
    local dir pgport
    dir="$(mktemp -d "$WORK/tmp/pg.XXXXXX")"
    free_port pgport
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_postgres "$PGBIN/initdb" -D "$dir/data" -A trust -U postgres >"$RUN_DIR/initdb.log" 2>&1
    as_postgres "$PGBIN/postgres" -D "$dir/data" -p "$pgport" -k "$dir" -c listen_addresses=127.0.0.1 \
        >"$RUN_DIR/postgres-$pgport.log" 2>&1 &
    PG_PID=$!
    local i
    for i in $(seq 1 100); do [ -s "$dir/data/postmaster.pid" ] && break; sleep 0.1; done
    PG_MAIN="$(head -1 "$dir/data/postmaster.pid" 2>/dev/null)" || die "PostgreSQL did not start (log: $RUN_DIR/postgres-$pgport.log)"
    PG_URL="postgres://postgres@127.0.0.1:$pgport/postgres?sslmode=disable"
}

start_target() { # target
    local t=$1 cport mport data n count=1
    ENDPOINTS=""
    case "$t" in
        etcd)
            local pport; free_port cport; free_port pport; free_port mport
            data="$(mktemp -d "$WORK/tmp/etcd.XXXXXX")"
            etcd --name bench --data-dir "$data" --listen-client-urls "http://127.0.0.1:$cport" \
                --advertise-client-urls "http://127.0.0.1:$cport" --listen-peer-urls "http://127.0.0.1:$pport" \
                --initial-advertise-peer-urls "http://127.0.0.1:$pport" --initial-cluster "bench=http://127.0.0.1:$pport" \
                --listen-metrics-urls "http://127.0.0.1:$mport" >"$RUN_DIR/etcd.log" 2>&1 &
            SERVER_PIDS+=($!); ENDPOINTS="127.0.0.1:$cport" ;;
        brain|pg1|pg3)
            [ "$t" = pg3 ] && count=3
            [ "$t" = brain ] || start_postgres
            for n in $(seq 1 "$count"); do
                free_port cport; free_port mport
                data="$(mktemp -d "$WORK/tmp/$t.XXXXXX")"
                local backend=()
                [ "$t" = brain ] || backend=(--backend "$PG_URL")
                "$WHARF_BIN" brain --name "$t-$n" --data-dir "$data" --listen-client-urls "http://127.0.0.1:$cport" \
                    --advertise-client-urls "http://127.0.0.1:$cport" --listen-metrics-urls "http://127.0.0.1:$mport" \
                    "${backend[@]}" ${WHARF_BRAIN_FLAGS:-} --log-level warning >"$RUN_DIR/$t-$n.log" 2>&1 &
                SERVER_PIDS+=($!); ENDPOINTS+="${ENDPOINTS:+,}127.0.0.1:$cport"
            done ;;
    esac
    wait_ready "$ENDPOINTS"
}

RESULTS="$RUN_DIR/results.tsv"
: > "$RESULTS"
run() { # target scenario clients -- benchmark args (RUN_TOTAL: operations the row counts, default TOTAL)
    local t=$1 scen=$2 c=$3 n=${RUN_TOTAL:-$TOTAL} out before_s before_p after_s after_p rps p50 p99 p999 errs conns
    shift 4
    conns=$c; [ "$conns" -gt 16 ] && conns=16
    out="$RUN_DIR/$t-$scen-c$c.txt"
    before_s=$(ticks "${SERVER_PIDS[@]}"); before_p=$(ticks $(postgres_pids))
    timeout --kill-after=10 600 "$BENCH" --endpoints "$ENDPOINTS" --precise --clients "$c" --conns "$conns" "$@" \
        >"$out" 2>"$out.stderr" || log "  $t $scen c=$c: benchmark exited with $?"
    after_s=$(ticks "${SERVER_PIDS[@]}"); after_p=$(ticks $(postgres_pids))
    read -r rps p50 p99 p999 errs < <(parse_report "$out")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$scen" "$c" "$rps" "$p50" "$p99" "$errs" \
        "$(awk -v d=$((after_s - before_s)) -v hz="$HZ" -v n="$n" 'BEGIN { printf "%.2f", d / hz * 10000 / n }')" \
        "$(awk -v d=$((after_p - before_p)) -v hz="$HZ" -v n="$n" -v t="$t" 'BEGIN { if (t ~ /^pg/) printf "%.2f", d / hz * 10000 / n; else printf "-" }')" \
        >> "$RESULTS"
    log "  $t $scen c=$c: ops/s=$rps p99=${p99}s errors=$errs"
}

START=$(date +%s)
for t in "${TARGETS[@]}"; do
    log "$t: starting"
    start_target "$t"
    for c in "${CLIENTS[@]}"; do
        wants put && run "$t" put "$c" -- put --key-size 8 --val-size 256 --key-space-size 100000 --total "$TOTAL"
        wants txn-put && run "$t" txn-put "$c" -- txn-put --key-size 8 --val-size 256 --key-space-size 100000 --total "$TOTAL"
        wants range && run "$t" range "$c" -- range bench-ready --consistency l --total "$TOTAL"
        # One writer puts 1,000 keys/s for a fifth of TOTAL puts; each client watches them all, so
        # a row counts TOTAL/5 x clients events (the ops/s and CPU columns are per event).
        wants watch && RUN_TOTAL=$(( TOTAL / 5 * c )) run "$t" watch "$c" -- watch-latency --put-rate 1000 --total "$(( TOTAL / 5 ))" --key-size 8 --val-size 256
    done
    cleanup
done
ELAPSED=$(( $(date +%s) - START ))

SECTION="$RUN_DIR/section.md"
{
    echo "### brain on PostgreSQL, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Command: \`$ORIG_CMD\` ($(nproc) cores, $(git -C "$ROOT" rev-parse --short HEAD), ${ELAPSED} s;"
    echo "etcd $(etcd --version 2>/dev/null | awk '/etcd Version/ {print $3}'), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'),"
    echo "release build; benchmark client on the same cores). CPU is the servers' user+system seconds per 10,000"
    echo "requests: etcd's or brain's processes, and PostgreSQL's (postmaster and backends) separately. watch rows:"
    echo "one writer puts 1,000 keys/s, every client watches them; ops/s, latency (put to event) and CPU are per event."
    echo
    echo "| target | scenario | clients | ops/s | p50 ms | p99 ms | errors | server CPU s/10k | PostgreSQL CPU s/10k |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '
        function ms(s) { return s == "-" ? "-" : sprintf("%.1f", s * 1000) }
        { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, ($4 == "-" ? "-" : sprintf("%.0f", $4)), ms($5), ms($6), $7, $8, $9 }
    ' "$RESULTS"
    echo
} > "$SECTION"
MARKER='<!-- postgres-bench-results: scripts/bench/postgres.sh inserts new runs below this line, newest first -->'
if [ "$DOC" = "-" ]; then cat "$SECTION"; else
    insert_section "$DOC" "$MARKER" "brain on PostgreSQL results" "$SECTION"
    log "results inserted into ${DOC#"$ROOT"/}"
fi
log "done in ${ELAPSED} s; raw output in $RUN_DIR"
