#!/usr/bin/env bash
# A comparison audit end to end: starts the Release app on a temporary database, uploads a CSV as a batch compared by one
# column, waits until it is scored, and prints the rate per value with its Wilson 95% interval, the chi-square test and the
# pairs that differ after Holm's correction. The summary JSON is written to OUT (default: the temporary folder, removed).
# Usage: bench/compare.sh [csv=../shared/data/llm-outputs/llm_outputs.csv] [column=llm] [port=5198]
# The CSV is read by path and never copied into the repository.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CSV=${1:-$ROOT/../shared/data/llm-outputs/llm_outputs.csv}; COLUMN=${2:-llm}; PORT=${3:-5198}
[[ -f $CSV ]] || { echo "No CSV at $CSV" >&2; exit 1; }
TMP=$(mktemp -d)
. "$ROOT/bench/built.sh"; app_and_cli "$TMP"   # BIASAPP_BUILT=DIR reuses an earlier build
export ConnectionStrings__Default="Data Source=$TMP/compare.db"
cd "$TMP/app"
Batches__MaxRows=100000 Batches__MaxFileBytes=52428800 Usage__DailyQuota=1000000 Usage__RequestsPerMinute=1000000 Usage__RequestsPerHour=1000000 \
  ASPNETCORE_URLS="http://127.0.0.1:$PORT" Logging__LogLevel__Default=Warning dotnet BiasApp.dll > "$TMP/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
KEY=$(dotnet "$TMP/cli/biasapp-cli.dll" keys create --email compare@example.test --admin | tail -n 1)
H="X-API-Key: $KEY"
START=$(date +%s.%N)
ID=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/batches" -H "$H" -F "file=@$CSV;type=text/csv" -F "compareColumn=$COLUMN" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
while :; do
  S=$(curl -sf -H "$H" "http://127.0.0.1:$PORT/api/v1/batches/$ID" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  [ "$S" = queued ] || [ "$S" = running ] || break
  sleep 1
done
END=$(date +%s.%N)
curl -sf -H "$H" "http://127.0.0.1:$PORT/api/v1/batches/$ID" > "$TMP/status.json"
curl -sf -H "$H" "http://127.0.0.1:$PORT/api/v1/batches/$ID/summary" > "$TMP/summary.json"
[[ -n ${OUT:-} ]] && cp "$TMP/summary.json" "$OUT"
python3 - "$TMP/status.json" "$TMP/summary.json" "$START" "$END" <<'PY'
import json, sys
status, summary = (json.load(open(p)) for p in sys.argv[1:3])
wall = float(sys.argv[4]) - float(sys.argv[3])
print(f"status={status['status']} model={status['model']} threshold={status['threshold']} rows={status['rowsDone']} wall_s={wall:.0f}")
o = summary["overall"]
print(f"overall: {o['flagged']}/{o['rows']} = {o['rate']:.1%} (95% CI {o['lower']:.1%}-{o['upper']:.1%})")
print(f"| {summary['compareColumn']} | rows | flagged | rate | 95% CI (Wilson) |\n|---|---:|---:|---:|---|")
for c in sorted(summary["compare"], key=lambda c: -c["rate"]):
    print(f"| {c['value']} | {c['rows']:,} | {c['flagged']:,} | {c['rate']:.1%} | {c['ciLow']:.1%}–{c['ciHigh']:.1%} |")
t = summary["compareTest"]
print(f"chi-square = {t['chiSquare']:.1f}, df = {t['df']}, p = {t['pValue']:.3g}")
pairs = summary["comparePairs"]
sig = [p for p in pairs if p["significant"]]
print(f"pairs: {len(pairs)}, significant after Holm: {len(sig)}")
for p in sig:
    print(f"  {p['higher']} > {p['lower']} (p = {p['pHolm']:.3g}; difference {p['difference']:.1%})")
PY
