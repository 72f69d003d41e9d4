#!/usr/bin/env bash
# 2-fold estimate of the shipped recipe, which trains on dev too (so dev figures of the shipped
# model would be on rows it has seen). The emgsd: dev rows are split in two label-stratified halves
# (folds.py); each fold trains on train + augmentation + the non-emgsd dev rows + one half and is
# evaluated on the other half, fp32 and int8, with the app's own inference code (biasapp-cli).
#   training/experiments/crossval.sh     after training/workspace.sh base (~80 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
W=training/work
PY=/usr/bin/python3
CLI="dotnet src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll"
mkdir -p $W/cv
(cd training && $PY experiments/folds.py --train work/train.jsonl --dev work/dev.jsonl --out work)
for k in 0 1; do
  other=$((1 - k))
  mkdir -p $W/cv/f${k}_fp32 $W/cv/f${k}_int8
  # A fold already trained (work/cv/fK.pt) is reused: the script can be stopped and rerun.
  [ -f $W/cv/f$k.pt ] || (cd training && $PY train.py --base work/base_minilm.pt \
     --train work/train.jsonl work/neutral.jsonl work/dev_other.jsonl work/dev_em$other.jsonl --dev work/dev_em$k.jsonl \
     --output work/cv/f$k.pt --probs-out work/cv/f$k.npy \
     --lr 8e-5 --epochs 5 --aux 0.5 --axis-weight 0.5 --pooling mean --seed 13 --batch-size 32 --max-len 64 --bucket 100)
  (cd training && $PY export.py --checkpoint work/cv/f$k.pt --base work/base_minilm.pt --output work/cv/f${k}_fp32/model.onnx \
   && $PY quantize.py --input work/cv/f${k}_fp32/model.onnx --output work/cv/f${k}_int8/model.onnx --block 64)
  for d in fp32 int8; do cp models/stereotype-minilm/vocab.txt models/stereotype-minilm/model.json $W/cv/f${k}_$d/; done
  echo "fold $k (trained with dev_em$other, evaluated on dev_em$k)"
  $CLI evaluate --input $W/dev_em$k.csv --model $W/cv/f${k}_fp32 | tail -1
  $CLI evaluate --input $W/dev_em$k.csv --model $W/cv/f${k}_int8 --compare-model $W/cv/f${k}_fp32 | grep -E "label_agreement|macro_f1="
done
