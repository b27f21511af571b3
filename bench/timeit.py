"""Median wall time of commands run repeatedly, for the benchmarks.

usage: timeit.py RUNS -- CMD... [--- CMD...]
Prints one line per command: median seconds, min, max. Each command is run
once untimed first (warm caches), then RUNS times; stdout goes to /dev/null.
"""
import statistics
import subprocess
import sys
import time

def main():
    runs = int(sys.argv[1])
    cmds, cur = [], []
    for a in sys.argv[3:]:
        if a == "---":
            cmds.append(cur)
            cur = []
        else:
            cur.append(a)
    cmds.append(cur)
    for cmd in cmds:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - t)
        print("%.6f %.6f %.6f" % (statistics.median(times), min(times), max(times)))

main()
