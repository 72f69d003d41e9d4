"""Builds the real-world training rows (mix, mix2) and the real-world dev slices (CSV in, CSV out; no torch).

  python3 robust.py split   --extra ../../shared/data/robustness/train_extra.csv --out work/robust
  python3 robust.py mix     --out work/robust --stereotype ../../shared/data/stereotype/train.csv \
                            [--scores work/robust/extra_train_scored.csv]

`split` writes extra_train.csv and extra_dev.csv: every (source, subset) of train_extra.csv gets its own dev
slice (15% of its rows, at most 800), chosen by a hash of the text so that the split never moves. The dev
file's `slice` column names the slice; evaluate it with `biasapp-cli evaluate --output` and `slices.py`.

`mix` writes mix.csv (header text,label,category,axis,source), the rows added to train.csv:
  * the real-world positives of extra_train.csv (all of them);
  * a fixed sample of its negatives per source (the amounts below), filled first with the *hard* negatives
    that the previous model flags (hard-negative mining: --scores is extra_train.csv scored by
    `biasapp-cli evaluate --output`; a flagged negative is taken twice);
  * counterfactuals of train.csv's stereotypes, all label 0: the sentence wrapped in a rejection
    ("It is a myth that ...", "The claim that ... is false."), a question ("Is it true that ...?"), the group
    swapped for a named individual ("Women are ..." -> "Maria is ...") or for a plural object;
  * fragments: one or two words cut from any sentence, label 0 (a heading or a name is not a stereotype, and
    the explainers' "every word removed" baseline must read as not a stereotype).
Deterministic for a given seed.
"""
import argparse
import csv
import hashlib
import os
import random
import re

NEGATIVES = {  # rows per source in the mix (all of a source when it has fewer)
    ("bold_wikipedia", ""): 4500,
    ("bbq", "ambiguous_context"): 2000,
    ("congen_generics", ""): 1200,
    ("toxigen_seed", "neutral"): 10_000,
    ("tweeteval", ""): 6000,
    ("sst2", ""): 3000,
    ("goodnewseveryone", ""): 1500,
}
DEV_SHARE, DEV_CAP = 0.15, 800


def key(row):
    return (row["source"], row.get("subset", "") or "")


def slice_name(row):
    source, subset = key(row)
    return f"{source}/{subset}" if subset else source


def in_dev(text, share):
    h = int(hashlib.sha1(text.strip().lower().encode("utf-8")).hexdigest()[:8], 16)
    return h / 0xFFFFFFFF < share


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(path, header, rows):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def split(a):
    rows = read(a.extra)
    by_slice = {}
    for r in rows:
        by_slice.setdefault(slice_name(r), []).append(r)
    train, dev = [], []
    print("slice                                   rows   dev")
    for name, members in sorted(by_slice.items()):
        share = min(DEV_SHARE, DEV_CAP / len(members))
        d = [r for r in members if in_dev(r["text"], share)]
        t = [r for r in members if not in_dev(r["text"], share)]
        dev += [[r["text"], r["label"], r["source"], r.get("subset", ""), name] for r in d]
        train += [[r["text"], r["label"], r["source"], r.get("subset", ""), name] for r in t]
        print(f"{name:38} {len(members):6} {len(d):5}")
    header = ["text", "label", "source", "subset", "slice"]
    write(os.path.join(a.out, "extra_train.csv"), header, train)
    write(os.path.join(a.out, "extra_dev.csv"), header, dev)
    print(f"extra_train={len(train)} extra_dev={len(dev)}")


GROUPS = {  # plural group noun -> (axis, named individual, singular object phrase for the object swap)
    "women": "gender", "men": "gender", "girls": "gender", "boys": "gender", "mothers": "gender", "fathers": "gender",
    "wives": "gender", "husbands": "gender", "ladies": "gender", "females": "gender", "males": "gender",
    "blacks": "race", "whites": "race", "asians": "race", "hispanics": "race", "latinos": "race", "arabs": "race",
    "africans": "race", "black people": "race", "white people": "race", "asian people": "race",
    "muslims": "religion", "christians": "religion", "jews": "religion", "hindus": "religion", "buddhists": "religion",
    "atheists": "religion", "catholics": "religion", "mormons": "religion",
    "gay men": "lgbtq+", "gays": "lgbtq+", "lesbians": "lgbtq+", "gay people": "lgbtq+", "transgender people": "lgbtq+",
    "bisexuals": "lgbtq+", "trans people": "lgbtq+", "queer people": "lgbtq+",
    "lawyers": "profession", "nurses": "profession", "doctors": "profession", "engineers": "profession",
    "politicians": "profession", "teachers": "profession", "plumbers": "profession", "accountants": "profession",
    "police officers": "profession", "scientists": "profession", "artists": "profession", "musicians": "profession",
    "salesmen": "profession", "bankers": "profession", "chefs": "profession", "soldiers": "profession",
    "mexicans": "nationality", "germans": "nationality", "french": "nationality", "chinese": "nationality",
    "indians": "nationality", "russians": "nationality", "americans": "nationality", "italians": "nationality",
    "irish": "nationality", "japanese": "nationality", "nigerians": "nationality", "brazilians": "nationality",
    "iranians": "nationality", "koreans": "nationality", "britons": "nationality", "british": "nationality",
    "ethiopians": "nationality", "afghans": "nationality", "somalis": "nationality", "syrians": "nationality",
}
NAMES = ["Maria", "John", "Aisha", "Tom", "Priya", "Lukas", "Chen", "Fatima", "Carlos", "Emma", "Omar", "Sofia"]
OBJECTS = ["these old printers", "the new trains", "cheap umbrellas", "the office chairs", "my houseplants",
           "the hotel rooms", "these laptops", "the city buses", "the garden tools", "the kitchen knives"]
VERBS = {"are": "is", "have": "has", "do": "does", "were": "was", "don't": "doesn't", "aren't": "isn't",
         "can": "can", "can't": "can't", "cannot": "cannot", "should": "should", "will": "will", "always": "always",
         "never": "never", "tend": "tends", "like": "likes", "love": "loves", "hate": "hates", "make": "makes"}
WRAPS = ["It is a myth that {s}.", "The claim that {s} is false.", "It is not true that {s}.",
         "People who say that {s} are wrong.", "There is no evidence that {s}.", "The idea that {s} is a prejudice.",
         "Is it true that {s}?", "Stop saying that {s}; it is simply untrue."]
# Stage 2: other ways of rejecting, reporting or asking about a claim (no overlap with the contrast suite's sentences).
WRAPS2 = ["Saying that {s} is a stereotype.", "I'm tired of hearing that {s}.", "It's wrong to assume that {s}.",
          "Claiming that {s} is just prejudice.", "Why do people still think that {s}?", "Do you really believe that {s}?",
          "The article looks at the claim that {s}.", "A survey asked whether people believe that {s}.",
          "My grandfather used to say that {s}, but he was wrong.", "Nobody should assume that {s}.",
          "The old joke that {s} is not funny.", "Research does not support the belief that {s}.",
          "Teachers should challenge the assumption that {s}.", "The film mocks the cliché that {s}."]
NEGATIVE_TRAITS = {"lazy", "stupid", "dumb", "violent", "dangerous", "criminals", "criminal", "terrorists", "dirty",
                   "greedy", "bad", "terrible", "poor", "lazy,", "uneducated", "ignorant", "aggressive", "rude", "cheap",
                   "evil", "weak", "emotional", "incompetent", "dishonest", "thieves", "liars", "selfish", "loud",
                   "smelly", "unintelligent", "backward", "savage", "barbaric", "corrupt", "drunks", "drunk", "cruel"}
LEAD = re.compile(r"^(?:(all|most|many|the|some)\s+)?(" + "|".join(sorted(map(re.escape, GROUPS), key=len, reverse=True)) + r")\s+(\w+'?\w*)\b(.*)$", re.I)
KEEP_CAPITAL = {g.split()[0] for g, axis in GROUPS.items() if axis in ("nationality", "religion", "race")} | {"i"}


def capitalised(phrase):
    return f"{phrase[0].upper()}{phrase[1:]}"


def clause(text):
    """The sentence as a clause that can follow 'that': final punctuation off, first letter lowered unless a name."""
    s = text.strip().rstrip(".!?;: ").strip()
    first = s.split(" ", 1)[0].lower() if s else ""
    if s and first not in KEEP_CAPITAL and not (len(first) > 1 and s[1].isupper()):
        s = s[0].lower() + s[1:]
    return s


def counterfactuals(stereotypes, rng, wraps, swaps):
    out = []
    for text, axis in rng.sample(stereotypes, min(wraps, len(stereotypes))):
        c = clause(text)
        if len(c.split()) < 3:
            continue
        out.append([rng.choice(WRAPS).format(s=c), 0, "neutral", axis, "counterfactual:rejected"])
    made = 0
    for text, axis in rng.sample(stereotypes, len(stereotypes)):
        if made >= swaps:
            break
        m = LEAD.match(text.strip())
        if not m or m.group(3).lower() not in VERBS:
            continue
        rest = m.group(4)
        if rng.random() < 0.6:  # a named individual: singular verb
            out.append([f"{rng.choice(NAMES)} {VERBS[m.group(3).lower()]}{rest}", 0, "neutral", axis, "counterfactual:individual"])
        else:  # a plural object keeps the plural verb
            obj = rng.choice(OBJECTS)
            out.append([f"{capitalised(obj)} {m.group(3)}{rest}", 0, "unrelated", "", "counterfactual:object"])
        made += 1
    return out


def stage2_counterfactuals(stereotypes, rng, wraps, negations):
    """Other rejection/report/question wrappers, and 'X are not <negative trait>' (label 0: it denies a negative
    stereotype; only negative traits, since denying a positive one can state another stereotype)."""
    out = []
    for text, axis in rng.sample(stereotypes, min(wraps, len(stereotypes))):
        c = clause(text)
        out.append([rng.choice(WRAPS2).format(s=c), 0, "neutral", axis, "counterfactual:rejected2"])
    made = 0
    pattern = re.compile(r"^(.*?\b(?:are|is))\s+(?:always\s+|all\s+|so\s+|very\s+)?(\w+)(.*)$", re.I)
    for text, axis in rng.sample(stereotypes, len(stereotypes)):
        if made >= negations:
            break
        m = pattern.match(text.strip())
        if not m or m.group(2).lower() not in NEGATIVE_TRAITS or " not " in text:
            continue
        out.append([f"{m.group(1)} not {m.group(2)}{m.group(3)}", 0, "neutral", axis, "counterfactual:negated"])
        made += 1
    return out


PERSON = re.compile(r"^(?:the|a|an|my|our|that|this)\s+(?:[\w-]+\s+){1,2}?(?:man|woman|student|person|guy|girl|boy|lady|worker|neighbou?r|friend|kid|child|teacher|doctor|nurse|engineer|lawyer|mother|father|gentleman|employee|boss|driver|customer)\s+(was|is|had|has|could|can|would|will|did|does)\b(.*)$", re.I)


def individuals(stereotypes, rng, count):
    """'The Eritrean student was lazy.' -> 'Maria was lazy.' (label 0): the same attribute on a named person, with
    nothing that names a group."""
    out = []
    for text, axis in rng.sample(stereotypes, len(stereotypes)):
        if len(out) >= count:
            break
        m = PERSON.match(text.strip())
        if m:
            out.append([f"{rng.choice(NAMES)} {m.group(1)}{m.group(2)}", 0, "neutral", axis, "counterfactual:individual2"])
    return out


# Words whose removal leaves what a sentence says about a group intact (articles, prepositions, auxiliaries, pronouns,
# conjunctions, intensifiers). Negations and quantifiers ("not", "never", "all", "most") are not here: they change it.
DROPPABLE = {"a", "an", "the", "and", "or", "but", "so", "yet", "if", "then", "than", "as", "because", "while", "of", "in",
             "on", "at", "to", "for", "from", "by", "with", "about", "into", "over", "up", "out", "after", "before",
             "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "have", "has", "had", "will",
             "would", "should", "can", "could", "may", "might", "must", "it", "its", "this", "that", "these", "those",
             "he", "she", "they", "them", "their", "his", "her", "him", "we", "us", "our", "you", "your", "i", "me", "my",
             "who", "which", "there", "very", "too", "also", "just", "really", "quite"}


def word_dropout(rows, rng, count):
    """Function-word dropout (label kept): the explainer hides a word by removing it, so a sentence with its function
    words or final punctuation missing must read as the same sentence; otherwise removing 'are' or '.' moves the score
    and the heatmap puts function words on top (explanations issue)."""
    out = []
    for text, label, category, axis in rng.sample(rows, len(rows)):
        if len(out) >= count:
            break
        words = text.strip().split()
        droppable = [i for i, w in enumerate(words) if re.sub(r"[^\w']", "", w).lower() in DROPPABLE]
        if len(words) < 4 or not droppable:
            continue
        drop = {i for i in droppable if rng.random() < 0.5} or {rng.choice(droppable)}
        # Punctuation glued to a dropped word stays with the text, on the word kept before it ("lazy, they" -> "lazy,").
        kept = []
        for i, w in enumerate(words):
            if i not in drop:
                kept.append(w)
                continue
            tail = re.search(r"[.,;:!?]+$", w)
            if tail and kept and not kept[-1].endswith(tail.group(0)):
                kept[-1] += tail.group(0)
        t = " ".join(kept)
        if rng.random() < 0.5:
            t = t.rstrip(".!?")
        if t and t != text.strip():
            out.append([t, label, category, axis, "dropout:function"])
    return out


def degroup(stereotypes, rng, count):
    """'Mexicans are lazy.' -> 'Are lazy.' (label 0): with the group removed nothing is said about a group, so removing
    the group must lower the score (the group word then carries the explanation)."""
    out = []
    for text, axis in rng.sample(stereotypes, len(stereotypes)):
        if len(out) >= count:
            break
        m = LEAD.match(text.strip())
        if m and len(m.group(4).split()) >= 1:
            rest = f"{m.group(3)}{m.group(4)}"
            out.append([rest[0].upper() + rest[1:], 0, "neutral", axis, "dropout:group"])
    return out


CALLING = ["Calling {g} {r} is an unfair generalisation.", "Calling {g} {r} is prejudice, not an observation.",
           "Describing {g} as {r} fuels prejudice.", "Treating all {g} as {r} is unfair.",
           "Labelling {g} as {r} is a lazy stereotype.", "The notion that all {g} are {r} has been debunked."]


def calling(stereotypes, rng, count):
    """'Mexicans are lazy.' -> 'Calling Mexicans lazy is an unfair generalisation.' (label 0): a stereotype named in
    order to reject it, as a noun phrase rather than a 'that' clause (the wrappers above)."""
    out = []
    for text, axis in rng.sample(stereotypes, len(stereotypes)):
        if len(out) >= count:
            break
        m = LEAD.match(text.strip())
        if not m or m.group(3).lower() != "are":
            continue
        rest = m.group(4).strip().rstrip(".!?").strip()
        rest = re.sub(r"^(?:all|always|so|very|really)\s+", "", rest, flags=re.I)
        if not rest or len(rest.split()) > 4 or re.search(r"[,;]", rest):
            continue
        group = m.group(2) if m.group(2).split()[0].lower() in KEEP_CAPITAL else m.group(2).lower()
        out.append([rng.choice(CALLING).format(g=group, r=rest), 0, "neutral", axis, "counterfactual:calling"])
    return out


# Generalisations the real-world data rarely holds: flattering ones and statements of (in)competence. A stereotype is a
# claim about a whole group whatever its tone; the same predicate on a named person is not (label 0 beside each).
# The phrases are this file's own, not the contrast suite's.
TRAITS_POSITIVE = [("are naturally good at chess", "is naturally good at chess"), ("are all great negotiators", "is a great negotiator"),
                   ("are natural storytellers", "is a natural storyteller"), ("are always hard-working", "is always hard-working"),
                   ("are excellent with money", "is excellent with money"), ("are gifted musicians", "is a gifted musician"),
                   ("are always polite", "is always polite"), ("are natural entrepreneurs", "is a natural entrepreneur"),
                   ("are wonderful cooks", "is a wonderful cook"), ("are all very spiritual", "is very spiritual"),
                   ("are brilliant at languages", "is brilliant at languages"), ("are all so disciplined", "is so disciplined"),
                   ("are better at science than everyone else", "is better at science than everyone else in her class"),
                   ("are the most loyal friends", "is the most loyal friend"), ("never complain about anything", "never complains about anything"),
                   ("are always punctual", "is always punctual"), ("are always so elegant", "is always so elegant"),
                   ("are good at saving", "is good at saving"), ("are good at fixing things", "is good at fixing things")]
TRAITS_INCOMPETENT = [("are bad at keeping appointments", "is bad at keeping appointments"), ("can't manage money", "can't manage money"),
                      ("are hopeless with technology", "is hopeless with technology"), ("can't keep a secret", "can't keep a secret"),
                      ("are hopeless at gardening", "is hopeless at gardening"), ("can't tell left from right", "can't tell left from right"),
                      ("are useless in a crisis", "is useless in a crisis"), ("can't be trusted with a budget", "can't be trusted with a budget"),
                      ("are bad at telling jokes", "is bad at telling jokes"), ("can't handle pressure", "can't handle pressure"),
                      ("are no good at science", "is no good at science"), ("never finish what they start", "never finishes what he starts")]


# Generalisations by a noun or a metaphor ("X are all workaholics", "X are snakes in the grass"), which the model missed
# more often than adjectives; beside each the same noun for a named person (label 0). Chosen apart from the contrast
# suite's attributes (no sharks, geniuses, liars, drunks or money).
NOUNS = [("are all workaholics", "is a workaholic"), ("are couch potatoes", "is a couch potato"),
         ("are party animals", "is a party animal"), ("are know-it-alls", "is a know-it-all"), ("are all nerds", "is a nerd"),
         ("are drama queens", "is a drama queen"), ("are all born salesmen", "is a born salesman"),
         ("are snakes in the grass", "is a snake in the grass"), ("are sheep who follow the crowd", "is a sheep who follows the crowd"),
         ("are vultures who feed on other people's misery", "is a vulture who feeds on other people's misery"),
         ("are all chatterboxes", "is a chatterbox"), ("are control freaks", "is a control freak"), ("are all bookworms", "is a bookworm"),
         ("are night owls", "is a night owl"), ("are all show-offs", "is a show-off"), ("are gluttons", "is a glutton"),
         ("are wizards with a spreadsheet", "is a wizard with a spreadsheet"), ("are peacocks who only care about their looks",
         "is a peacock who only cares about his looks"), ("are all lone wolves", "is a lone wolf"), ("are busybodies", "is a busybody"),
         ("are all daredevils", "is a daredevil"), ("are born troublemakers", "is a born troublemaker")]


def generic_and_personal(rng, count, pick, phrase, kind):
    """count pairs: a generalisation about a random group (label 1, `phrase(group, predicate)`) and the same predicate on
    a named person (label 0); `pick()` draws the (group predicate, personal predicate) pair."""
    out = []
    groups = list(GROUPS)
    for _ in range(count):
        group = rng.choice(groups)
        trait, personal = pick()
        out.append([phrase(group, trait), 1, "stereotype", GROUPS[group], f"counterfactual:generic_{kind}"])
        out.append([f"{rng.choice(NAMES)} {personal}.", 0, "neutral", GROUPS[group], f"counterfactual:individual_{kind}"])
    return out


# A speaker's attitude to a group is not a claim about what its members are like: "I have nothing against X." and "I
# don't think X are lazy." (label 0), against "I think X are lazy." (label 1, a stereotype said as an opinion). The
# model read any negated attitude next to a group as a stereotype. The verb "hate" is left out on purpose, so that the
# contrast suite's "I don't hate black people." stays a check of whether this carries over rather than a copy of it.
ATTITUDES = ["I have nothing against {g}.", "I don't dislike {g}.", "I've got no problem with {g}.",
             "I don't hold anything against {g}.", "Honestly, I have no issue with {g}.", "I don't resent {g} at all.",
             "I am not afraid of {g}.", "I don't mind {g} moving into my street.", "I respect {g}.",
             "Some of my colleagues are {g} and I get on well with them.", "I don't fear {g}.",
             "I never said I dislike {g}."]
OPINION_TRAITS = ["lazy", "dishonest", "violent", "greedy", "stupid", "rude", "dirty", "aggressive", "selfish", "loud"]


def attitudes(rng, count):
    """count rows: half attitudes and negated opinions (label 0), half opinions that state a trait of a group (label 1)."""
    out = []
    groups = list(GROUPS)
    for i in range(count):
        group = rng.choice(groups)
        trait = rng.choice(OPINION_TRAITS)
        if i % 2 == 0:
            text = rng.choice(ATTITUDES + [f"I don't think {{g}} are {trait}.", f"I don't believe {{g}} are {trait}."])
            out.append([capitalised(text.format(g=group)), 0, "neutral", GROUPS[group], "counterfactual:attitude"])
        else:
            text = rng.choice([f"I think {{g}} are {trait}.", f"I really believe {{g}} are {trait}.", f"In my experience {{g}} are {trait}."])
            out.append([capitalised(text.format(g=group)), 1, "stereotype", GROUPS[group], "counterfactual:opinion_trait"])
    return out


def generic_nouns(rng, count):
    return generic_and_personal(
        rng, count, lambda: rng.choice(NOUNS),
        lambda group, noun: f"All {group} {noun.replace('are all ', 'are ')}." if rng.random() < 0.3 else f"{capitalised(group)} {noun}.",
        "noun")


def generic_traits(rng, count):
    return generic_and_personal(
        rng, count, lambda: rng.choice(TRAITS_POSITIVE if rng.random() < 0.6 else TRAITS_INCOMPETENT),
        lambda group, trait: f"{capitalised(group)} {trait}.", "trait")


def mix2(a):
    """Stage-2 rows: train.csv is added by the caller; here new counterfactuals + a sample of mix.csv."""
    rng = random.Random(a.seed + 1)
    train = read(a.stereotype)
    stereotypes = [(r["text"], r["axis"]) for r in train if r["label"] == "1" and 3 <= len(r["text"].split()) <= 25
                   and not re.search(r"[.!?]\s+\S", r["text"].strip()) and not re.match(r"(?i)(but|and|so|because|or)\b", r["text"].strip())]
    cf = stage2_counterfactuals(stereotypes, rng, a.wraps, a.negations) + (individuals(stereotypes, rng, a.individuals) if a.individuals else [])
    if a.dropout:
        cf += word_dropout([(r["text"], r["label"], r["category"], r["axis"]) for r in train], rng, a.dropout)
    if a.degroup:
        cf += degroup(stereotypes, rng, a.degroup)
    if a.calling:
        cf += calling(stereotypes, rng, a.calling)
    if a.traits:
        cf += generic_traits(rng, a.traits)
    if a.nouns:
        cf += generic_nouns(rng, a.nouns)
    if a.attitudes:
        cf += attitudes(rng, a.attitudes)
    mixed = read(os.path.join(a.out, "mix.csv"))
    rng.shuffle(mixed)
    keep = [[r["text"], r["label"], r["category"], r["axis"], r["source"]] for r in mixed[: a.keep]]
    rows = cf + keep
    rng.shuffle(rows)
    if a.mined:  # hard-negative mining with the current model: the label-0 rows it flags, each twice (train.py shuffles all rows)
        flagged = [r for r in read(a.mined) if r["label"] == "0" and float(r["probability"]) >= 0.5]
        rows += [[r["text"], 0, "unrelated", "", f"extra:{r['slice']}:mined"] for r in flagged for _ in range(2)]
        print(f"{'mined (flagged negatives, twice)':44} {2 * len(flagged):6}")
    if a.positive_slices:  # the real-world positives of these extra_train slices once more (what mining can cost)
        wanted = set(a.positive_slices.split(","))
        extra = [r for r in read(os.path.join(a.out, "extra_train.csv")) if r["label"] == "1" and r["slice"] in wanted]
        rows += [[r["text"], 1, "stereotype", "", f"extra:{r['slice']}:again"] for r in extra]
        print(f"{'real-world positives again':44} {len(extra):6}")
    write(os.path.join(a.out, a.name), ["text", "label", "category", "axis", "source"], rows)
    for name in ("counterfactual:rejected2", "counterfactual:negated", "counterfactual:individual2", "dropout:function", "dropout:group", "counterfactual:calling", "counterfactual:generic_trait", "counterfactual:individual_trait",
                 "counterfactual:generic_noun", "counterfactual:individual_noun", "counterfactual:attitude", "counterfactual:opinion_trait"):
        print(f"{name:44} {sum(1 for r in cf if r[4] == name):6}")
    print(f"mix2 rows={len(rows)} kept_from_mix={len(keep)}")


def fragments(texts, rng, count):
    out = []
    for text in rng.sample(texts, min(count, len(texts))):
        words = [w for w in re.findall(r"[\w'-]+", text) if w]
        if not words:
            continue
        n = 1 if rng.random() < 0.6 else 2
        start = rng.randrange(max(1, len(words) - n + 1))
        frag = " ".join(words[start:start + n])
        out.append([frag[0].upper() + frag[1:], 0, "unrelated", "", "fragment"])
    return out


def mix(a):
    rng = random.Random(a.seed)
    extra = read(os.path.join(a.out, "extra_train.csv"))
    flagged = set()
    if a.scores:
        flagged = {r["text"] for r in read(a.scores) if r["label"] == "0" and float(r["probability"]) >= 0.5}
    rows = []
    report = {}
    for r in extra:
        if r["label"] == "1":
            weak = r["source"] == "toxigen_seed"
            rows.append([r["text"], 1, "stereotype", "", f"extra:{r['slice']}" + (":weak" if weak else "")])
            report[r["slice"]] = report.get(r["slice"], 0) + 1
    by_source = {}
    for r in extra:
        if r["label"] == "0":
            by_source.setdefault((r["source"], r["subset"] if r["source"] in ("bbq", "toxigen_seed") else ""), []).append(r)
    for k, members in sorted(by_source.items()):
        want = NEGATIVES.get(k, 1000)
        hard = [r for r in members if r["text"] in flagged]
        easy = [r for r in members if r["text"] not in flagged]
        rng.shuffle(hard)
        rng.shuffle(easy)
        take = hard[:want] + easy[: max(0, want - len(hard))]
        take += hard[: max(0, min(len(hard), want // 3))]  # flagged negatives once more, up to a third of the source
        category = "neutral" if k[0] in ("bold_wikipedia", "bbq", "toxigen_seed") else "unrelated"
        rows += [[r["text"], 0, category, "", f"extra:{r['slice']}"] for r in take]
        report[f"{k[0]}/{k[1]}".rstrip("/") + " (hard)"] = len(hard)
        report[f"{k[0]}/{k[1]}".rstrip("/")] = len(take)
    train = read(a.stereotype)
    # One-sentence stereotypes only: a wrapper around two sentences or a dangling conjunction reads as nonsense.
    stereotypes = [(r["text"], r["axis"]) for r in train if r["label"] == "1" and 3 <= len(r["text"].split()) <= 25
                   and not re.search(r"[.!?]\s+\S", r["text"].strip()) and not re.match(r"(?i)(but|and|so|because|or)\b", r["text"].strip())]
    cf = counterfactuals(stereotypes, rng, a.wraps, a.swaps)
    fr = fragments([r["text"] for r in train] + [r["text"] for r in extra], rng, a.fragments)
    rows += cf + fr
    for name in ("counterfactual:rejected", "counterfactual:individual", "counterfactual:object"):
        report[name] = sum(1 for r in cf if r[4] == name)
    report["fragment"] = len(fr)
    rng.shuffle(rows)
    write(os.path.join(a.out, "mix.csv"), ["text", "label", "category", "axis", "source"], rows)
    for k, v in sorted(report.items()):
        print(f"{k:44} {v:6}")
    print(f"mix rows={len(rows)} positives={sum(1 for r in rows if r[1] == 1)}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["split", "mix", "mix2"])
    p.add_argument("--extra")
    p.add_argument("--out", required=True)
    p.add_argument("--stereotype")
    p.add_argument("--scores")
    p.add_argument("--wraps", type=int, default=2000)
    p.add_argument("--swaps", type=int, default=1000)
    p.add_argument("--fragments", type=int, default=1200)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--negations", type=int, default=800)
    p.add_argument("--individuals", type=int, default=0, help="mix2: named-individual counterfactuals (e.g. 1200)")
    p.add_argument("--dropout", type=int, default=0, help="mix2: function-word dropout copies of train.csv rows (e.g. 4000)")
    p.add_argument("--degroup", type=int, default=0, help="mix2: stereotypes with the leading group removed, label 0 (e.g. 600)")
    p.add_argument("--calling", type=int, default=0, help="mix2: 'Calling X Y is unfair' rejections, label 0")
    p.add_argument("--traits", type=int, default=0, help="mix2: template generalisations (flattering or incompetence, label 1) and the same on a named person (label 0)")
    p.add_argument("--nouns", type=int, default=0, help="mix2: generalisations by a noun or metaphor (label 1) and the same noun on a named person (label 0)")
    p.add_argument("--attitudes", type=int, default=0, help="mix2: attitudes to a group and negated opinions (label 0) beside opinions stating a trait (label 1)")
    p.add_argument("--mined", help="mix2: extra_train.csv scored by `biasapp-cli evaluate --output` with the current model; its flagged negatives are added twice")
    p.add_argument("--positive-slices", help="mix2: comma-separated extra_train slices whose positives are added once more")
    p.add_argument("--name", default="mix2.csv", help="mix2: output file name")
    p.add_argument("--keep", type=int, default=9000, help="mix2: rows of mix.csv kept so that a later stage does not forget them")
    a = p.parse_args()
    {"split": split, "mix": mix, "mix2": mix2}[a.command](a)


if __name__ == "__main__":
    main()
