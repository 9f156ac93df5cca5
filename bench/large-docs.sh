#!/usr/bin/env bash
# Large single documents: every stage must take time and memory in
# proportion to the document's size (docs/PERFORMANCE.md, "Large
# documents"). Builds documents of 1, 4 and 16 MB by joining distinct
# SaudiNewsNet articles with blank lines, runs the whole pipeline and each
# stage set on each, and prints a Markdown table of seconds, MB/s and peak
# RSS.
#
# Usage: bench/large-docs.sh [--no-build] [--bin PATH] [--sizes "1 4 16"]
#                            [--report docs/PERFORMANCE.md] [--work DIR]
#   --no-build: use the binary as it is; --bin: another marsad binary (implies --no-build)
#   --report: also rewrite the bench-large section of that file
# Env: MARSAD_DATA (default ../shared/data), CARGO_TARGET_DIR.
# Needs zstd, python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
cmdline="bench/large-docs.sh${*:+ $*}"
data="${MARSAD_DATA:-../shared/data}"
corpus="$data/news/saudinewsnet.jsonl.zst"
bin="${CARGO_TARGET_DIR:-target}/release/marsad"
build=1
sizes="1 4 16"
report=""
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --bin) bin="$2"; build=0; shift ;;
    --sizes) sizes="$2"; shift ;;
    --report) report="$2"; shift ;;
    --work) work="$2"; shift ;;
    *) echo "large-docs.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
for tool in zstdcat python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "large-docs.sh: needs $tool" >&2; exit 1; }
done
[ -f "$corpus" ] || { echo "large-docs.sh: $corpus not found (set MARSAD_DATA)" >&2; exit 1; }
if [ "$build" = 1 ]; then
  cargo build --release --bin marsad >&2
fi
[ -x "$bin" ] || { echo "large-docs.sh: no binary at $bin" >&2; exit 1; }
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

# The inputs: the first distinct article bodies, in corpus order, until
# each size (in MB of UTF-8) is reached (zstdcat then dies of SIGPIPE).
{ zstdcat "$corpus" 2>/dev/null || true; } | python3 -c '
import json, sys
work, sizes = sys.argv[1], [int(s) for s in sys.argv[2].split()]
out = {s: open(f"{work}/doc-{s}mb.txt", "w", encoding="utf-8") for s in sizes}
size = {s: 0 for s in sizes}
seen = set()
for line in sys.stdin:
    try:
        t = (json.loads(line).get("content") or "").strip()
    except ValueError:
        continue
    if not t or t in seen:
        continue
    seen.add(t)
    open_ = [s for s in sizes if size[s] < s * 1_000_000]
    if not open_:
        break
    for s in open_:
        out[s].write(t + "\n\n")
        size[s] += len(t.encode()) + 2
' "$work" "$sizes"

stage_sets=(default text text,ner text,actors text,places text,ner,places text,actors,places text,quantities text,dates)
results="$work/results.tsv"
: >"$results"
for s in $sizes; do
  doc="$work/doc-${s}mb.txt"
  bytes=$(stat -c %s "$doc")
  for st in "${stage_sets[@]}"; do
    args=()
    [ "$st" = default ] || args=(--stages "$st")
    /usr/bin/time -f "%e %M" -o "$work/time" \
      "$bin" analyze "$doc" -q -f jsonl -o /dev/null --threads 1 --max-bytes 32M "${args[@]}"
    read -r secs rss <"$work/time"
    printf '%s\t%s\t%s\t%s\t%s\n' "$st" "$s" "$bytes" "$secs" "$rss" >>"$results"
    echo "large-docs.sh: $s MB, $st: $secs s, $rss KB" >&2
  done
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)
table=$(python3 - "$results" "$sizes" <<'EOF'
import sys
rows, sizes = {}, sys.argv[2].split()
for line in open(sys.argv[1]):
    st, s, b, secs, rss = line.split("\t")
    rows.setdefault(st, {})[s] = (int(b) / 1e6, float(secs), int(rss) / 1024)
head = "| stages |" + "".join(f" {s} MB: s | MB/s | RSS MB |" for s in sizes)
print(head)
print("|---|" + "---:|---:|---:|" * len(sizes))
for st, by in rows.items():
    cells = []
    for s in sizes:
        mb, secs, rss = by[s]
        cells.append(f" {secs:.2f} | {mb / max(secs, 0.01):.1f} | {rss:.0f} |")
    name = "whole pipeline (default)" if st == "default" else st
    print(f"| {name} |" + "".join(cells))
EOF
)
version=$("$bin" --version 2>/dev/null || echo marsad)
section="Inputs: distinct SaudiNewsNet article bodies (\`$corpus\`) joined by blank lines into one plain-text document of each size ($(echo $sizes | sed "s/ /, /g") MB). Each cell is one run of \`marsad analyze DOC -q -f jsonl -o /dev/null --threads 1 --max-bytes 32M [--stages ...]\` (wall seconds, loading included; peak RSS from GNU time).

$table

Machine: ${cpu:-unknown CPU}, $(nproc) cores, $mem. $version. Measured $(date +%Y-%m-%d).

Command: \`$cmdline\`"
echo "$section"

if [ -n "$report" ]; then
  python3 - "$report" "$section" <<'EOF'
import sys
path, body = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
begin, end = "<!-- BEGIN bench-large -->", "<!-- END bench-large -->"
i, j = text.find(begin), text.find(end)
if i < 0 or j < i:
    sys.exit(f"{path}: no {begin} ... {end} markers")
open(path, "w", encoding="utf-8").write(text[: i + len(begin)] + "\n" + body + "\n" + text[j:])
EOF
fi
