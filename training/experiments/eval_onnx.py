"""Dev figures of train.py checkpoints as ONNX fp32 and int8, with onnxruntime in Python.

For machines that hold only compact-vocabulary weights (the GPU box): exports with the compact table
and maps token ids through used_ids. Prints macro-F1 on each token file (and on its emgsd: slice)
and fp32/int8 label agreement. The shipped model is checked again with the C# CLI after export.
"""
import argparse
import os
import sys
import json

import numpy as np
import onnxruntime as ort

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # the modules of training/
import export as E
import quantize as Q
import train as T

p = argparse.ArgumentParser()
p.add_argument("--checkpoint", required=True)
p.add_argument("--vocab-from", nargs="+", required=True, help="token files the checkpoint's compact vocabulary was built from")
p.add_argument("--tokens", nargs="+", required=True)
p.add_argument("--skip", nargs="*", default=["ffn_out"])
p.add_argument("--output", required=True)
a = p.parse_args()

used, index = T.build_vocab(*[T.load_rows(f) for f in a.vocab_from])
E.export([a.checkpoint], "/tmp/eval_fp32.onnx")
Q.quantize("/tmp/eval_fp32.onnx", "/tmp/eval_int8.onnx", a.skip)
sessions = {k: ort.InferenceSession(f"/tmp/eval_{k}.onnx", providers=["CPUExecutionProvider"]) for k in ("fp32", "int8")}
report = {}
for path in a.tokens:
    data = T.Data(T.load_rows(path), index, [], 64)
    gold = np.array(data.label) == 1
    emgsd = np.array([s.startswith("emgsd:") for s in data.source])
    preds = {}
    for kind, session in sessions.items():
        probs = []
        for start in range(0, len(data), 256):
            ids, mask, *_ = data.batch(range(start, min(start + 256, len(data))), "cpu")
            out = session.run(["logits"], {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "token_type_ids": np.zeros_like(ids.numpy())})[0]
            e = np.exp(out - out.max(1, keepdims=True))
            probs.append(e[:, 1] / e.sum(1))
        preds[kind] = np.concatenate(probs) >= 0.5
    entry = {"rows": len(data), "label_agreement": float(np.mean(preds["fp32"] == preds["int8"]))}
    for kind, pred in preds.items():
        entry[kind] = {"macro_f1": T.macro_f1(gold, pred), "accuracy": float(np.mean(gold == pred))}
        if emgsd.any():
            entry[kind]["emgsd_macro_f1"] = T.macro_f1(gold[emgsd], pred[emgsd])
    report[path] = entry
    print(path, json.dumps(entry), flush=True)
json.dump(report, open(a.output, "w"), indent=1)
