"""Writes the model.json of a content-model graph (outputs `logits` and `axis_logits`, no kind heads):
the shipped card without its `kinds` section, with the outputs and sha256 of the graph.

  python3 card.py GRAPH.onnx OUT.json [CARD]      CARD defaults to models/stereotype-minilm/model.json

The CLI reads vocab.txt and model.json beside every model.onnx it loads; this card lets it load an int8 graph built
here whatever version the shipped card has reached.
"""
import hashlib
import json
import os
import sys

import onnx


def main():
    graph, out = sys.argv[1], sys.argv[2]
    card_path = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", "stereotype-minilm", "model.json")
    card = json.load(open(card_path))
    kinds = card.pop("kinds", None)
    if kinds:  # a 3.0.0 card: "stereotype-minilm@2.2.0 (encoder, content and axis heads frozen)"
        card["version"] = kinds["base_model"].split("@", 1)[1].split()[0]
    model = onnx.load(graph, load_external_data=False)
    card["outputs"] = {o.name: "[batch, " + str(o.type.tensor_type.shape.dim[1].dim_value or "?") + "]" for o in model.graph.output}
    card["sha256"] = hashlib.sha256(open(graph, "rb").read()).hexdigest()
    json.dump(card, open(out, "w"), indent=2)


if __name__ == "__main__":
    main()
