"""Imports a base encoder from its ONNX graph into PyTorch and checks it reproduces the graph.

Reference hidden states come from ONNX Runtime through the C# CLI (``hidden-states``), so no Python
ONNX runtime is needed. Writes ``base_<name>.pt`` (fp32 full vocab) for train.py.
"""
import argparse
import json

import numpy as np
import torch

from bert import Encoder, state_dict_from_onnx

p = argparse.ArgumentParser()
p.add_argument("--onnx", required=True)
p.add_argument("--reference", required=True, help="JSON from `biasapp-cli hidden-states`")
p.add_argument("--output", required=True)
a = p.parse_args()

state, layers = state_dict_from_onnx(a.onnx)
encoder = Encoder(layers=layers)
missing, unexpected = encoder.load_state_dict(state, strict=False)
if missing or unexpected:
    raise SystemExit(f"weight import incomplete: missing={missing} unexpected={unexpected}")
encoder.eval()
worst = 0.0
with torch.no_grad():
    for row in json.load(open(a.reference)):
        ids = torch.tensor([row["ids"]])
        hidden = encoder(ids, torch.ones_like(ids), torch.zeros_like(ids))[0].numpy().ravel()
        worst = max(worst, float(np.abs(hidden - np.array(row["hidden"], dtype=np.float32)).max()))
print(f"parity {a.onnx}: max |torch - onnxruntime| = {worst:.2e} over {layers} layers")
if worst > 1e-3:
    raise SystemExit("PyTorch copy does not reproduce the ONNX hidden states")
torch.save(encoder.state_dict(), a.output)
print(f"wrote {a.output}")
