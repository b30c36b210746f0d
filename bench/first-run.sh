#!/usr/bin/env bash
# The first run as a newcomer meets it: the README's command on a fresh
# cache and a fresh target directory. Prints, in seconds from the command's
# start, when the site, the open data and the PDF appear in the output
# directory, and the CPU time the whole run took (children included), so
# a run on a busy machine can still be compared.
#   bench/first-run.sh [WORK_DIR]     (default: a new temporary directory)
# The crates must be downloadable (or already in ~/.cargo/registry).
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
export CARGO_TARGET_DIR="$work/target"
export JAARRAPPORT_CACHE="$work/cache"
unset TYPST
out="$work/output"
slug=jaarrapportage-arbeidsmigranten-2022
start=$(date +%s.%N)
/usr/bin/time -f "%e s wall, %U s user, %S s system" -o "$work/time.txt" \
  cargo run --release --locked -- build content --out "$out" > "$work/build.log" 2>&1 &
pid=$!
site="" data="" pdf=""
while kill -0 "$pid" 2>/dev/null; do
  now=$(date +%s.%N)
  [ -z "$site" ] && [ -f "$out/site/index.html" ] && site=$(echo "$now - $start" | bc)
  [ -z "$data" ] && [ -f "$out/$slug.csv" ] && data=$(echo "$now - $start" | bc)
  [ -z "$pdf" ] && [ -f "$out/$slug.pdf" ] && pdf=$(echo "$now - $start" | bc)
  sleep 1
done
wait "$pid" || { echo "the build failed; see $work/build.log" >&2; exit 1; }
[ -z "$pdf" ] && [ -f "$out/$slug.pdf" ] && pdf=$(echo "$(date +%s.%N) - $start" | bc)
echo "site: ${site:-?} s, open data: ${data:-?} s, PDF: ${pdf:-?} s; whole run: $(cat "$work/time.txt")"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
