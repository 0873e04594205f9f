#!/usr/bin/env bash
# Resident memory of the real app after the Demo has run 10 simulated hours.
#
#   tests/bench/memory.sh build/bench/app/streamrank [SIM_HOURS] [SPEED]
#
# Runs the app twice on a fresh database each time: with its window (under
# xvfb-run, or QT_QPA_PLATFORM=offscreen when MEMORY_PLATFORM=offscreen or
# xvfb-run is missing), then --headless. Both run --demo --demo-speed SPEED
# (default 3600: one simulated hour per real second). On a first start the
# Demo backfills 3 simulated hours, then runs live from the start time. The
# script waits until the database holds a census SIM_HOURS (default 10)
# simulated hours after the start, i.e. every census up to then has been
# collected, ranked and stored, then reads VmRSS and VmHWM from
# /proc/PID/status, kills the app (by its pid) and prints the figures.
# Needs the sqlite3 command-line shell to watch the database.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 PATH/TO/streamrank [SIM_HOURS] [SPEED]" >&2
    exit 2
fi
APP=$(readlink -f "$1")
SIM_HOURS=${2:-10}
SPEED=${3:-3600}
TIMEOUT_S=${MEMORY_TIMEOUT_S:-180}
command -v sqlite3 >/dev/null || { echo "needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/streamrank-memory.XXXXXX")
APP_PID=""
LAUNCHER_PID=""
cleanup() {
    if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID" 2>/dev/null || true; fi
    if [ -n "$LAUNCHER_PID" ]; then wait "$LAUNCHER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
mb() { awk -v kb="${1:-0}" 'BEGIN { printf "%.1f", kb / 1024 }'; }
query() { sqlite3 -readonly "$1" "$2" 2>/dev/null || true; }

# run MODE: prints one result line and a line of RSS samples, one per second.
run() {
    local mode=$1
    local db="$WORK/$mode.sqlite"
    local log="$WORK/$mode.log"
    local pidfile="$WORK/$mode.pid"
    rm -f "$pidfile"
    local args=(--demo --demo-speed "$SPEED" --database "$db")
    # The launcher writes the app's own pid, then becomes the app (exec), so
    # that exact process is sampled and killed, never anything by name.
    local launch=(sh -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$APP")
    local start_ms
    start_ms=$(now_ms)
    case $mode in
    window)
        if [ "${MEMORY_PLATFORM:-xvfb}" != offscreen ] && command -v xvfb-run >/dev/null; then
            xvfb-run -a -s "-screen 0 1600x1000x24" "${launch[@]}" "${args[@]}" >"$log" 2>&1 &
            PLATFORM_NOTE="xvfb-run (xcb)"
        else
            QT_QPA_PLATFORM=offscreen "${launch[@]}" "${args[@]}" >"$log" 2>&1 &
            PLATFORM_NOTE="QT_QPA_PLATFORM=offscreen"
        fi
        ;;
    headless)
        "${launch[@]}" --headless "${args[@]}" --duration "$TIMEOUT_S" >"$log" 2>&1 &
        PLATFORM_NOTE="no display"
        ;;
    esac
    LAUNCHER_PID=$!
    for _ in $(seq 100); do [ -s "$pidfile" ] && break; sleep 0.05; done
    APP_PID=$(cat "$pidfile")

    # The Demo clock starts at the wall-clock time of start-up (a little
    # after start_ms), so SIM_HOURS after it is reached at a census stamped
    # start_ms + SIM_HOURS h or later (one 2-minute census grid step of slack).
    local goal=$((start_ms + SIM_HOURS * 3600 * 1000))
    local samples="" last=0 reached=0 t0 next_sample
    t0=$(now_ms)
    next_sample=$t0
    while kill -0 "$APP_PID" 2>/dev/null; do
        if [ "$(now_ms)" -ge "$next_sample" ]; then
            samples+=" $(mb "$(status_kb "$APP_PID" VmRSS)")"
            next_sample=$((next_sample + 1000))
        fi
        last=$(query "$db" "SELECT COALESCE(MAX(taken_at), 0) FROM censuses")
        if [ -n "$last" ] && [ "$last" -ge "$goal" ]; then reached=1; break; fi
        if [ $(($(now_ms) - t0)) -ge $((TIMEOUT_S * 1000)) ]; then break; fi
        sleep 0.1
    done
    local wall_ms=$(($(now_ms) - start_ms))
    local rss hwm threads
    rss=$(status_kb "$APP_PID" VmRSS)
    hwm=$(status_kb "$APP_PID" VmHWM)
    threads=$(status_kb "$APP_PID" Threads)
    if ! kill -0 "$APP_PID" 2>/dev/null; then
        echo "$mode: the app exited early; its log:" >&2
        cat "$log" >&2
        exit 1
    fi
    kill "$APP_PID"
    wait "$LAUNCHER_PID" 2>/dev/null || true
    APP_PID=""
    LAUNCHER_PID=""

    local censuses first_ms streams bytes
    censuses=$(query "$db" "SELECT COUNT(*) FROM censuses")
    first_ms=$(query "$db" "SELECT MIN(taken_at) FROM censuses")
    streams=$(query "$db" "SELECT stream_count FROM censuses ORDER BY taken_at DESC LIMIT 1")
    bytes=$(($(stat -c %s "$db" 2>/dev/null || echo 0) + $(stat -c %s "$db-wal" 2>/dev/null || echo 0)))
    local stored_hours live_hours
    stored_hours=$(awk -v a="${first_ms:-0}" -v b="$last" 'BEGIN { printf "%.1f", (b - a) / 3600000 }')
    live_hours=$(awk -v a="$start_ms" -v b="$last" 'BEGIN { printf "%.1f", (b - a) / 3600000 }')
    printf '%-8s  %9s  %9s  %7s  %8s  %10s  %10s  %8s  %7s  %s\n' "$mode" "$(mb "$rss")" \
        "$(mb "$hwm")" "$threads" "$censuses" "$stored_hours" "$live_hours" "$streams" \
        "$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1048576 }')" \
        "$(awk -v w="$wall_ms" 'BEGIN { printf "%.1f", w / 1000 }')"
    RSS_SERIES+=("$mode ($PLATFORM_NOTE), VmRSS MB once a second:$samples")
    if [ "$reached" != 1 ]; then
        NOTES+=("$mode: did NOT reach $SIM_HOURS simulated live hours within ${TIMEOUT_S} s; figures taken at the timeout")
    fi
}

RSS_SERIES=()
NOTES=()
echo "== memory.sh: $APP, --demo-speed $SPEED, sampled once $SIM_HOURS simulated live hours are stored =="
echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s  %9s  %9s  %7s  %8s  %10s  %10s  %8s  %7s  %s\n' mode "VmRSS MB" "VmHWM MB" threads \
    censuses "stored h" "live h" streams "db MB" "wall s"
run window
run headless
for line in "${RSS_SERIES[@]}"; do echo "$line"; done
for line in "${NOTES[@]}"; do echo "NOTE: $line"; done
echo "(stored h: simulated hours in the database including the 3-hour backfill; live h: after start-up)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
