"""Softmax-regression heads on frozen sentence embeddings, the kind derivation, and the figures (numpy only)."""
import csv
import json
import re

import numpy as np

TARGETS = ["group", "individual", "nobody"]
STANCES = ["asserted", "reported"]
KINDS = ["stereotype", "portrayal", "reported", "none"]


def load(work, parts=("rows_gen", "rows_shared")):
    """Rows and their embeddings (`biasapp-cli embed` output beside each CSV), concatenated in `parts` order."""
    rows, mats, cols = [], [], None
    for part in parts:
        with open(f"{work}/{part}.csv", encoding="utf-8", newline="") as f:
            rows += list(csv.DictReader(f))
        meta = json.load(open(f"{work}/{part}.f32.json"))
        mats.append(np.fromfile(f"{work}/{part}.f32", dtype="<f4").reshape(meta["rows"], meta["width"]))
        cols = {c["name"]: (c["offset"], c["width"]) for c in meta["columns"]}
    X = np.vstack(mats)
    o, w = cols["embedding"]
    emb = X[:, o:o + w].astype(np.float64)
    p = X[:, cols["probability"][0]].astype(np.float64)
    assert len(rows) == len(emb)
    return rows, emb, p, X, cols


def fit_softmax(X, y, k, weights=None, l2=1e-2, iters=25):
    """Multinomial logistic regression by Newton's method (bias unpenalised). Returns W [k, d], b [k]."""
    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])
    w = np.ones(n) if weights is None else weights
    w = w / w.mean()
    Y = np.eye(k)[y]
    theta = np.zeros((d + 1, k - 1))  # last class is the reference (logit 0)
    reg = np.full(d + 1, l2 * n / 1000.0)
    reg[-1] = 0.0
    for _ in range(iters):
        Z = np.hstack([Xb @ theta, np.zeros((n, 1))])
        Z -= Z.max(1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(1, keepdims=True)
        G = Xb.T @ ((P[:, :-1] - Y[:, :-1]) * w[:, None]) + reg[:, None] * theta
        H = np.zeros(((d + 1) * (k - 1), (d + 1) * (k - 1)))
        for a in range(k - 1):
            for c in range(k - 1):
                s = P[:, a] * ((a == c) - P[:, c]) * w
                H[a * (d + 1):(a + 1) * (d + 1), c * (d + 1):(c + 1) * (d + 1)] = (Xb * s[:, None]).T @ Xb
            H[a * (d + 1):(a + 1) * (d + 1), a * (d + 1):(a + 1) * (d + 1)] += np.diag(reg)
        step = np.linalg.solve(H, G.T.reshape(-1))
        theta -= step.reshape(k - 1, d + 1).T
        if np.abs(step).max() < 1e-6:
            break
    W = np.vstack([theta[:-1].T, np.zeros((1, d))])
    b = np.append(theta[-1], 0.0)
    return W, b


def logits(X, head):
    W, b = head
    return X @ W.T + b


def softmax(Z):
    Z = Z - Z.max(1, keepdims=True)
    P = np.exp(Z)
    return P / P.sum(1, keepdims=True)


def balanced_weights(groups, labels):
    """Each (source group, label) cell weighs the same in total, so the thousands of weak rows do not drown the
    templated and hand-written ones."""
    keys = [f"{g}|{l}" for g, l in zip(groups, labels)]
    counts = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    return np.array([1.0 / np.sqrt(counts[k]) for k in keys])


# Cheap stance cues (measured as an alternative; see fit.py): words that report, deny, question or reject a claim.
CUE = re.compile(r"\b(myth|stereotype\w*|clich[eé]s?|prejudice\w*|claims?|claimed|claiming|says?|said|saying|think|thinks|"
                 r"believe\w*|assum\w+|insist\w*|argu\w+|joke\w*|told|tell|telling|hear\w*|notion|idea|belief|true|false|"
                 r"nonsense|rubbish|wrong|unfair|racis\w+|sexis\w+|bigot\w*|no evidence|not|n't|never)\b|\?|\"", re.I)


def derive(target_p, stance_p, content_any, p, rule):
    """The kind of each row from head outputs. rule: dict of thresholds (see model.json "kinds")."""
    t = target_p.argmax(1)
    kinds = []
    for i in range(len(p)):
        if TARGETS[t[i]] == "nobody" and not (rule.get("nobody_override") and p[i] >= rule["nobody_override"] and content_any[i] >= rule["stereotype_content_any"]):
            kinds.append("none")
        elif stance_p[i] >= rule["reported_stance"]:
            kinds.append("reported" if content_any[i] >= rule["reported_content_any"] else "none")
        elif TARGETS[t[i]] == "individual":
            kinds.append("portrayal" if content_any[i] >= rule["portrayal_content_any"] else "none")
        else:
            kinds.append("stereotype" if stereo_score(p[i], content_any[i], rule) else "none")
    return kinds


def stereo_score(p, c, rule):
    mode = rule["stereotype_score"]
    if mode == "content":
        return p >= rule["stereotype_p"]
    if mode == "content_any":
        return c >= rule["stereotype_content_any"]
    if mode == "and":
        return p >= rule["stereotype_p"] and c >= rule["stereotype_content_any"]
    if mode == "or":
        return p >= rule["stereotype_p"] or c >= rule["stereotype_content_any"]
    if mode == "mean":
        lg = lambda v: np.log(max(v, 1e-6) / max(1 - v, 1e-6))
        return (lg(p) + lg(c)) / 2 >= lg(rule["stereotype_mean"])
    raise ValueError(mode)


def macro_f1(gold, pred):
    gold, pred = np.asarray(gold, bool), np.asarray(pred, bool)
    f = []
    for cls in (True, False):
        tp = np.sum((pred == cls) & (gold == cls))
        fp = np.sum((pred == cls) & (gold != cls))
        fn = np.sum((pred != cls) & (gold == cls))
        f.append(2 * tp / max(2 * tp + fp + fn, 1))
    return float(np.mean(f))


def confusion(gold, pred, labels=KINDS):
    m = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, pred):
        m[g][p] += 1
    return m


# Text normalisation before the model (measured as an alternative in fit.py; C# must implement it identically if used):
# 1. leading discourse markers followed by a comma or colon are removed, repeatedly ("Honestly, to be fair, X" -> "X");
# 2. runs of whitespace become one space, ends trimmed;
# 3. the end: no final . ! ? -> "." appended; a final run of "!" or "." or "…" -> "."; "?!" / "!?" -> "?".
MARKER_WORDS = ["honestly", "frankly", "to be fair", "to be honest", "let's face it", "let's be honest", "let's be real",
                "seriously", "basically", "look", "listen", "well", "so", "ok", "okay", "anyway", "i mean", "personally",
                "truthfully", "trust me", "sorry", "no offence", "no offense", "just saying", "lol", "ugh", "yeah", "right",
                "come on", "mind you", "of course", "obviously", "clearly", "naturally", "admittedly", "not gonna lie",
                "you know what", "in all honesty", "if i'm honest", "believe it or not", "funnily enough", "to be clear",
                "truth be told", "between you and me", "frankly speaking", "face it", "look here", "let me be clear",
                "quite frankly", "in fairness", "fair enough", "for real", "tbh", "ngl", "imo", "imho", "i swear",
                "if you ask me"]
_MARKER = re.compile(r"^\s*(?:" + "|".join(re.escape(m).replace("'", "['’]") for m in sorted(MARKER_WORDS, key=len, reverse=True)) +
                     r")\s*[,:]\s*(?:but\s+)?", re.I)


def normalise(text):
    t = re.sub(r"\s+", " ", text).strip()
    while True:
        m = _MARKER.match(t)
        if not m or m.end() >= len(t):
            break
        t = t[m.end():]
        t = t[0].upper() + t[1:] if t else t
    t = re.sub(r"\?[!?]*$|!+\?[!?]*$", "?", t)
    t = re.sub(r"(?:[.!…]\s*)+$", ".", t)
    if t and t[-1] not in ".?!\"'”’)":
        t += "."
    return t
