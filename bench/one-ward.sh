# Sourced by search.sh and pagefind.sh, so that both measure the same
# repositories. `one_ward_repo N` prints the path of a one-ward repository of
# N records under $work (gen.py, seed 1), generating it the first time.
one_ward_repo() {
  local repo="$work/repo-$1"
  [ -d "$repo" ] || python3 bench/gen.py --seed 1 --wards 1 --records "$1" --out "$repo" >/dev/null
  printf '%s\n' "$repo"
}
