#!/usr/bin/env bash
# One more epoch from realworld_from_base.sh's checkpoint (lr 5e-5, warm-up and linear decay; model 2.0's stage 2) on
# train.csv + the neutral augmentation + robust.py mix2 (other ways of rejecting, reporting or asking about a
# stereotype, denials of negative traits, and 9,000 rows of the stage-1 mix so that stage 1 is not forgotten).
# Then export and int8 (block 64).
#   training/experiments/realworld_continue.sh [STEREOTYPE_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
W=training/work
R=$W/robust
PY=/usr/bin/python3
CLI="dotnet src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll"
$PY training/robust.py mix2 --out $R --stereotype "${1:-../shared/data/stereotype}/train.csv" --wraps 2500
$CLI tokenize --input $R/mix2.csv --output $R/mix2.jsonl --vocab $W/base/minilm/vocab.txt --max-length 64
[ -f $R/model2s2.pt ] || (cd training && $PY train.py --base work/base_minilm.pt --init work/robust/model2.pt \
   --train work/train.jsonl work/neutral.jsonl work/robust/mix2.jsonl --dev work/dev.jsonl --output work/robust/model2s2.pt \
   --save-epochs --lr 5e-5 --epochs 1 --aux 0.5 --axis-weight 0.5 --pooling mean --seed 17 --batch-size 32 --max-len 64 --bucket 100)
(cd training && $PY export.py --checkpoint work/robust/model2s2.pt --base work/base_minilm.pt --output work/robust/model2s2_fp32.onnx \
   && $PY quantize.py --input work/robust/model2s2_fp32.onnx --output work/robust/model2s2_int8.onnx --block 64)
echo "realworld_continue.sh: wrote work/robust/model2s2_int8.onnx"
