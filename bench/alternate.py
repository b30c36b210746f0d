#!/usr/bin/env python3
"""Times shell commands in turns (A, B, C, A, B, C, ...) and writes each one's
wall times as hyperfine-style JSON (results[0].median, .times), with the
median CPU time of the command and its children (user, system).

On a shared machine the speed drifts by 10-20 % over minutes; timing all
runs of one command and then all runs of the other lets that drift decide a
close comparison. Taking turns exposes all to the same drift. CPU time
suffers less from other load than wall time does, so it is kept as well.

usage: alternate.py RUNS JSON_A COMMAND_A JSON_B COMMAND_B [JSON_C COMMAND_C ...]
The commands run through bash; one unmeasured warm-up run each comes first
when RUNS > 3."""
import json
import os
import statistics
import subprocess
import sys
import time


def run(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(["bash", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, err = proc.communicate()
    secs = time.perf_counter() - start
    # rusage of the finished child (bash and everything it waited for).
    usage = proc_rusage.pop(proc.pid, None)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {cmd}\n{err[-2000:]}")
    return secs, usage


proc_rusage = {}
_waitpid = os.waitpid


def _wait4(pid, options):
    # subprocess waits with os.waitpid; os.wait4 does the same and also
    # hands back the child's resource usage.
    got, status, usage = os.wait4(pid, options)
    if got:
        proc_rusage[got] = (usage.ru_utime, usage.ru_stime)
    return got, status


os.waitpid = _wait4


def main():
    if len(sys.argv) < 6 or len(sys.argv) % 2 != 0:
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    pairs = list(zip(sys.argv[2::2], sys.argv[3::2]))
    if runs > 3:
        for _, cmd in pairs:
            run(cmd)
    times = {path: [] for path, _ in pairs}
    cpu = {path: [] for path, _ in pairs}
    for i in range(runs):
        for path, cmd in pairs:
            secs, usage = run(cmd)
            times[path].append(secs)
            cpu[path].append(usage or (0.0, 0.0))
        print(f"  round {i + 1}/{runs}: " + ", ".join(f"{times[p][-1]:.3f} s" for p, _ in pairs), file=sys.stderr)
    for path, cmd in pairs:
        ts = times[path]
        result = {"command": cmd, "median": statistics.median(ts), "mean": statistics.fmean(ts),
                  "min": min(ts), "max": max(ts), "times": ts,
                  "user": statistics.median(u for u, _ in cpu[path]),
                  "system": statistics.median(s for _, s in cpu[path])}
        with open(path, "w") as f:
            json.dump({"results": [result]}, f)


main()
