"""Per-slice figures from `biasapp-cli evaluate --output` files (no torch):

  python3 slices.py work/robust/extra_dev_scored.csv [--column slice] [--threshold 0.5] [--json out.json]

For each slice: rows, share flagged (probability >= threshold) and, where the slice has both labels, macro-F1;
for label-1 slices the share flagged is the recall. Ends with the four target groups of model 2.0:
everyday text (tweets, reviews, headlines), Wikipedia sentences about groups, BBQ contexts, real-world positives.
"""
import argparse
import csv
import json

GROUPS = {
    "everyday (tweets, reviews, headlines)": lambda s: s.startswith(("tweeteval", "sst2", "goodnewseveryone")),
    "wikipedia about groups (bold)": lambda s: s.startswith("bold_wikipedia"),
    "bbq contexts": lambda s: s.startswith("bbq"),
    "generics about things (congen)": lambda s: s.startswith("congen"),
    "toxigen neutral": lambda s: s == "toxigen_seed/neutral",
    "real-world positives (recall)": lambda s: s.startswith(("implicit_hate", "generics_stereotypes")),
    "toxigen weak positives (recall)": lambda s: s == "toxigen_seed/weak",
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("scored")
    p.add_argument("--column", default="slice")
    p.add_argument("--threshold", type=float, default=0.5)
    p.add_argument("--json")
    a = p.parse_args()
    with open(a.scored, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    by = {}
    for r in rows:
        by.setdefault(r[a.column], []).append((int(r["label"]), float(r["probability"]) >= a.threshold))
    out = {"slices": {}, "groups": {}}
    print(f"{'slice':40} {'rows':>6} {'flagged':>8}")
    for name, items in sorted(by.items()):
        flagged = sum(p for _, p in items) / len(items)
        out["slices"][name] = {"rows": len(items), "flagged": round(flagged, 4)}
        print(f"{name:40} {len(items):6} {flagged:8.1%}")
    for group, test in GROUPS.items():
        items = [x for name, xs in by.items() if test(name) for x in xs]
        if items:
            flagged = sum(p for _, p in items) / len(items)
            out["groups"][group] = {"rows": len(items), "flagged": round(flagged, 4)}
            print(f"group {group:40} rows={len(items)} flagged={flagged:.1%}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
