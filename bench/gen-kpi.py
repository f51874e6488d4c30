#!/usr/bin/env python3
"""A site with one long KPI export, for timing a CSV to its chart.

usage: gen-kpi.py N OUTDIR
Writes OUTDIR/content/kpis/p95.csv with N rows, one every five minutes, of noisy
latency with a few spikes, and OUTDIR/bitacora.toml describing it (target 800 ms).
"""
import datetime, os, random, sys

def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n, dest = int(sys.argv[1]), sys.argv[2]
    os.makedirs(os.path.join(dest, "content", "kpis"), exist_ok=True)
    r = random.Random(42)
    start = datetime.datetime(2024, 1, 1)
    with open(os.path.join(dest, "content", "kpis", "p95.csv"), "w") as fh:
        fh.write("fecha,p95_ms,p50_ms\n")
        for i in range(n):
            p95 = 600 + r.gauss(0, 40) + (900 if r.random() < 0.0005 else 0)
            at = (start + datetime.timedelta(minutes=5 * i)).strftime("%Y-%m-%d %H:%M")
            fh.write(f"{at},{p95:.1f},{p95 * 0.4:.1f}\n")
    with open(os.path.join(dest, "bitacora.toml"), "w") as fh:
        fh.write('title = "kpi bench"\n\n[kpi.p95]\nfile = "kpis/p95.csv"\nvalue = ["p95_ms", "p50_ms"]\n'
                 'unit = "ms"\ntarget = 800\ndirection = "at_most"\nwarn = 750\n')

if __name__ == "__main__":
    main()
