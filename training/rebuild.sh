#!/usr/bin/env bash
# Rebuilds the shipped model from a fresh checkout into training/work/rebuild/model/ (model.onnx, model.json,
# vocab.txt) and checks it against models/stereotype-minilm (check.sh: label agreement on dev.csv):
#   training/rebuild.sh [DATA_ROOT]          DATA_ROOT defaults to ../shared/data (stereotype/, robustness/)
# 1. Debian packages when torch/onnx/numpy are missing (setup.sh); 2. training/work (workspace.sh: base encoder,
# tokenized rows, real-world split and mix); 3. model 2.2.0's classifier and its int8 graph (benchfirst.sh);
# 4. check.sh on that graph (3.0.0 keeps its `logits`, so the agreement is known before the heads); 5. the sentence-kind
# heads on that graph (kinds/build.sh); 6. check.sh on the finished model.
# Every stage skips what exists, so a stopped run continues where it was when started again. Writes only under
# training/work/; models/ is read, never written (compare_and_ship.sh with SHIP=1 is the one script that does).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_ROOT=$(realpath "${1:-../shared/data}")
PY=/usr/bin/python3
W=training/work
mkdir -p $W
started=$(date +%s)
# Each stage start also goes to work/rebuild/times.log, which keeps the runs of every session.
stage() { mkdir -p $W/rebuild; echo "== $(date -u +%FT%TZ) rebuild.sh: $1 ($(( $(date +%s) - started )) s into this run)" | tee -a $W/rebuild/times.log; }
stage "packages"
$PY -c "import torch, onnx, numpy" 2>/dev/null || training/setup.sh
stage "workspace"
DATA=$DATA_ROOT/stereotype EXTRA=$DATA_ROOT/robustness/train_extra.csv training/workspace.sh
stage "classifier (benchfirst.sh)"
DATA=$DATA_ROOT/stereotype training/benchfirst.sh
# The kind heads leave the classifier's `logits` as they are, so the agreement is known here, before they are built.
stage "check of the classifier (logits of r5 int8)"
training/check.sh $W/ef/r5/int8 || echo "rebuild.sh: the classifier does not reproduce the shipped logits; the kind heads are built anyway"
stage "kind heads (kinds/build.sh)"
BASE=$W/ef/r5/int8/model.onnx WORK=$W/rebuild/kinds training/kinds/build.sh "$DATA_ROOT"
mkdir -p $W/rebuild/model
cp $W/rebuild/kinds/model/{model.onnx,model.json,vocab.txt} $W/rebuild/model/
stage "check"
training/check.sh $W/rebuild/model
stage "done: $W/rebuild/model"
