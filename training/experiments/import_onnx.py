"""Turns a shipped model (the int8 graph quantize.py writes, or an fp32 export) back into a train.py checkpoint.

A fresh checkout has no training/work: the checkpoints a model was trained from are gone, and rebuilding a lineage
takes hours on 2 CPU cores (benchfirst.sh: about 2.5). The shipped graph holds every weight, int8 with one scale per
block of 16 input rows (MatMulNBits) or per embedding row, so dequantizing it gives a starting point within the
quantization error of the fp32 original (99.65% label agreement for 2.2.0), good enough to continue training from
with `train.py --init`.

  python3 experiments/import_onnx.py --onnx ../models/stereotype-minilm/model.onnx --card ../models/stereotype-minilm/model.json \
      --output work/shipped.pt

The checkpoint keeps the full vocabulary (used_ids = every id) and the binary and axis heads; the category head is
not in the exported graph, so the checkpoint has none (train.py then trains without the category loss).
"""
import argparse
import os
import sys
import json

import numpy as np
import torch
import onnx
from onnx import numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # the modules of training/
from bert import Classifier, Encoder

PREFIX = "members.0."


def import_state(path, dither=None):
    """dither: a numpy Generator; each dequantized weight then gets uniform noise of half its quantization step, so that
    the weights no longer sit on the int8 grid (see main)."""
    graph = onnx.load(path).graph

    def noise(shape):  # in units of the int8 grid, before the scale
        return 0 if dither is None else dither.random(shape, dtype=np.float32) - 0.5
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    state = {}
    for name, value in inits.items():
        if name.startswith(PREFIX) and not name.split(".")[-1].startswith("weight_q"):
            state[name[len(PREFIX):]] = value.astype(np.float32)
    # The word-embedding table: int8 rows with one symmetric scale per row.
    q = PREFIX + "encoder.word.weight_q_"
    if q + "w" in inits:
        w, scale = inits[q + "w"].astype(np.float32), inits[q + "scale"][:, None]
        state["encoder.word.weight"] = (w + noise(w.shape)) * scale
    for node in graph.node:
        # Each Linear's output is named after its module: /members.0/encoder/layers.3/query/MatMul_output_0.
        parts = node.output[0].strip("/").split("/")
        if node.op_type not in ("MatMulNBits", "MatMul") or len(parts) < 4 or not parts[2].startswith("layers."):
            continue
        name = f"encoder.{parts[2]}.{parts[3]}.weight"
        if node.op_type == "MatMulNBits":
            attrs = {a.name: a.i for a in node.attribute}
            if attrs.get("bits") != 8 or len(node.input) > 3:
                raise SystemExit(f"{node.name}: only 8-bit MatMulNBits with the default zero point (quantize.py's) is supported")
            k, n, block = attrs["K"], attrs["N"], attrs["block_size"]
            w = inits[node.input[1]].astype(np.int16) - 128                      # [n, blocks, block], zero point 128
            scale = inits[node.input[2]].reshape(n, -1, 1)
            state[name] = ((w + noise(w.shape)) * scale).reshape(n, -1)[:, :k].astype(np.float32)  # nn.Linear: [out, in]
        elif node.input[1] in inits:
            state[name] = inits[node.input[1]].T.astype(np.float32)
    return {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--onnx", required=True)
    p.add_argument("--card", required=True, help="the model's model.json (axis labels, pooling)")
    p.add_argument("--output", required=True)
    p.add_argument("--dither", type=int, help="seed: move each weight off the int8 grid by up to half a step (see below)")
    a = p.parse_args()
    card = json.load(open(a.card))
    # Without dither every weight sits exactly on the grid the next quantization uses, and a stage's small updates
    # (mostly under half a step at lr 1e-5) round back to the shipped values: the int8 export of a stage trained from
    # the plain import agreed with its own fp32 on 98.55% of dev.csv. Dither makes that rounding random again.
    state = import_state(a.onnx, np.random.default_rng(a.dither) if a.dither is not None else None)
    layers = 1 + max(int(k.split(".")[2]) for k in state if k.startswith("encoder.layers."))
    axis_labels = card["axis_labels"]
    model = Classifier(Encoder(vocab=state["encoder.word.weight"].shape[0], layers=layers), pooling="mean", axis_count=len(axis_labels))
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise SystemExit(f"weight import incomplete: missing={missing} unexpected={unexpected}")
    config = {"pooling": "mean", "imported_from": a.onnx, "version": card.get("version")}
    torch.save({"state": model.state_dict(), "used_ids": list(range(state["encoder.word.weight"].shape[0])),
                "axis_labels": axis_labels, "categories": [], "config": config}, a.output)
    print(f"wrote {a.output}: {layers} layers, {len(state)} tensors, version {card.get('version')}")


if __name__ == "__main__":
    main()
