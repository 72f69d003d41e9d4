"""Writes variants.csv: hand-written base sentences x meaning-preserving variants, each with the expected kind.

  python3 make_variants.py            (deterministic; writes variants.csv beside this file)

Columns: set,variant,kind,text. A set is one base sentence and its variants (discourse marker, casing, end
punctuation, number, name, place, spacing); every row of a set must get the same kind (KINDS.md: "Discourse markers,
casing, punctuation, numbers, names and places never change the kind"). The bases were written for this file and are
not used in training.
"""
import csv
import os

# (text with optional {name} {place} {num} slots, kind, first word is a proper noun)
BASES = [
    ("Women can't read a map to save their lives.", "stereotype", False),
    ("Germans never laugh at jokes.", "stereotype", True),
    ("Old people in {place} can't work a smartphone.", "stereotype", False),
    ("Lawyers only care about their fees.", "stereotype", False),
    ("Muslims refuse to fit in.", "stereotype", True),
    ("Men never do their share of the housework.", "stereotype", False),
    ("Gay men are all obsessed with their looks.", "stereotype", False),
    ("Nigerians are always trying to scam you.", "stereotype", True),
    ("Teenagers these days are lazy and rude.", "stereotype", False),
    ("Asians are all brilliant at the piano.", "stereotype", True),
    ("Politicians lie every time they open their mouths.", "stereotype", False),
    ("Plumbers always charge you {num} times the real price.", "stereotype", False),
    ("An Englishman will always queue politely.", "stereotype", True),
    ("Every politician in {place} is a crook.", "stereotype", False),
    ("It is a myth that women are bad drivers.", "reported", False),
    ("My neighbour {name} claims that Mexicans are lazy.", "reported", False),
    ("Is it true that Scots never buy a round?", "reported", False),
    ("The idea that atheists have no morals is nonsense.", "reported", False),
    ("People in {place} still say the Irish are always drunk, which is unfair.", "reported", False),
    ("Jews do not control the banks.", "reported", True),
    ("I'm fed up with hearing that teenagers are lazy.", "reported", False),
    ("A survey of {num} adults asked whether they think nursing is a job for women.", "reported", False),
    ("\"Women belong in the kitchen,\" {name} said, and everyone groaned.", "reported", False),
    ("Calling Black people aggressive is plain racism.", "reported", False),
    ("Not all engineers lack social skills.", "reported", False),
    ("The German tourist in {place} refused to laugh at any of the jokes.", "portrayal", False),
    ("My Jewish landlord {name} haggled over every penny of the deposit.", "portrayal", False),
    ("The blonde receptionist couldn't find the on switch of the computer.", "portrayal", False),
    ("Our Scottish colleague refused to chip in {num} pounds for the leaving present.", "portrayal", False),
    ("The old man in front of us drove at {num} miles an hour on the motorway.", "portrayal", False),
    ("The Irish lad at table {num} was drunk by noon.", "portrayal", False),
    ("The Chinese tourist photographed every single plate of food.", "portrayal", False),
    ("The waiter was rude.", "none", False),
    ("The bus driver in {place} waited for us.", "none", False),
    ("Christians celebrate Easter in spring.", "none", True),
    ("{name} is terrible at parking.", "none", True),
    ("Hindus in {place} celebrate Diwali in the autumn.", "none", True),
    ("The train to {place} was {num} minutes late.", "none", False),
    ("My Muslim colleague {name} organised the office quiz.", "none", False),
    ("Two women were reading a map at the station in {place}.", "none", False),
    ("The engineer fixed the printer in {num} minutes.", "none", False),
    ("Cats sleep for most of the day.", "none", False),
    ("Sikh men in {place} often wear a turban.", "none", True),
    ("A Kenyan athlete won the race in {place}.", "none", False),
    ("The new film is far too long.", "none", False),
    ("The Italian restaurant in {place} is closed on Mondays.", "none", False),
]
NAMES = [("Maria", "Kofi"), ("Hamid", "Jane")]
PLACES = ["Leeds", "Lisbon"]
NUMS = ["3", "five"]
# "Honestly," and "To be fair," are the issue's examples (the normaliser removes them). "Not to put too fine a point on
# it," is in neither the normaliser's list nor the training markers: it checks what the heads do with a marker they
# never saw. ("If you ask me," was that check first; the heads read "ask" as a question and flipped 14 of 46 sets, so
# it went into the normaliser's list and stays here as a listed marker.)
MARKERS = ["Honestly, ", "To be fair, ", "Not to put too fine a point on it, ", "If you ask me, "]


def lower_first(text, proper):
    return text if proper else text[0].lower() + text[1:]


def variants(base, proper):
    fill = dict(name=NAMES[0][0], place=PLACES[0], num=NUMS[0])
    text = base.format(**fill)
    out = [("base", text)]
    for i, m in enumerate(MARKERS):
        out.append((f"marker{i + 1}", m + lower_first(text, proper or base.startswith("{name}"))))
    out.append(("lower", text.lower()))
    out.append(("upper", text.upper()))
    stripped = text.rstrip(".!?")
    out.append(("no_end_punctuation", stripped))
    out.append(("exclamation", stripped + ("!" if not text.endswith("?") else "?!")))
    out.append(("spacing", "  " + text.replace(" ", "  ", 2) + " "))
    if "{name}" in base:
        out.append(("name", base.format(**{**fill, "name": NAMES[1][1]})))
    if "{place}" in base:
        out.append(("place", base.format(**{**fill, "place": PLACES[1]})))
    if "{num}" in base:
        out.append(("number", base.format(**{**fill, "num": NUMS[1]})))
    return out


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "variants.csv")
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["set", "variant", "kind", "text"])
        for s, (base, kind, proper) in enumerate(BASES, 1):
            vs = variants(base, proper)
            assert len(vs) >= 7, base
            for name, text in vs:
                w.writerow([s, name, kind, text])
                n += 1
    print(f"variants sets={len(BASES)} rows={n} -> {path}")


if __name__ == "__main__":
    main()
