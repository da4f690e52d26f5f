#!/usr/bin/env bash
# What the exports cost: `congkhai build` of a generated repository with the
# export stage and without it (CONGKHAI_BENCH_NO_EXPORTS=1, read by `build`
# for this script only), runs interleaved, median user + system CPU time of
# each, and the floor under them: the system time of creating the files
# the exports add, alone (bench/create_files.py); then, with CALLGRIND=1,
# the instructions of the build with the exports and without them (one
# thread, callgrind), SHA-256 apart. Usage:
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
    echo "| records | build CPU s (median) | without the exports | the exports add | of which user s | of which system s | creating their files alone (system s) | the exports' own work |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
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
    # The floor: the files the exports add (those of the last build with
    # them that the build without them does not write), created alone with
    # the fewest system calls a writer needs, by bench/create_files.py.
    rm -rf "$WORK/$n/site0"
    mv "$WORK/$n/site" "$WORK/$n/site0"
    "$BIN" build --quiet --no-cache --root "$repo" --today "$TODAY" --out "$WORK/$n/site" >/dev/null 2>&1
    (cd "$WORK/$n/site0" && find . -type f -printf '%P\n' | sort) >"$WORK/$n/without.txt"
    (cd "$WORK/$n/site" && find . -type f -printf '%P %s\n' | sort) >"$WORK/$n/with.txt"
    awk 'NR == FNR { seen[$0] = 1; next } { size = $NF; sub(/ [0-9]+$/, ""); if (!($0 in seen)) print $0, size }' \
        "$WORK/$n/without.txt" "$WORK/$n/with.txt" >"$WORK/$n/exports.txt"
    rm -rf "$WORK/$n/site" "$WORK/$n/site0"
    say "$n records: creating the exports' $(wc -l <"$WORK/$n/exports.txt") files alone, $RUNS runs"
    floor=$(python3 "$ROOT/bench/create_files.py" "$WORK/$n/exports.txt" "$WORK/$n/floor" "$RUNS" | awk '{print $1}')
    rm -rf "$WORK/$n/floor"
    a=$(printf '%s\n' "${with[@]}" | median)
    b=$(printf '%s\n' "${without[@]}" | median)
    ua=$(printf '%s\n' "${uwith[@]}" | median)
    ub=$(printf '%s\n' "${uwithout[@]}" | median)
    # User time: the work of the exports; system time: mostly creating
    # their files (a JSON and CSVs beside every record page).
    # The exports' own work: what they add, less the floor of creating
    # their files; both as a share of the build without them.
    awk -v n="$n" -v a="$a" -v b="$b" -v ua="$ua" -v ub="$ub" -v f="$floor" \
        'BEGIN { printf "| %\047d | %.2f | %.2f | %+.1f %% | %.2f → %.2f (%+.1f %%) | %.2f → %.2f (%+.1f %%) | %.2f (%.1f %%) | %+.1f %% |\n",
                 n, a, b, (a - b) / b * 100, ub, ua, (ua - ub) / ub * 100,
                 b - ub, a - ua, ((a - ua) - (b - ub)) / (b - ub) * 100,
                 f, f / b * 100, (a - b - f) / b * 100 }' >>"$OUT"
done

if [ "${CALLGRIND:-0}" = 1 ]; then
    n=${SIZES[0]}
    # The build with the export stage and without it, one thread each (the
    # timed runs above have recorded the program's hash in the cache, so
    # neither run hashes it). SHA-256 runs in software under valgrind (no
    # SHA instructions), where it costs ~20 times what it costs natively:
    # its instructions are counted apart.
    for mode in with without; do
        say "callgrind: $n records, one thread, $mode the exports"
        rm -rf "$WORK/$n/site"
        # `build` skips the exports when the variable is set at all.
        if [ $mode = with ]; then skip=(env -u CONGKHAI_BENCH_NO_EXPORTS); else skip=(env CONGKHAI_BENCH_NO_EXPORTS=1); fi
        "${skip[@]}" RAYON_NUM_THREADS=1 valgrind --tool=callgrind --dump-instr=no \
            --callgrind-out-file="$WORK/$n/callgrind.$mode" \
            "$BIN" build --quiet --no-cache --root "$WORK/$n/repo" --today "$TODAY" --out "$WORK/$n/site" >/dev/null 2>&1
        callgrind_annotate --auto=no --inclusive=no --tree=none --threshold=100 "$WORK/$n/callgrind.$mode" \
            >"$WORK/$n/self.$mode" 2>/dev/null
        callgrind_annotate --inclusive=yes --threshold=100 "$WORK/$n/callgrind.$mode" \
            >"$WORK/$n/inclusive.$mode" 2>/dev/null
    done
    rm -rf "$WORK/$n/site"
    python3 - "$n" "$WORK/$n" >>"$OUT" <<'PY'
import re, sys
n, d = int(sys.argv[1]), sys.argv[2]
line_re = re.compile(r"\s*([\d,]+)\s+\([^)]*\)\s+(\S.*)$")
def self_costs(mode):
    total, sha = 0, 0
    for line in open(f"{d}/self.{mode}"):
        m = line_re.match(line)
        if not m:
            continue
        ir = int(m.group(1).replace(",", ""))
        if "PROGRAM TOTALS" in line:
            total = ir
        elif "sha2::" in m.group(2):
            sha += ir
    return total, sha
def inclusive(mode, name):
    for line in open(f"{d}/inclusive.{mode}"):
        m = line_re.match(line)
        if m and re.search(re.escape(name) + r"(\s|$)", m.group(2)):
            return int(m.group(1).replace(",", ""))
    return 0
(tw, sw), (to, so) = self_costs("with"), self_costs("without")
M = lambda v: f"{v / 1e6:,.0f} M"
print()
print(f"Instructions (callgrind, one thread, {n:,} records):")
print()
print("| | with the exports | without | the exports add |")
print("|---|---:|---:|---:|")
print(f"| whole build | {M(tw)} | {M(to)} | {M(tw - to)} ({(tw - to) / to * 100:+.1f} %) |")
print(f"| of which SHA-256 (software under valgrind) | {M(sw)} | {M(so)} | {M(sw - so)} |")
ew, eo = tw - sw, to - so
print(f"| **without SHA-256** | {M(ew)} | {M(eo)} | **{M(ew - eo)} ({(ew - eo) / eo * 100:+.1f} %)** |")
print()
print("What the render asks of the export code in both builds (inclusive, with the exports):")
print()
print("| function | instructions | share of the build without SHA-256 |")
print("|---|---:|---:|")
for f in ["congkhai::export::dcat::page_head", "congkhai::export::record::paths",
          "congkhai::export::record::table_paths",
          "congkhai::export::record_links_html", "congkhai::export::ward_links_html"]:
    v = inclusive("with", f)
    if v:
        print(f"| `{f}` | {M(v)} | {v / ew * 100:.1f} % |")
# The write stage's stamp of each written ward folder walks every file:
# the exports' files make it longer, outside the export code.
sw_, so_ = inclusive("with", "congkhai::write::stamp_and_stats"), inclusive("without", "congkhai::write::stamp_and_stats")
if sw_:
    print()
    print(f"The write stage's folder stamps (`write::stamp_and_stats`, inclusive): {M(sw_)} with the exports, "
          f"{M(so_)} without: {M(sw_ - so_)} of what the exports add.")
PY
fi

cat "$OUT"
