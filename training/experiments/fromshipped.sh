#!/usr/bin/env bash
# A stage on top of the shipped model without its lineage (EXPERIMENTS.md, "From the shipped model"): builds
# training/work (workspace.sh, about 2.5 minutes), imports models/stereotype-minilm with dither (import_onnx.py),
# then trains c1 (one epoch of r5's generators + function-word dropout, 20 minutes on 2 CPU cores).
#   training/experiments/fromshipped.sh   # writes work/shipped_d.pt, work/robust/mix22.jsonl, work/c1.pt
# Evaluate a checkpoint with export.py, quantize.py --block 16, then compare_and_ship.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${DATA:-../shared/data/stereotype}
EXTRA=${EXTRA:-../shared/data/robustness/train_extra.csv}
W=training/work; R=$W/robust
PY=/usr/bin/python3
DATA="$DATA" EXTRA="$EXTRA" training/workspace.sh   # base encoder, tokenized benchmark and neutral rows, real-world split, stage-1 mix (about 2.5 minutes)
CLI="dotnet src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll"
tok() { $CLI tokenize --input $1 --output ${1%.csv}.jsonl --vocab $W/base/minilm/vocab.txt --max-length 64; }
# The shipped model as a checkpoint, and the negatives it flags.
[ -f $W/shipped_d.pt ] || (cd training && $PY experiments/import_onnx.py --onnx ../models/stereotype-minilm/model.onnx --card ../models/stereotype-minilm/model.json --output work/shipped_d.pt --dither 5)
[ -f $R/extra_train_scored_shipped.csv ] || $CLI evaluate --input $R/extra_train.csv --output $R/extra_train_scored_shipped.csv --model models/stereotype-minilm
# c1: r5's generators, the mined negatives twice, 4,000 function-word dropout copies; lr 1e-5, seed 97.
if [ ! -f $W/c1.pt ]; then
  $PY training/robust.py mix2 --out $R --stereotype "$DATA/train.csv" --wraps 2500 --individuals 1200 --traits 700 --nouns 600 --attitudes 800 --dropout 4000 --seed 95 --mined $R/extra_train_scored_shipped.csv --name mix22.csv
  tok $R/mix22.csv
  (cd training && $PY train.py --base work/base_minilm.pt --init work/shipped_d.pt --train work/train.jsonl work/neutral.jsonl work/robust/mix22.jsonl \
     --dev work/dev.jsonl --output work/c1.pt --lr 1e-5 --epochs 1 --aux 0.5 --axis-weight 0.5 --pooling mean --seed 97 --batch-size 32 --max-len 64 --bucket 100)
fi
echo "fromshipped.sh: trained work/c1.pt; evaluate with export.py, quantize.py --block 16 and compare_and_ship.sh"
