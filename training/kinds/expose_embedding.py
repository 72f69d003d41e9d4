"""Writes the base graph of the kind heads: the content model with the mean-pooled sentence embedding as an output
named `embedding` [batch, 384] (no torch).

  python3 expose_embedding.py --onnx ../../models/stereotype-minilm/model.onnx --output work/emb/model.onnx \
      [--card ../../models/stereotype-minilm/model.json --card-out work/emb/model.json]

The embedding is the input of the content head's Gemm (the Gemm whose output is `logits`); the axis head's Gemm
reads the same tensor. An Identity node names it; nothing else in the encoder or the two heads changes. The input may
already be a 3.0.0 graph: its kind heads (target, stance, content_any, kind) are dropped and its `embedding` is kept,
so the heads can be refitted from the shipped model alone. `--card` writes the matching model.json: without the
`kinds` section, with the outputs of the written graph and the version of the content model.
"""
import argparse
import hashlib
import json
import os

import onnx
from onnx import helper, TensorProto

KIND_OUTPUTS = ("target_logits", "stance_logits", "content_any_logits", "kind_logits")


def pooled_name(graph):
    heads = [n for n in graph.node if "logits" in n.output and n.op_type in ("Gemm", "MatMul")]
    if len(heads) != 1:
        raise SystemExit(f"expected one Gemm/MatMul producing 'logits', found {len(heads)}")
    return heads[0].input[0]


def drop_kind_heads(model):
    """Removes the kind heads' nodes, weights and outputs; `logits`, `axis_logits` and `embedding` stay."""
    g = model.graph
    heads = [n for n in g.node if any(o in KIND_OUTPUTS for o in n.output)]
    weights = {i for n in heads for i in n.input if i.startswith("kinds.")}
    for n in heads:
        g.node.remove(n)
    for i in [i for i in g.initializer if i.name in weights]:
        g.initializer.remove(i)
    for o in [o for o in g.output if o.name in KIND_OUTPUTS]:
        g.output.remove(o)
    return model


def add_embedding_output(model):
    g = model.graph
    if any(o.name == "embedding" for o in g.output):
        return model
    pooled = pooled_name(g)
    dim = next(i for i in g.initializer if i.name == next(n for n in g.node if "logits" in n.output).input[1]).dims[-1]
    g.node.append(helper.make_node("Identity", [pooled], ["embedding"], name="embedding_identity"))
    g.output.append(helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", dim]))
    return model


def base_card(card, model, path):
    """The card of the written graph: a 3.0.0 card loses its kinds and takes back the content model's version."""
    card = dict(card)
    kinds = card.pop("kinds", None)
    if kinds:  # "stereotype-minilm@2.2.0 (encoder, content and axis heads frozen)"
        card["version"] = kinds["base_model"].split("@", 1)[1].split()[0]
    card["outputs"] = {o.name: "[batch, " + str(o.type.tensor_type.shape.dim[1].dim_value) + "]" for o in model.graph.output}
    card["sha256"] = hashlib.sha256(open(path, "rb").read()).hexdigest()
    return card


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--onnx", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--card", help="model.json of --onnx; with --card-out, writes the card of the output graph")
    p.add_argument("--card-out")
    a = p.parse_args()
    model = onnx.load(a.onnx)
    drop_kind_heads(model)
    print("pooled tensor:", pooled_name(model.graph))
    add_embedding_output(model)
    onnx.checker.check_model(model)
    os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
    onnx.save(model, a.output)
    print("wrote", a.output)
    if a.card and a.card_out:
        json.dump(base_card(json.load(open(a.card)), model, a.output), open(a.card_out, "w"), indent=2)
        print("wrote", a.card_out)


if __name__ == "__main__":
    main()
