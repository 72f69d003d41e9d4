"""Writes a base checkpoint restricted to the token ids of the given files, in fp16.

Only for moving a base to another machine (e.g. a GPU box with a transfer limit): train.py accepts
it in place of the full base and gives the same model up to the fp16 rounding of the start weights.
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # the modules of training/
from train import build_vocab, load_rows

p = argparse.ArgumentParser()
p.add_argument("--base", required=True)
p.add_argument("--tokens", required=True, nargs="+")
p.add_argument("--output", required=True)
a = p.parse_args()
used, _ = build_vocab(*[load_rows(t) for t in a.tokens])
state = torch.load(a.base, map_location="cpu")
state["word.weight"] = state["word.weight"][torch.tensor(used)]
state = {k: v.half() for k, v in state.items()}
state["used_ids"] = torch.tensor(used)
torch.save(state, a.output)
print(f"wrote {a.output}: {len(used)} of the vocabulary's rows")
