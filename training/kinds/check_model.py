"""Checks the built 3.0.0 graph against what the heads were fitted on, and prints the named cases (numpy only).

  python3 check_model.py --work ../work/model3          (after `biasapp-cli embed --model <work>/model` on rows_check.csv)

1. The `embedding` output of the built graph (int8 encoder, as the app runs it) equals the embedding the heads were
   fitted on (rows_*.f32 from the 2.2.0 graph + `embedding` output): max abs difference.
2. Its target/stance/content_any logits equal the numpy heads applied to that embedding.
3. The kinds from the graph's outputs by model.json's rule equal fit.py's kinds on the same rows.
4. The issue's named cases, with p and every head.
"""
import argparse
import csv
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from heads import load, softmax  # noqa: E402
from fit import derive  # noqa: E402

NAMED = ["It is a myth that women are bad drivers.", "The waiter was rude.", "Women are too emotional to lead.",
         "Honestly, women are too emotional to lead.", "To be fair, women are too emotional to lead.",
         "Christians celebrate Easter in spring.", "Men are hopeless at cooking.", "To be fair, men are hopeless at cooking."]


def rows_for_check(rows):
    """Evaluation rows to run through the built graph: contrast, variants, hand-written dev, named cases."""
    out = [r["text"] for r in rows if r["family"] in ("contrast", "variants") or (r["family"] == "hand" and r["split"] == "dev")]
    return list(dict.fromkeys(out + NAMED))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    card = json.load(open(os.path.join(a.work, "model", "model.json")))
    rule = card["kinds"]["rule"]
    cascade = dict(card["kinds"]["cascade_alternative"]["thresholds"], stereotype_score=card["kinds"]["cascade_alternative"]["score"])
    with open(os.path.join(a.work, "rows_check.csv"), encoding="utf-8", newline="") as f:
        texts = [r["text"] for r in csv.DictReader(f)]
    meta = json.load(open(os.path.join(a.work, "rows_check.f32.json")))
    X = np.fromfile(os.path.join(a.work, "rows_check.f32"), dtype="<f4").reshape(meta["rows"], meta["width"])
    col = {c["name"]: (c["offset"], c["width"]) for c in meta["columns"]}
    get = lambda n: X[:, col[n][0]:col[n][0] + col[n][1]].astype(np.float64)
    E, p = get("embedding"), get("probability")[:, 0]
    T, S, C = softmax(get("target_logits")), softmax(get("stance_logits"))[:, 1], softmax(get("content_any_logits"))[:, 1]
    heads = dict(np.load(os.path.join(a.work, "heads.npz")))
    diffs = {n: float(np.abs(E @ heads[f"{n}_W"].T.astype(np.float64) + heads[f"{n}_b"] - get(f"{n}_logits")).max())
             for n in ("target", "stance", "content_any", "kind")}
    rows, E0, p0, _, _ = load(a.work)
    index = {}
    for i, r in enumerate(rows):
        index.setdefault(r["text"], i)
    have = [i for i, t in enumerate(texts) if t in index]
    ref = [index[texts[i]] for i in have]
    emb_diff = float(np.abs(E[have] - E0[ref]).max())
    p_diff = float(np.abs(p[have] - p0[ref]).max())
    Kc = derive(T, S, C, p, cascade)
    Kk = np.array(card["kinds"]["labels"], dtype=object)[get("kind_logits").argmax(1)]
    K = Kk if rule["type"] == "kind_head" else Kc
    fitK = json.load(open(os.path.join(a.work, "fit_kinds.json")))
    agree = np.mean([K[i] == fitK[texts[i]] for i in range(len(texts)) if texts[i] in fitK])
    from heads import normalise
    cs = [json.loads(line) for line in open(os.path.join(a.work, "rows_check.f32.texts.jsonl"), encoding="utf-8")]
    norm_mismatch = sum(normalise(t) != c for t, c in zip(texts, cs))
    print(f"SentenceNormaliser (C#) vs heads.normalise (Python): {norm_mismatch} of {len(texts)} texts differ")
    print(f"graph embedding vs fitted-on embedding: rows={len(have)} max_abs_diff={emb_diff:.2e}; probability max diff={p_diff:.2e}")
    print("graph head logits vs numpy heads, max abs diff:", {k: f"{v:.2e}" for k, v in diffs.items()})
    print(f"kinds from the graph's outputs agree with fit.py's: {agree:.4f}")
    print("named cases:")
    for t in NAMED:
        i = texts.index(t)
        print(f"  {K[i]:10} (cascade: {Kc[i]:10}) p={p[i]:.3f} target={['group', 'individual', 'nobody'][T[i].argmax()]}({T[i].max():.2f}) "
              f"reported={S[i]:.2f} content_any={C[i]:.2f}  {t}")
    json.dump(dict(normaliser_mismatches=norm_mismatch, embedding_max_abs_diff=emb_diff, probability_max_abs_diff=p_diff, head_logit_max_abs_diff=diffs,
                   kind_agreement=float(agree),
                   named={t: dict(kind=str(K[texts.index(t)]), p=round(float(p[texts.index(t)]), 4)) for t in NAMED}),
              open(os.path.join(a.work, "check.json"), "w"), indent=1)
    ok = emb_diff < 1e-4 and max(diffs.values()) < 1e-3 and agree == 1.0 and norm_mismatch == 0
    print("CHECK", "OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
