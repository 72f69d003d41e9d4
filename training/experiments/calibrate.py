"""Chooses the decision threshold and a temperature for a trained checkpoint on a realistic mix, and bakes both into
the binary head (so the app's threshold of 0.5 means the chosen one, and the probabilities shown are calibrated):

  python3 experiments/calibrate.py --checkpoint work/robust/model2.pt [--base work/base_minilm.pt] --emgsd work/dev.jsonl --extra work/robust/extra_dev.jsonl \
                       --output work/robust/model2_cal.pt [--json work/robust/calibration.json]

Rows are split by a hash of their text: the `cal` half chooses, the `report` half is only reported (and is what
compare_and_ship.sh's figures come from, via `biasapp-cli evaluate` on report_*.csv written here).
A shift s of the logit difference (stereotype minus not) moves the threshold; it is chosen on the cal half to maximise
the mean of five figures: emgsd: macro-F1, 1 - flagged share of everyday text, of Wikipedia sentences about groups, of
BBQ contexts, and the recall of real-world positives. The temperature T is then fitted by log-loss on the cal half
(shift fixed). Head: logits' = (W h + b) / T with b[1] += s / 2, b[0] -= s / 2 (before dividing).
"""
import argparse
import os
import sys
import hashlib
import json

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # the modules of training/
from export import load_classifier
from train import load_rows, macro_f1


def half(text):
    return "cal" if int(hashlib.sha1(("cal:" + text.strip().lower()).encode()).hexdigest()[:8], 16) % 2 == 0 else "report"


def logit_diffs(model, rows, batch=128):
    out = []
    with torch.no_grad():
        for s in range(0, len(rows), batch):
            chunk = rows[s:s + batch]
            width = max(len(r["ids"]) for r in chunk)
            ids = torch.zeros(len(chunk), width, dtype=torch.long)
            mask = torch.zeros(len(chunk), width, dtype=torch.long)
            for i, r in enumerate(chunk):
                ids[i, :len(r["ids"])] = torch.tensor(r["ids"])
                mask[i, :len(r["ids"])] = 1
            logits = model(ids, mask, torch.zeros_like(ids))[0]
            out.append((logits[:, 1] - logits[:, 0]).numpy())
    return np.concatenate(out)


def figures(d, rows, shift):
    pred = d + shift >= 0
    gold = np.array([int(r["label"]) for r in rows]) == 1
    kind = np.array([r.get("slice") or r.get("source", "") for r in rows])
    def share(prefixes):
        m = np.array([k.startswith(prefixes) for k in kind])
        return float(pred[m].mean()) if m.any() else 0.0
    emgsd = np.array([k.startswith("emgsd:") for k in kind])
    return {
        "emgsd_macro_f1": macro_f1(gold[emgsd], pred[emgsd]) if emgsd.any() else 0.0,
        "everyday_flagged": share(("tweeteval", "sst2", "goodnewseveryone")),
        "wikipedia_flagged": share(("bold_wikipedia",)),
        "bbq_flagged": share(("bbq",)),
        "positives_recall": share(("implicit_hate", "generics_stereotypes")),
    }


def objective(f):
    return np.mean([f["emgsd_macro_f1"], 1 - f["everyday_flagged"], 1 - f["wikipedia_flagged"], 1 - f["bbq_flagged"], f["positives_recall"]])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--base", default="work/base_minilm.pt", help="base_<name>.pt (the full embedding table)")
    p.add_argument("--emgsd", required=True, help="tokenized dev.csv (only rows whose source starts with emgsd: are used)")
    p.add_argument("--extra", required=True, help="tokenized extra_dev.csv")
    p.add_argument("--output", required=True)
    p.add_argument("--json")
    a = p.parse_args()
    torch.set_num_threads(2)
    model, ckpt = load_classifier(a.checkpoint, a.base)
    rows = [r for r in load_rows(a.emgsd) if r.get("source", "").startswith("emgsd:")] + load_rows(a.extra)
    d = logit_diffs(model, rows)
    cal = np.array([half(r["text"]) == "cal" for r in rows])
    cal_rows = [r for r, c in zip(rows, cal) if c]
    report_rows = [r for r, c in zip(rows, cal) if not c]
    grid = np.arange(-4.0, 4.01, 0.1)
    scores = [objective(figures(d[cal], cal_rows, s)) for s in grid]
    shift = float(grid[int(np.argmax(scores))])
    gold = np.array([int(r["label"]) for r in cal_rows], dtype=float)
    best_t, best_nll = 1.0, 1e9
    for t in np.arange(0.5, 5.01, 0.05):
        z = (d[cal] + shift) / t
        prob = 1 / (1 + np.exp(-z))
        nll = -np.mean(gold * np.log(np.clip(prob, 1e-7, 1)) + (1 - gold) * np.log(np.clip(1 - prob, 1e-7, 1)))
        if nll < best_nll:
            best_t, best_nll = float(t), float(nll)
    result = {
        "shift": round(shift, 2), "temperature": round(best_t, 2), "cal_rows": int(cal.sum()), "report_rows": int((~cal).sum()),
        "cal_at_0": figures(d[cal], cal_rows, 0.0), "cal_at_shift": figures(d[cal], cal_rows, shift),
        "report_at_0": figures(d[~cal], report_rows, 0.0), "report_at_shift": figures(d[~cal], report_rows, shift),
    }
    print(json.dumps(result, indent=1))
    state = ckpt["state"]
    w, b = state["head.weight"].float().clone(), state["head.bias"].float().clone()
    b[1] += shift / 2
    b[0] -= shift / 2
    state["head.weight"], state["head.bias"] = w / best_t, b / best_t
    ckpt["config"] = ckpt["config"] | {"calibration": {"shift": shift, "temperature": best_t}}
    torch.save(ckpt, a.output)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
