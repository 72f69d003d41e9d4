"""Assembles every row the heads are fitted and measured on into one CSV for `biasapp-cli embed` (no torch).

  python3 build_data.py --data /work/shared/data --work ../work/model3

Reads the shared files by path (nothing from them is committed) and writes <work>/rows_gen.csv (the rows this folder
makes: templated, hand-written, contrast, variants, benchmark frames) and <work>/rows_shared.csv (the shared files'
rows, which do not change when the templates do), columns
  text,kind,target,stance,content,family,frame,split,slice,label
where an empty kind/target/stance/content means "unknown" (not trained on that head, not scored for it).

Sources:
  templated   generate.py output (split by template)
  hand        handwritten.csv (counter-speech, negation, portrayals, hard none; split column)
  contrast    contrast_kinds.csv (evaluation only: split "eval")
  variants    variants.csv (evaluation only)
  bench       stereotype/train.csv (split train) and dev.csv (split dev): content = label; target, stance and kind
              from sentence structure where it is clear (weak labels): a plural or generic group subject -> group,
              a determiner + one person -> individual; multi-sentence rows get no target.
  bench_cf    train.csv / dev.csv stereotypes with a group subject wrapped in reported/rejected/asked frames
              (generate.REP_TRAIN for train rows, generate.REP_DEV for dev rows): reported, content 1
  extra       train_extra.csv split as robust.py splits it (extra_dev = the rows 2.2.0 never trained on: split dev;
              a sample of extra_train: split train); weak labels by source (see EXTRA below)
"""
import argparse
import csv
import hashlib
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate import REP_TRAIN, REP_DEV, cap  # noqa: E402
from lexicon import NAMES  # noqa: E402

DEV_SHARE, DEV_CAP = 0.15, 800  # robust.py's split of train_extra.csv


def in_dev(text, share):
    h = int(hashlib.sha1(text.strip().lower().encode("utf-8")).hexdigest()[:8], 16)
    return h / 0xFFFFFFFF < share


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


PERSON_HEAD = (r"(?:man|woman|guy|girl|boy|lady|person|gentleman|kid|child|student|neighbou?r|friend|mother|father|mom|mum|dad|"
               r"wife|husband|boss|worker|employee|teacher|doctor|nurse|driver|engineer|lawyer|chef|cook|manager|waiter|"
               r"waitress|clerk|officer|soldier|farmer|pilot|priest|guard|secretary|assistant|housekeeper|janitor|plumber|"
               r"carpenter|mover|performer|musician|artist|dancer|singer|athlete|player|chess player|politician|"
               r"businessman|businessperson|entrepreneur|banker|accountant|scientist|physicist|chemist|mathematician|"
               r"researcher|professor|tutor|librarian|bartender|barber|butcher|baker|cashier|delivery man|salesperson|"
               r"salesman|producer|prosecutor|commander|sheriff|prisoner|gentleman|grandfather|grandmother|grandma|grandpa|"
               r"uncle|aunt|cousin|brother|sister|son|daughter|fiance|bride|groom|co-?worker|colleague|tourist|immigrant|"
               r"refugee|civil servant|psychologist|nurse|model|editor|author|poet|historian|guitarist|drummer|"
               r"footballer|boxer|attorney|judge|mechanic|electrician|firefighter|policeman|cop|detective|"
               r"schoolgirl|schoolboy|teenager|individual|native|citizen|resident|people person)")
INDIVIDUAL = re.compile(r"^(?:the|a|an|my|our|his|her|their|that|this|one|your)\s+(?:[\w'-]+\s+){0,3}?" + PERSON_HEAD +
                        r"\s+(?:is|was|has|had|did|does|will|would|can|could|always|never|seemed|seems|looked|looks|"
                        r"got|gets|went|goes|kept|keeps|felt|feels|made|makes|\w+ed|\w+s)\b", re.I)
GROUP_VERB = (r"(?:are|were|have|do|don't|can|can't|cannot|could|never|always|all|tend|will|won't|should|must|love|hate|like|"
              r"eat|make|get|know|just|only|often|usually|really|need|want|live|work|lack|believe|think|seem|look|"
              r"smell|drink|steal|run|take|treat|waste|cannot)")
GROUP = re.compile(r"^(?:all|most|many|these|those|typical)?\s*(?:[\w'-]+\s+){0,2}?(?:people|men|women|folks?|children|kids|"
                   r"[a-z]+(?<!s)s)\s+" + GROUP_VERB + r"\b", re.I)
PEOPLE_OF = re.compile(r"^(?:the\s+)?(?:people|men|women|citizens|natives|residents)\s+(?:of|from|in)\s+[\w\s]{2,30}?\s+"
                       r"(?:are|were|have|can|can't|always|never|all|do|don't)\b", re.I)
# Words that mark a social group in everyday text (a row naming one gets no "nobody" label).
GROUP_WORDS = re.compile(r"\b(?:women|woman|men|man|girls?|boys?|wives?|husbands?|mothers?|fathers?|ladies|female|male|"
                         r"blacks?|whites?|asians?|hispanics?|latinos?|latinas?|arabs?|africans?|muslims?|islam\w*|christians?|"
                         r"jews?|jewish|hindus?|buddhists?|atheists?|catholics?|mormons?|sikhs?|gays?|lesbians?|trans\w*|"
                         r"bisexual\w*|queer|immigrants?|refugees?|mexicans?|germans?|french|chinese|indians?|russians?|"
                         r"americans?|italians?|irish|japanese|nigerians?|brits?|british|english|scots?|poles?|polish|"
                         r"liberals?|conservatives?|democrats?|republicans?|feminists?|old people|elderly|teenagers?|kids?|"
                         r"millennials?|boomers?|nurses?|lawyers?|politicians?|cops?|police|teachers?|doctors?|"
                         r"people|folks?|they|them|guys?|dude|bitch\w*|negro\w*|nigg\w*|whore|retard\w*)\b", re.I)


def first_sentence(text):
    t = text.strip().strip('"').strip()
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])", t)
    return parts[0], len(parts)


def structure(text):
    """Weak target from the subject of a one-sentence text: group, individual or '' (unclear)."""
    s, n = first_sentence(text)
    if n > 1:
        return ""
    if INDIVIDUAL.match(s):
        return "individual"
    if PEOPLE_OF.match(s) or GROUP.match(s):
        if re.match(r"^(?:the|a|an|my|our|his|her|their|that|this|one|your|some|two|three|several)\b", s, re.I):
            return ""  # definite or counted plurals: particular people or generic, unclear
        return "group"
    return ""


def clause(text):
    s = text.strip().rstrip(".!?;: ").strip()
    first = s.split(" ", 1)[0]
    if s and not (first[:1].isupper() and first.lower() in PROPER):
        s = s[0].lower() + s[1:]
    return s


PROPER = {"asians", "arabs", "africans", "muslims", "christians", "jews", "hindus", "buddhists", "catholics", "mormons",
          "sikhs", "mexicans", "germans", "french", "chinese", "indians", "russians", "americans", "italians", "irish",
          "japanese", "nigerians", "iranians", "koreans", "british", "ethiopians", "afghans", "somalis", "syrians",
          "brazilians", "hispanics", "latinos", "black", "white", "asian", "jewish", "muslim", "christian", "hindu"}


def kind_of(target, stance, content):
    if target == "" or content == "":
        return ""
    if target == "nobody":
        return "none"
    if stance == "reported":
        return "reported" if content == 1 else "none"
    if target == "group":
        return "stereotype" if content == 1 else "none"
    return "portrayal" if content == 1 else "none"


def row(text, kind, target, stance, content, family, frame, split, slice_="", label=""):
    return [text, kind, target, stance, "" if content == "" else int(content), family, frame, split, slice_, label]


def bench(path, split, rng, wraps, out):
    rows = read(path)
    stereotypes = []
    for r in rows:
        label = int(r["label"])
        t = r["text"]
        target = structure(t)
        stance = "asserted" if target and "?" not in t else ""
        # KINDS.md calls a flattering or neutral-sounding generalisation a stereotype, the benchmark does not
        # (category "neutral" = anti-stereotype or neutral): such rows keep their content label, not a kind.
        kind = kind_of(target, stance, label) if stance and r["category"] != "neutral" else ""
        out.append(row(t, kind, target, stance, label, "bench", r["source"], split, r["source"], label))
        if label == 1 and target == "group" and 3 <= len(t.split()) <= 20:
            stereotypes.append(t)
    frames = [f for f in (REP_TRAIN if split == "train" else REP_DEV) if "{g}" not in f and "{pv}" not in f]
    for t in rng.sample(stereotypes, min(wraps, len(stereotypes))):
        c = clause(t)
        frame = rng.choice(frames)
        out.append(row(cap(frame.format(c=c, C=cap(c), Name=rng.choice(NAMES))), "reported", "group", "reported", 1, "bench_cf", frame, split, "bench_cf", 0))


# Weak labels per (source, subset) of train_extra.csv: (target, stance, content); None = derive target from structure.
EXTRA = {
    ("implicit_hate", "implied_statement"): ("group", "asserted", 1),
    ("implicit_hate", "stereotypical_post"): ("", "", 1),
    ("generics_stereotypes", "negative"): ("group", "asserted", 1),
    ("generics_stereotypes", "positive"): ("group", "asserted", ""),  # practice facts and stereotypes mixed: content unknown
    ("toxigen_seed", "weak"): ("", "", ""),
    ("toxigen_seed", "neutral"): ("", "", 0),
    ("bbq", "ambiguous_context"): ("individual", "asserted", 0),
    ("congen_generics", "non_people"): ("nobody", "", 0),
    ("bold_wikipedia", None): (None, "asserted", 0),
    ("tweeteval", None): ("everyday", "", 0),
    ("sst2", None): ("everyday", "", 0),
    ("goodnewseveryone", None): ("everyday", "", 0),
}
NAMED = re.compile(r"^[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){1,3},?\s+(?:is|was)\s+(?:a|an|the)\b")
TRAIN_SAMPLE = {"tweeteval": 2500, "sst2": 1200, "goodnewseveryone": 800, "bold_wikipedia": 1500, "bbq": 500,
                "congen_generics": 500, "implicit_hate": 1500, "generics_stereotypes": 400, "toxigen_seed": 0}


def extra(path, rng, out):
    rows = read(path)
    by = {}
    for r in rows:
        by.setdefault((r["source"], r.get("subset", "") or ""), []).append(r)
    train_pool = {}
    for (source, subset), members in sorted(by.items()):
        share = min(DEV_SHARE, DEV_CAP / len(members))
        spec = EXTRA.get((source, subset)) or EXTRA.get((source, None))
        name = f"{source}/{subset}" if subset else source
        for r in members:
            t = r["text"]
            target, stance, content = spec
            if target is None:  # bold: a named person "X is a/an ..." -> individual
                target = "individual" if NAMED.match(t) else ""
                stance = stance if target else ""
            elif target == "everyday":
                target = "" if GROUP_WORDS.search(t) else "nobody"
            kind = kind_of(target, stance, content) if (target == "nobody" or stance) else ""
            if target == "nobody":
                stance = ""
            item = row(t, kind, target, stance, content, "extra", name, "", name, r["label"])
            if in_dev(t, share):
                item[7] = "dev"
                out.append(item)
            else:
                item[7] = "train"
                train_pool.setdefault(source, []).append(item)
    for source, items in sorted(train_pool.items()):
        out.extend(rng.sample(items, min(TRAIN_SAMPLE.get(source, 0), len(items))))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--seed", type=int, default=5)
    a = p.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(a.seed)
    out = []
    for r in read(os.path.join(a.work, "templated.csv")):
        out.append(row(r["text"], r["kind"], r["target"], r["stance"], int(r["content"]), "templated:" + r["family"], r["frame"], r["split"], "templated"))
    for r in read(os.path.join(here, "handwritten.csv")):
        out.append(row(r["text"], r["kind"], r["target"], r["stance"], int(r["content"]), "hand", "", r["split"], "hand"))
    for r in read(os.path.join(here, "contrast_kinds.csv")):
        out.append(row(r["text"], r["kind"], "", "", "", "contrast", r["case"], "eval", "contrast", r["label"]))
    for r in read(os.path.join(here, "variants.csv")):
        out.append(row(r["text"], r["kind"], "", "", "", "variants", f"{r['set']}:{r['variant']}", "eval", "variants"))
    bench(os.path.join(a.data, "stereotype", "train.csv"), "train", rng, 1500, out)
    bench(os.path.join(a.data, "stereotype", "dev.csv"), "dev", rng, 400, out)
    extra(os.path.join(a.data, "robustness", "train_extra.csv"), random.Random(a.seed + 1), out)
    header = ["text", "kind", "target", "stance", "content", "family", "frame", "split", "slice", "label"]
    # Two files so that iterating on the templates re-embeds only the generated part (the shared rows take minutes).
    mine = ("templated", "hand", "bench_cf", "contrast", "variants")
    generated = [r for r in out if r[5].startswith(mine)]
    shared = [r for r in out if not r[5].startswith(mine)]
    for name, part in (("rows_gen.csv", generated), ("rows_shared.csv", shared)):
        with open(os.path.join(a.work, name), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(part)
    from collections import Counter
    c = Counter((r[5].split(":")[0], r[7]) for r in out)
    for k, v in sorted(c.items()):
        print(f"{k[0]:12} {k[1]:6} {v:6}")
    print("target labels", Counter((r[7], r[2]) for r in out if r[2]))
    print("rows", len(out))


if __name__ == "__main__":
    main()
