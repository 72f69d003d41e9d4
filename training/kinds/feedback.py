"""Refits the kind head with the app's team decisions and reports the model before and after (numpy + onnx).

Run through `training/kinds/build.sh --feedback FILE.csv`, which embeds the rows in between:

  python3 feedback.py rows  --feedback FILE.csv --work W            -> W/feedback/rows_feedback.csv (fit / held / dropped)
  python3 feedback.py fit   --feedback FILE.csv --work W --before D  -> W/feedback/model/, W/feedback/report.json
  python3 feedback.py check --work W                                 the new graph's kinds equal numpy's

FILE.csv is the export (`GET /api/v1/admin/feedback/export`, `biasapp-cli feedback export`), columns
text,kind,label,model_version,model_kind,probability,decided_at. D is the model it is compared with and built from: a
folder with model.onnx (with kind heads) and model.json, by default the shipped one.

Split: every row goes to the held-back part or the fit part by a hash of its *near-duplicate key* (the normalised text,
lower case, without numbers, number words and capitalised words), so sentences that differ only in a number, a name,
a place, the group, casing, punctuation or a leading marker land on the same side. About HELD_SHARE of the keys are held
back. A sentence sent twice counts once, with its latest decision.

Fit: the kind head is fitted again, exactly as fit.py fits it (same train rows, balanced weights, L2; without feedback it
reproduces the shipped head), with the fit part added as one more source whose rows weigh FEEDBACK_WEIGHT times what
the balanced weighting gives them. Fit-part rows equal to a dev or evaluation sentence are left out, so the slices below
stay unseen. The target, stance and content_any heads (explanations only; the kind rule is argmax(kind_logits)) and the
content head are kept.

Report: on the held-back part (kind accuracy, balanced accuracy, macro-F1 of the flagged label, kinds per gold kind),
on the fit part, and on fit.py's dev and evaluation slices, before and after.
"""
import argparse
import csv
import hashlib
import json
import os
import re
import shutil
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from heads import KINDS, load, fit_softmax, logits, balanced_weights, macro_f1, confusion, normalise  # noqa: E402
from fit import L2, source_of, train_split, figures_of, balanced_accuracy  # noqa: E402

COLUMNS = ["text", "kind", "label", "model_version", "model_kind", "probability", "decided_at"]
HELD_SHARE = 0.3
FEEDBACK_WEIGHT = 4.0
FLAGGED = ("stereotype", "portrayal")
NUMBER_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
                "million", "dozen"}
WORD = re.compile(r"[^\W_][\w'’-]*", re.UNICODE)


def near_key(text):
    """The words left when what a near-duplicate may change is taken out (see the module docstring)."""
    words = [w for w in WORD.findall(normalise(text))
             if not (w[0].isdigit() or w[0].isupper() or w.lower() in NUMBER_WORDS)]
    return " ".join(w.lower() for w in words)


def held_back(key):
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF < HELD_SHARE


def read_feedback(path):
    """The export's rows, checked; one row per sentence (the latest decision wins)."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            raise SystemExit(f"{path}: expected the columns {','.join(COLUMNS)}, found {','.join(reader.fieldnames or [])}")
        rows = list(reader)
    by_text = {}
    for n, r in enumerate(rows, start=2):
        if not r["text"].strip():
            raise SystemExit(f"{path}:{n}: empty text")
        if r["kind"] not in KINDS:
            raise SystemExit(f"{path}:{n}: kind '{r['kind']}' is not one of {', '.join(KINDS)}")
        if r["label"] != ("1" if r["kind"] in FLAGGED else "0"):
            raise SystemExit(f"{path}:{n}: label {r['label']} does not match kind {r['kind']}")
        key = normalise(r["text"]).lower()
        if key not in by_text or r["decided_at"] >= by_text[key]["decided_at"]:
            by_text[key] = r
    return list(by_text.values()), len(rows)


def cmd_rows(a):
    rows, total = read_feedback(a.feedback)
    out = os.path.join(a.work, "feedback")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "rows_feedback.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "kind", "part", "model_version", "model_kind", "key"])
        for r in rows:
            key = near_key(r["text"])
            w.writerow([r["text"], r["kind"], "held" if held_back(key) else "fit", r["model_version"], r["model_kind"], key])
    print(f"feedback rows: {total} in the file, {len(rows)} distinct sentences")


def graph_heads(folder):
    """The kind heads of a 3.0.0 graph, as fit.py's heads dict ({name: (W, b)}), and its model.json."""
    import onnx
    from onnx import numpy_helper
    init = {i.name: numpy_helper.to_array(i).astype(np.float64) for i in onnx.load(os.path.join(folder, "model.onnx")).graph.initializer
            if i.name.startswith("kinds.")}
    if "kinds.kind.weight" not in init:
        raise SystemExit(f"{folder}/model.onnx has no kind heads")
    names = {n.split(".")[1] for n in init}
    card = json.load(open(os.path.join(folder, "model.json")))
    if card["kinds"]["rule"]["type"] != "kind_head":
        raise SystemExit(f"{folder}: the kind rule is {card['kinds']['rule']['type']}; only argmax(kind_logits) is refitted here")
    return {n: (init[f"kinds.{n}.weight"], init[f"kinds.{n}.bias"]) for n in names}, card


def embedded(folder, part):
    meta = json.load(open(os.path.join(folder, f"{part}.f32.json")))
    X = np.fromfile(os.path.join(folder, f"{part}.f32"), dtype="<f4").reshape(meta["rows"], meta["width"])
    col = {c["name"]: (c["offset"], c["width"]) for c in meta["columns"]}
    return lambda n: X[:, col[n][0]:col[n][0] + col[n][1]].astype(np.float64)


def kinds_of(E, head):
    return np.array(KINDS, dtype=object)[logits(E, head).argmax(1)]


def scores(gold, K):
    """Kind accuracy, balanced accuracy, flagged-label macro-F1 and the kinds given to each gold kind."""
    if len(gold) == 0:
        return dict(rows=0)
    return dict(rows=int(len(gold)), kind_accuracy=round(float(np.mean(K == gold)), 4),
                balanced_accuracy=round(balanced_accuracy(gold, K), 4),
                flagged_macro_f1=round(macro_f1(np.isin(gold, FLAGGED), np.isin(K, FLAGGED)), 4),
                gold_counts={k: int(np.sum(gold == k)) for k in KINDS}, predicted_counts={k: int(np.sum(K == k)) for k in KINDS},
                confusion=confusion(gold, K))


SLICES = [("templated dev kinds", lambda f: f["templated_dev"]["accuracy"]),
          ("hand-written dev kinds", lambda f: f["handwritten_dev"]["accuracy"]),
          ("contrast_kinds kinds", lambda f: f["contrast_kinds"]["accuracy"]),
          ("benchmark reported frames dev", lambda f: f["benchmark_reported_frames_dev"]["accuracy"]),
          ("emgsd dev flagged macro-F1", lambda f: f["emgsd_dev"]["kind_flagged_macro_f1"]),
          ("everyday dev stereotype", lambda f: f["everyday_dev"]["stereotype"]),
          ("everyday dev flagged", lambda f: f["everyday_dev"]["flagged"]),
          ("Wikipedia dev flagged", lambda f: f["wikipedia_dev"]["flagged"]),
          ("reported dev as stereotype", lambda f: f["reported_dev_stereotype_share"]["stereotype"]),
          ("asserted recall, templ+hand dev", lambda f: f["asserted_generalisation_recall"]["templated_hand_dev"]["stereotype"]),
          ("asserted recall, contrast", lambda f: f["asserted_generalisation_recall"]["contrast"]["stereotype"]),
          ("asserted recall, real-world dev", lambda f: f["asserted_generalisation_recall"]["real_world_dev"]["stereotype"]),
          ("variant sets with one kind", lambda f: f["variants"]["one_kind"])]


def print_part(name, before, after):
    print(f"\n{name}: {before['rows']} rows, gold kinds " + ", ".join(f"{k} {v}" for k, v in before.get("gold_counts", {}).items()))
    if not before["rows"]:
        return
    print(f"  {'':22}{'before':>8}{'after':>8}")
    for m in ("kind_accuracy", "balanced_accuracy", "flagged_macro_f1"):
        print(f"  {m:22}{before[m]:8.3f}{after[m]:8.3f}")
    print("  kinds given, before -> after (rows: gold kind; columns: " + "/".join(KINDS) + ")")
    for g in KINDS:
        if before["gold_counts"][g]:
            b = "/".join(str(before["confusion"][g][k]) for k in KINDS)
            c = "/".join(str(after["confusion"][g][k]) for k in KINDS)
            print(f"    {g:11} {b:>14} -> {c}")


def cmd_fit(a):
    out = os.path.join(a.work, "feedback")
    before_heads, card = graph_heads(a.before)
    rows, E, p, _, _ = load(a.work)
    split = train_split(rows)
    with open(os.path.join(out, "rows_feedback.csv"), encoding="utf-8", newline="") as f:
        fb = list(csv.DictReader(f))
    Ef = embedded(out, "rows_feedback")("embedding")
    assert len(fb) == len(Ef)
    part = np.array([r["part"] for r in fb])
    # A fit row that is a dev or evaluation sentence would make the slices below seen.
    unseen = {normalise(r["text"]).lower() for r, s in zip(rows, split) if s in ("dev", "eval")}
    dropped = (part == "fit") & np.array([normalise(r["text"]).lower() in unseen for r in fb])
    part = np.where(dropped, "dropped", part)
    gold = np.array([r["kind"] for r in fb], dtype=object)
    fit_m, held_m = part == "fit", part == "held"
    print(f"feedback: {len(fb)} sentences; fit {int(fit_m.sum())}, held back {int(held_m.sum())}, "
          f"left out as dev/evaluation sentences {int(dropped.sum())}")

    kind = np.array([r["kind"] for r in rows])
    yk = np.array([KINDS.index(k) if k else -1 for k in kind])
    m = (split == "train") & (yk >= 0)
    groups = np.concatenate([np.array([source_of(r) for r in rows])[m], np.full(int(fit_m.sum()), "feedback")])
    y = np.concatenate([yk[m], np.array([KINDS.index(k) for k in gold[fit_m]], dtype=int)])
    w = balanced_weights(groups, y)
    w[groups == "feedback"] *= FEEDBACK_WEIGHT
    after_heads = dict(before_heads)
    after_heads["kind"] = fit_softmax(np.vstack([E[m], Ef[fit_m]]), y, 4, w, l2=L2)

    report = dict(file=os.path.abspath(a.feedback), sha256=hashlib.sha256(open(a.feedback, "rb").read()).hexdigest(),
                  before=f"{card['name']}@{card['version']}", held_share=HELD_SHARE, feedback_weight=FEEDBACK_WEIGHT,
                  sentences=len(fb), fit=int(fit_m.sum()), held=int(held_m.sum()), dropped=int(dropped.sum()))
    Kb, Ka = kinds_of(Ef, before_heads["kind"]), kinds_of(Ef, after_heads["kind"])
    # The graph's own kinds should be the ones the app stored with the feedback when it was the same model.
    same = np.array([r["model_version"] == card["version"] for r in fb])
    if same.any():
        agree = float(np.mean(Kb[same] == np.array([r["model_kind"] for r in fb])[same]))
        report["before_equals_export_model_kind"] = round(agree, 4)
        print(f"{card['name']}@{card['version']}'s kinds equal the export's model_kind on {agree:.1%} of its {int(same.sum())} rows")
    for name, msk in (("held", held_m), ("fit", fit_m)):
        report[name + "_figures"] = dict(before=scores(gold[msk], Kb[msk]), after=scores(gold[msk], Ka[msk]))
        print_part({"held": "HELD-BACK PART", "fit": "fit part (trained on)"}[name], *report[name + "_figures"].values())
    fb_before, _ = figures_of(rows, kinds_of(E, before_heads["kind"]), p)
    fb_after, _ = figures_of(rows, kinds_of(E, after_heads["kind"]), p)
    report["slices"] = dict(before=fb_before, after=fb_after)
    print(f"\ndev and evaluation slices (never trained on)\n  {'':34}{'before':>8}{'after':>8}")
    for name, get in SLICES:
        print(f"  {name:34}{get(fb_before):8.4f}{get(fb_after):8.4f}")

    import onnx
    from build_model import add_heads
    model_dir = os.path.join(out, "model")
    os.makedirs(model_dir, exist_ok=True)
    heads_np = {f"{n}_{x}": v.astype(np.float32) for n, h in after_heads.items() for x, v in zip("Wb", h)}
    np.savez(os.path.join(out, "heads.npz"), **heads_np)
    model = add_heads(onnx.load(os.path.join(a.work, "emb", "model.onnx")), heads_np)
    onnx.checker.check_model(model)
    path = os.path.join(model_dir, "model.onnx")
    onnx.save(model, path)
    shutil.copy(os.path.join(a.work, "emb", "vocab.txt"), model_dir)
    card = dict(card, version=f"{card['version'].split('+')[0]}+feedback.{report['sha256'][:8]}")
    card["kinds"] = dict(card["kinds"], figures=fb_after, feedback={k: v for k, v in report.items() if k != "slices"})
    card["sha256"] = hashlib.sha256(open(path, "rb").read()).hexdigest()
    json.dump(card, open(os.path.join(model_dir, "model.json"), "w"), indent=2)
    json.dump(report, open(os.path.join(out, "report.json"), "w"), indent=1)
    print(f"\nwrote {path} ({card['name']}@{card['version']}) and {out}/report.json")


def cmd_check(a):
    """The built graph, run by biasapp-cli on the feedback rows, gives the kinds and logits numpy gave."""
    out = os.path.join(a.work, "feedback")
    heads = dict(np.load(os.path.join(out, "heads.npz")))
    get, ref = embedded(out, "check"), embedded(out, "rows_feedback")
    emb = float(np.abs(get("embedding") - ref("embedding")).max())
    Z = get("embedding") @ heads["kind_W"].T.astype(np.float64) + heads["kind_b"]
    diff = float(np.abs(Z - get("kind_logits")).max())
    agree = float(np.mean(Z.argmax(1) == get("kind_logits").argmax(1)))
    print(f"check: embedding max diff {emb:.2e}, kind logits vs numpy max diff {diff:.2e}, kinds agree {agree:.4f}")
    ok = emb < 1e-4 and diff < 1e-3 and agree == 1.0
    print("CHECK", "OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["rows", "fit", "check"])
    ap.add_argument("--feedback")
    ap.add_argument("--work", required=True)
    ap.add_argument("--before", help="folder of the model to compare with and refit (model.onnx with kind heads, model.json)")
    a = ap.parse_args()
    {"rows": cmd_rows, "fit": cmd_fit, "check": cmd_check}[a.command](a)


if __name__ == "__main__":
    main()
