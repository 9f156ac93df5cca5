#!/usr/bin/env bash
# PostgreSQL CPU per document as a function of the transaction size:
# `marsad ingest -j 1 --batch B` of the same documents into a fresh
# database, for each B. PostgreSQL's CPU is the machine's busy CPU
# (/proc/stat) during the ingest minus the ingest process's own (GNU time),
# so run it on a quiet machine. docs/PERFORMANCE.md, "Linger", quotes it.
#
#   bench/pg-batch-cpu.sh                 # batches 1 16 128, 2,000 SaudiNewsNet lines
#   bench/pg-batch-cpu.sh -n 500 1 16     # quicker
#
# Needs PostgreSQL where the user may create databases
# ($MARSAD_BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432/postgres),
# psql, zstdcat, GNU time and the corpus under ../shared/data ($MARSAD_DATA).
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
N=2000
if [ "${1:-}" = -n ]; then N=$2; shift 2; fi
BATCHES=("$@")
[ ${#BATCHES[@]} -gt 0 ] || BATCHES=(1 16 128)
BIN=${MARSAD:-target/release/marsad}
PG=${MARSAD_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
DATA=${MARSAD_DATA:-../shared/data}
[ -x "$BIN" ] || cargo build --release -p marsad-cli
BASE=${PG%/*}
DB=marsad_pg_batch_cpu
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; psql -q "$PG" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT
IN=$WORK/in.jsonl
{ zstdcat "$DATA/news/saudinewsnet.jsonl.zst" || true; } | head -n "$N" > "$IN"
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
echo "machine: $(lscpu | grep 'Model name' | sed 's/.*: *//'), $(nproc) cores; $N lines; $("$BIN" --version)"
for b in "${BATCHES[@]}"; do
  psql -q "$PG" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
  # The schema first (one document, then emptied), so the timed run only writes.
  head -n 1 "$IN" > "$WORK/one.jsonl"
  "$BIN" ingest "$WORK/one.jsonl" --db "$BASE/$DB" -q -j 1 >/dev/null 2>&1 || true
  for t in $(psql -At "$BASE/$DB" -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'"); do
    psql -q "$BASE/$DB" -c "TRUNCATE $t" >/dev/null
  done
  psql -q "$BASE/$DB" -c "CHECKPOINT" >/dev/null
  b0=$(busy)
  # Exit status 1 when some records have no text: expected, they are reported.
  /usr/bin/time -f "%U %S" -o "$WORK/time" "$BIN" ingest "$IN" --db "$BASE/$DB" -q -j 1 --batch "$b" >/dev/null 2>&1 || true
  b1=$(busy)
  read -r mu ms < <(tail -n 1 "$WORK/time")
  n=$(psql -At "$BASE/$DB" -c "SELECT count(*) FROM documents")
  awk -v b="$b" -v busy="$((b1 - b0))" -v mu="$mu" -v ms="$ms" -v n="$n" 'BEGIN {
    m = busy / 100; w = mu + ms
    printf "--batch %s: %d documents, machine %.1f s, ingest process %.1f s, PostgreSQL (the rest) %.1f s = %.2f ms a document\n", b, n, m, w, m - w, 1000 * (m - w) / n }'
done
