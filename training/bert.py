"""A plain PyTorch BERT encoder (the all-MiniLM-L6-v2 shape) and the weight import from its ONNX graph.

No transformers package: Debian ships none, and the architecture is small enough to state here.
"""
import math

import numpy as np
import torch
from torch import nn


class Layer(nn.Module):
    def __init__(self, hidden, heads, intermediate, dropout):
        super().__init__()
        self.heads = heads
        self.head_dim = hidden // heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.inter = nn.Linear(hidden, intermediate)
        self.out = nn.Linear(intermediate, hidden)
        self.out_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, bias):
        b, t, h = x.shape
        d = self.head_dim

        def split(y):
            return y.view(b, t, self.heads, d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d) + bias
        probs = self.drop(torch.softmax(scores, dim=-1))
        ctx = torch.matmul(probs, v).transpose(1, 2).reshape(b, t, h)
        x = self.attn_norm(x + self.drop(self.attn_out(ctx)))
        y = self.out(torch.nn.functional.gelu(self.inter(x)))
        return self.out_norm(x + self.drop(y))


class Encoder(nn.Module):
    def __init__(self, vocab=30522, hidden=384, layers=6, heads=12, intermediate=1536, max_pos=512, dropout=0.1):
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.position = nn.Embedding(max_pos, hidden)
        self.token_type = nn.Embedding(2, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        self.drop = nn.Dropout(dropout)
        self.layers = nn.ModuleList([Layer(hidden, heads, intermediate, dropout) for _ in range(layers)])

    def forward(self, input_ids, attention_mask, token_type_ids):
        t = input_ids.shape[1]
        positions = torch.arange(t, device=input_ids.device).unsqueeze(0)
        x = self.word(input_ids) + self.position(positions) + self.token_type(token_type_ids)
        x = self.drop(self.norm(x))
        bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        return x


class Classifier(nn.Module):
    """Encoder + pooling + a binary head, with optional category (3-way) and axis heads."""

    def __init__(self, encoder, pooling="mean", axis_count=0, category_count=0, dropout=0.1):
        super().__init__()
        self.encoder = encoder
        self.pooling = pooling
        hidden = encoder.norm.normalized_shape[0]
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, 2)
        self.axis_head = nn.Linear(hidden, axis_count) if axis_count else None
        self.category_head = nn.Linear(hidden, category_count) if category_count else None

    def pool(self, hidden, mask):
        if self.pooling == "cls":
            return hidden[:, 0]
        m = mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)

    def forward(self, input_ids, attention_mask, token_type_ids):
        pooled = self.drop(self.pool(self.encoder(input_ids, attention_mask, token_type_ids), attention_mask))
        out = [self.head(pooled)]
        if self.axis_head is not None:
            out.append(self.axis_head(pooled))
        if self.category_head is not None:
            out.append(self.category_head(pooled))
        return tuple(out)


def state_dict_from_onnx(path):
    """Maps the ONNX graph's initializers to Encoder parameter names.

    Named initializers carry their layer in the name. MatMul weights are anonymous: each is
    identified by the Add that consumes the MatMul's output, whose other input is the bias
    (e.g. ``encoder.layer.0.attention.self.query.bias``). ONNX stores them as [in, out];
    nn.Linear wants [out, in].
    """
    import onnx
    from onnx import numpy_helper

    model = onnx.load(path)
    g = model.graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    consumers = {}
    for node in g.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    raw = {}
    for node in g.node:
        if node.op_type != "MatMul" or node.input[1] not in inits:
            continue
        adds = [n for n in consumers.get(node.output[0], []) if n.op_type == "Add"]
        bias = next(i for i in adds[0].input if i != node.output[0])
        raw[bias[: -len(".bias")] + ".weight"] = inits[node.input[1]].T
    for name, value in inits.items():
        raw.setdefault(name, value)

    rename = {
        "embeddings.word_embeddings.weight": "word.weight",
        "embeddings.position_embeddings.weight": "position.weight",
        "embeddings.token_type_embeddings.weight": "token_type.weight",
        "embeddings.LayerNorm.weight": "norm.weight",
        "embeddings.LayerNorm.bias": "norm.bias",
    }
    parts = {
        "attention.self.query": "query", "attention.self.key": "key", "attention.self.value": "value",
        "attention.output.dense": "attn_out", "attention.output.LayerNorm": "attn_norm",
        "intermediate.dense": "inter", "output.dense": "out", "output.LayerNorm": "out_norm",
    }
    state = {}
    for name, value in raw.items():
        if name in rename:
            state[rename[name]] = value
        elif name.startswith("encoder.layer."):
            _, _, index, rest = name.split(".", 3)
            module, kind = rest.rsplit(".", 1)
            if module in parts:
                state[f"layers.{index}.{parts[module]}.{kind}"] = value
    layers = 1 + max(int(k.split(".")[1]) for k in state if k.startswith("layers."))
    return {k: torch.from_numpy(np.array(v, dtype=np.float32)) for k, v in state.items()}, layers
