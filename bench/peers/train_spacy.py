"""Trains the spaCy peer: a blank Arabic pipeline (`spacy.blank("ar")`) with
an `ner` component from `spacy init config --lang ar --pipeline ner
--optimize efficiency`, on ANERcorp train minus its last 10% (dev, used for
spaCy's own model selection: it keeps model-best by dev score).
Training is capped (MAX_EPOCHS / MAX_STEPS / PATIENCE below) to fit in
about 10-15 minutes on one core.
Usage: train_spacy.py TRAIN.txt OUT_DIR"""

import json
import os
import subprocess
import sys
import time

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import biluo_tags_to_spans, iob_to_biluo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import read_conll, split_dev  # noqa: E402

MAX_EPOCHS = 0  # no epoch cap (spaCy default)
MAX_STEPS = 12000  # spaCy default 20000; capped to fit ~10 min on one core
PATIENCE = 1600  # spaCy default
EVAL_FREQUENCY = 200


def docbin(nlp, sents, path):
    db = DocBin(store_user_data=False)
    for toks, tags in sents:
        doc = Doc(nlp.vocab, words=toks, spaces=[True] * len(toks))
        doc.ents = biluo_tags_to_spans(doc, iob_to_biluo(tags))
        db.add(doc)
    db.to_disk(path)


def main():
    train_path, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    train, dev = split_dev(read_conll(train_path), 0.1)
    nlp = spacy.blank("ar")
    docbin(nlp, train, os.path.join(out_dir, "train.spacy"))
    docbin(nlp, dev, os.path.join(out_dir, "dev.spacy"))
    cfg = os.path.join(out_dir, "config.cfg")
    py = sys.executable
    subprocess.run([py, "-m", "spacy", "init", "config", cfg, "--lang", "ar",
                    "--pipeline", "ner", "--optimize", "efficiency", "--force"], check=True)
    t = time.time()
    subprocess.run([py, "-m", "spacy", "train", cfg, "--output", os.path.join(out_dir, "out"),
                    "--paths.train", os.path.join(out_dir, "train.spacy"),
                    "--paths.dev", os.path.join(out_dir, "dev.spacy"),
                    "--training.max_epochs", str(MAX_EPOCHS),
                    "--training.max_steps", str(MAX_STEPS),
                    "--training.patience", str(PATIENCE),
                    "--training.eval_frequency", str(EVAL_FREQUENCY),
                    "--training.seed", "1"], check=True)
    meta_path = os.path.join(out_dir, "out", "model-best", "meta.json")
    with open(meta_path) as f:
        meta = json.load(f)
    info = {"max_epochs": MAX_EPOCHS, "max_steps": MAX_STEPS, "patience": PATIENCE,
            "eval_frequency": EVAL_FREQUENCY, "train_sentences": len(train),
            "dev_sentences": len(dev), "train_s": time.time() - t,
            "dev_f1": 100.0 * meta.get("performance", {}).get("ents_f", 0.0)}
    with open(os.path.join(out_dir, "spacy.json"), "w") as f:
        json.dump(info, f, indent=1)
    print("dev F1 %.2f; model in %s" % (info["dev_f1"], os.path.join(out_dir, "out", "model-best")))


if __name__ == "__main__":
    main()
