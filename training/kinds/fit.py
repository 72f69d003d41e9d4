"""Fits the target / stance / content_any heads on cached embeddings, chooses the kind derivation, measures it.

  python3 fit.py --work ../work/model3            (numpy only; reads rows_*.csv + rows_*.f32 from `biasapp-cli embed`)

Writes <work>/heads.npz (fp32 weights) and <work>/fit.json (the chosen rule, the alternatives measured, all figures).

Selection never looks at dev rows: the derivation (which score decides `stereotype`, and the thresholds) is chosen on
out-of-fold predictions of the TRAIN rows (3 folds grouped by template frame), by balanced kind accuracy, subject to
the issue's limits on the train samples of the robustness rows: everyday text (tweets, reviews, headlines)
`stereotype` <= 1% and flagged <= 3%, Wikipedia sentences flagged <= 1%. Dev rows (unseen frames, unseen
predicates, robust.py's extra_dev, dev.csv) and the evaluation files (contrast_kinds.csv, variants.csv) are measured
once, after the choice.
"""
import argparse
import csv
import hashlib
import itertools
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from heads import (TARGETS, STANCES, KINDS, CUE, load, fit_softmax, logits, softmax, balanced_weights,  # noqa: E402
                   macro_f1, confusion, normalise)

L2 = 0.1
EVERYDAY = ("tweeteval", "sst2", "goodnewseveryone")


def source_of(r):
    if r["family"].startswith("templated"):
        return r["family"]
    if r["family"] == "extra":
        return r["slice"].split("/")[0]
    return r["family"]


def fit_heads(E, rows, mask, l2=L2):
    groups = np.array([source_of(r) for r in rows])
    heads = {}
    for name, labels in (("target", TARGETS), ("stance", STANCES)):
        y = np.array([labels.index(r[name]) if r[name] else -1 for r in rows])
        m = mask & (y >= 0)
        heads[name] = fit_softmax(E[m], y[m], len(labels), balanced_weights(groups[m], y[m]), l2=l2)
    y = np.array([int(r["content"]) if r["content"] != "" else -1 for r in rows])
    m = mask & (y >= 0)
    # content_any labels: index 0 = "absent", 1 = "present" (fit_softmax uses the last class as reference)
    heads["content_any"] = fit_softmax(E[m], y[m], 2, balanced_weights(groups[m], y[m]), l2=l2)
    return heads


def outputs(E, heads):
    T = softmax(logits(E, heads["target"]))
    S = softmax(logits(E, heads["stance"]))[:, 1]
    C = softmax(logits(E, heads["content_any"]))[:, 1]
    return T, S, C


def logit(v):
    v = np.clip(v, 1e-6, 1 - 1e-6)
    return np.log(v / (1 - v))


def derive(T, S, C, p, rule, cue=None):
    """Vectorised kind derivation (the order model.json documents):
       1. target argmax == nobody                      -> none
       2. stance P(reported) >= reported_stance         -> reported if content_any >= reported_content_any else none
       3. target argmax == individual                  -> portrayal if content_any >= portrayal_content_any else none
       4. (group)                                      -> stereotype if the stereotype score passes else none
       stereotype score: "content" p >= stereotype_p; "content_any" C >= stereotype_content_any; "and"/"or" of both;
       "mean" (logit p + logit C)/2 >= logit(stereotype_mean)."""
    t = T.argmax(1)
    reported = S >= rule["reported_stance"]
    if cue is not None and rule.get("cue"):
        reported = reported | (cue & (S >= rule["cue_stance"]))
    mode = rule["stereotype_score"]
    if mode == "content":
        st = p >= rule["stereotype_p"]
    elif mode == "content_any":
        st = C >= rule["stereotype_content_any"]
    elif mode == "and":
        st = (p >= rule["stereotype_p"]) & (C >= rule["stereotype_content_any"])
    elif mode == "or":
        st = (p >= rule["stereotype_p"]) | (C >= rule["stereotype_content_any"])
    elif mode == "mean":
        st = (logit(p) + logit(C)) / 2 >= logit(rule["stereotype_mean"])
    else:
        raise ValueError(mode)
    k = np.where(st, "stereotype", "none").astype(object)
    k = np.where(t == 1, np.where(C >= rule["portrayal_content_any"], "portrayal", "none"), k)
    k = np.where(reported, np.where(C >= rule["reported_content_any"], "reported", "none"), k)
    k = np.where(t == 2, "none", k)
    return k


def balanced_accuracy(gold, pred):
    rec = [np.mean(pred[gold == k] == k) for k in KINDS if np.any(gold == k)]
    return float(np.mean(rec))


def candidate_rules():
    grid = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    for mode in ("content", "content_any", "and", "or", "mean"):
        for rs, rc, pc, sc in itertools.product(grid, grid, grid, grid):
            rule = dict(stereotype_score=mode, reported_stance=rs, reported_content_any=rc, portrayal_content_any=pc)
            if mode == "content":
                rule["stereotype_p"] = sc
            elif mode == "content_any":
                rule["stereotype_content_any"] = sc
            elif mode == "mean":
                rule["stereotype_mean"] = sc
            else:
                rule["stereotype_p"] = 0.5
                rule["stereotype_content_any"] = sc
            yield rule


def fold_of(r):
    key = r["frame"].replace("+variant", "").replace("+marker", "") if r["family"].startswith("templated") else r["text"]
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 3


def choose(rows, E, p, split):
    """Out-of-fold head outputs on the train rows, then the best rule by balanced kind accuracy."""
    train = split == "train"
    folds = np.array([fold_of(r) for r in rows])
    T = np.zeros((len(rows), 3))
    S = np.zeros(len(rows))
    C = np.zeros(len(rows))
    for f in range(3):
        heads = fit_heads(E, rows, train & (folds != f))
        m = train & (folds == f)
        T[m], S[m], C[m] = [o[m] for o in outputs(E, heads)]
    kind = np.array([r["kind"] for r in rows])
    fam = np.array([r["family"].split(":")[0] for r in rows])
    sel = train & np.isin(fam, ["templated", "hand", "bench_cf"]) & (kind != "")
    every = train & np.array([r["family"] == "extra" and r["slice"].startswith(EVERYDAY) for r in rows])
    wiki = train & np.array([r["family"] == "extra" and r["slice"].startswith("bold_wikipedia") for r in rows])
    best, scored = None, []
    for rule in candidate_rules():
        k = derive(T[sel], S[sel], C[sel], p[sel], rule)
        acc = balanced_accuracy(kind[sel], k)
        ke = derive(T[every], S[every], C[every], p[every], rule)
        ev = float(np.mean(ke == "stereotype"))
        fl = float(np.mean(np.isin(ke, ["stereotype", "portrayal"])))
        kw = derive(T[wiki], S[wiki], C[wiki], p[wiki], rule)
        wf = float(np.mean(np.isin(kw, ["stereotype", "portrayal"])))
        ok = ev <= 0.01 and fl <= 0.03 and wf <= 0.01
        scored.append((ok, acc, rule, ev, fl))
    scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
    by_mode = {}
    for ok, acc, rule, ev, fl in scored:
        if rule["stereotype_score"] not in by_mode and ok:
            by_mode[rule["stereotype_score"]] = dict(rule=rule, oof_balanced_accuracy=round(acc, 4), oof_everyday_stereotype=round(ev, 4),
                                                     oof_everyday_flagged=round(fl, 4))
    best = scored[0][2]
    # The alternative without a cascade: one 4-way kind head on the embedding, out-of-fold on the same rows.
    yk = np.array([KINDS.index(k) if k else -1 for k in kind])
    groups = np.array([source_of(r) for r in rows])
    Kh = np.empty(len(rows), dtype=object)
    for f in range(3):
        m = train & (folds != f) & (yk >= 0)
        kh = fit_softmax(E[m], yk[m], 4, balanced_weights(groups[m], yk[m]), l2=L2)
        o = train & (folds == f)
        Kh[o] = np.array(KINDS, dtype=object)[logits(E[o], kh).argmax(1)]
    by_mode["kind_head_only"] = dict(oof_balanced_accuracy=round(balanced_accuracy(kind[sel], Kh[sel]), 4),
                                     oof_everyday_stereotype=round(float(np.mean(Kh[every] == "stereotype")), 4),
                                     oof_everyday_flagged=round(float(np.mean(np.isin(Kh[every], ["stereotype", "portrayal"]))), 4),
                                     oof_wikipedia_flagged=round(float(np.mean(np.isin(Kh[wiki], ["stereotype", "portrayal"]))), 4))
    return best, by_mode, (T, S, C)


def figures(rows, T, S, C, p, rule, cue=None):
    """Every dev/eval figure of the brief for one cascade derivation."""
    return figures_of(rows, derive(T, S, C, p, rule, cue), p)


def figures_of(rows, K, p):
    """Every dev/eval figure of the brief for the kinds K (p: the content head's probability)."""
    kind = np.array([r["kind"] for r in rows])
    fam = np.array([r["family"].split(":")[0] for r in rows])
    split = np.array([r["split"] for r in rows])
    sl = np.array([r["slice"] for r in rows])
    flagged = np.isin(K, ["stereotype", "portrayal"])
    out = {}

    def kinds_on(m, name):
        m = m & (kind != "")
        out[name] = dict(rows=int(m.sum()), accuracy=round(float(np.mean(K[m] == kind[m])), 4),
                         balanced_accuracy=round(balanced_accuracy(kind[m], K[m]), 4),
                         confusion=confusion(kind[m], K[m]))

    kinds_on((fam == "templated") & (split == "dev"), "templated_dev")
    kinds_on((fam == "hand") & (split == "dev"), "handwritten_dev")
    kinds_on((fam == "bench_cf") & (split == "dev"), "benchmark_reported_frames_dev")
    kinds_on(fam == "contrast", "contrast_kinds")
    kinds_on((fam == "bench") & (split == "dev"), "benchmark_dev_weak_kinds")
    dev = split == "dev"
    em = dev & (fam == "bench") & np.array([s.startswith("emgsd:") for s in sl])
    gold = np.array([r["label"] == "1" for r in rows])
    out["emgsd_dev"] = dict(rows=int(em.sum()), content_head_macro_f1=round(macro_f1(gold[em], p[em] >= 0.5), 4),
                            kind_stereotype_macro_f1=round(macro_f1(gold[em], K[em] == "stereotype"), 4),
                            kind_flagged_macro_f1=round(macro_f1(gold[em], flagged[em]), 4))
    ev = dev & (fam == "extra") & np.array([s.startswith(EVERYDAY) for s in sl])
    wk = dev & (fam == "extra") & np.array([s.startswith("bold_wikipedia") for s in sl])
    out["everyday_dev"] = dict(rows=int(ev.sum()), stereotype=round(float(np.mean(K[ev] == "stereotype")), 4),
                               flagged=round(float(np.mean(flagged[ev])), 4), content_head_flagged=round(float(np.mean(p[ev] >= 0.5)), 4))
    out["wikipedia_dev"] = dict(rows=int(wk.sum()), stereotype=round(float(np.mean(K[wk] == "stereotype")), 4),
                                flagged=round(float(np.mean(flagged[wk])), 4), content_head_flagged=round(float(np.mean(p[wk] >= 0.5)), 4))
    for s in ("bbq/ambiguous_context", "congen_generics/non_people", "toxigen_seed/neutral"):
        m = dev & (sl == s)
        out[f"{s}_dev"] = dict(rows=int(m.sum()), flagged=round(float(np.mean(flagged[m])), 4))
    rep = dev & np.isin(fam, ["templated", "hand", "bench_cf"]) & (kind == "reported")
    rc = (fam == "contrast") & (kind == "reported")
    out["reported_dev_stereotype_share"] = dict(rows=int(rep.sum()), stereotype=round(float(np.mean(K[rep] == "stereotype")), 4),
                                                content_head_flagged=round(float(np.mean(p[rep] >= 0.5)), 4))
    out["reported_contrast_stereotype_share"] = dict(rows=int(rc.sum()), stereotype=round(float(np.mean(K[rc] == "stereotype")), 4),
                                                     content_head_flagged=round(float(np.mean(p[rc] >= 0.5)), 4))
    ag = dev & np.isin(fam, ["templated", "hand"]) & (kind == "stereotype")
    agc = (fam == "contrast") & (kind == "stereotype")
    pos = dev & np.isin(sl, ["implicit_hate/implied_statement", "generics_stereotypes/negative"])
    out["asserted_generalisation_recall"] = dict(
        templated_hand_dev=dict(rows=int(ag.sum()), stereotype=round(float(np.mean(K[ag] == "stereotype")), 4), content_head=round(float(np.mean(p[ag] >= 0.5)), 4)),
        contrast=dict(rows=int(agc.sum()), stereotype=round(float(np.mean(K[agc] == "stereotype")), 4), content_head=round(float(np.mean(p[agc] >= 0.5)), 4)),
        real_world_dev=dict(rows=int(pos.sum()), stereotype=round(float(np.mean(K[pos] == "stereotype")), 4), flagged=round(float(np.mean(flagged[pos])), 4),
                            content_head=round(float(np.mean(p[pos] >= 0.5)), 4)))
    v = fam == "variants"
    sets = {}
    for i in np.where(v)[0]:
        sets.setdefault(rows[i]["frame"].split(":")[0], []).append(i)
    keep = [len(set(K[ix])) == 1 for ix in sets.values()]
    right = [all(K[i] == kind[i] for i in ix) for ix in sets.values()]
    flips = {}
    for ix in sets.values():
        base = next(i for i in ix if rows[i]["frame"].endswith(":base"))
        for i in ix:
            t = rows[i]["frame"].split(":")[1]
            if t != "base":
                f = flips.setdefault(t, [0, 0])
                f[0] += int(K[i] != K[base])
                f[1] += 1
    out["variants_flips_by_type"] = {t: f"{a}/{b}" for t, (a, b) in flips.items()}
    hr = dev & (fam == "hand") & (kind == "reported")
    out["reported_handwritten_dev_stereotype_share"] = dict(rows=int(hr.sum()), stereotype=round(float(np.mean(K[hr] == "stereotype")), 4),
                                                            content_head_flagged=round(float(np.mean(p[hr] >= 0.5)), 4))
    out["variants"] = dict(sets=len(sets), rows=int(v.sum()), one_kind=round(float(np.mean(keep)), 4),
                           all_right=round(float(np.mean(right)), 4), row_accuracy=round(float(np.mean(K[v] == kind[v])), 4),
                           content_head_one_label=round(float(np.mean([len(set(p[ix] >= 0.5)) == 1 for ix in sets.values()])), 4))
    return out, K


def train_split(rows):
    """Each row's split, with "excluded" for a train row that is (after normalisation, ignoring case) a sentence of the
    evaluation files, a hand-written dev row or one of the issue's named cases."""
    from check_model import NAMED
    split = np.array([r["split"] for r in rows])
    held = {normalise(r["text"]).lower() for r in rows if r["split"] in ("dev", "eval") and r["family"] in ("contrast", "variants", "hand")}
    held |= {normalise(t).lower() for t in NAMED}
    clash = np.array([r["split"] == "train" and normalise(r["text"]).lower() in held for r in rows])
    return np.where(clash, "excluded", split)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    rows, E, p, X, cols = load(a.work)
    split = train_split(rows)
    print(f"train rows equal to an evaluation sentence, left out: {int(np.sum(split == 'excluded'))}")
    for r, sp in zip(rows, split):
        r["split"] = sp
    cascade_rule, by_mode, _ = choose(rows, E, p, split)
    print("best cascade rule (out-of-fold on train):", cascade_rule)
    for mode, info in by_mode.items():
        print(f"  best {mode:14} oof={info['oof_balanced_accuracy']} {info.get('rule', info)}")
    heads = fit_heads(E, rows, split == "train")
    T, S, C = outputs(E, heads)
    # The kind head (4-way softmax on the embedding), fitted on every train row with a kind.
    kind = np.array([r["kind"] for r in rows])
    groups = np.array([source_of(r) for r in rows])
    yk = np.array([KINDS.index(k) if k else -1 for k in kind])
    m = (split == "train") & (yk >= 0)
    heads["kind"] = fit_softmax(E[m], yk[m], 4, balanced_weights(groups[m], yk[m]), l2=L2)
    Kh = np.array(KINDS, dtype=object)[logits(E, heads["kind"]).argmax(1)]
    # The choice, out-of-fold on train rows only: the kind head or the best cascade, by balanced kind accuracy
    # (both already meet the robustness limits on the train samples, or the cascade's grid would be empty).
    kh = by_mode["kind_head_only"]
    kh_ok = kh["oof_everyday_stereotype"] <= 0.01 and kh["oof_everyday_flagged"] <= 0.03 and kh["oof_wikipedia_flagged"] <= 0.01
    best_cascade = by_mode[cascade_rule["stereotype_score"]]["oof_balanced_accuracy"]
    if kh_ok and kh["oof_balanced_accuracy"] > best_cascade:
        rule = {"type": "kind_head"}
    else:
        rule = dict(cascade_rule, type="cascade")
    print("chosen:", rule)
    cue = np.array([bool(CUE.search(r["text"])) for r in rows])
    report = {"rule": rule, "cascade_rule": cascade_rule, "alternatives": {}}
    for mode, info in by_mode.items():
        if "rule" in info:
            fig, _ = figures(rows, T, S, C, p, info["rule"])
            report["alternatives"][f"cascade_{mode}"] = dict(info, dev=fig)
    # Alternative: cue words may also mark a sentence reported when the stance head is unsure.
    cue_rule = dict(cascade_rule, cue=True, cue_stance=0.25)
    report["alternatives"]["cascade_plus_cue_words"] = dict(rule=cue_rule, dev=figures(rows, T, S, C, p, cue_rule, cue)[0])
    # Alternative: the content head alone (2.2.0: stereotype = p >= 0.5, everything else none).
    report["alternatives"]["content_head_only"] = dict(dev=figures(rows, np.tile([1.0, 0, 0], (len(rows), 1)), np.zeros(len(rows)), np.zeros(len(rows)), p,
                                                              dict(stereotype_score="content", stereotype_p=0.5, reported_stance=2, reported_content_any=2, portrayal_content_any=2))[0])
    report["alternatives"]["kind_head_only"] = dict(kh, dev=figures_of(rows, Kh, p)[0])
    if rule["type"] == "kind_head":
        report["figures"] = report["alternatives"]["kind_head_only"]["dev"]
        K = Kh
    else:
        report["figures"], K = figures(rows, T, S, C, p, cascade_rule)
    np.savez(os.path.join(a.work, "heads.npz"), **{f"{n}_W": h[0].astype(np.float32) for n, h in heads.items()},
             **{f"{n}_b": h[1].astype(np.float32) for n, h in heads.items()})
    json.dump(report, open(os.path.join(a.work, "fit.json"), "w"), indent=1, default=str)
    # For check_model.py: the evaluation rows, their kinds here, and the named cases.
    from check_model import rows_for_check
    check = rows_for_check(rows)
    known = {r["text"]: str(K[i]) for i, r in enumerate(rows)}
    json.dump({t: known[t] for t in check if t in known}, open(os.path.join(a.work, "fit_kinds.json"), "w"))
    with open(os.path.join(a.work, "rows_check.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text"])
        w.writerows([[t] for t in check])
    summary(report)


def summary(report):
    def line(name, f):
        g = f
        print(f"{name:28} tmpl={g['templated_dev']['accuracy']:.3f} hand={g['handwritten_dev']['accuracy']:.3f} "
              f"contrast={g['contrast_kinds']['accuracy']:.3f} cf={g['benchmark_reported_frames_dev']['accuracy']:.3f} "
              f"every st/fl={g['everyday_dev']['stereotype']:.4f}/{g['everyday_dev']['flagged']:.4f} "
              f"wiki fl={g['wikipedia_dev']['flagged']:.4f} rep st={g['reported_dev_stereotype_share']['stereotype']:.3f}/"
              f"{g['reported_contrast_stereotype_share']['stereotype']:.3f} "
              f"recall={g['asserted_generalisation_recall']['templated_hand_dev']['stereotype']:.3f}/"
              f"{g['asserted_generalisation_recall']['contrast']['stereotype']:.3f}/"
              f"{g['asserted_generalisation_recall']['real_world_dev']['stereotype']:.3f} "
              f"var={g['variants']['one_kind']:.3f} emgsd={g['emgsd_dev']['content_head_macro_f1']:.4f}")
    line(f"CHOSEN {report['rule']['type']}", report["figures"])
    for name, alt in report["alternatives"].items():
        line(name, alt["dev"])


if __name__ == "__main__":
    main()
