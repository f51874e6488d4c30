#!/usr/bin/env bash
# Times bitacora against Hugo and against the bare renderer (bench/bare.rs) on the
# same generated corpus, with hyperfine, and reports peak memory of one run each and
# the size of each output.
# usage: bench/compare.sh [N_PAGES...]          (default sizes: 1000 10000)
# needs: python3, Debian's hugo and hyperfine packages; builds the release binaries.
# The corpora go under $BENCH_DIR (default: a new temporary folder); a tmpfs such as
# /dev/shm keeps disk noise out of the figures. Deleting the previous output is not timed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
sizes=("${@:-1000 10000}")
command -v hugo >/dev/null && command -v hyperfine >/dev/null || { echo "install Debian's hugo and hyperfine first" >&2; exit 2; }
(cd "$repo" && cargo build --release --locked --bin bitacora --example bare)
bin="$repo/target/release/bitacora"
bare="$repo/target/release/examples/bare"
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/bitacora-bench.XXXXXX"); trap 'rm -rf "$work"' EXIT
for n in ${sizes[@]}; do
  python3 "$here/gen-corpus.py" "$n" "$work/b$n" --layout bitacora
  python3 "$here/gen-corpus.py" "$n" "$work/h$n" --layout hugo
  echo "== $n pages"
  hyperfine --warmup 1 --runs 5 --export-markdown "$work/r$n.md" \
    -n bitacora --prepare "rm -rf $work/b$n/out" "cd $work/b$n && $bin build --output out" \
    -n bare --prepare "rm -rf $work/b$n/bare" "cd $work/b$n && $bare content bare" \
    -n hugo --prepare "rm -rf $work/h$n/public" "cd $work/h$n && hugo --quiet"
  cat "$work/r$n.md"
  for cmd in "bitacora:cd $work/b$n && rm -rf out && $bin build --output out" \
             "bare:cd $work/b$n && rm -rf bare && $bare content bare" \
             "hugo:cd $work/h$n && rm -rf public && hugo --quiet"; do
    name=${cmd%%:*}
    kb=$( { /usr/bin/time -f '%M' bash -c "${cmd#*:} >/dev/null" ; } 2>&1 | tail -1)
    echo "peak memory $name: $((kb / 1024)) MB"
  done
  # Bytes of files written (search index, forms and feeds included), against the
  # bare pages (issue: the whole output within 1.5x of them).
  bytes() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s}'; }
  b=$(bytes "$work/b$n/out"); r=$(bytes "$work/b$n/bare"); h=$(bytes "$work/h$n/public")
  awk -v b="$b" -v r="$r" -v h="$h" 'BEGIN {
    printf "output size: bitacora %.1f MB (%.2fx the bare pages), bare %.1f MB, hugo %.1f MB\n",
      b / 1e6, b / r, r / 1e6, h / 1e6 }'
done
