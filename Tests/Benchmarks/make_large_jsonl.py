#!/usr/bin/env python3
"""Writes a JSON Lines corpus of a given size by repeating a source corpus in rounds, each round
disguised so that rounds share no shingle while every round keeps the source's repost structure.

usage: make_large_jsonl.py SOURCE.jsonl OUT.jsonl --gigabytes 10

Round r (r >= 1) renames every id to "<id>~r<r>" and maps the lower- and upper-case ASCII letters
of the text through a permutation of the alphabet drawn from a generator seeded with r: a word
becomes the same other word wherever it stands, so copies inside a round stay copies (exact stay
exact, near stay near), and no word of one round is a word of another. Round 0 is the source as it
is. This is a load for speed and memory (how a run behaves at millions of documents), not a
quality benchmark: the ground truth is the source's, per round.
"""
import argparse
import json
import os
import random
import string
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source")
    parser.add_argument("out")
    parser.add_argument("--gigabytes", type=float, required=True)
    args = parser.parse_args()
    target = int(args.gigabytes * 1e9)
    written = 0
    round_number = 0
    temporary = args.out + ".partial"
    with open(temporary, "w", encoding="utf-8") as out:
        while written < target:
            rng = random.Random(round_number)
            lower = list(string.ascii_lowercase)
            rng.shuffle(lower)
            table = str.maketrans(string.ascii_lowercase + string.ascii_uppercase, "".join(lower) + "".join(lower).upper())
            with open(args.source, encoding="utf-8") as source:
                for line in source:
                    if round_number:
                        record = json.loads(line)
                        record["id"] = f"{record['id']}~r{round_number}"
                        record["text"] = record["text"].translate(table)
                        line = json.dumps(record, ensure_ascii=False) + "\n"
                    out.write(line)
                    written += len(line.encode("utf-8"))
                    if written >= target:
                        break
            print(f"round {round_number}: {written / 1e9:.2f} GB", file=sys.stderr)
            round_number += 1
    os.replace(temporary, args.out)


if __name__ == "__main__":
    main()
