"""Checks of feedback.py that need no workspace (numpy only):

  /usr/bin/python3 -m unittest discover -s training/kinds -p 'test_*.py'
"""
import argparse
import csv
import os
import tempfile
import unittest

import feedback

HEADER = "text,kind,label,model_version,model_kind,probability,decided_at\n"


def write(folder, body, header=HEADER):
    path = os.path.join(folder, "fb.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(header + body)
    return path


class ReadFeedback(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def test_a_sentence_sent_twice_keeps_its_latest_decision(self):
        path = write(self.dir.name, "Muslims do not eat pork.,stereotype,1,3.0.0,stereotype,0.9,2026-12-01T10:00:00Z\n"
                                    "muslims do not eat pork!,none,0,3.0.0,stereotype,0.9,2026-12-02T10:00:00Z\n"
                                    "The waiter was kind.,none,0,3.0.0,portrayal,0.7,2026-12-01T10:00:00Z\n")
        rows, total = feedback.read_feedback(path)
        self.assertEqual(total, 3)
        self.assertEqual(sorted((r["text"], r["kind"]) for r in rows),
                         [("The waiter was kind.", "none"), ("muslims do not eat pork!", "none")])

    def test_bad_files_are_refused_with_the_line(self):
        cases = {
            "columns": (HEADER.replace("kind,label", "label,kind"), "x,none,0,3.0.0,none,0.1,2026-12-01T10:00:00Z\n", "expected the columns"),
            "kind": (HEADER, "Some text.,racist,1,3.0.0,none,0.1,2026-12-01T10:00:00Z\n", "fb.csv:2: kind 'racist'"),
            "label": (HEADER, "Some text.,portrayal,0,3.0.0,none,0.1,2026-12-01T10:00:00Z\n", "label 0 does not match kind portrayal"),
            "text": (HEADER, " ,none,0,3.0.0,none,0.1,2026-12-01T10:00:00Z\n", "fb.csv:2: empty text"),
        }
        for name, (header, body, message) in cases.items():
            with self.subTest(name):
                with self.assertRaises(SystemExit) as e:
                    feedback.read_feedback(write(self.dir.name, body, header))
                self.assertIn(message, str(e.exception))


class Split(unittest.TestCase):
    def test_near_duplicates_share_a_key_and_other_claims_do_not(self):
        same = ["Muslims pray five times a day facing Mecca.", "Honestly, muslims pray 5 times a day, facing Mecca!",
                "Christians pray five times a day facing Rome."]
        self.assertEqual({feedback.near_key(t) for t in same}, {"pray times a day facing"})
        self.assertEqual(feedback.near_key("Our waiter, Marco, was attentive all evening."),
                         feedback.near_key("Our waiter, Luca, was attentive all evening"))
        self.assertNotEqual(feedback.near_key("Women are bad at maths."), feedback.near_key("Women are good at maths."))

    def test_rows_file_puts_near_duplicates_on_one_side_and_holds_back_about_the_share(self):
        with tempfile.TemporaryDirectory() as d:
            body = "".join(f"The waiter number {n} was kind to table {n + 1}.,none,0,3.0.0,none,0.2,2026-12-01T10:00:00Z\n"
                           for n in range(20))
            body += "".join(f"Group {i} members like word{i}.,stereotype,1,3.0.0,none,0.2,2026-12-01T10:00:00Z\n"
                            for i in range(400))
            feedback.cmd_rows(argparse.Namespace(feedback=write(d, body), work=d))
            with open(os.path.join(d, "feedback", "rows_feedback.csv"), encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
        waiters = {r["part"] for r in rows if "waiter" in r["text"]}
        self.assertEqual(len(waiters), 1)
        held = sum(r["part"] == "held" for r in rows if "waiter" not in r["text"]) / 400
        self.assertTrue(abs(held - feedback.HELD_SHARE) < 0.07, held)


if __name__ == "__main__":
    unittest.main()
