#!/usr/bin/env python3
"""Times two shell commands in turns (A, B, A, B, ...) and writes each one's
wall times as hyperfine-style JSON (results[0].median, .times).

On a shared machine the speed drifts by 10-20 % over minutes; timing all
runs of one command and then all runs of the other lets that drift decide a
close comparison. Taking turns exposes both to the same drift.

usage: alternate.py RUNS JSON_A COMMAND_A JSON_B COMMAND_B
The commands run through bash; one unmeasured warm-up run each comes first
when RUNS > 3."""
import json
import statistics
import subprocess
import sys
import time


def run(cmd):
    start = time.perf_counter()
    done = subprocess.run(["bash", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    secs = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {cmd}\n{done.stderr[-2000:]}")
    return secs


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    pairs = [(sys.argv[2], sys.argv[3]), (sys.argv[4], sys.argv[5])]
    if runs > 3:
        for _, cmd in pairs:
            run(cmd)
    times = {path: [] for path, _ in pairs}
    for i in range(runs):
        for path, cmd in pairs:
            times[path].append(run(cmd))
        print(f"  round {i + 1}/{runs}: " + ", ".join(f"{times[p][-1]:.3f} s" for p, _ in pairs), file=sys.stderr)
    for path, cmd in pairs:
        ts = times[path]
        result = {"command": cmd, "median": statistics.median(ts), "mean": statistics.fmean(ts),
                  "min": min(ts), "max": max(ts), "times": ts}
        with open(path, "w") as f:
            json.dump({"results": [result]}, f)


main()
