"""Adds the mean-pooled sentence embedding as a graph output named `embedding` [batch, 384] (no torch).

  python3 expose_embedding.py --onnx ../../models/stereotype-minilm/model.onnx --output work/emb/model.onnx

The embedding is the input of the content head's Gemm (the Gemm whose output is `logits`); the axis head's Gemm
reads the same tensor. An Identity node renames it; nothing else in the graph changes.
"""
import argparse
import os

import onnx
from onnx import helper, TensorProto


def pooled_name(graph):
    heads = [n for n in graph.node if "logits" in n.output and n.op_type in ("Gemm", "MatMul")]
    if len(heads) != 1:
        raise SystemExit(f"expected one Gemm/MatMul producing 'logits', found {len(heads)}")
    return heads[0].input[0]


def add_embedding_output(model):
    g = model.graph
    if any(o.name == "embedding" for o in g.output):
        return model
    pooled = pooled_name(g)
    dim = next(i for i in g.initializer if i.name == next(n for n in g.node if "logits" in n.output).input[1]).dims[-1]
    g.node.append(helper.make_node("Identity", [pooled], ["embedding"], name="embedding_identity"))
    g.output.append(helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", dim]))
    return model


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--onnx", required=True)
    p.add_argument("--output", required=True)
    a = p.parse_args()
    model = onnx.load(a.onnx)
    print("pooled tensor:", pooled_name(model.graph))
    add_embedding_output(model)
    onnx.checker.check_model(model)
    os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
    onnx.save(model, a.output)
    print("wrote", a.output)


if __name__ == "__main__":
    main()
