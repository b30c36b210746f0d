#!/usr/bin/env bash
# Footnotes at scale (issue 27): one contribution with N footnotes, and one
# with a single footnote referred to M times. Times and peak memory of
# `check`, of the HTML build and of jaarrapport's own part of the PDF build
# (typst replaced by bench/typst-stub.sh, which keeps the data it was
# given, so the size of the PDF's data is measured too). Figures, not
# tests: nothing here passes or fails.
#
#   bench/footnotes.sh BIN [N] [M]
#
# BIN is a release binary of jaarrapport (the one to measure: build the
# commit before and after a change and run this once with each);
# N defaults to 160000, M to 5000. Needs GNU time (/usr/bin/time).
# Writes BENCH_DIR (default target/bench/footnotes).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
N="${2:-160000}"
M="${3:-5000}"
OUT="${BENCH_DIR:-$ROOT/target/bench/footnotes}"
rm -rf "$OUT" && mkdir -p "$OUT"

# content-many: N notes, each referred to once; content-often: one note of
# about 1 KB referred to M times. Both from the test fixture.
make_content() {
  local dir="$1" body="$2"
  cp -R "$ROOT/tests/fixtures/valid" "$dir"
  printf '%s\n' "$body" >> "$dir/bijdragen/BZK/4.1.A.md"
}
many="$(python3 -c "
n=$N
print(' '.join(f'Zin[^n{i}].' for i in range(1, n+1)))
print()
print('\n'.join(f'[^n{i}]: Bron {i}.' for i in range(1, n+1)))")"
make_content "$OUT/content-many" "$many"
often="$(python3 -c "
m=$M
print('Zie[^x]. ' * m)
print()
print('[^x]: ' + 'Een lange bron die maar één keer in de gegevens hoort. ' * 20)")"
make_content "$OUT/content-often" "$often"

measure() {
  local label="$1"; shift
  local code=0
  /usr/bin/time -f "%e %M" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/stderr" || code=$?
  read -r secs kb < <(tail -1 "$OUT/time")
  printf '| %s | %s s | %s MB | exit %s |\n' "$label" "$secs" "$((kb / 1024))" "$code"
}

echo "| what | wall | peak memory | result |"
echo "|---|---|---|---|"
for which in many often; do
  content="$OUT/content-$which"
  measure "$which: check" "$BIN" check "$content"
  measure "$which: build, HTML" "$BIN" build "$content" --out "$OUT/out-$which-html" --format html
  TYPST_STUB_KEEP="$OUT/typst-$which" measure "$which: build, PDF (our part)" \
    "$BIN" build "$content" --out "$OUT/out-$which-pdf" --format pdf --typst "$ROOT/bench/typst-stub.sh"
  if [ -f "$OUT/typst-$which/data.json" ]; then
    echo "| $which: the PDF's data | $(( $(stat -c %s "$OUT/typst-$which/data.json") / 1024 )) KB | | |"
  fi
done
