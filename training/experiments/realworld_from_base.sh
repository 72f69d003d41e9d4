#!/usr/bin/env bash
# The base encoder trained on the real-world mix (model 2.0's first stage), on CPU or a CUDA GPU when torch sees one;
# workspace.sh builds what it needs first (base encoder, tokenized train/dev, base_minilm.pt, the real-world split and mix):
#   training/experiments/realworld_from_base.sh [EXTRA_CSV] [STEREOTYPE_DIR]
# 1. split the real-world rows into train and per-slice dev parts; 2. score the train part's negatives with model
# 1.2.0 (hard-negative mining); 3. build the mix (real-world rows, counterfactuals, fragments);
# 4. fine-tune MiniLM on train.csv + neutral augmentation + mix, the first epoch of a 2-epoch schedule (42 min on
# 2 cores; realworld_continue.sh continues it), dev.csv stays out: its emgsd: slice is the benchmark
# figure); 5. export and quantize (block 64); compare_and_ship.sh evaluates.
set -euo pipefail
cd "$(dirname "$0")/../.."
EXTRA=${1:-../shared/data/robustness/train_extra.csv}
DATA=${2:-../shared/data/stereotype}
W=training/work
R=$W/robust
PY=/usr/bin/python3
CLI="dotnet src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll"
EXTRA="$EXTRA" DATA="$DATA" training/workspace.sh   # steps 1-3: split, mine with model 1.2.0 (from git), mix
[ -f $R/model2.pt ] || (cd training && $PY train.py --base work/base_minilm.pt --train work/train.jsonl work/neutral.jsonl work/robust/mix.jsonl \
   --dev work/dev.jsonl --output work/robust/model2.pt --save-epochs \
   --lr 8e-5 --epochs 2 --stop-after 1 --aux 0.5 --axis-weight 0.5 --pooling mean --seed 13 --batch-size 32 --max-len 64 --bucket 100)
(cd training && $PY export.py --checkpoint work/robust/model2.pt --base work/base_minilm.pt --output work/robust/model2_fp32.onnx \
   && $PY quantize.py --input work/robust/model2_fp32.onnx --output work/robust/model2_int8.onnx --block 64)
echo "realworld_from_base.sh: trained and exported; next: training/experiments/realworld_continue.sh"
