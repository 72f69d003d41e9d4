"""Exports fine-tuned checkpoint(s) from train.py to ONNX (fp32).

Inputs input_ids, attention_mask, token_type_ids (int64, dynamic batch and sequence); outputs
logits [batch, 2] and, when trained, axis_logits [batch, axes]. The compact word-embedding rows
of the checkpoint are written back into the base model's full table (--base). Without --base the
graph keeps the compact vocabulary (ids must then be mapped with used_ids; used for evaluation on
machines that hold only the compact weights). Several checkpoints make an ensemble graph whose
logits are the log of the mean class probabilities.
"""
import argparse
import json

import torch
from torch import nn

from bert import Classifier, Encoder


def load_classifier(path, base_path=None):
    ckpt = torch.load(path, map_location="cpu")
    state = {k: v.float() for k, v in ckpt["state"].items()}
    cfg = ckpt["config"]
    layers = 1 + max(int(k.split(".")[2]) for k in state if k.startswith("encoder.layers."))
    if base_path:
        full = torch.load(base_path, map_location="cpu")["word.weight"].float().clone()
        full[torch.tensor(ckpt["used_ids"])] = state["encoder.word.weight"]
        state["encoder.word.weight"] = full
    encoder = Encoder(vocab=state["encoder.word.weight"].shape[0], layers=layers)
    model = Classifier(encoder, pooling=cfg["pooling"], axis_count=len(ckpt["axis_labels"]), category_count=len(ckpt["categories"]))
    model.load_state_dict(state)
    return model.eval(), ckpt


class ExportModule(nn.Module):
    def __init__(self, members):
        super().__init__()
        self.members = nn.ModuleList(members)

    def forward(self, input_ids, attention_mask, token_type_ids):
        outs = [m(input_ids, attention_mask, token_type_ids) for m in self.members]
        if len(outs) == 1:
            return outs[0][0], outs[0][1]
        logits = torch.log(torch.stack([torch.softmax(o[0], -1) for o in outs]).mean(0))
        axis = torch.log(torch.stack([torch.softmax(o[1], -1) for o in outs]).mean(0))
        return logits, axis


def export(checkpoints, output, base=None):
    members, ckpts = zip(*[load_classifier(c, b) for c, b in zip(checkpoints, base or [None] * len(checkpoints))])
    module = ExportModule(list(members)).eval()
    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 2023, 102, 0, 0, 0]])
    if base is None:
        ids = torch.zeros_like(ids)
    mask = (ids != 0).long() if base else torch.ones_like(ids)
    kwargs = dict(
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits", "axis_logits"],
        dynamic_axes={n: {0: "batch", 1: "sequence"} for n in ["input_ids", "attention_mask", "token_type_ids"]} | {"logits": {0: "batch"}, "axis_logits": {0: "batch"}},
        opset_version=14,
        do_constant_folding=True,
    )
    with torch.no_grad():
        try:
            torch.onnx.export(module, (ids, mask, torch.zeros_like(ids)), output, dynamo=False, **kwargs)
        except TypeError:  # torch < 2.5 has no dynamo switch
            torch.onnx.export(module, (ids, mask, torch.zeros_like(ids)), output, **kwargs)
    return ckpts


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", required=True, nargs="+")
    p.add_argument("--base", nargs="+", help="base_<name>.pt for each checkpoint (full vocabulary)")
    p.add_argument("--output", required=True)
    a = p.parse_args()
    ckpts = export(a.checkpoint, a.output, a.base)
    print(json.dumps({"output": a.output, "axis_labels": ckpts[0]["axis_labels"], "members": len(ckpts)}))
