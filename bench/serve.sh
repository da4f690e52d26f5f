#!/usr/bin/env bash
# Benchmark of `congkhai serve`: time from saving a record (a title change)
# to the rebuilt page being served, median and p95 over 20 edits, beside the
# full build time, on a generated repository. Usage:
#
#   bench/serve.sh            # 10,000 records
#   bench/serve.sh 2000       # another size
#
# Environment: BENCH_DIR (default /dev/shm/congkhai-serve), BENCH_WARDS
# (default 4), BENCH_EDITS (default 20), BENCH_EDIT (title, the default, or
# basis: an edit that changes citations, so the whole pipeline runs).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RECORDS=${1:-10000}
WORK=${BENCH_DIR:-/dev/shm/congkhai-serve}
WARDS=${BENCH_WARDS:-4}
EDITS=${BENCH_EDITS:-20}
REPO=$WORK/repo-$RECORDS

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
if [ ! -f "$REPO/congkhai.toml" ]; then
    mkdir -p "$WORK"
    python3 "$ROOT/bench/gen.py" --seed 1 --wards "$WARDS" --records "$RECORDS" --out "$REPO" >/dev/null
fi
python3 "$ROOT/bench/serve.py" --bin "$ROOT/target/release/congkhai" --root "$REPO" \
    --edits "$EDITS" --edit "${BENCH_EDIT:-title}" --out "$WORK/site-$RECORDS" --log "$WORK/serve-$RECORDS.log"
