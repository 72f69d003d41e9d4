#!/usr/bin/env bash
# Batch throughput and memory: starts the Release app on a temporary database, posts N one-sentence texts
# (explanations off), polls until done, and prints wall time, rows/s and the app's RSS growth (VmRSS before/after).
# Usage: bench/batch.sh [rows=1000] [port=5199]
set -euo pipefail
ROWS=${1:-1000}; PORT=${2:-5199}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
. "$ROOT/bench/built.sh"; app_and_cli "$TMP"   # BIASAPP_BUILT=DIR reuses an earlier build
export ConnectionStrings__Default="Data Source=$TMP/bench.db"
python3 - "$ROWS" > "$TMP/rows.jsonl" <<'PY'
import json, sys
subjects = ["Women", "Old people", "Teachers", "Engineers", "Nurses", "Farmers", "Students", "Lawyers"]
verbs = ["are always late to", "usually enjoy", "rarely understand", "often talk about", "never forget"]
objects = ["the meeting", "new phones", "the weather", "football", "their work", "local politics"]
for i in range(int(sys.argv[1])):
    print(json.dumps({"text": f"{subjects[i % 8]} {verbs[i % 5]} {objects[i % 6]} on day {i}.", "group": subjects[i % 8]}))
PY
cd "$TMP/app"
Usage__DailyQuota=1000000 Usage__RequestsPerMinute=1000000 Usage__RequestsPerHour=1000000 ASPNETCORE_URLS="http://127.0.0.1:$PORT" Logging__LogLevel__Default=Warning \
  dotnet BiasApp.dll > "$TMP/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; curl -sf "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break; sleep 0.5; done
# The API needs a key: create one with the CLI on the same database (the app has applied its migrations by now).
KEY=$(dotnet "$TMP/cli/biasapp-cli.dll" keys create --email bench@example.test --admin | tail -n 1)
H="X-API-Key: $KEY"
# Warm the model once so the figure is the batch, not the first inference.
curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/analyze" -H "$H" -H 'Content-Type: application/json' -d '{"text":"Warm up."}' > /dev/null
rss() { awk '/VmRSS/ {print $2}' /proc/$APP/status; }
RSS0=$(rss)
START=$(date +%s.%N)
ID=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/batches" -H "$H" -H 'Content-Type: application/x-ndjson' --data-binary @"$TMP/rows.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
PEAK=$RSS0
while :; do
  S=$(curl -sf -H "$H" "http://127.0.0.1:$PORT/api/v1/batches/$ID" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  R=$(rss); [ "$R" -gt "$PEAK" ] && PEAK=$R
  [ "$S" = queued ] || [ "$S" = running ] || break
  sleep 0.2
done
END=$(date +%s.%N)
RSS1=$(rss)
LINES=$(curl -sf -H "$H" "http://127.0.0.1:$PORT/api/v1/batches/$ID/results" | wc -l)
python3 - <<PY
wall = $END - $START
print(f"status=$S rows=$ROWS results=$LINES wall_s={wall:.2f} rows_per_s={$ROWS / wall:.1f} cores=$(nproc) load1=$(cut -d' ' -f1 /proc/loadavg)")
print(f"rss_mb_before={$RSS0/1024:.0f} rss_mb_peak={$PEAK/1024:.0f} rss_mb_after={$RSS1/1024:.0f} growth_peak_mb={($PEAK-$RSS0)/1024:.0f}")
PY
