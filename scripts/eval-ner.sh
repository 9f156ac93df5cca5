#!/usr/bin/env bash
# Scores an NER model (default: the shipped one) on the two test sets of
# docs/PERFORMANCE.md: ANERcorp test, and the 20 AQMAR test articles of
# aqmar/SPLITS.txt (pooled). Usage: scripts/eval-ner.sh [MODEL]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${MARSAD_DATA:-../shared/data}"
marsad="${MARSAD:-target/release/marsad}"
model=()
if [ $# -gt 0 ]; then model=(--model "$1"); fi
aq="$data/ner/aqmar"
echo "== ANERcorp test"
$marsad eval ner "${model[@]}" "$data/ner/anercorp/ANERCorp_CamelLab_test.txt"
echo "== AQMAR test"
# shellcheck disable=SC2046
$marsad eval ner "${model[@]}" $(for a in $(sed -n 's/^test: //p' "$aq/SPLITS.txt"); do echo "$aq/$a.txt"; done)
