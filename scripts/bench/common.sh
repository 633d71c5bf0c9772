# Helpers shared by the benchmark scripts (sourced, not run): errors and progress on stderr, the
# command line as run, paths from it, free loopback ports, starting `wharf up`, stopping servers by
# PID.

# die MESSAGE: prints the error and exits 1.
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# log MESSAGE: a timestamped progress line on stderr (stdout may carry the results).
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# command_line NAME ARGS...: NAME and ARGS as one shell-quoted line, for the results' "Command".
command_line() {
    local line=$1 a
    shift
    for a in "$@"; do
        if [[ "$a" =~ ^[A-Za-z0-9_./,=:@%+-]+$ ]]; then line+=" $a"; else line+=" $(printf '%q' "$a")"; fi
    done
    printf '%s' "$line"
}

# resolve_paths: makes $DOC (unless "-") and $WHARF_BIN absolute, relative to $ORIG_PWD.
# WHARF_BIN defaults to $ROOT/.build/release/wharf; WHARF_BIN_SET says whether the caller set it.
resolve_paths() {
    if [ "$DOC" != "-" ]; then
        case "$DOC" in /*) ;; *) DOC="$ORIG_PWD/$DOC" ;; esac
    fi
    WHARF_BIN_SET="${WHARF_BIN:+1}"
    WHARF_BIN="${WHARF_BIN:-$ROOT/.build/release/wharf}"
    case "$WHARF_BIN" in /*) ;; *) WHARF_BIN="$ORIG_PWD/$WHARF_BIN" ;; esac
}

# ensure_release_build: builds the release wharf unless the caller named a binary; dies when
# $WHARF_BIN is not executable.
ensure_release_build() {
    if [ -z "$WHARF_BIN_SET" ]; then
        log "building wharf (swift build -c release --product wharf)"
        (cd "$ROOT" && swift build -c release --product wharf >&2)
    fi
    [ -x "$WHARF_BIN" ] || die "no wharf binary at $WHARF_BIN"
}

# start_wharf_up LOG: starts `$WHARF_BIN up` on free loopback ports with a fresh data dir under
# $WORK/tmp and waits (up to 30 s) until an admin GET of the default namespace answers 200.
# Sets SERVER_PID, DATA (the data dir, with pki/ and kubeconfig) and API_PORT.
start_wharf_up() {
    local log_file=$1 etcd_port metrics_port code=""
    free_port API_PORT; free_port etcd_port; free_port metrics_port
    mkdir -p "$WORK/tmp"
    DATA="$(mktemp -d "$WORK/tmp/wharf-up-data.XXXXXX")"
    "$WHARF_BIN" up --data-dir "$DATA" --etcd-port "$etcd_port" --apiserver-port "$API_PORT" \
        --listen-metrics-urls "http://127.0.0.1:$metrics_port" >"$log_file" 2>&1 &
    SERVER_PID=$!
    log "started wharf up pid $SERVER_PID on https://127.0.0.1:$API_PORT (data $DATA)"
    for _ in $(seq 1 300); do
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 20 "$log_file" >&2; die "wharf up exited"; }
        code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$DATA/pki/ca.crt" --cert "$DATA/pki/admin.crt" \
            --key "$DATA/pki/admin.key" "https://127.0.0.1:$API_PORT/api/v1/namespaces/default" 2>/dev/null || true)
        [ "$code" = 200 ] && return 0
        sleep 0.1
    done
    die "wharf up not ready after 30 s (log: $log_file)"
}

BENCH_USED_PORTS=" "

# free_port VAR: sets VAR to a 127.0.0.1 port nothing listens on and no earlier call handed out.
# (It sets a variable rather than printing, so the ports handed out are remembered: a command
# substitution would run it in a subshell and forget them.)
free_port() {
    local port i
    for i in $(seq 1 200); do
        # Below Linux's ephemeral range (32768+), so no outgoing connection holds the port.
        port=$(( 20000 + RANDOM % 12000 ))
        case "$BENCH_USED_PORTS" in *" $port "*) continue ;; esac
        if [ -z "$(ss -Htan "sport = :$port" 2>/dev/null)" ]; then
            BENCH_USED_PORTS+="$port "
            printf -v "$1" '%s' "$port"
            return 0
        fi
    done
    die "no free loopback port found"
}

# stop_pid PID NAME: SIGTERM, SIGKILL if still running 10 s later; then reaps it.
stop_pid() {
    local pid=$1 name=$2 i
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        if kill -0 "$pid" 2>/dev/null; then
            log "$name (pid $pid) did not stop in 10 s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}

# insert_section DOC MARKER HEADING SECTION_FILE: puts the section's lines right below MARKER in
# DOC (creating DOC, and MARKER under HEADING at its end, when missing), so runs read newest first.
insert_section() {
    local doc=$1 marker=$2 heading=$3 section=$4 tmp
    mkdir -p "$(dirname "$doc")"
    [ -f "$doc" ] || printf '# Benchmarks\n\n' > "$doc"
    if ! grep -qF -- "$marker" "$doc"; then printf '\n## %s\n\n%s\n' "$heading" "$marker" >> "$doc"; fi
    tmp="$(mktemp "$(dirname "$section")/doc.XXXXXX")"
    awk -v marker="$marker" -v section="$section" '
        { print }
        $0 == marker && !done { print ""; while ((getline line < section) > 0) print line; done = 1 }
    ' "$doc" > "$tmp"
    cat "$tmp" > "$doc"; rm -f "$tmp"
}

# parse_report FILE [SECTION]: a tools/benchmark report (optionally only the section after a
# header such as "Watch creation summary:") as: ops/s p50 p99 p99.9 (seconds) errors.
parse_report() {
    awk -v sec="${2:-}" '
        BEGIN { on = (sec == ""); rps = "-"; p50 = "-"; p99 = "-"; p999 = "-"; errs = 0 }
        /summary:[ \t]*$/ { on = (sec != "" && index($0, sec) == 1); inerr = 0; next }
        !on { next }
        /Requests\/sec:/ { rps = $2 }
        $1 == "50%"   && $2 == "in" { p50 = $3 }
        $1 == "99%"   && $2 == "in" { p99 = $3 }
        $1 == "99.9%" && $2 == "in" { p999 = $3 }
        /^Error distribution:/ { inerr = 1; next }
        inerr && $1 ~ /^\[[0-9]+\]$/ { gsub(/[][]/, "", $1); errs += $1 }
        END { print rps, p50, p99, p999, errs }
    ' "$1"
}
