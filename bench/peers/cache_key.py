"""Prints the cache key of a trained peer: a hash of the training data, the
peer's scripts and the pinned requirements, so that a change to any of them
retrains. Usage: cache_key.py crf|spacy TRAIN.txt"""

import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = {
    "crf": ["train_crf.py", "crf_features.py", "common.py", "requirements.txt"],
    "spacy": ["train_spacy.py", "common.py", "requirements.txt"],
}


def key(peer, train):
    h = hashlib.sha256(peer.encode())
    for p in [train] + [os.path.join(HERE, f) for f in FILES[peer]]:
        with open(p, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()[:12]


if __name__ == "__main__":
    print(key(sys.argv[1], sys.argv[2]))
