#!/usr/bin/env bash
# Soak: the real app collecting the Demo headless for many simulated days on
# one fresh database, with resident memory, database size and censuses
# sampled as it goes, then a check that no census it reported stored is
# missing from the file.
#
#   tests/bench/soak.sh build/bench/app/streamrank [SIM_DAYS] [SPEED] [SAMPLE_S]
#
# Defaults: 30 simulated days at --demo-speed 3600 (one simulated hour a real
# second: 12 real minutes), a sample every 30 s. Prints one row per sample:
# real seconds, simulated days so far, VmRSS MB, database + WAL MB, censuses
# stored.
#
# Retention is on with the file's options: the defaults (raw samples 30 days,
# 5-minute rollups 90, hourly 365), or SOAK_RETENTION="RAW FIVE HOUR" (days)
# written to the new file before collection starts, so that a soak shorter
# than 30 days reaches the point where the size levels off. Retention deletes
# samples, never the census rows, so every census reported is still checked.
# Needs the sqlite3 command-line shell.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 PATH/TO/streamrank [SIM_DAYS] [SPEED] [SAMPLE_S]" >&2
    exit 2
fi
APP=$(readlink -f "$1")
SIM_DAYS=${2:-30}
SPEED=${3:-3600}
SAMPLE_S=${4:-30}
command -v sqlite3 >/dev/null || { echo "needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 2; }
DURATION=$(awk -v d="$SIM_DAYS" -v s="$SPEED" 'BEGIN { printf "%d", d * 86400 / s + 0.999 }')

WORK=$(mktemp -d "${TMPDIR:-/tmp}/streamrank-soak.XXXXXX")
PID=""
cleanup() {
    if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill "$PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

DB="$WORK/soak.sqlite"
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
mb() { awk -v b="${1:-0}" -v d="$2" 'BEGIN { printf "%.1f", b / d }'; }
file_bytes() { stat -c %s "$DB" "$DB-wal" 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }

echo "== soak: $SIM_DAYS simulated days at ${SPEED}x ($DURATION s), $(nproc) CPUs, $(uname -r) =="
echo "app: $APP"
if [ -n "${SOAK_RETENTION:-}" ]; then
    read -r RAW FIVE HOUR <<<"$SOAK_RETENTION"
    for d in "$RAW" "$FIVE" "$HOUR"; do
        case "$d" in ''|*[!0-9]*) echo "SOAK_RETENTION needs three whole numbers of days" >&2; exit 2 ;; esac
    done
    # The app creates the file (schema, migrations); its censuses count too.
    "$APP" --headless --demo-speed "$SPEED" --duration 1 --database "$DB" \
        >"$WORK/out.txt" 2>"$WORK/err.txt"
    sqlite3 "$DB" "INSERT OR REPLACE INTO storage_options (key, value) VALUES
        ('raw_days', $RAW), ('rollup_5m_days', $FIVE), ('rollup_1h_days', $HOUR)"
    echo "retention: raw $RAW days, 5-minute rollups $FIVE, hourly $HOUR"
else
    echo "retention: the defaults (raw 30 days, 5-minute rollups 90, hourly 365)"
fi
"$APP" --headless --demo-speed "$SPEED" --duration "$DURATION" --database "$DB" \
    >>"$WORK/out.txt" 2>>"$WORK/err.txt" &
PID=$!
START=$(date +%s)
printf '%8s %10s %10s %10s %10s\n' "real s" "sim days" "VmRSS MB" "db MB" "censuses"
while kill -0 "$PID" 2>/dev/null; do
    sleep "$SAMPLE_S"
    kill -0 "$PID" 2>/dev/null || break
    rss=$(status_kb "$PID" VmRSS)
    elapsed=$(( $(date +%s) - START ))
    stored=$(grep -c '^census ' "$WORK/out.txt" || true)
    printf '%8d %10.2f %10s %10s %10d\n' "$elapsed" \
        "$(awk -v e="$elapsed" -v s="$SPEED" 'BEGIN { print e * s / 86400 }')" \
        "$(mb "$rss" 1024)" "$(mb "$(file_bytes)" 1048576)" "$stored"
done
wait "$PID" && rc=0 || rc=$?
PID=""
echo "exit code $rc; $(tail -1 "$WORK/out.txt")"
grep -m3 'skipping censuses' "$WORK/err.txt" || true

# Every census it printed as stored is in the file, with its numbers.
grep '^census ' "$WORK/out.txt" | awk '{ t = $2; sub(/Z$/, "", t); n = $4; v = $6;
    printf "%s|%s|%s\n", t, n, v }' | sort >"$WORK/reported.txt"
sqlite3 "$DB" "SELECT strftime('%Y-%m-%dT%H:%M:%S', taken_at / 1000, 'unixepoch'), stream_count,
    total_viewers FROM censuses ORDER BY 1" | sort >"$WORK/stored.txt"
missing=$(comm -23 "$WORK/reported.txt" "$WORK/stored.txt" | wc -l)
echo "censuses reported stored: $(wc -l <"$WORK/reported.txt"); in the file: $(wc -l <"$WORK/stored.txt"); reported but missing or different: $missing"
echo "integrity: $(sqlite3 "$DB" 'PRAGMA quick_check')"
# Where the bytes are, by table and index (SQLite's dbstat, where built in).
sqlite3 "$DB" "SELECT name || ' ' || printf('%.1f', SUM(pgsize) / 1048576.0) || ' MB'
    FROM dbstat GROUP BY name ORDER BY SUM(pgsize) DESC LIMIT 12" 2>/dev/null |
    paste -sd ';' | sed 's/;/; /g; s/^/by table: /' || true
[ "$missing" -eq 0 ] && [ "$rc" -eq 0 ]
