#!/usr/bin/env bash
# Model 2.0, stage 2 (after robust.sh): one more epoch from robust.sh's checkpoint (lr 5e-5, warm-up and linear decay) on
# train.csv + the neutral augmentation + robust.py mix2 (other ways of rejecting, reporting or asking about a
# stereotype, denials of negative traits, and 9,000 rows of the stage-1 mix so that stage 1 is not forgotten).
# Then export, int8, calibrate nothing (calibrate.py is a separate, measured step).
set -euo pipefail
cd "$(dirname "$0")/.."
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
echo "robust2.sh: done"
