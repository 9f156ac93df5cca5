#!/usr/bin/env python3
"""Checks that two `marsad analyze -f jsonl` outputs differ only by the
gazetteer hygiene changes: coordinates rounded to 6 decimals and bidi
control marks stripped from place names.

Usage: compare-hygiene.py OLD.jsonl NEW.jsonl

OLD is normalised (every `lat`/`lon` rounded as marsad rounds them, half
away from zero; bidi marks removed from the `name` fields under `places`)
and then compared with NEW document by document. Prints how many documents,
coordinates and names the normalisation touched and every difference left,
and exits 1 if any is left.
"""
import json
import math
import sys

BIDI = {0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def round6(x):
    """Rust's `(x * 1e6).round() / 1e6` (round half away from zero)."""
    y = x * 1e6
    a = abs(y)
    r = math.floor(a)
    if a - r >= 0.5:
        r += 1
    return math.copysign(r, y) / 1e6


class Counts:
    coords = 0
    names = 0


def normalise(v, counts, in_places=False):
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if k in ("lat", "lon") and isinstance(x, float):
                r = round6(x)
                counts.coords += r != x
                out[k] = r
            elif k == "name" and in_places and isinstance(x, str):
                s = "".join(c for c in x if ord(c) not in BIDI)
                counts.names += s != x
                out[k] = s
            else:
                out[k] = normalise(x, counts, in_places or k == "places")
        return out
    if isinstance(v, list):
        return [normalise(x, counts, in_places) for x in v]
    return v


def diffs(a, b, path="$"):
    if type(a) is not type(b):
        yield f"{path}: {a!r} != {b!r}"
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                yield f"{path}.{k}: only in {'new' if k in b else 'old'}"
            else:
                yield from diffs(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        if len(a) != len(b):
            yield f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            yield from diffs(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path}: {a!r} != {b!r}"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    old = open(sys.argv[1], encoding="utf-8").read().splitlines()
    new = open(sys.argv[2], encoding="utf-8").read().splitlines()
    if len(old) != len(new):
        print(f"{len(old)} documents != {len(new)}")
        sys.exit(1)
    counts = Counts()
    left = []
    for n, (a, b) in enumerate(zip(old, new), 1):
        for d in diffs(normalise(json.loads(a), counts), json.loads(b)):
            left.append(f"document {n}: {d}")
    print(
        f"{len(old)} documents; normalised {counts.coords} coordinates "
        f"and {counts.names} place names of the old output; "
        f"{len(left)} other differences"
    )
    for d in left[:20]:
        print(d)
    sys.exit(1 if left else 0)


if __name__ == "__main__":
    main()
