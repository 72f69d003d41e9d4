#!/usr/bin/env bash
# The "benchmark first" lineage (2026-12-02, not shipped; see README.md): the 1.x recipe on train.csv + neutral alone,
# then the real-world stages on top of it instead of on the base encoder. Needs what robust.sh made (mix.jsonl,
# mix9/mix12.jsonl, extra_dev.csv). About 45 + 28 + 15 minutes on 2 CPU cores.
#   training/benchfirst.sh            # writes work/ef/{ef5,r1,r2,r2b}.pt
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
echo "benchfirst.sh: trained; evaluate with export.py, quantize.py --block 16 and ship2.sh"
