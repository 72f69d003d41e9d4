"""Dev figures of the selected (train-only) runs as ONNX fp32 and int8, with onnxruntime in Python.

For machines that hold only the compact-vocabulary weights: exports with the compact table and
maps token ids through used_ids. Writes a JSON of macro-F1 (all dev, emgsd: slice) and fp32/int8
label agreement. The shipped model is checked again with the C# CLI after export on the full table.
"""
import json
import os
import sys

import numpy as np
import onnxruntime as ort

import export as E
import quantize as Q
import train as T


def run(session, data):
    probs = []
    for start in range(0, len(data), 256):
        ids, mask, *_ = data.batch(range(start, min(start + 256, len(data))), "cpu")
        out = session.run(["logits"], {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "token_type_ids": np.zeros_like(ids.numpy())})[0]
        e = np.exp(out - out.max(1, keepdims=True))
        probs.append(e[:, 1] / e.sum(1))
    return np.concatenate(probs)


def main(sweep_dir, dev_file, train_file, out_file):
    selection = json.load(open(os.path.join(sweep_dir, "selection.json")))
    used, index = T.build_vocab(T.load_rows(train_file), T.load_rows(dev_file))
    dev = T.Data(T.load_rows(dev_file), index, [], 64)
    gold = np.array(dev.label) == 1
    emgsd = np.array([s.startswith("emgsd:") for s in dev.source])
    report = {}
    variants = {f: [os.path.join(sweep_dir, "runs", f"{b['config']}-e{b['epoch']}.pt")] for f, b in selection["best"].items()}
    if len(variants) == 2:
        variants["ensemble"] = variants["minilm"] + variants["arcticxs"]
    for name, ckpts in variants.items():
        fp32 = f"/tmp/{name}_fp32.onnx"
        int8 = f"/tmp/{name}_int8.onnx"
        E.export(ckpts, fp32)
        Q.quantize(fp32, int8)
        res = {"checkpoints": [os.path.basename(c) for c in ckpts], "int8_mb": round(os.path.getsize(int8) / 1e6, 1)}
        preds = {}
        for kind, path in (("fp32", fp32), ("int8", int8)):
            s = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
            p = run(s, dev)
            preds[kind] = p >= 0.5
            res[kind] = {"dev_macro_f1": T.macro_f1(gold, preds[kind]), "emgsd_macro_f1": T.macro_f1(gold[emgsd], preds[kind][emgsd])}
        res["label_agreement"] = float(np.mean(preds["fp32"] == preds["int8"]))
        report[name] = res
        print(name, json.dumps(res), flush=True)
    json.dump(report, open(out_file, "w"), indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:5])
