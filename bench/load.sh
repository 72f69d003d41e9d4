#!/usr/bin/env bash
# One command: publish the app (Release) to a temp folder, start it on loopback with a temp data folder, drive
# /api/v1/analyze at 1, 4 and 16 clients, print latency/throughput/RSS, then batched sentences/s per session setting.
# Env: PORT (5099; /metrics on PORT+1), DURATION seconds per level (20), CLIENTS (1,4,16), EXPLAIN_SHARE (0.2), SESSIONS=0 to skip the
# ONNX session table. The script creates an admin key with the CLI (`keys create`) against the temp database and sends
# it as X-API-Key; per-user rate limits and quotas are raised for the run (this measures the server, not the quotas). Extra server settings pass through as env, e.g.
# DOTNET_gcServer=1 or Inference__MaxConcurrency=1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$tmp"; }
trap cleanup EXIT

dotnet publish "$root/src/BiasApp" -c Release -o "$tmp/app" --nologo -v q >/dev/null
dotnet build "$root/bench/BiasApp.Bench" -c Release -o "$tmp/bench" --nologo -v q >/dev/null
dotnet publish "$root/src/BiasApp.Cli" -c Release -o "$tmp/cli" --nologo -v q >/dev/null
mkdir -p "$tmp/run/data"
port=${PORT:-5099}
metrics_port=$((port + 1))
export ConnectionStrings__Default="Data Source=$tmp/run/data/biasapp.db"
(cd "$tmp/run" && ASPNETCORE_URLS="http://127.0.0.1:$port" Metrics__Port="$metrics_port" ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning Usage__RequestsPerMinute=1000000 Usage__RequestsPerHour=1000000 \
  Usage__DailyQuota=1000000 Usage__DailyExplanationQuota=1000000 \
  exec "$tmp/app/BiasApp" >"$tmp/server.log" 2>&1) &
pid=$!

for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
BIASAPP_API_KEY=$("$tmp/cli/biasapp-cli" keys create --email bench@example.test --admin | tail -n 1)
export BIASAPP_API_KEY
echo "# machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.1f GB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
dotnet "$tmp/bench/BiasApp.Bench.dll" load --pid "$pid" --url "http://127.0.0.1:$port" --metrics-url "http://127.0.0.1:$metrics_port" \
  --clients "${CLIENTS:-1,4,16}" --duration "${DURATION:-20}" --explain-share "${EXPLAIN_SHARE:-0.2}"
if grep -q -E "fail|Exception" "$tmp/server.log"; then echo "# server log:"; grep -E "fail|Exception" "$tmp/server.log" | head -5; fi
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

if [ "${SESSIONS:-1}" != "0" ]; then
  echo "# batched classification, one process per ONNX Runtime session setting (64-sentence documents)"
  model="$tmp/app/models/stereotype-minilm"
  for cfg in "--threads 0 --concurrency 1" "--threads 0 --concurrency 2" "--threads 1 --concurrency 2" \
             "--threads 0 --concurrency 2 --spin true" "--threads 1 --concurrency 2 --spin true" \
             "--threads 0 --concurrency 2 --arena false" "--threads 0 --concurrency 2 --opt ORT_ENABLE_BASIC" \
             "--threads 0 --concurrency 2 --opt ORT_DISABLE_ALL"; do
    # shellcheck disable=SC2086
    dotnet "$tmp/bench/BiasApp.Bench.dll" session --model "$model" $cfg --seconds "${SESSION_SECONDS:-6}"
  done
fi
