#!/usr/bin/env bash
# Label agreement of a built model with the shipped one on dev.csv; exits 1 below 0.999:
#   training/check.sh BUILT [SHIPPED]       BUILT: a folder with model.onnx (+ vocab.txt, model.json) or a .onnx file;
#                                           SHIPPED defaults to models/stereotype-minilm
# Prints agreement=0.9993 (the share of dev rows with the same label, probability >= 0.5). Both graphs are scored
# by `biasapp-cli evaluate --output`, the app's own inference code, on their `logits` output; 3.0.0's kind heads
# do not take part. Writes only under training/work/check/.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILT=${1:?usage: training/check.sh BUILT_DIR_OR_ONNX [SHIPPED_DIR]}
SHIPPED=${2:-models/stereotype-minilm}
DATA=${DATA:-../shared/data/stereotype}
W=training/work/check
PY=/usr/bin/python3
mkdir -p $W
[ -f src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll ] || dotnet build src/BiasApp.Cli -c Release -v q -nologo
CLI="dotnet src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll"
if [ -f "$BUILT" ]; then   # a bare graph: give it the shipped vocab and a card
  mkdir -p $W/built && cp "$BUILT" $W/built/model.onnx && cp "$SHIPPED/vocab.txt" $W/built/
  $PY training/card.py $W/built/model.onnx $W/built/model.json "$SHIPPED/model.json"
  BUILT=$W/built
fi
$CLI evaluate --input "$DATA/dev.csv" --model "$BUILT" --output $W/built.csv > /dev/null
$CLI evaluate --input "$DATA/dev.csv" --model "$SHIPPED" --output $W/shipped.csv > /dev/null
$PY - $W/built.csv $W/shipped.csv <<'PY'
import csv, sys
a, b = ([r for r in csv.DictReader(open(p, encoding="utf-8"))] for p in sys.argv[1:3])
assert len(a) == len(b) and all(x["text"] == y["text"] for x, y in zip(a, b)), "scored files differ in rows"
same = sum(x["predicted"] == y["predicted"] for x, y in zip(a, b))
diff = max(abs(float(x["probability"]) - float(y["probability"])) for x, y in zip(a, b))
print(f"rows={len(a)} differing={len(a) - same} max_probability_diff={diff:.4f}")
print(f"agreement={same / len(a):.4f}")
sys.exit(0 if same >= 0.999 * len(a) else 1)
PY
