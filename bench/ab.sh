#!/usr/bin/env bash
# A/B of two marsad binaries on the same corpus, one core, runs alternating
# (A B A B ...) so that drift of the machine's speed hits both alike.
# Prints each run's user+sys CPU seconds and the median ratio NEW/OLD.
#
#   bench/ab.sh OLD_BINARY NEW_BINARY [RUNS] [CORPUS.jsonl] [-- extra analyze args]
#
# CORPUS defaults to the first 2,000 SaudiNewsNet articles (from ../shared).
set -euo pipefail
old=$1 new=$2 runs=${3:-7} corpus=${4:-}
shift $(( $# < 4 ? $# : 4 ))
[ "${1:-}" = "--" ] && shift
if [ -z "$corpus" ]; then
  corpus=$(mktemp --suffix .jsonl)
  zstdcat "$(dirname "$0")/../../shared/data/news/saudinewsnet.jsonl.zst" | head -2000 > "$corpus"
fi
cpu() { # seconds of user+sys CPU of one run (exit 1 for unreadable records is fine)
  { /usr/bin/time -f '%U %S' taskset -c 0 "$1" analyze "$corpus" -f jsonl -q --threads 1 -o /dev/null "${@:2}" 2>&1 >/dev/null || true; } \
    | tail -1 | awk '{print $1 + $2}'
}
cpu "$old" "$@" >/dev/null; cpu "$new" "$@" >/dev/null   # warm-up
ratios=()
for i in $(seq "$runs"); do
  a=$(cpu "$old" "$@"); b=$(cpu "$new" "$@")
  r=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.4f", b / a}')
  ratios+=("$r")
  echo "run $i: old $a s, new $b s, new/old $r"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}')
echo "median new/old CPU: $median over $runs pairs ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
