# Helpers shared by the benchmark scripts (sourced, not run): the command line as run, paths from
# it, free loopback ports, stopping servers by PID. The sourcing script defines `die` and `log`.

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
