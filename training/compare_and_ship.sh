#!/usr/bin/env bash
# Evaluates a candidate content model side by side with the shipped model and, with SHIP=1, ships it: the one script
# that writes models/: model.onnx, and model.json (the candidate folder's own card for a kinds build, else only its sha256).
#   training/compare_and_ship.sh work/rebuild/model/model.onnx work/ef/r5/fp32.onnx      (paths under training/)
# Prints: the emgsd: dev slice (int8 and fp32, label agreement), every real-world dev slice (training/slices.py on
# extra_dev.csv), the contrast suite; for the candidate and for the model in models/ before it.
set -euo pipefail
cd "$(dirname "$0")/.."
INT8=training/${1:?int8 onnx under training/}
FP32=training/${2:?fp32 onnx under training/}
R=training/work/robust
DATA=${DATA:-../shared/data/stereotype}
CLI="dotnet src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll"
for name in cand_int8 cand_fp32; do mkdir -p $R/$name; cp models/stereotype-minilm/vocab.txt models/stereotype-minilm/model.json $R/$name/; done
cp "$INT8" $R/cand_int8/model.onnx
cp "$FP32" $R/cand_fp32/model.onnx
for m in shipped:models/stereotype-minilm cand_int8:$R/cand_int8; do
  label=${m%%:*}; dir=${m#*:}
  echo "== $label"
  $CLI evaluate --input "$DATA/dev.csv" --model $dir --slice-column source --slice-prefix emgsd: --output $R/dev_scored_$label.csv \
     $( [ $label = cand_int8 ] && echo --compare-model $R/cand_fp32 ) | grep -E "^slice|^compare|^macro_f1|sentences_per_second"
  $CLI evaluate --input $R/extra_dev.csv --model $dir --output $R/extra_dev_scored_$label.csv | grep -E "^macro_f1"
  /usr/bin/python3 training/slices.py $R/extra_dev_scored_$label.csv --json $R/slices_$label.json
  $CLI evaluate --input training/contrast/contrast.csv --model $dir --output $R/contrast_scored_$label.csv | grep -E "^accuracy|^macro_f1"
done
echo "== cand_fp32 emgsd"
$CLI evaluate --input "$DATA/dev.csv" --model $R/cand_fp32 --slice-column source --slice-prefix emgsd: | grep -E "^slice"
$CLI evaluate --input $R/extra_dev.csv --model $R/cand_int8 --compare-model $R/cand_fp32 | grep -E "^compare"
if [ "${SHIP:-0}" = 1 ]; then
  # A kinds build (training/rebuild.sh, kinds/build.sh) carries its own card; a bare content graph keeps the shipped one.
  CARD=$(dirname "$INT8")/model.json
  if [ -f "$CARD" ] && grep -q '"kinds"' "$CARD"; then cp "$CARD" models/stereotype-minilm/model.json; fi
  cp "$INT8" models/stereotype-minilm/model.onnx
  sha=$(sha256sum models/stereotype-minilm/model.onnx | cut -d' ' -f1)
  sed -i "s/\"sha256\": \"[0-9a-f]*\"/\"sha256\": \"$sha\"/" models/stereotype-minilm/model.json
  echo "shipped sha256=$sha"
fi
