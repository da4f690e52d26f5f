#!/usr/bin/env bash
# Search benchmark: for each size, a one-ward repository from bench/gen.py
# (seed 1), built with congkhai, then measured in Debian's headless Chromium
# from file:// by bench/search.mjs: index size per record (raw and gzip),
# files, 95th-percentile file size, bytes a cold query loads, warm and cold
# latencies; and the index's share of the build (bench example
# `search_index`, CPU time, against the whole build's CPU time, best of 3).
#
#   bench/search.sh [RECORDS ...]      default: 2000 20000
#   BENCH_PROFILE=fast bench/search.sh   the fast profile (no fat LTO) instead of release
#   BENCH_DIR=/dev/shm/x bench/search.sh   where repositories and sites go
#
# Needs python3, node with `npm ci` done, /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${BENCH_DIR:-/dev/shm/congkhai-search-bench}"
mkdir -p "$work"
. bench/one-ward.sh
[ $# -gt 0 ] || set -- 2000 20000
profile="${BENCH_PROFILE:-release}"
cargo build --profile "$profile" --locked --quiet --bin congkhai --example search_index
bin="target/$profile"

printf '| records | raw KB/rec | gzip KB/rec | files | p95 file KB | max file KB | cold query index KB (median / max) | warm ms (median / p95) | cold ms (median / p95) | index CPU s | build CPU s | index share |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for n in "$@"; do
  repo=$(one_ward_repo "$n") site="$work/site-$n"
  best=""
  for _ in 1 2 3; do
    rm -rf "$site"
    /usr/bin/time -o "$work/time-$n" -f '%U %S' "$bin/congkhai" build --root "$repo" --out "$site" \
      --today 2026-11-22 --quiet 2>"$work/build-$n.log" >/dev/null
    cpu=$(awk '{ print $1 + $2 }' "$work/time-$n")
    best=$(awk -v a="$cpu" -v b="${best:-$cpu}" 'BEGIN { print (a < b ? a : b) }')
  done
  index_cpu=$("$bin/examples/search_index" "$repo" | awk '{ s += $4 } END { print s / 1000 }')
  node bench/search.mjs "$site" > "$work/search-$n.json"
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const [build, index] = [Number(process.argv[2]), Number(process.argv[3])];
    console.log(`| ${r.records} | ${r.index_raw_kb_per_record} | ${r.index_gzip_kb_per_record} | ${r.files} | ${r.file_p95_kb} | ${r.file_max_kb} | ${r.cold_query_index_kb_median} / ${r.cold_query_index_kb_max} | ${r.warm_ms_median} / ${r.warm_ms_p95} | ${r.cold_ms_median} / ${r.cold_ms_p95} | ${index.toFixed(2)} | ${build.toFixed(2)} | ${(100 * index / build).toFixed(1)} % |`);
  ' "$work/search-$n.json" "$best" "$index_cpu"
done
echo
echo "Per-query hits and all figures: $work/search-*.json. Page, script and stylesheet are loaded once besides the index (page_and_script_kb)."
