#!/usr/bin/env bash
# Rebuilds every artefact marsad ships from ../shared/data (see its README):
# the NER name table (data/ner/names-ar.tsv), the NER model
# (models/ner/ner-ar.bin) and the gazetteer (data/gazetteer/gazetteer.bin).
# All rebuild byte for byte.
# Usage: scripts/rebuild-data.sh [ner|gazetteer|all]
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
data="${MARSAD_DATA:-../shared/data}"
cargo build --release --bin marsad
marsad=target/release/marsad

if [ "$what" = ner ] || [ "$what" = all ]; then
  ner="$data/ner"; aq="$ner/aqmar"
  # AQMAR dev articles, in the order of aqmar/SPLITS.txt.
  aqmar_dev=$(sed -n 's/^dev: //p' "$aq/SPLITS.txt")
  # Name-list flags and word-frequency bins by stem (Wikidata person-name
  # tokens, arabic-names, arwikicats, wordfreq); compiled into the model,
  # and read by the actor linker's given-name test.
  mkdir -p data/ner
  $marsad train ner-names --data "$data" --min-zipf 3 --out data/ner/names-ar.tsv
  # The shipped model: all of ANERcorp train plus the AQMAR dev articles;
  # epochs, O bias, --runs (weights of 5 runs averaged) and the gazetteer
  # population floor were chosen on the last 10% of ANERcorp train
  # (crates/marsad-ner/EXPERIMENTS.md). The ANERcorp test split is never
  # trained on: NewsFANE sentences overlapping it (a 6-token or a 25-letter
  # run) are dropped from the cluster text.
  # shellcheck disable=SC2046
  $marsad train ner \
    --train "$ner/anercorp/ANERCorp_CamelLab_train.txt" $(for a in $aqmar_dev; do echo "$aq/$a.txt"; done) \
    --unlabelled "$ner/newsfane/NewsFANE_Gold.conll" \
    --exclude-overlap "$ner/anercorp/ANERCorp_CamelLab_test.txt" \
    --gazetteers "$data" --min-population 100000 --names data/ner/names-ar.tsv \
    --stack --epochs 15 --dropout 0.2 --runs 5 --seed 1 --o-bias 8 \
    --out models/ner/ner-ar.bin
fi

if [ "$what" = gazetteer ] || [ "$what" = all ]; then
  $marsad gazetteer build --sources "$data/gazetteer" --out data/gazetteer
fi
git status --short models data || true
