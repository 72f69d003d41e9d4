#!/usr/bin/env bash
# Rebuilds model 3.0.0 (2.2.0 + sentence-kind heads) into training/work/model3/model from a fresh checkout:
#   training/setup.sh && training/kinds/build.sh [DATA_ROOT]      DATA_ROOT defaults to ../shared/data
# Steps: build the CLI; add the `embedding` output to the shipped graph; generate the templated rows; assemble every
# row (templated, hand-written, contrast_kinds.csv, variants.csv, weak labels on the shared benchmark and robustness
# files); embed them all with `biasapp-cli embed` (the int8 graph the app runs); fit the heads and choose the kind
# rule (fit.py); write model.onnx + model.json (build_model.py); check the new graph's head outputs against numpy.
# Nothing under models/ is touched. Embedding ~47k rows is most of the time (see README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-../shared/data}
W=training/work/model3
PY=/usr/bin/python3
mkdir -p $W/emb
dotnet build src/BiasApp.Cli -c Release -v q -nologo
CLI="dotnet src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll"
(cd training/kinds && $PY expose_embedding.py --onnx ../../models/stereotype-minilm/model.onnx --output ../work/model3/emb/model.onnx)
cp models/stereotype-minilm/vocab.txt models/stereotype-minilm/model.json $W/emb/
(cd training/kinds && $PY generate.py --out ../work/model3/templated.csv && $PY make_variants.py \
   && $PY build_data.py --data "$(cd ../.. && realpath "$DATA")" --work ../work/model3)
for part in rows_gen rows_shared; do
  $CLI embed --input $W/$part.csv --output $W/$part.f32 --model $W/emb --normalise
done
(cd training/kinds && $PY fit.py --work ../work/model3 && $PY build_model.py --base ../../models/stereotype-minilm --work ../work/model3 --out ../work/model3/model)
# The new graph's head outputs on the evaluation rows must match the numpy heads on the embeddings fitted on.
$CLI embed --input $W/rows_check.csv --output $W/rows_check.f32 --model $W/model --normalise
(cd training/kinds && $PY check_model.py --work ../work/model3)
