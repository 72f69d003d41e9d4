"""Writes model 3.0.0: the 2.2.0 graph + output `embedding` + four fp32 Gemm heads on it (no torch).

  python3 build_model.py --base ../work/model3/emb --work ../work/model3 --out ../work/model3/model

--base is a folder with model.onnx, vocab.txt and model.json: the content model, usually expose_embedding.py's
output. Kind heads it already carries are replaced.

Outputs of the new graph (all float32):
  logits             [batch, 2]   unchanged (2.2.0 content head: not_stereotype, stereotype)
  axis_logits        [batch, 10]  unchanged
  embedding          [batch, 384] the mean-pooled sentence embedding both 2.2.0 heads read
  target_logits      [batch, 3]   group, individual, nobody
  stance_logits      [batch, 2]   asserted, reported
  content_any_logits [batch, 2]   absent, present
  kind_logits        [batch, 4]   stereotype, portrayal, reported, none
model.json gets version 3.0.0, the outputs, the head label orders, the kind rule (fit.json "rule") and the figures.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from expose_embedding import add_embedding_output, drop_kind_heads  # noqa: E402
from heads import MARKER_WORDS  # noqa: E402

HEADS = [("target", ["group", "individual", "nobody"]), ("stance", ["asserted", "reported"]),
         ("content_any", ["absent", "present"]), ("kind", ["stereotype", "portrayal", "reported", "none"])]


def add_heads(model, heads):
    g = model.graph
    drop_kind_heads(model)
    add_embedding_output(model)
    pooled = next(n for n in g.node if n.name == "embedding_identity").input[0]
    for name, labels in HEADS:
        W = heads[f"{name}_W"].astype(np.float32)
        b = heads[f"{name}_b"].astype(np.float32)
        assert W.shape == (len(labels), 384), (name, W.shape)
        g.initializer.extend([numpy_helper.from_array(W, f"kinds.{name}.weight"), numpy_helper.from_array(b, f"kinds.{name}.bias")])
        g.node.append(helper.make_node("Gemm", [pooled, f"kinds.{name}.weight", f"kinds.{name}.bias"], [f"{name}_logits"],
                                       name=f"kinds/{name}/Gemm", transB=1))
        g.output.append(helper.make_tensor_value_info(f"{name}_logits", TensorProto.FLOAT, ["batch", len(labels)]))
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    heads = dict(np.load(os.path.join(a.work, "heads.npz")))
    fit = json.load(open(os.path.join(a.work, "fit.json")))
    model = add_heads(onnx.load(os.path.join(a.base, "model.onnx")), heads)
    onnx.checker.check_model(model)
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "model.onnx")
    onnx.save(model, path)
    shutil.copy(os.path.join(a.base, "vocab.txt"), os.path.join(a.out, "vocab.txt"))
    card = json.load(open(os.path.join(a.base, "model.json")))
    base_version = card["kinds"]["base_model"].split("@", 1)[1].split()[0] if "kinds" in card else card["version"]
    card["version"] = "3.0.0"
    card["task"] = ("binary: does the sentence state a stereotype about a social group (logits, unchanged from 2.2.0), "
                    "plus the sentence kind (stereotype | portrayal | reported | none, training/kinds) from three small heads")
    card["outputs"] = {"logits": "[batch, 2]", "axis_logits": "[batch, 10]", "embedding": "[batch, 384]",
                       "target_logits": "[batch, 3]", "stance_logits": "[batch, 2]", "content_any_logits": "[batch, 2]",
                       "kind_logits": "[batch, 4]"}
    rule = fit["rule"]
    cascade = fit["cascade_rule"]
    cascade_doc = {
        "inputs": {"p": "softmax(logits)[1]", "target": "argmax(target_logits) (ties: first)",
                   "reported": "softmax(stance_logits)[1]", "content_any": "softmax(content_any_logits)[1]"},
        "order": [
            "1. target == nobody -> none",
            "2. reported >= reported_stance -> (content_any >= reported_content_any ? reported : none)",
            "3. target == individual -> (content_any >= portrayal_content_any ? portrayal : none)",
            "4. target == group -> (stereotype score passes ? stereotype : none)",
        ],
        "stereotype_score": {
            "content": "p >= stereotype_p", "content_any": "content_any >= stereotype_content_any",
            "and": "p >= stereotype_p and content_any >= stereotype_content_any",
            "or": "p >= stereotype_p or content_any >= stereotype_content_any",
            "mean": "(logit(p) + logit(content_any)) / 2 >= logit(stereotype_mean)",
        }[cascade["stereotype_score"]],
        "score": cascade["stereotype_score"],
        "thresholds": {k: v for k, v in cascade.items() if k not in ("stereotype_score", "type")},
    }
    card["kinds"] = {
        "labels": ["stereotype", "portrayal", "reported", "none"],
        "flagged": ["stereotype", "portrayal"],
        "normalise": {"what": "BiasApp.Core.Classification.SentenceNormaliser.Normalise(text) before tokenizing, for every output "
                              "(probability included): leading discourse markers followed by ',' or ':' removed repeatedly, "
                              "whitespace runs -> one space, end punctuation none/!/.../… -> '.', ?! -> '?'",
                      "markers": MARKER_WORDS},
        "heads": {name: {"output": f"{name}_logits", "labels": labels} for name, labels in HEADS},
        "probability": "softmax(logits)[1] of the normalised text: the 2.2.0 content head, unchanged",
        "rule": ({"type": "kind_head", "kind": "argmax(kind_logits) over labels (ties: first)",
                  "why": "higher out-of-fold balanced kind accuracy on train rows than the best cascade (fit.json)"}
                 if rule["type"] == "kind_head" else dict(cascade_doc, type="cascade")),
        "cascade_alternative": cascade_doc,
        "training": ("heads fitted by training/kinds (numpy softmax regression, L2, on the frozen 2.2.0 embedding of the "
                     "normalised text of templated, hand-written, weakly labelled benchmark and robustness rows); derivation "
                     "chosen out-of-fold on train rows; figures on dev rows (unseen templates) and evaluation files"),
        "figures": fit["figures"],
        "figures_cascade_alternative": fit["alternatives"][f"cascade_{cascade['stereotype_score']}"]["dev"],
        "base_model": f"stereotype-minilm@{base_version} (encoder, content and axis heads frozen)",
    }
    card["sha256"] = hashlib.sha256(open(path, "rb").read()).hexdigest()
    json.dump(card, open(os.path.join(a.out, "model.json"), "w"), indent=2)
    print("wrote", path, "sha256", card["sha256"])


if __name__ == "__main__":
    main()
