#!/usr/bin/env bash
# Pagefind beside congkhai's own index, on the same pages: for each size, the
# one-ward repository of bench/search.sh (gen.py, seed 1) is built with
# congkhai, and Pagefind indexes the ward's pages (its own search files
# left out; `data-pagefind-body` on each page's `<main>`, so that Pagefind
# reads the content, as congkhai's index does, not the menus around it). Prints Pagefind's CPU and wall time, its files and bytes, and
# congkhai's index CPU time (bench example `search_index`) for the same
# records. One Pagefind run per size: at 20,000 records it takes minutes.
#
#   bench/pagefind.sh [RECORDS ...]      default: 2000 20000
#   BENCH_PROFILE=fast bench/pagefind.sh the fast profile (no fat LTO) instead of release
#   BENCH_DIR=/dev/shm/x bench/pagefind.sh
#
# Needs python3 and npm (Pagefind is installed from npm, pinned, into
# BENCH_DIR); the machine should be otherwise quiet.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${BENCH_DIR:-/dev/shm/congkhai-search-bench}"
. bench/one-ward.sh
version=1.6.0
mkdir -p "$work/pagefind-$version"
[ -x "$work/pagefind-$version/node_modules/.bin/pagefind" ] ||
  npm install --silent --no-save --no-audit --no-fund --prefix "$work/pagefind-$version" "pagefind@$version" >/dev/null
pagefind="$work/pagefind-$version/node_modules/.bin/pagefind"
[ $# -gt 0 ] || set -- 2000 20000
profile="${BENCH_PROFILE:-release}"
cargo build --profile "$profile" --locked --quiet --bin congkhai --example search_index
bin="target/$profile"

printf '| records | Pagefind CPU s | Pagefind wall s | Pagefind files | Pagefind MB | congkhai index CPU s |\n'
printf '|---|---|---|---|---|---|\n'
for n in "$@"; do
  repo=$(one_ward_repo "$n") site="$work/pagefind-site-$n"
  rm -rf "$site"
  "$bin/congkhai" build --root "$repo" --out "$site" --today 2026-11-22 --quiet >/dev/null
  ward=$(find "$site" -mindepth 1 -maxdepth 1 -type d ! -name assets | head -n 1)
  rm -rf "$ward/search"
  find "$ward" -name '*.html' -exec sed -i 's/<main /<main data-pagefind-body /' {} +
  /usr/bin/time -o "$work/pagefind-time-$n" -f '%U %S %e' "$pagefind" --site "$ward" >"$work/pagefind-$n.log" 2>&1
  read -r user sys wall <"$work/pagefind-time-$n"
  files=$(find "$ward/pagefind" -type f | wc -l)
  bytes=$(du -sb "$ward/pagefind" | cut -f1)
  index_cpu=$("$bin/examples/search_index" "$repo" | awk '{ s += $4 } END { printf "%.2f", s / 1000 }')
  awk -v n="$n" -v u="$user" -v s="$sys" -v w="$wall" -v f="$files" -v b="$bytes" -v c="$index_cpu" \
    'BEGIN { printf "| %d | %.1f | %.1f | %d | %.1f | %s |\n", n, u + s, w, f, b / 1e6, c }'
done
echo
echo "Pagefind's output: $work/pagefind-*.log"
