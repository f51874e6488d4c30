#!/usr/bin/env bash
# Times a long KPI export to its chart: a site with one CSV of N rows (default
# 200000), built with hyperfine; prints the chart's size and the build's peak memory.
# usage: bench/kpi.sh [N_ROWS]        needs: python3, Debian's hyperfine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
rows=${1:-200000}
command -v hyperfine >/dev/null || { echo "install Debian's hyperfine first" >&2; exit 2; }
(cd "$repo" && cargo build --release --locked --bin bitacora)
bin="$repo/target/release/bitacora"
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/bitacora-kpi.XXXXXX"); trap 'rm -rf "$work"' EXIT
python3 "$here/gen-kpi.py" "$rows" "$work"
echo "== $rows rows ($(du -h "$work/content/kpis/p95.csv" | cut -f1) of CSV)"
hyperfine --warmup 1 --runs 5 --prepare "rm -rf $work/out" "cd $work && $bin build --output out"
page="$work/out/kpis/p95/index.html"
svg=$(python3 -c "import sys; t=open(sys.argv[1]).read(); s=t.index('<svg'); print(t.index('</svg>', s) + 6 - s)" "$page")
echo "chart: $svg bytes of SVG; series page: $(du -h "$page" | cut -f1)"
kb=$( { /usr/bin/time -f '%M' bash -c "cd $work && rm -rf out && $bin build --output out >/dev/null" ; } 2>&1 | tail -1)
echo "peak memory: $((kb / 1024)) MB"
