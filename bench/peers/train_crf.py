"""Trains the CRFsuite peer on ANERcorp train minus its last 10% (dev).
L-BFGS; c1/c2 chosen on dev from a small grid; the best model is kept.
Usage: train_crf.py TRAIN.txt OUT_DIR"""

import json
import os
import sys
import time

import pycrfsuite

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import read_conll, split_dev  # noqa: E402
from crf_features import sent2features  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from score import score_sents  # noqa: E402

GRID_C1 = (0.05, 0.1, 0.25)
GRID_C2 = (0.01, 0.1)
MAX_ITER = 150


def main():
    train_path, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    train, dev = split_dev(read_conll(train_path), 0.1)
    xtr = [sent2features(t) for t, _ in train]
    xdv = [sent2features(t) for t, _ in dev]
    results = []
    best = None
    t0 = time.time()
    for c1 in GRID_C1:
        for c2 in GRID_C2:
            path = os.path.join(out_dir, "crf-c1_%g-c2_%g.crfsuite" % (c1, c2))
            tr = pycrfsuite.Trainer(verbose=False)
            for x, (_, y) in zip(xtr, train):
                tr.append(x, y)
            tr.set_params({"c1": c1, "c2": c2, "max_iterations": MAX_ITER,
                           "feature.possible_transitions": True})
            t = time.time()
            tr.train(path)
            tagger = pycrfsuite.Tagger()
            tagger.open(path)
            pred = [tagger.tag(x) for x in xdv]
            f1 = score_sents([y for _, y in dev], pred)["micro"]["f1"]
            results.append({"c1": c1, "c2": c2, "dev_f1": f1, "train_s": time.time() - t})
            print("c1=%g c2=%g dev F1 %.2f (%.0f s)" % (c1, c2, f1, time.time() - t), flush=True)
            if best is None or f1 > best[0]:
                best = (f1, path, c1, c2)
    final = os.path.join(out_dir, "crf.crfsuite")
    os.replace(best[1], final)
    for r in results:
        p = os.path.join(out_dir, "crf-c1_%g-c2_%g.crfsuite" % (r["c1"], r["c2"]))
        if os.path.exists(p):
            os.remove(p)
    info = {"c1": best[2], "c2": best[3], "dev_f1": best[0], "grid": results,
            "max_iterations": MAX_ITER, "train_sentences": len(train),
            "dev_sentences": len(dev), "total_s": time.time() - t0}
    with open(os.path.join(out_dir, "crf.json"), "w") as f:
        json.dump(info, f, indent=1)
    print("best c1=%g c2=%g dev F1 %.2f; wrote %s" % (best[2], best[3], best[0], final))


if __name__ == "__main__":
    main()
