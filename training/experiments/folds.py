"""Splits the dev token file for a 2-fold estimate of a recipe that trains on dev too.

The shipped model is trained on train + dev. To estimate what that gains on the emgsd: slice without
evaluating on rows it has seen, the emgsd: dev rows are split into two halves stratified by label
(seed fixed): each fold trains on train + augmentation + the non-emgsd dev rows + one half, and is
evaluated on the other half. Writes dev_em0.jsonl, dev_em1.jsonl, dev_other.jsonl and
train_em.jsonl (the emgsd: rows of train, for the in-domain second stage), plus dev_em0.csv and dev_em1.csv
(text, label, source) for `biasapp-cli evaluate`.
"""
import argparse
import sys
import csv
import json
import os
import random

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # the modules of training/
from train import load_rows

p = argparse.ArgumentParser()
p.add_argument("--train", required=True)
p.add_argument("--dev", required=True)
p.add_argument("--out", required=True)
p.add_argument("--seed", type=int, default=2026)
a = p.parse_args()


def write(name, rows):
    with open(os.path.join(a.out, name), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")


is_emgsd = lambda r: r["source"].startswith("emgsd:")
dev = load_rows(a.dev)
rng = random.Random(a.seed)
halves = [[], []]
for label in ("0", "1"):
    part = [r for r in dev if is_emgsd(r) and r["label"] == label]
    rng.shuffle(part)
    for i, r in enumerate(part):
        halves[i % 2].append(r)
for k, half in enumerate(halves):
    write(f"dev_em{k}.jsonl", half)
    with open(os.path.join(a.out, f"dev_em{k}.csv"), "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["text", "label", "source"])
        out.writerows([r["text"], r["label"], r["source"]] for r in half)
write("dev_other.jsonl", [r for r in dev if not is_emgsd(r)])
write("train_em.jsonl", [r for r in load_rows(a.train) if is_emgsd(r)])
print(json.dumps({"dev_em0": len(halves[0]), "dev_em1": len(halves[1])}))
