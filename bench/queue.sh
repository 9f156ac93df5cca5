#!/usr/bin/env bash
# The distributed ingest on this machine: documents per second with 1 and
# 2 workers (each worker one analysis thread, and 1 worker with 2), and the
# enqueue-to-stored latency under a steady load. docs/PERFORMANCE.md,
# section "Distributed ingest", explains the figures.
#
#   bench/queue.sh                      # 2,000 SaudiNewsNet articles, 3 rounds
#   bench/queue.sh -n 500 --rounds 1    # quicker
#   bench/queue.sh --worker-args "--linger 0"   # extra flags for every worker
#
# Needs a nats-server with JetStream ($MARSAD_NATS, default
# nats://127.0.0.1:4222), PostgreSQL where the user may create databases
# ($MARSAD_BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432/postgres),
# psql, jq, zstdcat, and the corpus under ../shared/data ($MARSAD_DATA).
# Every run uses its own streams and database, removed afterwards.
set -euo pipefail

N=2000
ROUNDS=3
RATE=""
WORKER_ARGS=""
BIN=target/release/marsad
NATS=${MARSAD_NATS:-nats://127.0.0.1:4222}
PG=${MARSAD_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
DATA=${MARSAD_DATA:-../shared/data}
while [ $# -gt 0 ]; do
  case $1 in
    -n) N=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;   # latency run's load, documents/s
    --bin) BIN=$2; shift 2 ;;
    --worker-args) WORKER_ARGS=$2; shift 2 ;;   # extra worker flags, e.g. "--linger 0"
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$BIN" ] || cargo build --release -p marsad-cli

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
IN=$WORK/in.jsonl
# zstdcat ends on SIGPIPE when head has enough.
{ zstdcat "$DATA/news/saudinewsnet.jsonl.zst" || true; } | head -n "$N" > "$IN"
BASE=${PG%/*}

# run LABEL WORKERS THREADS [RATE]: a fresh queue and database. Without
# RATE the documents are all enqueued first and the workers then drain the
# backlog (throughput); with RATE the workers start first and the enqueue
# is paced (latency). Prints one JSON line.
run() {
  local label=$1 workers=$2 threads=$3 rate=${4:-}
  local s="bq$$_${label}" db="marsad_bench_$$_${label}"
  local q=(--nats "$NATS" --stream "$s" --subject "$s.docs" --dead-subject "$s.dead")
  psql -q "$PG" -c "CREATE DATABASE $db" >/dev/null
  # Schema created once, before the workers race for it.
  "$BIN" worker "${q[@]}" --db "$BASE/$db" --idle-exit 0 --json >/dev/null 2>&1
  local bytes0
  bytes0=$(psql -At "$BASE/$db" -c "SELECT pg_database_size(current_database())")
  if [ -z "$rate" ]; then
    "$BIN" enqueue "${q[@]}" -q --json "$IN" > "$WORK/$label-enqueue.json" 2> "$WORK/$label-enqueue.err" || true
  fi
  local pids=() cpu0 pg0 nats0
  cpu0=$(busy); pg0=$(server_cpu postgres); nats0=$(server_cpu nats-server)
  for i in $(seq "$workers"); do
    # shellcheck disable=SC2086 # WORKER_ARGS is several flags
    /usr/bin/time -f "%U %S" -o "$WORK/$label-$i.time" \
      "$BIN" worker "${q[@]}" --db "$BASE/$db" -j "$threads" --idle-exit 3 --json \
      --id "$label-$i" $WORKER_ARGS > "$WORK/$label-$i.json" 2> "$WORK/$label-$i.err" &
    pids+=($!)
  done
  if [ -n "$rate" ]; then
    sleep 1
    "$BIN" enqueue "${q[@]}" -q --json --rate "$rate" "$IN" > "$WORK/$label-enqueue.json" 2> "$WORK/$label-enqueue.err" || true
  fi
  for p in "${pids[@]}"; do wait "$p"; done
  local stored bytes machine wcpu
  machine=$(jq -n "($(busy) - $cpu0) / 100 | . * 10 | round / 10")
  local pg nats
  pg=$(jq -n "($(server_cpu postgres) - $pg0) / 100 | . * 10 | round / 10")
  nats=$(jq -n "($(server_cpu nats-server) - $nats0) / 100 | . * 10 | round / 10")
  wcpu=$(cat "$WORK/$label"-[0-9]*.time | awk '{t += $1 + $2} END {printf "%.1f", t}')
  stored=$(psql -At "$BASE/$db" -c "SELECT count(*) FROM documents")
  bytes=$(psql -At "$BASE/$db" -c "SELECT pg_database_size(current_database())")
  jq -s -c --arg lbl "$label" --argjson stored "$stored" --argjson bytes "$bytes" --argjson bytes0 "$bytes0" \
    --argjson machine "$machine" --argjson wcpu "$wcpu" --argjson pg "$pg" --argjson nats "$nats" \
    --slurpfile enq "$WORK/$label-enqueue.json" '{
      "label": $lbl,
      enqueued: $enq[0].published, enqueue_per_s: ($enq[0].per_second | round),
      stored: $stored, db_kb_per_doc: (($bytes - $bytes0) / $stored / 1024 | round),
      cpu_s: {machine: $machine, workers: $wcpu, postgres: $pg, nats: $nats},
      dead: (map(.dead_lettered) | add),
      span_s: ((map(.last_at) | max) - (map(.first_at) | min) | . * 100 | round / 100),
      per_s: (((map(.stored + .already_stored) | add) / ((map(.last_at) | max) - (map(.first_at) | min))) | . * 10 | round / 10),
      workers: map({id, docs: (.stored + .already_stored), per_s: (.per_second | . * 10 | round / 10), median_ms: (.latency.median_ms | round), p99_ms: (.latency.p99_ms | round), in_worker_median_ms: (.in_worker.median_ms | round), in_worker_p99_ms: (.in_worker.p99_ms | round), store_retries, redelivered})
    }' "$WORK"/"$label"-[0-9]*.json | tee -a "$WORK/results.jsonl"
  psql -q "$PG" -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
  "$BIN" queue remove --yes "${q[@]}" >/dev/null
}

# CPU time (all cores, in 1/100 s) the machine has spent so far.
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
# CPU time (1/100 s) of a local server: its first process (the postmaster,
# or nats-server), the children it has reaped (PostgreSQL's ended
# backends) and those still running. 0 where it is not local.
server_cpu() {
  local pm t=0 f
  pm=$(pgrep -x "$1" | head -n 1) || true
  [ -n "$pm" ] || { echo 0; return; }
  read -r -a f < "/proc/$pm/stat" || { echo 0; return; }
  t=$((f[13] + f[14] + f[15] + f[16]))
  for p in $(pgrep -P "$pm"); do
    read -r -a f < "/proc/$p/stat" 2>/dev/null || continue
    t=$((t + f[13] + f[14]))
  done
  echo "$t"
}

# Other compilations during the runs make the figures worthless: noted.
( while sleep 1; do pgrep -x rustc >/dev/null && echo busy; done > "$WORK/others" ) &
SAMPLER=$!
trap 'kill $SAMPLER 2>/dev/null; rm -rf "$WORK"' EXIT

echo "machine: $(lscpu | grep 'Model name' | sed 's/.*: *//'), $(nproc) cores; $N documents; $ROUNDS rounds; $("$BIN" --version)${WORKER_ARGS:+; worker flags: $WORKER_ARGS}"
for r in $(seq "$ROUNDS"); do
  run "w1j1r$r" 1 1
  run "w2j1r$r" 2 1
  run "w1j2r$r" 1 2
done
# Median over the rounds of each setup.
med() { jq -s --arg p "$1" '[.[] | select(.label | startswith($p)) | .per_s] | sort | .[length / 2 | floor]' "$WORK/results.jsonl"; }
one=$(med w1j1); two=$(med w2j1); threads=$(med w1j2)
echo "median documents/s: 1 worker $one; 2 workers $two ($(jq -n "$two / $one * 100 | round / 100")x); 1 worker with 2 threads $threads"
# The latency run's load: 60% of what two workers drain, unless given.
[ -n "$RATE" ] || RATE=$(jq -n "$two * 0.6 | round")
echo "latency run: 2 workers (1 thread each), enqueue paced at $RATE documents/s"
run "latency" 2 1 "$RATE"
others=$(wc -l < "$WORK/others")
if [ "$others" -gt 0 ]; then
  echo "WARNING: other compilations ran during $others s of the benchmark: rerun on a quiet machine"
fi
