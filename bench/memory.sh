#!/usr/bin/env bash
# Does memory come back? Starts the Release app on a temporary database, records the working set after start-up
# (one warm-up analysis), runs BATCHES batches of ROWS rows back to back (1-3 sentences per row of 5-25 words, one in
# ten of 5-70, so the model sees every padded shape up to its 64-token limit), then idles IDLE seconds and reads /health every 5 s.
# Prints the figures from /health (workingSetMb, gcHeapMb) and the process's VmRSS/VmHWM; the last line is
#   memory start_mb=N after_batches_mb=N peak_mb=N idle_mb=N delta_mb=N health=Healthy|Degraded
# Target (issue 16): delta_mb <= 60 and health=Healthy after three 3,000-row batches and 60 s idle.
# Usage: bench/memory.sh [rows=3000] [batches=3] [idle_s=60] [port=5198]   (env: APP_ENV="K=V ..." extra app settings;
#        batches=0 prints the start figure only)
set -euo pipefail
ROWS=${1:-3000}; BATCHES=${2:-3}; IDLE=${3:-60}; PORT=${4:-5198}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
. "$ROOT/bench/built.sh"; app_and_cli "$TMP"   # BIASAPP_BUILT=DIR reuses an earlier build
export ConnectionStrings__Default="Data Source=$TMP/bench.db"
python3 - "$ROWS" > "$TMP/rows.jsonl" <<'PY'
import json, random, sys
random.seed(5)
subjects = ["Women", "Old people", "Teachers", "Engineers", "Nurses", "Farmers", "Students", "Lawyers", "Immigrants", "Muslims"]
words = ("the a of to and in that is was for on with as by at from this have not but they are their more some "
         "city report week meeting people morning council plan school river market train result team project road "
         "always never often usually quickly slowly carefully again together later early new old small large local").split()
def sentence(n):
    return random.choice(subjects) + " " + " ".join(random.choice(words) for _ in range(n - 1)) + "."
for i in range(int(sys.argv[1])):
    # Mostly short sentences, one in ten long enough to be cut at the model's 64 tokens (the largest shape).
    text = " ".join(sentence(random.randint(5, 70) if random.random() < 0.1 else random.randint(5, 25))
                    for _ in range(random.randint(1, 3)))
    print(json.dumps({"text": text, "group": subjects[i % len(subjects)]}))
PY
cd "$TMP/app"
export ConnectionStrings__Default="Data Source=$TMP/bench.db"
env Usage__DailyQuota=1000000 Usage__RequestsPerMinute=1000000 Usage__RequestsPerHour=1000000 Batches__MaxRows=100000 \
  ASPNETCORE_URLS="http://127.0.0.1:$PORT" Logging__LogLevel__Default=Warning ${APP_ENV:-} \
  dotnet BiasApp.dll > "$TMP/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.5; done
KEY=$(dotnet "$TMP/cli/biasapp-cli.dll" keys create --email bench@example.test --admin | tail -n 1)
H="X-API-Key: $KEY"
curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/analyze" -H "$H" -H 'Content-Type: application/json' -d '{"text":"Warm up the model once."}' > /dev/null
sleep 25  # past the idle trimmer's first trim (Memory:IdleSeconds 10, 2 s ticks, the trim itself): the settled post-start figure
health() { curl -s "http://127.0.0.1:$PORT/health" | python3 -c 'import json,sys; h=json.load(sys.stdin); print(h["status"], round(h["workingSetMb"]), round(h["gcHeapMb"]))'; }
rss() { awk '/VmRSS/ {printf "%d", $2/1024}' /proc/$APP/status; }
read -r _ START_MB START_GC < <(health)
echo "start working_set_mb=$START_MB gc_heap_mb=$START_GC vmrss_mb=$(rss)"
if ((BATCHES == 0)); then echo "memory start_mb=$START_MB"; exit 0; fi
PEAK=$START_MB
for b in $(seq 1 "$BATCHES"); do
  T0=$(date +%s.%N)
  ID=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/batches" -H "$H" -H 'Content-Type: application/x-ndjson' --data-binary @"$TMP/rows.jsonl" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while :; do
    S=$(curl -sf -H "$H" "http://127.0.0.1:$PORT/api/v1/batches/$ID" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
    R=$(rss); [ "$R" -gt "$PEAK" ] && PEAK=$R
    [ "$S" = queued ] || [ "$S" = running ] || break
    sleep 0.5
  done
  read -r _ WS GCH < <(health)
  echo "batch $b status=$S rows=$ROWS wall_s=$(python3 -c "print(round($(date +%s.%N) - $T0, 1))") working_set_mb=$WS gc_heap_mb=$GCH"
done
AFTER=$(rss)
read -r ST WS _ < <(health)
for t in $(seq 5 5 "$IDLE"); do
  sleep 5
  read -r ST WS GCH < <(health)
  echo "idle ${t}s working_set_mb=$WS gc_heap_mb=$GCH health=$ST"
done
HWM=$(awk '/VmHWM/ {printf "%d", $2/1024}' /proc/$APP/status)
[ "$HWM" -gt "$PEAK" ] && PEAK=$HWM
echo "memory start_mb=$START_MB after_batches_mb=$AFTER peak_mb=$PEAK idle_mb=$WS delta_mb=$((WS - START_MB)) health=$ST"
