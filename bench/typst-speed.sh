#!/usr/bin/env bash
# Compares two typst binaries on the same input: typst's own speed, without
# jaarrapport around it. Runs them in turns (A B A B ...) so that a busy
# machine slows both alike, and prints the median wall time and the median
# CPU time (user + system) of each; CPU time is the steadier figure when
# other work shares the machine.
#   bench/typst-speed.sh TYPST_A TYPST_B WORK_DIR [RUNS]
# WORK_DIR holds data.json and report.typ as `jaarrapport build` writes them
# (capture one with a --typst wrapper that copies its working directory).
set -euo pipefail
a="$1" b="$2" work="$3" runs="${4:-7}"
cd "$work"
once() {
  /usr/bin/time -f "%e %U %S" -o time.txt "$1" compile --root . --ignore-system-fonts --pdf-standard ua-1,a-2a \
    --input data=data.json --creation-timestamp 0 report.typ out.pdf 2>/dev/null
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' time.txt
}
: > a.txt; : > b.txt
for _ in $(seq "$runs"); do
  once "$a" >> a.txt
  once "$b" >> b.txt
done
median() { sort -n -k"$2" "$1" | awk -v k="$2" '{ v[NR] = $k } END { print v[int((NR + 1) / 2)] }'; }
for x in a b; do
  printf '%s: median wall %s s, median CPU %s s (%s runs)\n' "$x" "$(median $x.txt 1)" "$(median $x.txt 2)" "$runs"
done
rm -f a.txt b.txt time.txt out.pdf
