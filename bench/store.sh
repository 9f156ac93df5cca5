#!/usr/bin/env bash
# Ingest and search benchmark of the store (issue: store, search, server).
# Ingests the first N articles of the SaudiNewsNet benchmark corpus (never
# committed) into a fresh SQLite file and, when PG is given, a fresh
# PostgreSQL database; then times searches over each. Writes the figures
# into docs/PERFORMANCE.md between the bench-store / bench-search-* markers.
#
#   bench/store.sh [N] [postgres://user@host/admin-db]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-5000}"
pg="${2:-${MARSAD_TEST_POSTGRES:-}}"
corpus=../shared/data/news/saudinewsnet.jsonl.zst
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release -q -p marsad-cli
bin=target/release/marsad
(zstdcat "$corpus" || true) | head -n "$n" > "$work/news.jsonl"

run_ingest() { # db label
  local start end
  start=$(date +%s.%N)
  "$bin" ingest --db "$1" "$work/news.jsonl" -q --json > "$work/report.json" 2>/dev/null || true
  end=$(date +%s.%N)
  python3 - "$work/report.json" "$start" "$end" "$2" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
read = r["added"] + r["duplicates"]
print(f"| {sys.argv[4]} | {sys.argv[5]} | {r['added']} | {r['near_duplicates']} | {r['duplicates']} | {r['failed']} | {wall:.1f} | {read / wall:.0f} |")
PY
}

rows="$(run_ingest "$work/marsad.db" SQLite)"
if [ -n "$pg" ]; then
  base="${pg%/*}"
  psql "$pg" -qc "DROP DATABASE IF EXISTS marsad_bench" -c "CREATE DATABASE marsad_bench"
  rows="$rows
$(run_ingest "$base/marsad_bench" PostgreSQL)"
fi
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
section="Corpus: the first $n lines of \`$corpus\` (articles with no text fail and are counted). Ingest = read + the whole default pipeline on 2 threads + writing every record in batched transactions + the search index; wall-clock time of the whole command, start-up included. Documents/s counts every article read and analysed (added or found to be an exact duplicate).

| store | lines | added | near-duplicates linked | exact duplicates | failed | seconds | documents/s |
|---|---:|---:|---:|---:|---:|---:|---:|
$rows

Machine: $cpu, $(nproc) cores. Measured $(date -u +%F).

Command: \`bench/store.sh $n${pg:+ POSTGRES_URL}\`
"
python3 - "$section" <<'PY'
import sys
p = "docs/PERFORMANCE.md"
s = open(p).read()
a, z = "<!-- BEGIN bench-store -->", "<!-- END bench-store -->"
i, j = s.index(a), s.index(z)
open(p, "w").write(s[: i + len(a)] + "\n" + sys.argv[1] + s[j:])
PY
"$bin" bench search --db "$work/marsad.db" --queries 500 --report docs/PERFORMANCE.md
if [ -n "$pg" ]; then
  "$bin" bench search --db "$base/marsad_bench" --queries 500 --report docs/PERFORMANCE.md
  psql "$pg" -qc "DROP DATABASE IF EXISTS marsad_bench"
fi
