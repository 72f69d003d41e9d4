"""Writes neutral everyday sentences (label 0, category neutral) that the EMGSD-style data lacks.

The stereotype data has only sentences about social groups, so a model trained on it alone flags
ordinary prose ("The train to Berlin was delayed") as stereotypes. Two sources, both offline:
  1. sentences from the docstrings of Python's standard library (plain technical English);
  2. templated everyday sentences, some naming a profession, nationality or place in a purely
     factual role (an action, a time, a place) with no trait attributed.
Deterministic for a given seed and Python installation.
"""
import argparse
import ast
import csv
import pathlib
import random
import re
import sysconfig

p = argparse.ArgumentParser()
p.add_argument("--output", required=True)
p.add_argument("--docstrings", type=int, default=900)
p.add_argument("--templates", type=int, default=700)
p.add_argument("--seed", type=int, default=7)
a = p.parse_args()
rng = random.Random(a.seed)

sentence = re.compile(r"[A-Z][a-z][A-Za-z ,']{20,160}[a-z]\.")
seen, docs = set(), []
for path in sorted(pathlib.Path(sysconfig.get_paths()["stdlib"]).rglob("*.py")):
    if "test" in path.parts or "idlelib" in path.parts:
        continue
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except Exception:
        continue
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Module, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node) or ""
            for s in sentence.findall(" ".join(doc.split())):
                words = s.split()
                if 5 <= len(words) <= 25 and s.lower() not in seen:
                    seen.add(s.lower())
                    docs.append(s)
rng.shuffle(docs)
docs = docs[: a.docstrings]

people = ["The nurse", "The engineer", "A teacher", "The doctor", "The pilot", "My neighbour", "The manager", "A student",
          "The chef", "The driver", "Our lawyer", "The farmer", "A scientist", "The librarian", "The mechanic", "My aunt",
          "The priest", "The receptionist", "A firefighter", "The accountant", "My grandfather", "The waiter", "Her brother",
          "The secretary", "The plumber", "A journalist", "The carpenter", "The coach", "His daughter", "The pharmacist"]
actions = ["checked the schedule", "answered the phone", "opened the window", "signed the form", "parked the car near the station",
           "ordered a coffee", "printed the tickets", "locked the door", "read the instructions", "called the office",
           "booked a table for four", "moved the meeting to Tuesday", "updated the spreadsheet", "watered the plants",
           "took the bus to work", "returned the library books", "painted the kitchen", "wrote a short email",
           "packed the boxes", "fixed the printer", "bought new shoes", "cleaned the windows", "replied to the message"]
times = ["this morning", "yesterday", "on Monday", "after lunch", "last week", "before the meeting", "in the afternoon", "at noon"]
places = ["Berlin", "Tokyo", "Lagos", "Mexico City", "Mumbai", "Cairo", "Paris", "Toronto", "Seoul", "Rome", "Nairobi",
          "Istanbul", "Lima", "Warsaw", "Dublin", "Jakarta", "Manila", "Tehran", "Beijing", "Madrid"]
things = ["The train to {p}", "The flight from {p}", "The museum in {p}", "The conference in {p}", "A bakery in {p}",
          "The bus from {p}", "The festival in {p}", "The library in {p}", "The new bridge in {p}", "The hotel in {p}"]
events = ["was delayed by twenty minutes", "opens at nine", "was cancelled because of the storm", "starts next Thursday",
          "closes early on Sundays", "was fully booked", "arrived on time", "has a new website", "is being renovated",
          "sold out in an hour", "changed its timetable", "will reopen in spring"]
misc = ["Please send the report by Friday.", "The forecast predicts rain for the weekend.", "Prices of vegetables rose in March.",
        "The meeting room on the second floor is free.", "Remember to renew the parking permit.", "The water pipe was repaired.",
        "The store accepts cards and cash.", "The printer on level three is out of paper.", "The game ended in a draw.",
        "The recipe needs two eggs and a cup of flour."]
templated = set()
while len(templated) < a.templates:
    r = rng.random()
    if r < 0.55:
        templated.add(f"{rng.choice(people)} {rng.choice(actions)} {rng.choice(times)}.")
    elif r < 0.95:
        templated.add(f"{rng.choice(things).format(p=rng.choice(places))} {rng.choice(events)}.")
    else:
        templated.add(rng.choice(misc))
rows = [(s, "docstring") for s in docs] + [(s, "template") for s in sorted(templated)]
with open(a.output, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["text", "label", "category", "axis", "source"])
    for text, source in rows:
        w.writerow([text, 0, "neutral", "", f"augment:{source}"])
print(f"wrote {len(rows)} rows ({len(docs)} docstring, {len(templated)} template) to {a.output}")
