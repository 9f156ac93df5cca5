#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) and fails if any
# target finds a crash. Needs cargo-fuzz (`cargo install cargo-fuzz`);
# RUSTC_BOOTSTRAP lets the stable toolchain build with the sanitizer flags.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
export RUSTC_BOOTSTRAP=1
targets=$(cargo fuzz list)
mkdir -p corpus
for t in $targets; do
  mkdir -p "corpus/$t"
  # Seed the reader targets with the example articles.
  case "$t" in
    reader_*|normalize|dates|search) cp -n ../examples/articles/* "corpus/$t/" 2>/dev/null || true ;;
  esac
  echo "== $t (${secs}s)"
  cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 2>&1 | tail -n 3
  status=${PIPESTATUS[0]}
  if [ "$status" -ne 0 ]; then
    echo "fuzz target $t failed (status $status); see fuzz/artifacts/$t" >&2
    exit "$status"
  fi
done
echo "all fuzz targets ran ${secs}s each without a crash"
