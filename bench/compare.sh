#!/usr/bin/env bash
# Side-by-side benchmark: marsad vs spaCy and CRFsuite (see docs/PERFORMANCE.md,
# "Side by side"). Builds marsad, creates bench/.venv with the pinned peers,
# trains the peers once (cached in ~/.cache/marsad-bench), then measures all
# systems alternately and prints a Markdown table.
#
# Usage: bench/compare.sh [--no-build] [-n DOCS] [--rounds R] [--report docs/PERFORMANCE.md] [--work DIR]
#   --no-build: use target/release/marsad as it is (the table says so)
# Env:   MARSAD_DATA (default ../shared/data), MARSAD_BENCH_CACHE (default ~/.cache/marsad-bench),
#        PYTHON (the Python that creates the venv, default python3)
set -uo pipefail
cd "$(dirname "$0")/.."
cmdline="bench/compare.sh${*:+ $*}"
PY="${PYTHON:-python3}"
venv=bench/.venv
req=bench/peers/requirements.txt

build=1
peer_args_nb=()
args=()
for a in "$@"; do
  if [ "$a" = --no-build ]; then build=0; else args+=("$a"); fi
done
set -- "${args[@]}"
if [ "$build" = 1 ]; then
  cargo build --release --bin marsad || { echo "compare.sh: cargo build failed (--no-build uses the existing binary)" >&2; exit 1; }
else
  [ -x target/release/marsad ] || { echo "compare.sh: --no-build but no target/release/marsad" >&2; exit 1; }
  peer_args_nb=(--no-build)
fi

peer_args=("${peer_args_nb[@]}")
if [ ! -x "$venv/bin/python" ]; then
  "$PY" -m venv "$venv" || rm -rf "$venv"
fi
if [ -x "$venv/bin/python" ]; then
  stamp="$venv/.requirements.sha256"
  want=$(sha256sum "$req" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "compare.sh: installing the peers into $venv (log /tmp/marsad-bench-pip.log)" >&2
    if "$venv/bin/pip" install -q -r "$req" >/tmp/marsad-bench-pip.log 2>&1; then
      echo "$want" >"$stamp"
    else
      echo "compare.sh: pip install failed (see /tmp/marsad-bench-pip.log); peers reported as failed" >&2
      reason="pip install -r $req failed: $(tail -1 /tmp/marsad-bench-pip.log)"
      # Whatever did install is still tried; a peer that cannot import is reported failed.
      "$venv/bin/python" -c "import spacy" 2>/dev/null || peer_args+=(--peer-error "spacy:$reason")
      "$venv/bin/python" -c "import pycrfsuite" 2>/dev/null || peer_args+=(--peer-error "crf:$reason")
    fi
  fi
  exec "$venv/bin/python" bench/compare.py --python "$(pwd)/$venv/bin/python" \
    --command "$cmdline" "${peer_args[@]}" "$@"
else
  echo "compare.sh: cannot create $venv; peers reported as failed" >&2
  exec "$PY" bench/compare.py --command "$cmdline" "${peer_args[@]}" "$@"
fi
