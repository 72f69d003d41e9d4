#!/usr/bin/env bash
# Scores the 180 hand-labelled rows of the 12 LLMs' outputs (docs/audit/llm-outputs-3.0.0.csv: row numbers and the
# annotation guide's kinds, no texts) with a model and prints how its flags and kinds compare with the guide's:
# per sample (rows model 3.0.0 flagged, rows it did not), then weighted by each sample's share of the 12,600 rows.
# Usage: bench/llm-audit.sh [model folder=models/stereotype-minilm] [csv=../shared/data/llm-outputs/llm_outputs.csv]
# The texts are read from the shared CSV by path and never copied into the repository.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODEL=$(realpath "${1:-$ROOT/models/stereotype-minilm}")
CSV=${2:-$ROOT/../shared/data/llm-outputs/llm_outputs.csv}
[[ -f $CSV ]] || { echo "No CSV at $CSV" >&2; exit 1; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
. "$ROOT/bench/built.sh"; cli "$TMP"   # BIASAPP_BUILT=DIR reuses an earlier build
/usr/bin/python3 "$ROOT/bench/llm_audit.py" join "$ROOT/docs/audit/llm-outputs-3.0.0.csv" "$CSV" "$TMP/rows.csv"
dotnet "$TMP/cli/biasapp-cli.dll" evaluate --input "$TMP/rows.csv" --output "$TMP/scored.csv" --model "$MODEL" > "$TMP/evaluate.log"
grep '^model=' "$TMP/evaluate.log"
/usr/bin/python3 "$ROOT/bench/llm_audit.py" report "$TMP/scored.csv"
