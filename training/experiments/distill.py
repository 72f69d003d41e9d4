"""Adds a teacher probability to token rows for ensemble distillation (`train.py --distill A`):

  python3 experiments/distill.py --jsonl work/train.jsonl --scored a_scored.csv b_scored.csv [...] --out work/distill/train.jsonl

Each --scored file is `biasapp-cli evaluate --output` over the same rows (any order): the teacher of a row is the mean
of the models' `probability` for its text, so an ensemble of N models is taught to one model that runs alone (one
model's memory and explanation time). Rows whose text no scored file holds keep no teacher (trained on the label).
Prints how many rows got a teacher and how often the teacher disagrees with the label.
"""
import argparse
import csv
import json


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jsonl", required=True, help="token rows from `biasapp-cli tokenize`")
    p.add_argument("--scored", required=True, nargs="+", help="`biasapp-cli evaluate --output` files, one per teacher")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    tables = []
    for path in a.scored:
        with open(path, newline="", encoding="utf-8") as f:
            tables.append({r["text"]: float(r["probability"]) for r in csv.DictReader(f)})
    rows = taught = disagree = 0
    with open(a.jsonl, encoding="utf-8") as src, open(a.out, "w", encoding="utf-8") as dst:
        for line in src:
            row = json.loads(line)
            rows += 1
            probs = [t[row["text"]] for t in tables if row["text"] in t]
            if len(probs) == len(tables):
                row["teacher"] = round(sum(probs) / len(probs), 4)
                taught += 1
                disagree += (row["teacher"] >= 0.5) != (int(row["label"]) == 1)
            dst.write(json.dumps(row) + "\n")
    print(f"rows={rows} taught={taught} teacher_disagrees_with_label={disagree} ({disagree / max(1, taught):.1%})")


if __name__ == "__main__":
    main()
