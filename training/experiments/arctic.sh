#!/usr/bin/env bash
# Trains snowflake-arctic-embed-xs through three stages, as a second ensemble member (EXPERIMENTS.md, "Arctic-xs").
# Needs experiments/fromshipped.sh first (it writes work/robust/mix22.jsonl). About 1 hour on 2 CPU cores:
#   training/experiments/arctic.sh                   # writes work/arc/ef3.pt (benchmark only), r1.pt (+ stage-1 mix), r2.pt (+ mix22)
# An ensemble is exported as one graph: export.py --checkpoint A.pt work/arc/r2.pt --base work/base_minilm.pt work/base_arcticxs.pt
set -euo pipefail
cd "$(dirname "$0")/../.."
W=training/work
ARCTIC=1 training/workspace.sh   # also prepares work/base_arcticxs.pt
[ -f $W/robust/mix22.jsonl ] || { echo "arctic.sh: run training/experiments/fromshipped.sh first (work/robust/mix22.jsonl)" >&2; exit 2; }
cd training
COMMON="--base work/base_arcticxs.pt --dev work/dev.jsonl --aux 0.5 --axis-weight 0.5 --pooling mean --batch-size 32 --max-len 64 --bucket 100"
mkdir -p work/arc
[ -f work/arc/ef3.pt ] || /usr/bin/python3 -u train.py $COMMON --train work/train.jsonl work/neutral.jsonl --output work/arc/ef3.pt --lr 8e-5 --epochs 3 --seed 13
[ -f work/arc/r1.pt ] || /usr/bin/python3 -u train.py $COMMON --init work/arc/ef3.pt --train work/train.jsonl work/neutral.jsonl work/robust/mix.jsonl --output work/arc/r1.pt --lr 3e-5 --epochs 1 --seed 41
[ -f work/arc/r2.pt ] || /usr/bin/python3 -u train.py $COMMON --init work/arc/r1.pt --train work/train.jsonl work/neutral.jsonl work/robust/mix22.jsonl --output work/arc/r2.pt --lr 1.5e-5 --epochs 1 --seed 41
echo "arctic.sh: wrote work/arc/ef3.pt, r1.pt, r2.pt"
