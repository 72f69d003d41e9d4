#!/usr/bin/env bash
# Kill -9 under load, restart, and check nothing was lost. Builds the Release app, starts it on a temporary database,
# creates an admin key with the CLI, checks Kestrel's 413 on 10 MB bodies, drives WORKERS concurrent analyze loops for
# SECONDS, kill -9s the app halfway, restarts it, drives the same load again, then checks: PRAGMA integrity_check,
# usage totals vs the client's count of 200s (requests in flight at the kill may go either way: at most WORKERS),
# no 5xx, no unhandled exceptions in the logs, and RSS after the load vs the baseline. Prints one summary line.
# Usage: bench/reliability.sh [workers=4] [seconds=20] [port=5198]
set -euo pipefail
WORKERS=${1:-4}; SECONDS_PER_PHASE=${2:-20}; PORT=${3:-5198}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
URL="http://127.0.0.1:$PORT"
export ConnectionStrings__Default="Data Source=$TMP/reliability.db"
export Usage__RequestsPerMinute=1000000 Usage__RequestsPerHour=1000000 Usage__DailyQuota=1000000
APP=""
cleanup() { [ -n "$APP" ] && kill "$APP" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

dotnet build -c Release "$ROOT/src/BiasApp" -o "$TMP/app" -v q -nologo > "$TMP/build.log"
start_app() {
  (cd "$TMP/app" && ASPNETCORE_URLS="$URL" Logging__LogLevel__Default=Warning exec dotnet BiasApp.dll >> "$TMP/app-$1.log" 2>&1) &
  APP=$!
  for _ in $(seq 1 240); do curl -sf "$URL/health" > /dev/null 2>&1 && return 0; sleep 0.5; done
  echo "app did not start" >&2; cat "$TMP/app-$1.log" >&2; exit 1
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$(pgrep -P "$APP" -f BiasApp.dll || echo "$APP")/status" 2>/dev/null || echo 0; }

start_app 1
KEY=$(dotnet run --project "$ROOT/src/BiasApp.Cli" -c Release -- keys create --email bench-admin@example.test --admin 2>/dev/null | tail -1)
H=(-H "X-API-Key: $KEY")
curl -sf "${H[@]}" -X POST "$URL/api/v1/analyze" -H 'Content-Type: application/json' -d '{"text":"Warm up."}' > /dev/null
RSS0=$(rss_mb)

# Hostile bodies against the real server (the in-memory test server has no size limits).
python3 -c 'import json; print(json.dumps({"text": "a" * (10 << 20)}))' > "$TMP/big.json"
head -c $((10 << 20)) /dev/zero | tr '\0' 'a' | fold -w 1000 > "$TMP/big.txt"
BIG_ANALYZE=$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" -X POST "$URL/api/v1/analyze" -H 'Content-Type: application/json' --data-binary @"$TMP/big.json")
BIG_BATCH=$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" -X POST "$URL/api/v1/batches" -H 'Content-Type: text/plain' --data-binary @"$TMP/big.txt")

WORKER_PIDS=()
load() { # phase: each worker posts analyses until the deadline, one status code per line
  local end=$((SECONDS + SECONDS_PER_PHASE))
  WORKER_PIDS=()
  for w in $(seq 1 "$WORKERS"); do
    (while [ $SECONDS -lt $end ]; do
       curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 "${H[@]}" -X POST "$URL/api/v1/analyze" -H 'Content-Type: application/json' \
         -d "{\"text\":\"All nurses are women. Worker $w wrote this at $SECONDS. <b>x</b>'; DROP TABLE Users;--\"}" || true
     done > "$TMP/codes-$1-$w.txt") &
    WORKER_PIDS+=($!)
  done
}

load 1
sleep $((SECONDS_PER_PHASE / 2))
kill -9 "$APP"; wait "$APP" 2>/dev/null || true
KILLED_AT=$SECONDS
# Only the load workers: the restarted app is a background job too.
wait_workers() { for p in "${WORKER_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; }
wait_workers
start_app 2
INTEGRITY=$(sqlite3 "$TMP/reliability.db" 'PRAGMA integrity_check;' 2>&1 | head -1)
load 2
wait_workers
sleep 2
RSS1=$(rss_mb)

count() { cat "$TMP"/codes-$1-*.txt 2>/dev/null | grep -c "^$2" || true; }
OK=$(( $(count 1 200) + $(count 2 200) ))
FIVEXX=$(( $(count 1 5) + $(count 2 5) ))
REFUSED=$(count 1 000)
TOTAL=$(cat "$TMP"/codes-*.txt | wc -l)
COUNTED=$(curl -sf "${H[@]}" "$URL/api/v1/admin/usage" | python3 -c 'import json,sys; t=json.load(sys.stdin)["totals"]; print(t["requests"])')
# The warm-up is counted too.
COUNTED=$((COUNTED - 1))
UNHANDLED=$(cat "$TMP"/app-*.log | grep -ciE 'unhandled|fail:|crit:' || true)
AFTER_INTEGRITY=$(kill "$APP"; wait "$APP" 2>/dev/null; sqlite3 "$TMP/reliability.db" 'PRAGMA integrity_check;' 2>&1 | head -1)
APP=""
echo "workers=$WORKERS phase_s=$SECONDS_PER_PHASE requests=$TOTAL ok_200=$OK counted=$COUNTED lost=$((OK - COUNTED > 0 ? OK - COUNTED : 0)) extra_counted=$((COUNTED - OK > 0 ? COUNTED - OK : 0)) (bound: in flight at kill <= $WORKERS) refused_while_down=$REFUSED 5xx=$FIVEXX unhandled_log_lines=$UNHANDLED integrity_after_kill=$INTEGRITY integrity_at_end=$AFTER_INTEGRITY big_analyze=$BIG_ANALYZE big_batch=$BIG_BATCH rss_mb_baseline=$RSS0 rss_mb_after=$RSS1 cores=$(nproc) load1=$(cut -d' ' -f1 /proc/loadavg)"
