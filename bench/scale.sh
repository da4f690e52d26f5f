#!/usr/bin/env bash
# Benchmark: how a build grows with the repository, and what the build cache
# saves. For each WARDSxRECORDS given (default 4x2000 4x20000 4x100000
# 40x40000), generates the repository with gen.py (seed 1, on /dev/shm),
# then with the release binary:
#
#   full     `congkhai build --no-cache` into a fresh folder, BENCH_RUNS
#            times (default 3): median CPU time (user + system), and the
#            peak memory (maximum resident set) of the run with the median
#            CPU time; CPU µs per record;
#   changed  one record's body changed (in the first ward), then
#            `congkhai build` with the cache of the full build: CPU time and
#            its share of the full build's;
#   same     nothing changed, `congkhai build` again: CPU time.
#
# With BENCH_CACHED_RUNS=N (default 1) the pair changed/same runs N times,
# the record changed and put back in turn (each is a change), and the
# medians are shown. BENCH_PAUSE=S (default 0) waits S seconds before each
# changed build: on ext4 without a journal, files created within a minute
# (five while the inode tables are not yet written back) of many others
# being deleted (the previous build's old ward folder) cost a scan past
# every recently deleted inode, which can double a changed build's CPU.
#
# CPU time rather than wall time: the machine is shared with other work.
#
#   bench/scale.sh                       # the default sizes
#   bench/scale.sh 4x1000 40x10000       # chosen WARDSxRECORDS
#
# Environment: BENCH_DIR (default /dev/shm/congkhai-scale), BENCH_RUNS,
# BENCH_CACHED_RUNS, BENCH_PAUSE, BENCH_BIN (default: a release build).
# Results: $BENCH_DIR/scale.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-/dev/shm/congkhai-scale}
RUNS=${BENCH_RUNS:-3}
CACHED_RUNS=${BENCH_CACHED_RUNS:-1}
PAUSE=${BENCH_PAUSE:-0}
TODAY=2026-11-22
SPECS=("$@")
[ ${#SPECS[@]} -gt 0 ] || SPECS=(4x2000 4x20000 4x100000 40x40000)

[ -x /usr/bin/time ] || { echo "bench/scale.sh: cần /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [ -z "${BENCH_BIN:-}" ]; then
    (cd "$ROOT" && cargo build --release --quiet)
fi
BIN=${BENCH_BIN:-$ROOT/target/release/congkhai}
mkdir -p "$WORK"
RESULTS=$WORK/scale.tsv
: >"$RESULTS"

# Runs a build under /usr/bin/time; prints "cpu_seconds peak_kib".
timed() {
    /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" "$BIN" build --quiet "$@" >/dev/null 2>"$WORK/err.txt" || {
        cat "$WORK/err.txt" >&2
        exit 1
    }
    awk '{printf "%.3f %d\n", $1 + $2, $3}' "$WORK/time.txt"
}

for spec in "${SPECS[@]}"; do
    wards=${spec%x*}
    records=${spec#*x}
    repo=$WORK/repo-$spec
    if [ ! -f "$repo/.done" ]; then
        rm -rf "$repo"
        printf '\n== gen.py: %s records, %s wards\n' "$records" "$wards" >&2
        python3 "$ROOT/bench/gen.py" --seed 1 --wards "$wards" --records "$records" --out "$repo" >/dev/null
        touch "$repo/.done"
    fi
    out=$WORK/out-$spec
    runs=()
    for i in $(seq "$RUNS"); do
        rm -rf "$out" "$WORK/.congkhai-cache"
        runs+=("$(timed --no-cache --root "$repo" --today "$TODAY" --out "$out")")
        printf '== %s full run %s: %s\n' "$spec" "$i" "${runs[-1]}" >&2
    done
    median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
    # One record changed: the first record file of the first ward.
    file=$(find "$repo/content" -path '*/_shared' -prune -o -name '*.md' -print | LC_ALL=C sort | sed -n 1p)
    cp "$file" "$WORK/saved.md"
    changes=()
    sames=()
    for i in $(seq "$CACHED_RUNS"); do
        if [ $((i % 2)) -eq 1 ]; then
            printf '\nMột dòng thêm vào để đo bộ nhớ đệm.\n' >>"$file"
        else
            cp "$WORK/saved.md" "$file"
        fi
        sleep "$PAUSE"
        changes+=("$(timed --root "$repo" --today "$TODAY" --out "$out")")
        sames+=("$(timed --root "$repo" --today "$TODAY" --out "$out")")
        printf '== %s cached run %s: changed %s, same %s\n' "$spec" "$i" "${changes[-1]}" "${sames[-1]}" >&2
    done
    cp "$WORK/saved.md" "$file"
    mid=$(((CACHED_RUNS + 1) / 2))
    changed=$(printf '%s\n' "${changes[@]}" | sort -n | sed -n "${mid}p")
    same=$(printf '%s\n' "${sames[@]}" | sort -n | sed -n "${mid}p")
    printf '== %s changed: %s, same: %s\n' "$spec" "$changed" "$same" >&2
    printf '%s\t%s\t%s\t%s\t%s\n' "$wards" "$records" "$median" "$changed" "$same" >>"$RESULTS"
done

python3 - "$RESULTS" <<'EOF' | tee "$WORK/scale.md"
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1], encoding="utf-8")]
print("| wards | records | full CPU s | CPU µs/record | peak MiB | one record changed: CPU s | share of full | nothing changed: CPU s |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
for wards, records, full, changed, same in rows:
    cpu, kib = map(float, full.split())
    ccpu, _ = map(float, changed.split())
    scpu, _ = map(float, same.split())
    n = int(records)
    print(f"| {int(wards)} | {n:,} | {cpu:.2f} | {cpu / n * 1e6:.0f} | {kib / 1024:.0f} | {ccpu:.2f} | {ccpu / cpu * 100:.0f} % | {scpu:.2f} |")
EOF
