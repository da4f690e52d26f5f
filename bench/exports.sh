#!/usr/bin/env bash
# What the exports cost: `congkhai build` of a generated repository with the
# export stage and without it (CONGKHAI_BENCH_NO_EXPORTS=1, read by `build`
# for this script only), runs interleaved, median user + system CPU time of
# each; then, with CALLGRIND=1, the instruction counts of the export
# functions against the whole build (one thread, callgrind). Usage:
#
#   bench/exports.sh                  # 20,000 records
#   bench/exports.sh 2000 20000       # chosen sizes
#
# Environment: BENCH_DIR (default /dev/shm/congkhai-exports), BENCH_RUNS
# (runs of each, default 5), BIN (a congkhai binary; default: built with
# `cargo build --release`), CALLGRIND (1: also count instructions, on the
# first size; slow: use 2,000 records or fewer). Results: $BENCH_DIR/exports.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-/dev/shm/congkhai-exports}
RUNS=${BENCH_RUNS:-5}
TODAY=2026-11-22
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(20000)

say() { printf '\n== %s\n' "$*" >&2; }
[ -x /usr/bin/time ] || { echo "bench/exports.sh: cần /usr/bin/time (apt-get install time)" >&2; exit 2; }

if [ -z "${BIN:-}" ]; then
    say "cargo build --release"
    (cd "$ROOT" && cargo build --release --quiet)
    BIN=$ROOT/target/release/congkhai
fi

mkdir -p "$WORK"
OUT=$WORK/exports.md
{
    echo "| records | build CPU s (median) | without the exports | the exports add | of which user s | of which system s |"
    echo "|---:|---:|---:|---:|---:|---:|"
} >"$OUT"

cpu() { awk '{print $1 + $2}' "$1"; }
user() { awk '{print $1}' "$1"; }
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

for n in "${SIZES[@]}"; do
    repo=$WORK/$n/repo
    if [ ! -f "$WORK/$n/.done" ]; then
        rm -rf "$WORK/$n"
        say "gen.py: $n records, 4 wards"
        python3 "$ROOT/bench/gen.py" --seed 1 --wards 4 --records "$n" --out "$repo" >/dev/null
        touch "$WORK/$n/.done"
    fi
    with=() without=() uwith=() uwithout=()
    say "$n records: $RUNS runs each, interleaved"
    for i in $(seq "$RUNS"); do
        rm -rf "$WORK/$n/site"
        /usr/bin/time -f '%U %S' -o "$WORK/$n/t" \
            "$BIN" build --quiet --no-cache --root "$repo" --today "$TODAY" --out "$WORK/$n/site" >/dev/null 2>&1
        with+=("$(cpu "$WORK/$n/t")")
        uwith+=("$(user "$WORK/$n/t")")
        rm -rf "$WORK/$n/site"
        CONGKHAI_BENCH_NO_EXPORTS=1 /usr/bin/time -f '%U %S' -o "$WORK/$n/t" \
            "$BIN" build --quiet --no-cache --root "$repo" --today "$TODAY" --out "$WORK/$n/site" >/dev/null 2>&1
        without+=("$(cpu "$WORK/$n/t")")
        uwithout+=("$(user "$WORK/$n/t")")
        echo "  run $i: ${with[-1]} s with, ${without[-1]} s without" >&2
    done
    rm -rf "$WORK/$n/site"
    a=$(printf '%s\n' "${with[@]}" | median)
    b=$(printf '%s\n' "${without[@]}" | median)
    ua=$(printf '%s\n' "${uwith[@]}" | median)
    ub=$(printf '%s\n' "${uwithout[@]}" | median)
    # User time: the work of the exports; system time: mostly creating
    # their files (a JSON and CSVs beside every record page).
    awk -v n="$n" -v a="$a" -v b="$b" -v ua="$ua" -v ub="$ub" \
        'BEGIN { printf "| %\047d | %.2f | %.2f | %+.1f %% | %.2f → %.2f (%+.1f %%) | %.2f → %.2f (%+.1f %%) |\n",
                 n, a, b, (a - b) / b * 100, ub, ua, (ua - ub) / ub * 100,
                 b - ub, a - ua, ((a - ua) - (b - ub)) / (b - ub) * 100 }' >>"$OUT"
done

if [ "${CALLGRIND:-0}" = 1 ]; then
    n=${SIZES[0]}
    say "callgrind: $n records, one thread"
    rm -rf "$WORK/$n/site"
    RAYON_NUM_THREADS=1 valgrind --tool=callgrind --dump-instr=no \
        --callgrind-out-file="$WORK/$n/callgrind.out" \
        "$BIN" build --quiet --no-cache --root "$WORK/$n/repo" --today "$TODAY" --out "$WORK/$n/site" >/dev/null 2>&1
    rm -rf "$WORK/$n/site"
    callgrind_annotate --inclusive=yes --threshold=100 "$WORK/$n/callgrind.out" 2>/dev/null |
        python3 -c '
import re, sys
n = sys.argv[1]
total, parts = 0, {}
# The export work: the stage itself, and what the render asks of it (the
# JSON-LD in every head, the table list and the links of a record page).
wanted = ["congkhai::export::write_wards", "congkhai::export::write_portal",
          "congkhai::export::dcat::page_head", "congkhai::export::record_tables",
          "congkhai::export::record_links_html", "congkhai::export::ward_links_html"]
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+)\s+\([^)]*\)\s+(\S.*)$", line)
    if not m:
        continue
    ir, name = int(m.group(1).replace(",", "")), m.group(2)
    if "PROGRAM TOTALS" in line:
        total = ir
    for w in wanted:
        if re.search(re.escape(w) + r"(\s|$|::\{\{closure|<)", name) and w not in parts:
            parts[w] = ir
if total == 0:
    m = None
print()
print(f"Instructions (callgrind, one thread, {int(n):,} records):")
print()
print("| function (inclusive) | instructions | share of the build |")
print("|---|---:|---:|")
for w in wanted:
    if w in parts:
        print(f"| `{w}` | {parts[w]:,} | {parts[w] / total * 100:.1f} % |")
s = sum(parts.values())
print(f"| **the exports** | {s:,} | **{s / total * 100:.1f} %** |")
print(f"| whole build | {total:,} | 100 % |")
' "$n" >>"$OUT"
fi

cat "$OUT"
