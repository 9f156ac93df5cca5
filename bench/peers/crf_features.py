"""A standard CRF feature template for Arabic NER: the word, its normalised
form, prefixes and suffixes (1-3 characters of the normalised form), a shape,
digit/Latin/length flags, and the words and normalised forms in a +-2 window
(plus the bigram with each neighbour)."""

import re

_HARAKAT = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alef, tatweel
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                       "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4",
                       "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9"})


def normalise(w):
    return _HARAKAT.sub("", w).translate(_FOLD).lower()


def shape(w):
    out = []
    for c in w:
        if c.isdigit():
            k = "d"
        elif "\u0600" <= c <= "\u06ff":
            k = "a"
        elif c.isalpha():
            k = "X" if c.isupper() else "x"
        else:
            k = c
        if not out or out[-1] != k:
            out.append(k)
    return "".join(out)


def token_features(w, n):
    f = {"w": w, "n": n, "shape": shape(w), "len": min(len(n), 8)}
    for k in (1, 2, 3):
        if len(n) > k:
            f["p%d" % k] = n[:k]
            f["s%d" % k] = n[-k:]
    if any(c.isdigit() for c in w):
        f["digit"] = 1
    if any("a" <= c.lower() <= "z" for c in w):
        f["latin"] = 1
    return f


def sent2features(words):
    norm = [normalise(w) for w in words]
    base = [token_features(w, n) for w, n in zip(words, norm)]
    L = len(words)
    out = []
    for i in range(L):
        f = {"bias": 1.0}
        for k, v in base[i].items():
            f[k] = v
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < L:
                f["%+d:w" % d] = words[j]
                f["%+d:n" % d] = norm[j]
                if abs(d) == 1:
                    f["%+d:s3" % d] = norm[j][-3:]
                    f["%+d:p2" % d] = norm[j][:2]
            else:
                f["%+d:pad" % d] = 1.0
        if i > 0:
            f["-1|0"] = norm[i - 1] + "|" + norm[i]
        if i + 1 < L:
            f["0|+1"] = norm[i] + "|" + norm[i + 1]
        out.append(f)
    return out
