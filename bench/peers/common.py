"""Shared helpers for the marsad benchmark peers: CoNLL reading with the
same tag folding as marsad (ANERcorp `PERS` -> `PER`, invalid `I-X` repaired
the conlleval way), the ANERcorp dev carve-out, and the news sentence split
used for the CRFsuite throughput runs."""

import re

TYPES = ("PER", "ORG", "LOC", "MISC")


def fold_type(name):
    n = name.strip("-` \t").upper()
    if n in ("PER", "PERS", "PERSON"):
        return "PER"
    if n in ("ORG", "ORGANIZATION", "ORGANISATION"):
        return "ORG"
    if n in ("LOC", "LOCATION", "GPE", "FAC"):
        return "LOC"
    return "MISC"  # MISC and the MIS* variants


def fold_tag(raw):
    raw = raw.strip()
    if "-" not in raw:
        return "O"
    prefix, rest = raw.split("-", 1)
    label = fold_type(rest)
    if prefix in ("B", "b", "S", "E"):
        return "B-" + label
    if prefix in ("I", "i"):
        return "I-" + label
    return "O"


def repair(tags):
    """An I-X that does not continue an X entity starts one (conlleval)."""
    out, prev = [], "O"
    for t in tags:
        if t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def read_conll(path):
    """[(tokens, tags)] per sentence; token = first column, tag = last."""
    sents, toks, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.lstrip("\ufeff").split()
            if not cols or cols[0] == "-DOCSTART-":
                if toks:
                    sents.append((toks, repair(tags)))
                    toks, tags = [], []
                continue
            toks.append(cols[0])
            tags.append(fold_tag(cols[-1]) if len(cols) > 1 else "O")
    if toks:
        sents.append((toks, repair(tags)))
    return sents


def split_dev(sents, frac=0.1):
    """The last `frac` of the sentences is dev (as `marsad train ner --dev-from-train`)."""
    cut = len(sents) - int(len(sents) * frac)
    return sents[:cut], sents[cut:]


_SENT = re.compile(r"(?<=[.؟!?])\s+|\n+")


def news_sentences(text):
    """Whitespace tokens, sentences split after . ؟ ! and at newlines."""
    out = []
    for s in _SENT.split(text):
        toks = s.split()
        if toks:
            out.append(toks)
    return out
