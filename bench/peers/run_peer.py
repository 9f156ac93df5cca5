"""Runs one peer (spacy or crf) for the side-by-side benchmark and prints one
JSON line with what it measured.

  run_peer.py SYSTEM MODEL conll TEST.txt OUT.txt
      tag the CoNLL tokens, write `token gold predicted` lines;
  run_peer.py SYSTEM MODEL news TEXTS.jsonl [--procs N]
      tag the article texts ({"text": ...} per line) with the peer's own
      tokenisation: spaCy nlp.pipe (n_process=N); CRFsuite whitespace tokens
      and a sentence split on . ؟ ! and newlines (N worker processes);
  run_peer.py SYSTEM MODEL cold TEXTS.jsonl
      load the model, tag the first text, print: the cold-start run.

Seconds exclude interpreter start, imports, model loading and input reading
(reported separately as load_s); the harness times whole processes itself
for the cold start."""

import json
import multiprocessing as mp
import os
import sys
import time

T_START = time.time()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import news_sentences, read_conll  # noqa: E402


# ---------------------------------------------------------------- CRFsuite
_tagger = None


def crf_load(model):
    import pycrfsuite
    t = pycrfsuite.Tagger()
    t.open(os.path.join(model, "crf.crfsuite"))
    return t


def crf_tag_sents(tagger, sents):
    from crf_features import sent2features
    return [tagger.tag(sent2features(s)) if s else [] for s in sents]


def _crf_init(model):
    global _tagger
    _tagger = crf_load(model)


def _crf_doc(text):
    sents = news_sentences(text)
    tags = crf_tag_sents(_tagger, sents)
    return sum(1 for ts in tags for t in ts if t.startswith("B-"))


def crf_news(model, texts, procs):
    if procs <= 1:
        _crf_init(model)
        load = time.time() - T_START
        t = time.time()
        ents = sum(_crf_doc(x) for x in texts)
        return load, time.time() - t, ents
    load = time.time() - T_START
    t = time.time()
    with mp.get_context("fork").Pool(procs, initializer=_crf_init, initargs=(model,)) as pool:
        ents = sum(pool.imap(_crf_doc, texts, chunksize=16))
    return load, time.time() - t, ents


# ---------------------------------------------------------------- spaCy
def spacy_load(model):
    import spacy
    return spacy.load(os.path.join(model, "out", "model-best"))


def spacy_tag_sents(nlp, sents):
    from spacy.tokens import Doc
    docs = (Doc(nlp.vocab, words=s, spaces=[True] * len(s)) for s in sents)
    out = []
    for doc in nlp.pipe(docs, batch_size=256):
        tags = []
        for tok in doc:
            tags.append("O" if tok.ent_iob_ in ("O", "") else tok.ent_iob_ + "-" + tok.ent_type_)
        out.append(tags)
    return out


def spacy_news(model, texts, procs):
    nlp = spacy_load(model)
    load = time.time() - T_START
    t = time.time()
    ents = 0
    for doc in nlp.pipe(texts, batch_size=64, n_process=procs):
        ents += len(doc.ents)
    return load, time.time() - t, ents


# ---------------------------------------------------------------- main
def read_texts(path, limit=None):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line)["text"])
            if limit and len(out) >= limit:
                break
    return out


def main():
    system, model, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    args = sys.argv[4:]
    procs = 1
    if "--procs" in args:
        i = args.index("--procs")
        procs = int(args[i + 1])
        del args[i:i + 2]
    res = {"system": system, "mode": mode, "procs": procs}
    if mode == "conll":
        sents = read_conll(args[0])
        words = [t for t, _ in sents]
        if system == "spacy":
            nlp = spacy_load(model)
            res["load_s"] = time.time() - T_START
            t = time.time()
            pred = spacy_tag_sents(nlp, words)
        else:
            tagger = crf_load(model)
            res["load_s"] = time.time() - T_START
            t = time.time()
            pred = crf_tag_sents(tagger, words)
        res["seconds"] = time.time() - t
        res["tokens"] = sum(len(w) for w in words)
        res["sentences"] = len(words)
        with open(args[1], "w", encoding="utf-8") as f:
            for (toks, gold), p in zip(sents, pred):
                for w, g, q in zip(toks, gold, p):
                    f.write("%s %s %s\n" % (w, g, q))
                f.write("\n")
    elif mode in ("news", "cold"):
        texts = read_texts(args[0], 1 if mode == "cold" else None)
        fn = spacy_news if system == "spacy" else crf_news
        load, secs, ents = fn(model, texts, procs)
        res.update({"load_s": load, "seconds": secs, "docs": len(texts), "entities": ents})
    else:
        sys.exit("unknown mode " + mode)
    print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
