#!/usr/bin/env python3
"""The one scorer of the side-by-side benchmark: entity precision, recall
and F1 (exact spans, conlleval conventions: an entity starts at B-X, or at
I-X after O or another type, and runs over the following I-X).

Reads `token gold predicted` files (a blank line between sentences); gold
tags are taken from the gold CoNLL file given with --gold (checked token by
token), so every system is scored against exactly the same reference.
Usage: score.py PRED_FILE [--gold GOLD.conll] [--json]"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from common import TYPES, fold_tag, read_conll, repair  # noqa: E402


def spans(tags):
    out, open_ = set(), None
    for i, t in enumerate(list(tags) + ["O"]):
        if t.startswith("I-") and open_ is not None and open_[1] == t[2:]:
            continue
        if open_ is not None:
            out.add((open_[0], i, open_[1]))
            open_ = None
        if t != "O" and len(t) > 2:
            open_ = (i, t[2:])
    return out


def score_sents(gold, pred):
    """gold, pred: lists of tag lists. Returns counts, P/R/F1 (percent)."""
    c = {k: [0, 0, 0] for k in TYPES}  # correct, predicted, gold
    for g, p in zip(gold, pred, strict=True):
        if len(g) != len(p):
            raise ValueError("sentence length mismatch")
        gs, ps = spans(g), spans(p)
        for s in gs:
            c[s[2]][2] += 1
        for s in ps:
            c[s[2]][1] += 1
            if s in gs:
                c[s[2]][0] += 1

    def prf(ok, pr, go):
        p = 100.0 * ok / pr if pr else 0.0
        r = 100.0 * ok / go if go else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": p, "r": r, "f1": f, "correct": ok, "predicted": pr, "gold": go}

    out = {k: prf(*v) for k, v in c.items()}
    out["micro"] = prf(*(sum(v[i] for v in c.values()) for i in range(3)))
    return out


def read_pred(path):
    """[(tokens, gold, pred)] from a `token gold predicted` file."""
    sents, cur = [], ([], [], [])
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.split()
            if not cols:
                if cur[0]:
                    sents.append(cur)
                    cur = ([], [], [])
                continue
            cur[0].append(cols[0])
            cur[1].append(fold_tag(cols[-2]) if len(cols) >= 3 else "O")
            cur[2].append(fold_tag(cols[-1]))
    if cur[0]:
        sents.append(cur)
    return sents


def score_file(pred_path, gold_path=None):
    sents = read_pred(pred_path)
    pred = [repair(p) for _, _, p in sents]
    if gold_path:
        gold_sents = read_conll(gold_path)
        if len(gold_sents) != len(sents):
            raise ValueError("%s: %d sentences, gold has %d" % (pred_path, len(sents), len(gold_sents)))
        for (gt, _), (pt, _, _) in zip(gold_sents, sents):
            if gt != pt:
                raise ValueError("%s: tokens differ from the gold file" % pred_path)
        gold = [g for _, g in gold_sents]
    else:
        gold = [repair(g) for _, g, _ in sents]
    return score_sents(gold, pred)


def main():
    args = sys.argv[1:]
    gold = None
    if "--gold" in args:
        i = args.index("--gold")
        gold = args[i + 1]
        del args[i:i + 2]
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    r = score_file(args[0], gold)
    if as_json:
        print(json.dumps(r))
        return
    print("%-6s %7s %7s %7s %6s %6s %6s" % ("type", "P", "R", "F1", "gold", "pred", "ok"))
    for k in TYPES + ("micro",):
        v = r[k]
        print("%-6s %7.2f %7.2f %7.2f %6d %6d %6d" % (k, v["p"], v["r"], v["f1"], v["gold"], v["predicted"], v["correct"]))


if __name__ == "__main__":
    main()
