#!/usr/bin/env bash
# Model 2.0 end to end on CPU (or a CUDA GPU when torch sees one), after reproduce.sh's extract/tokenize/prepare steps
# (training/work/base, train.jsonl, dev.jsonl, base_minilm.pt):
#   training/robust.sh [EXTRA_CSV] [STEREOTYPE_DIR]
# 1. split the real-world rows into train and per-slice dev parts; 2. score the train part's negatives with the
# shipped model (hard-negative mining); 3. build the mix (real-world rows, counterfactuals, fragments);
# 4. fine-tune MiniLM on train.csv + neutral augmentation + mix, the first epoch of a 2-epoch schedule (42 min on
# 2 cores; robust2.sh continues it), dev.csv stays out: its emgsd: slice is the benchmark
# figure); 5. export, quantize, evaluate every slice (training/slices.py) and the contrast suite.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRA=${1:-../shared/data/robustness/train_extra.csv}
DATA=${2:-../shared/data/stereotype}
W=training/work
R=$W/robust
PY=/usr/bin/python3
CLI="dotnet src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll"
dotnet build src/BiasApp.Cli -c Release -v q -nologo
$PY training/robust.py split --extra "$EXTRA" --out $R
[ -f $R/extra_train_scored.csv ] || $CLI evaluate --input $R/extra_train.csv --output $R/extra_train_scored.csv --model models/stereotype-minilm
$PY training/robust.py mix --out $R --stereotype "$DATA/train.csv" --scores $R/extra_train_scored.csv
[ -f $W/neutral.csv ] || $PY training/augment/make_neutral.py --output $W/neutral.csv
$CLI tokenize --input $W/neutral.csv --output $W/neutral.jsonl --vocab $W/base/minilm/vocab.txt --max-length 64
$CLI tokenize --input $R/mix.csv --output $R/mix.jsonl --vocab $W/base/minilm/vocab.txt --max-length 64
[ -f $W/train.jsonl ] || $CLI tokenize --input "$DATA/train.csv" --output $W/train.jsonl --vocab $W/base/minilm/vocab.txt --max-length 64
[ -f $W/dev.jsonl ] || $CLI tokenize --input "$DATA/dev.csv" --output $W/dev.jsonl --vocab $W/base/minilm/vocab.txt --max-length 64
[ -f $W/base_minilm.pt ] || (cd training && $PY prepare.py --onnx work/base/minilm/model.onnx --reference work/hs_minilm.json --output work/base_minilm.pt)
[ -f $R/model2.pt ] || (cd training && $PY train.py --base work/base_minilm.pt --train work/train.jsonl work/neutral.jsonl work/robust/mix.jsonl \
   --dev work/dev.jsonl --output work/robust/model2.pt --save-epochs \
   --lr 8e-5 --epochs 2 --stop-after 1 --aux 0.5 --axis-weight 0.5 --pooling mean --seed 13 --batch-size 32 --max-len 64 --bucket 100)
(cd training && $PY export.py --checkpoint work/robust/model2.pt --base work/base_minilm.pt --output work/robust/model2_fp32.onnx \
   && $PY quantize.py --input work/robust/model2_fp32.onnx --output work/robust/model2_int8.onnx --block 64)
echo "robust.sh: trained and exported; next: training/robust2.sh"
