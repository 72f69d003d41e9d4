#!/usr/bin/env bash
# The "benchmark first" lineage (2026-12-02; r5 shipped as model 2.2.0, see README.md): the 1.x recipe on train.csv + neutral alone,
# then the real-world stages on top of it instead of on the base encoder. Needs what robust.sh made (mix.jsonl,
# mix9/mix12.jsonl, extra_dev.csv). About 45 + 28 + 15 minutes on 2 CPU cores.
# Then r4 (attitudes) and r5 (another sample + the negatives r4 flags): 16 + 18 minutes, plus the export of r4.
#   training/benchfirst.sh            # writes work/ef/{ef5,r1,r2,r2b,r4,r5}.pt
# Evaluate a checkpoint as ship2.sh does: export.py, quantize.py --block 16, then ship2.sh.
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3
W=work; E=$W/ef; mkdir -p $E
COMMON="--base $W/base_minilm.pt --dev $W/dev.jsonl --aux 0.5 --axis-weight 0.5 --pooling mean --batch-size 32 --max-len 64 --bucket 100"
# 1. the benchmark alone: lr 8e-5, 5 epochs (the 1.x selection), without dev.csv
[ -f $E/ef5.pt ] || $PY train.py $COMMON --train $W/train.jsonl $W/neutral.jsonl --output $E/ef5.pt --save-epochs --lr 8e-5 --epochs 5 --seed 13
# 2. one epoch of the stage-1 real-world mix on top, lr 3e-5
[ -f $E/r1.pt ] || $PY train.py $COMMON --init $E/ef5.pt --train $W/train.jsonl $W/neutral.jsonl $W/robust/mix.jsonl --output $E/r1.pt --lr 3e-5 --epochs 1 --seed 41
# 3. one epoch of 2.1.0's stage-5 mix with the nouns (mix12) or without (mix9), lr 1.5e-5
[ -f $E/r2.pt ] || $PY train.py $COMMON --init $E/r1.pt --train $W/train.jsonl $W/neutral.jsonl $W/robust/mix12.jsonl --output $E/r2.pt --lr 1.5e-5 --epochs 1 --seed 41
[ -f $E/r2b.pt ] || $PY train.py $COMMON --init $E/r1.pt --train $W/train.jsonl $W/neutral.jsonl $W/robust/mix9.jsonl --output $E/r2b.pt --lr 1.5e-5 --epochs 1 --seed 41
CLI="dotnet ../src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll"
DATA=../../shared/data/stereotype
tok() { $CLI tokenize --input $1 --output ${1%.csv}.jsonl --vocab $W/base/minilm/vocab.txt --max-length 64; }
# 4. r4: another sample of 2.1.0's generators with the nouns and 800 attitudes ("I have nothing against X." -> 0 beside
#    "I think X are lazy." -> 1), lr 1e-5
if [ ! -f $E/r4.pt ]; then
  $PY robust.py mix2 --out $W/robust --stereotype $DATA/train.csv --wraps 2500 --individuals 1200 --traits 700 --nouns 600 --attitudes 800 --seed 71 --name mix16.csv
  tok $W/robust/mix16.csv
  $PY train.py $COMMON --init $E/r2.pt --train $W/train.jsonl $W/neutral.jsonl $W/robust/mix16.jsonl --output $E/r4.pt --lr 1e-5 --epochs 1 --seed 47
fi
# 5. r5 (model 2.2.0): another sample (seed 81) plus the extra_train negatives r4 (int8) flags, each twice, lr 1e-5
if [ ! -f $E/r5.pt ]; then
  mkdir -p $E/r4/int8
  $PY export.py --checkpoint $E/r4.pt --base $W/base_minilm.pt --output $E/r4/fp32.onnx
  $PY quantize.py --input $E/r4/fp32.onnx --output $E/r4/int8/model.onnx --block 16
  cp ../models/stereotype-minilm/vocab.txt ../models/stereotype-minilm/model.json $E/r4/int8/
  $CLI evaluate --input $W/robust/extra_train.csv --model $E/r4/int8 --output $E/extra_train_scored_r4.csv
  $PY robust.py mix2 --out $W/robust --stereotype $DATA/train.csv --wraps 2500 --individuals 1200 --traits 700 --nouns 600 --attitudes 800 --seed 81 --mined $E/extra_train_scored_r4.csv --name mix17.csv
  tok $W/robust/mix17.csv
  $PY train.py $COMMON --init $E/r4.pt --train $W/train.jsonl $W/neutral.jsonl $W/robust/mix17.jsonl --output $E/r5.pt --lr 1e-5 --epochs 1 --seed 53
fi
echo "benchfirst.sh: trained; evaluate with export.py, quantize.py --block 16 and ship2.sh"
