#!/usr/bin/env bash
# What the history from git costs a build. Makes a repository of $RECORDS
# records (bench/gen.py, seed 1, 4 wards) with a history of $COMMITS commits
# (git fast-import: half the commits add the records two by two, the other half
# each change one record already there: a new title, its body, and for funds
# the closing balance, so the pages show field changes), then times
# `congkhai build` with the history (.git present) and without it (.git moved
# aside), $RUNS times each, alternating, and prints the medians.
#
#   bench/history.sh                  # 20,000 records, 20,000 commits, 3 runs
#   RECORDS=2000 COMMITS=2000 bench/history.sh
#   FLAGS=--no-cache bench/history.sh # full builds (every ward rendered)
#   SHARD=1 bench/history.sh          # each kind folder in subfolders of
#                                     # 100 records (content/W/K/000/F)
#   MODE=ci bench/history.sh          # the CI flow: before each build one
#                                     # new commit (one record changed), the
#                                     # output folder gone and
#                                     # .congkhai-cache/ as the build at the
#                                     # commit before left it (restored, as
#                                     # actions/cache does): every ward
#                                     # rendered, the log and the older
#                                     # versions' facts from the cache
#   MODE=ci FACTS=0 bench/history.sh  # the same without the kept facts
#                                     # (history.facts removed: the older
#                                     # versions read from git again)
#
# Without FLAGS, the runs after the first take the unchanged wards from the
# previous site (the build cache), so they measure a rebuild. The cache
# folder in $WORK also records the program's digest: the first run of a
# binary hashes it (4.8 G instructions for the fast profile's 89 MB), so to
# compare two binaries, give each its own WORK or leave its first run out.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${RECORDS:-20000}
COMMITS=${COMMITS:-20000}
RUNS=${RUNS:-3}
FLAGS=${FLAGS:-}
SHARD=${SHARD:-}
MODE=${MODE:-}
FACTS=${FACTS:-1}
work=${WORK:-/tmp/congkhai-history-bench}
bin=${BIN:-target/release/congkhai}
[ -x "$bin" ] || cargo build --release --bin congkhai
mkdir -p "$work"
repo="$work/repo-$RECORDS-$COMMITS${SHARD:+-shard}"
if [ ! -d "$repo/.git" ]; then
  rm -rf "$repo"
  python3 bench/gen.py --seed 1 --wards 4 --records "$RECORDS" --out "$repo" >/dev/null
  git -C "$repo" -c init.defaultBranch=main init -q
  python3 - "$repo" "$COMMITS" "$SHARD" <<'PY' | git -C "$repo" fast-import --quiet
import os, re, sys
from pathlib import Path
root = Path(sys.argv[1]); commits = int(sys.argv[2]); sharded = sys.argv[3] != ""
files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)
records = [f for f in files if f.endswith(".md") and f.startswith("content/")]
others = [f for f in files if f not in set(records)]
adds = commits // 2
changes = commits - adds
changed = set(records[:changes])  # these are added in an earlier form
out = sys.stdout.buffer
t = 1704067200  # 2024-01-01, one hour per commit: dates come from commits
mark = 0
def shard(path):
    # content/W/K/F -> content/W/K/B/F, B = the first number in F // 100.
    parts = path.split("/")
    if not sharded or len(parts) != 4 or parts[0] != "content":
        return path
    m = re.search(r"(\d+)", parts[3])
    return "/".join(parts[:3] + ["%03d" % (int(m.group(1)) // 100) if m else "x", parts[3]])
def commit(msg, entries):
    global t, mark
    mark += 1; t += 3600
    m = msg.encode()
    out.write(b"commit refs/heads/main\nmark :%d\ncommitter Ban bien tap <bbt@example.vn> %d +0700\ndata %d\n%s\n" % (mark, t, len(m), m))
    if mark > 1:
        out.write(b"from :%d\n" % (mark - 1))
    for path, data in entries:
        out.write(b"M 100644 inline %s\ndata %d\n%s\n" % (shard(path).encode(), len(data), data))
def earlier(text):
    # The earlier form: another title, a shorter body, another closing balance.
    text = re.sub(r"^title: (.*)$", lambda m: "title: " + m.group(1).strip('"') + " (bản trước)", text, count=1, flags=re.M)
    text = re.sub(r"^closing_balance: (\d+)", lambda m: "closing_balance: %d" % (int(m.group(1)) + 100000), text, count=1, flags=re.M)
    return text.rsplit("\n", 3)[0] + "\n"
commit("Khởi tạo kho", [(f, (root / f).read_bytes()) for f in others])
k = max(1, adds - 1)
batches = [records[i * len(records) // k:(i + 1) * len(records) // k] for i in range(k)]
for n, batch in enumerate(batches):
    entries = []
    for f in batch:
        data = (root / f).read_bytes()
        if f in changed:
            data = earlier(data.decode()).encode()
        entries.append((f, data))
    commit("Đăng %d hồ sơ (lượt %d)" % (len(batch), n + 1), entries)
for f in records[:changes]:
    commit("Cập nhật " + f.rsplit("/", 1)[-1], [(f, (root / f).read_bytes())])
PY
  git -C "$repo" reset -q
  # Sharded: the work tree as the commits have it (subfolders).
  if [ -n "$SHARD" ]; then
    git -C "$repo" checkout -q -f main -- .
    git -C "$repo" clean -q -fd content
  fi
  git -C "$repo" update-ref HEAD refs/heads/main 2>/dev/null || true
fi
echo "commits: $(git -C "$repo" rev-list --count HEAD), records: $(find "$repo/content" -name '*.md' | wc -l)"
# Wall time and CPU time (user + system, git's processes included: on a
# shared machine the CPU time is the steadier of the two).
time_build() {
  local s e cpu
  s=$(date +%s.%N)
  /usr/bin/time -o "$work/time" -f "%U %S" "$bin" build --quiet $FLAGS --today 2026-11-22 --root "$repo" --out "$work/$1" >/dev/null 2>&1
  cpu=$(tail -1 "$work/time")
  e=$(date +%s.%N)
  echo "$(echo "$e - $s" | bc)/$(echo "$cpu" | awk '{print $1 + $2}')"
}
with=(); without=()
if [ "$MODE" = ci ]; then
  # The cache as a build at the current commit leaves it, kept aside.
  base=$(git -C "$repo" rev-parse HEAD)
  rm -rf "$work/.congkhai-cache" "$work/cache-at-base"
  "$bin" build --quiet --today 2026-11-22 --root "$repo" --out "$work/site-with" >/dev/null 2>&1
  mv "$repo/.git" "$repo/.git-aside"
  "$bin" build --quiet --today 2026-11-22 --root "$repo" --out "$work/site-without" >/dev/null 2>&1
  mv "$repo/.git-aside" "$repo/.git"
  cp -a "$work/.congkhai-cache" "$work/cache-at-base"
  # One new commit (the same each time: fixed dates), the output gone, the
  # cache restored.
  one_commit() {
    git -C "$repo" reset -q --hard "$base"
    local f
    f=$(git -C "$repo" ls-files 'content/*/fund/*.md' | awk 'NR == 1')
    sed -i 's/^title: "\(.*\)"$/title: "\1 (đính chính)"/' "$repo/$f"
    GIT_AUTHOR_DATE="2026-11-21T08:00:00+07:00" GIT_COMMITTER_DATE="2026-11-21T08:00:00+07:00" \
      git -C "$repo" -c user.name="Ban bien tap" -c user.email=bbt@example.vn commit -q -am "Đính chính tiêu đề"
    rm -rf "$work/site-with" "$work/site-without" "$work/.congkhai-cache"
    cp -a "$work/cache-at-base" "$work/.congkhai-cache"
    [ "$FACTS" = 1 ] || rm -f "$work/.congkhai-cache/history.facts"
  }
  for _ in $(seq "$RUNS"); do
    one_commit
    with+=("$(time_build site-with)")
    one_commit
    mv "$repo/.git" "$repo/.git-aside"
    without+=("$(time_build site-without)")
    mv "$repo/.git-aside" "$repo/.git"
  done
  git -C "$repo" reset -q --hard "$base"
else
  for _ in $(seq "$RUNS"); do
    with+=("$(time_build site-with)")
    mv "$repo/.git" "$repo/.git-aside"
    without+=("$(time_build site-without)")
    mv "$repo/.git-aside" "$repo/.git"
  done
fi
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { local f=$1; shift; for x in "$@"; do echo "$x" | cut -d/ -f"$f"; done; }
for f in 1 2; do
  [ "$f" = 1 ] && what="wall" || what="CPU"
  w=$(median $(field $f "${with[@]}")); o=$(median $(field $f "${without[@]}"))
  echo "$what, with history:    $(field $f "${with[@]}" | tr '\n' ' ')s (median $w s)"
  echo "$what, without history: $(field $f "${without[@]}" | tr '\n' ' ')s (median $o s)"
  echo "$what: history adds $(echo "scale=1; ($w - $o) * 100 / $o" | bc) %"
done
