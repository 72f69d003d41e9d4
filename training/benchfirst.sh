#!/usr/bin/env bash
# Trains model 2.2.0's content classifier, the "benchmark first" lineage, and writes its int8 graph:
#   training/benchfirst.sh        # after workspace.sh; writes work/ef/{ef5,r1,r2,r4,r5}.pt and work/ef/r5/int8/
# ef5: the benchmark alone (train.csv + neutral, lr 8e-5, 5 epochs); r1: + the real-world mix (mix.jsonl from
# workspace.sh); r2, r4, r5: one epoch each of robust.py mix2 samples at falling learning rates, r5 with the
# extra_train negatives that r4 (int8) flags. Stage times on the 2-core VM: 2,732 s, 1,735 s, 948 s, 981 s, 1,088 s.
# Every stage is skipped when its output exists, and train.py keeps its state after every epoch (--resume), so a
# stopped run resumes at the epoch it was in, with the weights an uninterrupted run would have.
set -euo pipefail
cd "$(dirname "$0")"
DATA=${DATA:-../../shared/data/stereotype}
PY=/usr/bin/python3
W=work; E=$W/ef; R=$W/robust; mkdir -p $E
CLI="dotnet ../src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll"
COMMON="--base $W/base_minilm.pt --dev $W/dev.jsonl --aux 0.5 --axis-weight 0.5 --pooling mean --batch-size 32 --max-len 64 --bucket 100 --resume"
BASIC="$W/train.jsonl $W/neutral.jsonl"
stage() { mkdir -p $W/rebuild; echo "== $(date -u +%FT%TZ) benchfirst.sh: $1" | tee -a $W/rebuild/times.log; }
tok() { $CLI tokenize --input $1 --output ${1%.csv}.jsonl.part --vocab $W/base/minilm/vocab.txt --max-length 64 && mv ${1%.csv}.jsonl.part ${1%.csv}.jsonl; }
# mix2 samples: wrappers, named individuals, trait and noun generalisations (and, from r4 on, attitudes).
mix() { name=$1; shift; [ -f $R/$name.jsonl ] || { $PY robust.py mix2 --out $R --stereotype $DATA/train.csv --wraps 2500 --individuals 1200 --traits 700 --nouns 600 "$@" --name $name.csv && tok $R/$name.csv; }; }
# int8 graph of a checkpoint (block 16) with vocab.txt and a model.json, as the CLI loads it.
int8() { [ -f $E/$1/int8/model.json ] && return; mkdir -p $E/$1/int8
  $PY export.py --checkpoint $E/$1.pt --base $W/base_minilm.pt --output $E/$1/fp32.onnx
  $PY quantize.py --input $E/$1/fp32.onnx --output $E/$1/int8/model.onnx --block 16
  cp ../models/stereotype-minilm/vocab.txt $E/$1/int8/ && $PY card.py $E/$1/int8/model.onnx $E/$1/int8/model.json; }

[ -f $E/ef5.pt ] || { stage ef5; $PY train.py $COMMON --train $BASIC --output $E/ef5.pt --lr 8e-5 --epochs 5 --seed 13; }
[ -f $E/r1.pt ] || { stage r1; $PY train.py $COMMON --init $E/ef5.pt --train $BASIC $R/mix.jsonl --output $E/r1.pt --lr 3e-5 --epochs 1 --seed 41; }
if [ ! -f $E/r2.pt ]; then
  stage r2; mix mix12 --seed 19
  $PY train.py $COMMON --init $E/r1.pt --train $BASIC $R/mix12.jsonl --output $E/r2.pt --lr 1.5e-5 --epochs 1 --seed 41
fi
if [ ! -f $E/r4.pt ]; then
  stage r4; mix mix16 --attitudes 800 --seed 71
  $PY train.py $COMMON --init $E/r2.pt --train $BASIC $R/mix16.jsonl --output $E/r4.pt --lr 1e-5 --epochs 1 --seed 47
fi
if [ ! -f $E/r5.pt ]; then
  stage "r5 (mining with r4)"; int8 r4
  [ -f $E/extra_train_scored_r4.csv ] || $CLI evaluate --input $R/extra_train.csv --model $E/r4/int8 --output $E/extra_train_scored_r4.csv
  mix mix17 --attitudes 800 --seed 81 --mined $E/extra_train_scored_r4.csv
  $PY train.py $COMMON --init $E/r4.pt --train $BASIC $R/mix17.jsonl --output $E/r5.pt --lr 1e-5 --epochs 1 --seed 53
fi
stage "r5 int8"; int8 r5
echo "benchfirst.sh: wrote $E/r5/int8/model.onnx"
