"""The two steps of bench/llm-audit.sh.
join AUDIT CSV OUT: the audited rows with their texts, in the audit's order (label: 1 when the guide's kind flags).
report SCORED: the model's flags and kinds against the guide's, per sample and weighted by the samples' shares."""
import csv
import math
import sys
from collections import Counter

FLAGS = {"stereotype", "portrayal"}
# The rows each sample was drawn from: model 3.0.0 flagged 4,658 of the 12,600 rows.
POPULATION = {"flagged": 4658, "not_flagged": 12600 - 4658}


def wilson(k, n, z=1.96):
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return ((centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n))


def join(audit, source, out):
    with open(source, encoding="utf-8", newline="") as f:
        texts = {n + 2: row["text"] for n, row in enumerate(csv.DictReader(f))}
    with open(audit, encoding="utf-8", newline="") as f, open(out, "w", encoding="utf-8", newline="") as o:
        w = csv.writer(o)
        w.writerow(["sample", "row", "guide_kind", "text", "label"])
        for row in csv.DictReader(f):
            n = int(row["row"])
            if n not in texts:
                sys.exit(f"row {n} is not in {source}: is it the shared llm_outputs.csv?")
            w.writerow([row["sample"], n, row["guide_kind"], texts[n], int(row["guide_kind"] in FLAGS)])


def report(scored):
    with open(scored, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or rows[0].get("kind", "") == "":
        sys.exit("the model has no kind head: this audit compares kinds")
    true_flags, flags, hits = 0.0, 0.0, 0.0
    for sample, size in POPULATION.items():
        part = [r for r in rows if r["sample"] == sample]
        guide = [r["guide_kind"] in FLAGS for r in part]
        model = [r["flagged"] == "1" for r in part]
        tp = sum(g and m for g, m in zip(guide, model))
        same = sum(r["kind"] == r["guide_kind"] for r in part)
        low, high = wilson(sum(guide), len(part))
        print(f"sample={sample} rows={len(part)} guide_flags={sum(guide)} ({low:.1%}-{high:.1%}) model_flags={sum(model)} "
              f"both={tp} kinds_same={same}")
        for kind in ["stereotype", "portrayal"]:
            called = [r for r in part if r["kind"] == kind]
            right = sum(r["guide_kind"] == kind for r in called)
            print(f"  called {kind}: {len(called)}, right by the guide: {right}")
        print("  guide kind x model kind:", dict(sorted(Counter((r["guide_kind"], r["kind"]) for r in part).items())))
        scale = size / len(part)
        true_flags += sum(guide) * scale
        flags += sum(model) * scale
        hits += tp * scale
    total = sum(POPULATION.values())
    print(f"weighted: guide_rate={true_flags / total:.3f} model_rate={flags / total:.3f} "
          f"precision={hits / flags if flags else 0:.3f} recall={hits / true_flags if true_flags else 0:.3f}")


if __name__ == "__main__":
    {"join": lambda: join(*sys.argv[2:5]), "report": lambda: report(sys.argv[2])}[sys.argv[1]]()
