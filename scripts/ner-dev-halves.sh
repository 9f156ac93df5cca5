#!/usr/bin/env bash
# NER dev check of crates/marsad-ner/EXPERIMENTS.md section 12: trains on
# ANERcorp train minus its last 10% plus one half of the 8 AQMAR dev
# articles, and prints the micro-F1 on ANERcorp dev (that last 10%) and on
# the other AQMAR half. Never reads a test split.
#
#   scripts/ner-dev-halves.sh NAMES_TABLE WEIGHT HALF [train ner args...]
#   scripts/ner-dev-halves.sh data/ner/names-ar.tsv 1 A --runs 1 --o-bias 8
#
# HALF: A trains on Damascus Atom Raul_Gonzales Linux (scored on the
# others), B the reverse; WEIGHT: how many times that half is in training.
set -euo pipefail
cd "$(dirname "$0")/.."
names=$1 w=$2 half=$3
shift 3
data="${MARSAD_DATA:-../shared/data}"
marsad="${MARSAD:-target/release/marsad}"
ner=$data/ner aq=$data/ner/aqmar
A="Damascus Atom Raul_Gonzales Linux"
B="Imam_Hussein_Shrine Nuclear_Power Real_Madrid Solaris"
if [ "$half" = A ]; then tr=$A ev=$B; else tr=$B ev=$A; fi
extra=()
for _ in $(seq "$w"); do for a in $tr; do extra+=("$aq/$a.txt"); done; done
evf=()
for a in $ev; do evf+=("$aq/$a.txt"); done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$marsad train ner --train "$ner/anercorp/ANERCorp_CamelLab_train.txt" "${extra[@]}" --dev-from-train 0.1 \
  --unlabelled "$ner/newsfane/NewsFANE_Gold.conll" --exclude-overlap "$ner/anercorp/ANERCorp_CamelLab_test.txt" \
  --gazetteers "$data" --min-population 100000 --names "$names" \
  --stack --epochs 15 --dropout 0.2 --seed 1 "$@" --out "$work/m.bin" > "$work/train.out"
dev=$(awk '$1 == "micro" {print $4}' "$work/train.out")
other=$($marsad eval ner --model "$work/m.bin" "${evf[@]}" | awk '$1 == "micro" {print $4}')
echo "half $half x$w: ANERcorp dev $dev, other AQMAR half $other"
