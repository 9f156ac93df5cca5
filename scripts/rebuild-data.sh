#!/usr/bin/env bash
# Rebuilds every artefact marsad ships from ../shared/data (see its README):
# the NER model (models/ner/ner-ar.bin) and the gazetteer
# (data/gazetteer/gazetteer.bin). Both rebuild byte for byte.
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
  # The shipped model: all of ANERcorp train plus the AQMAR dev articles;
  # epochs and O bias were chosen on the last 10% of ANERcorp train
  # (--dev-from-train 0.1). The ANERcorp test split is never trained on:
  # NewsFANE sentences overlapping it are dropped from the cluster text.
  # shellcheck disable=SC2046
  $marsad train ner \
    --train "$ner/anercorp/ANERCorp_CamelLab_train.txt" $(for a in $aqmar_dev; do echo "$aq/$a.txt"; done) \
    --unlabelled "$ner/newsfane/NewsFANE_Gold.conll" \
    --exclude-overlap "$ner/anercorp/ANERCorp_CamelLab_test.txt" \
    --gazetteers "$data" --stack --epochs 15 --dropout 0.2 --seed 1 --o-bias 8 \
    --out models/ner/ner-ar.bin
fi

if [ "$what" = gazetteer ] || [ "$what" = all ]; then
  $marsad gazetteer build --sources "$data/gazetteer" --out data/gazetteer
fi
git status --short models data || true
