"""Probability-averaging ensembles measured from `biasapp-cli evaluate --output` files (no torch, no new model run):

  python3 experiments/ensemble.py --output avg.csv a_scored.csv b_scored.csv [--weights 0.5,0.5] [--threshold 0.5]
                      [--slice-column source --slice-prefix emgsd:]

The files must score the same rows in the same order (the same --input). Writes the rows of the first file with
`probability` replaced by the weighted mean of the files' probabilities and `predicted` recomputed at the threshold,
so that `slices.py` reads it like any scored file; prints accuracy and macro-F1 over all rows and, with
--slice-prefix, over the rows whose --slice-column starts with it (the `emgsd:` figure of `evaluate`).
"""
import argparse
import csv


def macro_f1(pairs):
    """pairs: (label, predicted) of 0/1."""
    scores = []
    for c in (0, 1):
        tp = sum(1 for y, p in pairs if y == c and p == c)
        fp = sum(1 for y, p in pairs if y != c and p == c)
        fn = sum(1 for y, p in pairs if y == c and p != c)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    return sum(scores) / 2


def main():
    p = argparse.ArgumentParser()
    p.add_argument("scored", nargs="+")
    p.add_argument("--output", required=True)
    p.add_argument("--weights")
    p.add_argument("--threshold", type=float, default=0.5)
    p.add_argument("--slice-column", default="source")
    p.add_argument("--slice-prefix")
    a = p.parse_args()
    tables = []
    for path in a.scored:
        with open(path, encoding="utf-8", newline="") as f:
            tables.append(list(csv.DictReader(f)))
    weights = [float(w) for w in a.weights.split(",")] if a.weights else [1.0] * len(tables)
    if len(weights) != len(tables):
        raise SystemExit("one weight per file")
    rows = tables[0]
    for t, path in zip(tables[1:], a.scored[1:]):
        if len(t) != len(rows) or any(x["text"] != y["text"] for x, y in zip(rows, t)):
            raise SystemExit(f"{path} does not score the same rows as {a.scored[0]}")
    total = sum(weights)
    out = []
    for i, r in enumerate(rows):
        prob = sum(w * float(t[i]["probability"]) for w, t in zip(weights, tables)) / total
        out.append({**r, "probability": f"{prob:.4f}", "predicted": str(int(prob >= a.threshold))})
    with open(a.output, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(out)
    pairs = [(int(r["label"]), int(r["predicted"])) for r in out]
    print(f"rows={len(out)} accuracy={sum(y == q for y, q in pairs) / len(pairs):.4f} macro_f1={macro_f1(pairs):.4f}")
    if a.slice_prefix:
        sub = [(int(r["label"]), int(r["predicted"])) for r in out if r.get(a.slice_column, "").startswith(a.slice_prefix)]
        print(f"slice {a.slice_column}^={a.slice_prefix} rows={len(sub)} "
              f"accuracy={sum(y == q for y, q in sub) / max(1, len(sub)):.4f} slice_macro_f1={macro_f1(sub):.4f}")


if __name__ == "__main__":
    main()
