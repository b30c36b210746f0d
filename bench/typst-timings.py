#!/usr/bin/env python3
"""Summarises a `typst compile --timings FILE` trace: time per phase and
the template lines that cost most (inclusive and self time).

usage: typst-timings.py TRACE.json [TOP]"""
import json
import sys
from collections import defaultdict

trace = json.load(open(sys.argv[1]))
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
incl = defaultdict(float)  # (name, where) -> µs, outermost occurrence only
self_ = defaultdict(float)
count = defaultdict(int)
stacks = defaultdict(list)  # tid -> [(key, start, child_time)]
for ev in trace:
    ph = ev.get("ph")
    args = ev.get("args") or {}
    where = f'{args.get("file", "").strip(chr(34))}:{args.get("line", "")}' if args.get("line") else ""
    key = (ev["name"], where)
    st = stacks[ev["tid"]]
    if ph == "B":
        st.append([key, ev["ts"], 0.0])
    elif ph == "E" and st:
        k, start, child = st.pop()
        dur = ev["ts"] - start
        if not any(f[0] == k for f in st):  # recursion: count the outermost call only
            incl[k] += dur
        self_[k] += dur - child
        count[k] += 1
        if st:
            st[-1][2] += dur
    elif ph == "X":
        incl[key] += ev.get("dur", 0)
        self_[key] += ev.get("dur", 0)
        count[key] += 1

total = max((v for (n, _), v in incl.items() if n == "compile once"), default=0) or max(incl.values())
print(f"total {total / 1e6:.2f} s")
print("\nphases (inclusive):")
for name in ["parse", "eval", "layout", "introspect", "pdf", "convert document", "finish export", "write pdf"]:
    v = sum(t for (n, _), t in incl.items() if n == name)
    if v:
        print(f"  {name:<20} {v / 1e6:8.2f} s  {100 * v / total:5.1f}%")
print(f"\ntop {top} by self time:")
for k, v in sorted(self_.items(), key=lambda kv: -kv[1])[:top]:
    print(f"  {v / 1e6:8.2f} s  {100 * v / total:5.1f}%  x{count[k]:<7} {k[0]} {k[1]}")
print(f"\ntop {top} template lines by inclusive time:")
lines = [(k, v) for k, v in incl.items() if k[1] and k[0] in ("func call", "show rule", "set rule", "eval")]
for k, v in sorted(lines, key=lambda kv: -kv[1])[:top]:
    print(f"  {v / 1e6:8.2f} s  {100 * v / total:5.1f}%  x{count[k]:<7} {k[0]} {k[1]}")
