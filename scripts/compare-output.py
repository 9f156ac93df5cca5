#!/usr/bin/env python3
"""Compares two `marsad analyze -f jsonl` outputs, ignoring record ids.

Usage: compare-output.py OLD.jsonl NEW.jsonl

The record ids (`s3`, `t12`, `e7`, `d1`, `q5`, ...) that the new output adds
are removed, and token `sentence` references in the new form (`"s3"`) are
read back as indices, before the documents are compared. Prints the number
of documents compared and of those that differ (with the first difference),
and exits 1 if any differ.
"""
import json
import re
import sys

RECORD_ID = re.compile(r"^[stedqvc][0-9]+$")


def strip(v, top=True):
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if k == "id" and not top and isinstance(x, str) and RECORD_ID.match(x):
                continue
            if k == "sentence" and isinstance(x, str) and x.startswith("s"):
                x = int(x[1:])
            out[k] = strip(x, False)
        return out
    if isinstance(v, list):
        return [strip(x, False) for x in v]
    return v


def first_diff(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'new' if k in b else 'old'}"
            d = first_diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def main():
    old_path, new_path = sys.argv[1:3]
    with open(old_path, encoding="utf-8") as f:
        old = [json.loads(l) for l in f if l.strip()]
    with open(new_path, encoding="utf-8") as f:
        new = [json.loads(l) for l in f if l.strip()]
    if len(old) != len(new):
        print(f"document count differs: {len(old)} old, {len(new)} new")
        sys.exit(1)
    differ = 0
    for i, (a, b) in enumerate(zip(old, new)):
        d = first_diff(strip(a), strip(b))
        if d:
            differ += 1
            if differ <= 5:
                print(f"document {i} ({a.get('source', {}).get('location')}): {d}")
    ids = sum(1 for _ in re.finditer(r'"id":"[stedqvc][0-9]+"', open(new_path, encoding="utf-8").read()))
    print(f"{len(old)} documents compared, {differ} differ; {ids} record ids in the new output")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
