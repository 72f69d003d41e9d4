"""Kind-labelled sentences from templates (groups x predicates x frames), split train/dev BY TEMPLATE (no torch).

  python3 generate.py --out ../work/model3/templated.csv [--seed 3]

Columns: text,kind,target,stance,content,family,frame,split
  kind    stereotype | portrayal | reported | none          (KINDS.md)
  target  group | individual | nobody                        (a group in general / particular people / no group in play)
  stance  asserted | reported | ""                           ("" where no group is in play: not trained)
  content 1 when a stereotype is spelled out (asserted, reported or about one person), else 0
  family  which generator made the row; frame  the frame's id

A row is `dev` only when its frame AND its predicate (or fact) are dev ones; rows that would mix a train frame with a
dev predicate (or the reverse) are not written. So dev sentences use frames and predicates never seen in training.
Train rows get surface noise (lower case, no final stop, "!", doubled spaces); dev rows are left clean.
"""
import argparse
import csv
import hashlib
import os
import random

from lexicon import (GROUPS, ROLES, DETERMINERS, NEUTRAL_PERSONAL, PLAIN_ROLES, NAMES, PLACES, NONHUMAN,
                     NAMED_PERSONAL, NO_GROUP, PRACTICE, GENERIC_SINGULAR, REPORTERS, REPORT_VERBS_TRAIN,
                     REPORT_VERBS_DEV, MARKERS_TRAIN, MARKERS_DEV, MARKERS_UNLISTED_TRAIN)

DEV_SHARE = 0.3


def is_dev(key, share=DEV_SHARE):
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF < share


def cap(s):
    return s[0].upper() + s[1:] if s else s


# Asserted generalisations. {g} = the group noun as inside a sentence. Discourse markers are added separately
# (lexicon.MARKERS_TRAIN / MARKERS_DEV) to every kind, so a marker never tells one kind from another.
GEN_TRAIN = ["{g} {p}.", "All {g} {p}.", "Most {g} {p}.", "{g} {p}, everyone knows that.", "I think {g} {p}.",
             "In my experience {g} {p}.", "Everyone knows {g} {p}.", "The truth is that {g} {p}.", "{g} {p}. Period.",
             "Like it or not, {g} {p}.", "We all know that {g} {p}.", "I reckon {g} {p}.", "In general, {g} {p}.",
             "I really believe {g} {p}.", "{g} {p}, it's just how they are.", "I've always found that {g} {p}.",
             "It's no secret that {g} {p}.", "Typical: {g} {p}.", "{g} {p} and always will.", "The fact is that {g} {p}.",
             "It's obvious that {g} {p}.", "There's no denying that {g} {p}.", "I've noticed that {g} {p}.",
             "Experience shows that {g} {p}.", "It's clear that {g} {p}.", "Anyone can see that {g} {p}.",
             "I'm telling you, {g} {p}.", "Mark my words, {g} {p}.", "It's true that {g} {p}.", "Let me tell you, {g} {p}.",
             "{g} {p}, I've seen it myself.", "{g} {p}, no question.", "I know for a fact that {g} {p}."]
GEN_DEV = ["I honestly think {g} {p}.", "It's a fact that {g} {p}.", "{g} {p}, as we all know.", "I'm convinced {g} {p}.",
           "Everybody knows that {g} {p}.", "{g} {p}, full stop."]
# Traits that any group can be given (a generalisation with any of them is a stereotype; on one person, without a
# tie to the group, it is not a portrayal).
GENERIC_TRAITS = ["are lazy", "are dishonest", "are bad with money", "are rude", "are stupid", "are good at maths",
                  "are natural leaders", "are terrible drivers", "can't be trusted", "are all criminals", "are born athletes",
                  "are greedy", "are arrogant", "are boring", "are dirty", "are the best cooks", "are so hardworking",
                  "are very polite", "are brilliant at business", "are hopeless at sport", "are cowards", "are violent",
                  "never pay their debts", "are always complaining", "are naturally gifted musicians", "are loud",
                  "are selfish", "have no manners", "are useless in an emergency", "are too sensitive"]

# Particular people (portrayals with a tied trait; none with an unremarkable or untied one).
POR_TRAIN = ["{D} {P} {q}.", "{Name}, {d} {P}, {q}.", "Last week {d} {P} {q}.", "Yesterday {d} {P} {q}.",
             "Guess what, {d} {P} {q}.", "At the party {d} {P} {q}.", "I swear {d} {P} {q}.", "Apparently {d} {P} {q} again.",
             "This morning {d} {P} {q}.", "{D} {P} in {Place} {q}.", "{D} {P} {Name} {q}.", "On Monday {d} {P} {q}."]
POR_DEV = ["{D} {P} from {Place} {q}.", "On Friday {d} {P} {q}.", "Just now {d} {P} {q}.", "{Name}, who is {a} {P}, {q}."]

# Reported, rejected, asked, denied: {c} = the generalisation as a clause, {C} the same with a capital.
REP_TRAIN = ["It is a myth that {c}.", "Is it true that {c}?", "People who say {c} are wrong.",
             "Many people believe {c}.", "It's not true that {c}.", "The idea that {c} is a tired stereotype.",
             "I'm sick of hearing that {c}.", "He said {c}, which is nonsense.", "Some voters think {c}.",
             "Do you really think {c}?", "There is no evidence that {c}.", "\"{C},\" she said.", "The article claims {c}.",
             "Stop saying {c}.", "Nobody seriously believes that {c}.", "It is a prejudice to say {c}.",
             "The comedian joked that {c}.", "Is it really true that {c}?", "They told us {c}, but we knew better.",
             "Who says {c}?", "The report examines the belief that {c}.", "Claiming that {c} is just bigotry.",
             "I don't believe that {c}.", "It's unfair to assume {c}.", "\"{C},\" {Name} said, and nobody laughed.",
             "\"{C}!\" shouted a man on the bus.", "Don't tell me {c}.", "The claim that {c} has been debunked.",
             "Only bigots think {c}.", "Do {g} really {pv}?", "Not everyone agrees that {c}.", "Why would anyone think {c}?",
             "The quiz asked whether {c}.", "It's a stereotype that {c}."]
REP_DEV = ["The old saying that {c} is nonsense.", "Why do people assume {c}?", "It would be wrong to say {c}.",
           "Apparently some people still think {c}.", "\"{C},\" my neighbour muttered, and we all rolled our eyes.",
           "A survey found that many adults believe {c}.", "I refuse to accept that {c}.", "Jokes about how {c} aren't funny.",
           "The film makes fun of the cliché that {c}.", "Can anyone prove that {c}?", "The teacher challenged the notion that {c}.",
           "I used to think {c}, until I met some.", "Nobody should still be repeating that {c}.", "Is it fair to say {c}?"]
def _compose():
    """Reported / rejected / asked frames built from parts (so the stance head sees the construction, not a handful of
    fixed strings), and first-person assertions with a 'that' clause (asserted: the writer states it). Each composed
    frame goes to train or dev by a hash of the frame."""
    rep, ass = [], []
    for subj in ["I", "We", "Most people", "Nobody", "Experts", "Many of us", "Sensible people"]:
        for verb in ["reject the idea", "don't accept", "can't accept", "dispute the claim", "doubt", "deny",
                     "refuse to believe", "are tired of hearing", "don't buy it", "won't pretend", "question the claim"]:
            v = verb if subj in ("I", "We", "Most people", "Experts", "Many of us", "Sensible people") else verb
            if subj == "Nobody":
                v = {"don't accept": "accepts", "can't accept": "can accept", "are tired of hearing": "wants to hear",
                     "don't buy it": "buys it", "won't pretend": "should pretend"}.get(verb, None)
                if v is None:
                    continue
            if subj == "I" and verb == "are tired of hearing":
                v = "am tired of hearing"
            rep.append(f"{subj} {v} that {{c}}.")
    for adj in ["absurd", "ridiculous", "wrong", "unfair", "offensive", "lazy", "silly", "outdated", "dangerous",
                "simplistic", "insulting", "a mistake"]:
        for verb in ["say", "claim", "suggest", "assume", "pretend", "imply", "believe"]:
            rep.append(f"It's {adj} to {verb} that {{c}}.")
    for noun in ["idea", "claim", "myth", "notion", "belief", "assumption", "stereotype", "cliché", "joke", "rumour",
                 "suggestion", "old line"]:
        for pred in ["is false", "is a myth", "is nonsense", "is outdated", "is offensive", "is unfounded", "is harmful",
                     "is just wrong", "is a lazy stereotype", "has no basis", "is still common", "keeps coming back",
                     "gets repeated everywhere", "was popular in the eighties"]:
            rep.append(f"The {noun} that {{c}} {pred}.")
    for q in ["Is it true", "Is it really the case", "Do you think", "Do people really believe", "Why do people think",
              "Who decided", "Can anyone prove", "Is there any evidence", "Does anyone still believe", "Where did the idea come from",
              "Why is it assumed", "How can anyone claim"]:
        rep.append(f"{q} that {{c}}?")
    for who in ["A study", "A survey", "The report", "The documentary", "The article", "A new book", "The podcast", "The lecture"]:
        for verb in ["examines whether", "asks whether", "tests whether", "questions whether", "looks at why people think",
                     "explores the belief that", "debunks the idea that"]:
            rep.append(f"{who} {verb} {{c}}.")
    for subj in ["I", "We"]:
        for verb in ["know", "have noticed", "have learned", "can tell you", "am telling you", "have always said",
                     "have seen for myself", "honestly believe", "firmly believe", "am sure", "have found", "believe",
                     "think", "truly believe", "really think", "strongly believe", "genuinely think", "do believe",
                     "still think", "have always believed", "am certain", "feel", "suspect", "reckon", "would say",
                     "sincerely believe", "personally think", "deeply believe"]:
            if subj == "We" and "myself" in verb:
                continue
            ass.append(f"{subj} {verb} that {{g}} {{p}}.")
    return rep, ass


_REP_PARTS, _ASS_PARTS = _compose()
REP_TRAIN += [f for f in _REP_PARTS if not is_dev("frame:" + f)]
REP_DEV += [f for f in _REP_PARTS if is_dev("frame:" + f)]
GEN_TRAIN += [f for f in _ASS_PARTS if not is_dev("frame:" + f)]
GEN_DEV += [f for f in _ASS_PARTS if is_dev("frame:" + f)]


NEG_TRAIN = ["{g} {n}.", "No, {g} {n}.", "It's simply false: {g} {n}.", "Believe it or not, {g} {n}.",
             "{g} {n}, whatever you've heard.", "{g} {n}. End of story.", "Trust me, {g} {n}.", "{g} {n}, I promise you.",
             "For the record, {g} {n}.", "In reality {g} {n}.", "{g} {n}, no matter what people say.", "Sorry, but {g} {n}."]
NEG_DEV = ["{g} definitely {n}.", "Contrary to the cliché, {g} {n}.", "{g} {n}, and that's a fact."]
CALL_TRAIN = ["Calling {g} {r} is unfair.", "Calling {g} {r} is plain prejudice.", "Describing {g} as {r} is lazy stereotyping.",
              "Labelling all {g} as {r} fuels hate.", "It's wrong to call {g} {r}."]
CALL_DEV = ["Branding {g} {r} is a cheap stereotype.", "Saying {g} are {r} is just bias."]
GSING_TRAIN = ["{A} {P} will always {pv}.", "You can always count on {a} {P} to {pv}.", "Every {P} will {pv}, you'll see.",
               "{A} {P} will {pv} every single time.", "Trust {a} {P} to {pv}."]
GSING_DEV = ["{A} {P} is bound to {pv}.", "Any {P} would {pv}."]

# Neutral facts about groups as a whole (kind none).
FACT_TRAIN = ["{g} make up about {n} percent of the population of {Place}.", "The census counted {n} thousand {g} in {Place}.",
              "{g} in {Place} will vote in the council election next month.", "The number of {g} living in {Place} has grown since {y}.",
              "{g} have lived in {Place} since the nineteenth century.", "A new report on {g} in {Place} was published on Monday.",
              "{g} in {Place} founded a community centre in {y}.", "About {n} {g} work at the hospital in {Place}.",
              "There are {g} in every part of the country.", "{g} were counted separately for the first time in the {y} census."]
FACT_DEV = ["The museum in {Place} has an exhibition on the history of {g}.", "{g} in {Place} won the right to a local council seat in {y}.",
            "The charity supports {g} who have recently moved to {Place}.", "A study followed {n} {g} in {Place} for ten years."]
FACT_WRAP = ["Is it true that {c}?", "My teacher told us that {c}.", "The guide explained that {c}.", "Did you know that {c}?",
             "{Name} says {c}.", "Apparently {c}."]
FACT_WRAP_DEV = ["I read somewhere that {c}.", "According to the leaflet, {c}."]

# Particular people with no trait (kind none, target individual).
MENTION_TRAIN = ["Two {g} were waiting at the bus stop.", "A group of {g} ordered pizza at the next table.",
                 "The {g} next door invited us to a barbecue.", "I met three {g} at the conference in {Place}.",
                 "Some {g} from the choir helped us move the piano.", "The {g} on the train were talking about football.",
                 "Four {g} signed up for the pottery class.", "We shared a taxi with two {g} from {Place}."]
MENTION_DEV = ["A few {g} were queueing outside the cinema.", "The {g} in room twelve asked for extra towels.",
               "Several {g} joined the walking group in {Place} last spring."]
NEUTRAL_FRAMES_TRAIN = ["{D} {P} {q}.", "Yesterday {d} {P} {q}.", "{Name}, {d} {P}, {q}.", "Last week {d} {P} {q}.",
                        "{D} {P} {Name} {q}.", "{D} {P} in {Place} {q}.", "This morning {d} {P} {q}."]
NEUTRAL_FRAMES_DEV = ["On Friday {d} {P} {q}.", "{D} {P} from {Place} {q}.", "{Name}, who is {a} {P}, {q}."]


def clause(g, p):
    return f"{g} {p}"


def negate(p):
    """'are lazy' -> 'are not lazy'; 'control the banks' -> 'don't control the banks'; None where a negation would
    assert the opposite generalisation ('can't drive' -> 'can drive') or read badly."""
    w = p.split(" ", 1)
    head, rest = w[0], (w[1] if len(w) > 1 else "")
    if head == "are":
        return f"are not {rest.replace('all ', '', 1)}" if not rest.startswith(("not", "no ")) else None
    if head in ("can't", "cannot", "never", "just", "always", "would", "should", "belong"):
        return None
    if head == "have":
        return f"don't have {rest}" if not rest.startswith("no ") else None
    if head in ("all", "only"):
        return f"do not {p}" if len(p) % 2 else f"don't {p}"
    if head.endswith("s") and not head.endswith("ss"):
        return None  # a third-person form: not a plural predicate
    return f"do not {p}" if len(p) % 2 else f"don't {p}"


def base_verb(p):
    """'are lazy' -> 'be lazy'; 'hate men' -> 'hate men' (for 'Do X really ...?'); None for modal forms."""
    head = p.split(" ", 1)[0]
    if head == "are":
        return "be " + p[4:]
    if head in ("can't", "cannot", "never", "always", "just", "would", "should", "all", "only"):
        return None
    return p


def noise(text, rng):
    r = rng.random()
    if r < 0.15:
        text = text.lower()
    elif r < 0.18:
        text = text.upper()
    r = rng.random()
    if r < 0.35:
        text = text.rstrip(".!?")
    elif r < 0.55 and text.endswith("."):
        text = text[:-1] + rng.choice(["!", "!!", "...", " ."])
    if rng.random() < 0.1:
        text = text.replace(" ", "  ", 1)
    return text


def fill(frame, rng, **kw):
    kw.setdefault("Place", rng.choice(PLACES))
    kw.setdefault("Name", rng.choice(NAMES))
    kw.setdefault("n", str(rng.choice([2, 3, 4, 5, 7, 8, 12, 15, 20, 25, 40, "three", "five", "ten"])))
    kw.setdefault("y", str(rng.choice([1962, 1975, 1991, 2001, 2008, 2011, 2016, 2021])))
    return frame.format(**kw)


def person_phrases(g):
    """Noun phrases (without determiner) for one person of group g."""
    if isinstance(g["person"], list):
        return g["person"]
    return [f"{g['person']} {role}" for role in ROLES]


def article(det, phrase):
    if det in ("A", "a") and phrase[0].lower() in "aeiou":
        return "An" if det == "A" else "an"
    return det


PROPER = ({g["plural"].split()[0] for g in GROUPS if g["plural"][0].isupper()} |
          {g["person"] for g in GROUPS if isinstance(g["person"], str) and g["person"][0].isupper()} | set(NAMES) |
          {"I", "I'm", "I've", "I'd", "Mexico", "Ireland", "Germany", "Japan", "Nigeria", "India", "Russia", "Poland", "Britain",
           "Italy", "Scotland", "Easter", "Christmas", "Hanukkah", "Diwali", "Holi", "Sikh", "Aboriginal", "Roma", "Quakers",
           "Swedes", "Koreans", "Iranians", "Ethiopians", "Brazilians", "Orthodox", "Buddhist", "Buddhists", "Sikhs", "Mormons",
           "Arab", "Asian", "Black", "Latinos", "Deaf", "Jewish", "Muslim"})


def with_marker(text, marker):
    first = text.split(" ", 1)[0].strip('"').rstrip(",")
    if first not in PROPER and not text.startswith('"'):
        text = text[0].lower() + text[1:]
    return marker + text


def make(a):
    rng = random.Random(a.seed)
    rows = []

    def add(text, kind, target, stance, content, family, frame, split):
        if split is None:
            return
        text = cap(text)
        rows.append([text, kind, target, stance, content, family, frame, split])
        # Surface variants: train rows get a marker or noise copy; dev rows sometimes a dev-only marker copy.
        if split == "train" and rng.random() < 0.8:
            r = rng.random()
            v = with_marker(text, rng.choice(MARKERS_UNLISTED_TRAIN if r < 0.35 else MARKERS_TRAIN)) if r < 0.6 else text
            v = noise(v, rng)
            if v != text:
                rows.append([v, kind, target, stance, content, family, frame + "+variant", split])
        elif split == "dev" and rng.random() < 0.25:
            rows.append([with_marker(text, rng.choice(MARKERS_DEV)), kind, target, stance, content, family, frame + "+marker", split])

    def split_of(frame_dev, pred_dev):
        if frame_dev and pred_dev:
            return "dev"
        if not frame_dev and not pred_dev:
            return "train"
        return None

    def pick(train, dev, want_dev):
        return (rng.choice(dev), True) if want_dev else (rng.choice(train), False)

    for g in GROUPS:
        gname = g["plural"]
        preds = [(p, True) for p in g["gen"]] + [(p, False) for p in rng.sample(GENERIC_TRAITS, 4)]
        for p, tied in preds:
            pdev = is_dev("gen:" + p)
            n = 5 if not pdev else 3
            for _ in range(n):
                frame, fdev = pick(GEN_TRAIN, GEN_DEV, pdev)
                add(fill(frame, rng, g=gname, p=p), "stereotype", "group", "asserted", 1, "generalisation", frame, split_of(fdev, pdev))
            c = clause(gname, p)
            pv = base_verb(p)
            for _ in range(n):
                frame, fdev = pick(REP_TRAIN, REP_DEV, pdev)
                if "{pv}" in frame and not pv:
                    continue
                add(fill(frame, rng, c=c, C=cap(c), g=gname, pv=pv), "reported", "group", "reported", 1, "reported", frame, split_of(fdev, pdev))
            # someone else's claim: reporter x verb
            for _ in range(3 if not pdev else 2):
                verbs = REPORT_VERBS_DEV if pdev else REPORT_VERBS_TRAIN
                frame = "{R} " + rng.choice(verbs) + " {c}."
                add(fill(frame, rng, R=fill(rng.choice(REPORTERS), rng), c=c), "reported", "group", "reported", 1, "reported_by", frame, split_of(pdev, pdev))
            neg = negate(p)
            if neg:
                for _ in range(2 if not pdev else 1):
                    frame, fdev = pick(NEG_TRAIN, NEG_DEV, pdev)
                    add(fill(frame, rng, g=gname, n=neg), "reported", "group", "reported", 1, "denied", frame, split_of(fdev, pdev))
            if p.startswith("are ") and len(p.split()) <= 4:
                r = p[4:].replace("all ", "")
                frame, fdev = pick(CALL_TRAIN, CALL_DEV, pdev)
                add(fill(frame, rng, g=gname, r=r), "reported", "group", "reported", 1, "calling", frame, split_of(fdev, pdev))
        # One generic member stands for the group ("A German colleague will always ..."): stereotype.
        for p, tied in preds:
            pv = base_verb(p)
            if not pv:
                continue
            pdev = is_dev("gen:" + p)
            frame, fdev = pick(GSING_TRAIN, GSING_DEV, pdev)
            P = rng.choice(person_phrases(g))
            add(fill(frame, rng, A=article("A", P), a=article("a", P), P=P, pv=pv), "stereotype", "group", "asserted", 1,
                "generic_singular_t", frame, split_of(fdev, pdev))
        # Portrayals: tied predicates on one person of the group.
        phrases = person_phrases(g)
        for q in g["por"]:
            qdev = is_dev("por:" + q)
            for _ in range(8 if not qdev else 4):
                frame, fdev = pick(POR_TRAIN, POR_DEV, qdev)
                P = rng.choice(phrases)
                det = article(rng.choice(DETERMINERS if "{Name}, {d}" not in frame else ["The", "Our", "My"]), P)
                add(fill(frame, rng, D=det, d=det.lower(), P=P, q=q, a=article("a", P)),
                    "portrayal", "individual", "asserted", 1, "portrayal", frame, split_of(fdev, qdev))
            # the same predicate on a named person with no group marker: none (nobody)
            for _ in range(2):
                add(f"{rng.choice(NAMES)} {q}.", "none", "nobody", "", 0, "named_tied", "{Name} {q}.", "dev" if qdev else "train")
        # Unremarkable predicates on one person of the group.
        for q, tag in NEUTRAL_PERSONAL:
            if tag and tag in g["tags"]:
                continue
            qdev = is_dev("neu:" + q)
            if rng.random() < 0.6:
                frame, fdev = pick(NEUTRAL_FRAMES_TRAIN, NEUTRAL_FRAMES_DEV, qdev)
                P = rng.choice(phrases)
                det = article(rng.choice(DETERMINERS if "{Name}, {d}" not in frame else ["The", "Our", "My"]), P)
                add(fill(frame, rng, D=det, d=det.lower(), P=P, q=q, a=article("a", P)), "none", "individual", "asserted", 0,
                    "person_neutral", frame, split_of(fdev, qdev))
        # Untied predicates from other groups on one person of this group: none (the trait is not this group's).
        others = [(q, o) for o in GROUPS if o is not g and not (o["tags"] & g["tags"]) for q in o["por"]]
        for q, o in rng.sample(others, min(3, len(others))):
            qdev = is_dev("por:" + q)
            frame, fdev = pick(NEUTRAL_FRAMES_TRAIN, NEUTRAL_FRAMES_DEV, qdev)
            P = rng.choice(phrases)
            det = article(rng.choice(DETERMINERS if "{Name}, {d}" not in frame else ["The", "Our", "My"]), P)
            add(fill(frame, rng, D=det, d=det.lower(), P=P, q=q, a=article("a", P)), "none", "individual", "asserted", 0,
                "person_untied", frame, split_of(fdev, qdev))
        # Facts about the group.
        for fact in g["facts"]:
            fdev = is_dev("fact:" + fact)
            add(fact, "none", "group", "asserted", 0, "fact", "own", "dev" if fdev else "train")
        for _ in range(5):
            fdev = rng.random() < 0.3
            frame = rng.choice(FACT_DEV if fdev else FACT_TRAIN)
            add(fill(frame, rng, g=gname), "none", "group", "asserted", 0, "fact_template", frame, "dev" if fdev else "train")
        for _ in range(4):
            fdev = rng.random() < 0.3
            frame = rng.choice(MENTION_DEV if fdev else MENTION_TRAIN)
            add(fill(frame, rng, g=gname), "none", "individual", "asserted", 0, "mention", frame, "dev" if fdev else "train")

    facts = [f for g in GROUPS for f in g["facts"]] + PRACTICE
    for fact in PRACTICE:
        add(fact, "none", "group", "asserted", 0, "practice", "own", "dev" if is_dev("fact:" + fact) else "train")
    for fact in facts:  # the same facts reported or asked about: still none
        fdev = is_dev("fact:" + fact)
        frame = rng.choice(FACT_WRAP_DEV if fdev else FACT_WRAP)
        c = fact.rstrip(".")
        if c.split()[0] not in PROPER:
            c = c[0].lower() + c[1:]
        add(fill(frame, rng, c=c), "none", "group", "reported", 0, "fact_reported", frame, "dev" if fdev else "train")
    for s in GENERIC_SINGULAR:
        add(s, "stereotype", "group", "asserted", 1, "generic_singular", "own", "dev" if is_dev("gs:" + s) else "train")
    # Person in a role, no group adjective: "The waiter was rude." (none)
    for role in PLAIN_ROLES:
        for q, _ in rng.sample(NEUTRAL_PERSONAL, 12):
            qdev = is_dev("neu:" + q)
            det = article(rng.choice(["The", "Our", "My", "The", "A", "That"]), role)
            add(f"{det} {role} {q}.", "none", "individual", "asserted", 0, "role_plain", "{D} {role} {q}.", "dev" if qdev else "train")
    # No group in play.
    for s in NONHUMAN + NO_GROUP:
        add(s, "none", "nobody", "", 0, "nogroup", "own", "dev" if is_dev("ng:" + s) else "train")
    for q in NAMED_PERSONAL:
        for name in rng.sample(NAMES, 3):
            add(f"{name} {q}.", "none", "nobody", "", 0, "named", "{Name} {q}.", "dev" if is_dev("named:" + q) else "train")
    seen, out = set(), []
    for r in rows:
        k = r[0].lower()
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=3)
    a = p.parse_args()
    rows = make(a)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "kind", "target", "stance", "content", "family", "frame", "split"])
        w.writerows(rows)
    from collections import Counter
    c = Counter((r[7], r[1]) for r in rows)
    print("templated rows", len(rows), dict(sorted(c.items())))


if __name__ == "__main__":
    main()
