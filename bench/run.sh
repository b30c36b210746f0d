#!/usr/bin/env bash
# Benchmarks of the release binary on synthetic reports, beside pandoc on
# the same Markdown. Figures, not tests: nothing here passes or fails.
#
#   bench/run.sh                 N = 50, 500 and 5000
#   bench/run.sh 50 500          other sizes
#   PDF=0 bench/run.sh           skip the PDF builds (the slow part)
#   TURNS=0 bench/run.sh         skip the HTML build in turns with the
#                                bare pass and Hugo
#
# Writes BENCH_DIR (default target/bench): the synthetic content
# (synth-N/ and synth-N.md, from `cargo run --release --example synth`),
# hyperfine's JSON per measurement (json/), peak memory (rss/), and
# results.md with the tables BENCHMARKS.md quotes.
#
# Needs hyperfine and GNU time (Debian: `apt-get install -y hyperfine
# time`), Hugo (`apt-get install -y hugo`), pandoc (`pip install pypandoc-binary` ships one) and the pinned
# typst (jaarrapport installs it on its first PDF build); missing tools are
# installed with those commands when INSTALL=1.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(50 500 5000)
BENCH_DIR="${BENCH_DIR:-$ROOT/target/bench}"
PDF="${PDF:-1}"
TURNS="${TURNS:-1}"
mkdir -p "$BENCH_DIR/json" "$BENCH_DIR/rss" "$BENCH_DIR/out"

say() { printf '\n== %s\n' "$*" >&2; }

# ------------------------------------------------------------------ tools
need() {
  local what="$1" cmd="$2"
  if [ "${INSTALL:-0}" = 1 ]; then
    say "installing $what: $cmd"
    eval "$cmd" >&2
  else
    echo "missing $what; install it with: $cmd   (or run with INSTALL=1)" >&2
    exit 2
  fi
}
command -v hyperfine >/dev/null || need hyperfine "apt-get install -y hyperfine"
[ -x /usr/bin/time ] || need "GNU time" "apt-get install -y time"
if [ "$TURNS" = 1 ]; then command -v hugo >/dev/null || need hugo "apt-get install -y hugo"; fi
find_pandoc() {
  if [ -n "${PANDOC:-}" ]; then echo "$PANDOC"; return; fi
  python3 -c 'import os, pypandoc; p = os.path.join(os.path.dirname(pypandoc.__file__), "files", "pandoc"); print(p if os.path.exists(p) else "")' 2>/dev/null || true
}
PANDOC="$(find_pandoc)"
[ -n "$PANDOC" ] || { need pandoc "pip install pypandoc-binary"; PANDOC="$(find_pandoc)"; }
TYPST="${TYPST:-$HOME/.cache/jaarrapport/typst-0.15.1/bin/typst}"
if [ "$PDF" = 1 ] && [ ! -x "$TYPST" ]; then
  need typst "cargo install --locked typst-cli@0.15.1 --root $HOME/.cache/jaarrapport/typst-0.15.1"
fi

say "building the release binary and the generator (once)"
cargo build --release --bin jaarrapport --example synth --example bare >&2
JR="$ROOT/target/release/jaarrapport"
SYNTH="$ROOT/target/release/examples/synth"
BARE="$ROOT/target/release/examples/bare"
STUB="$ROOT/bench/typst-stub.sh"

# ---------------------------------------------------------------- helpers
# hf NAME RUNS COMMAND: hyperfine, its JSON kept as json/NAME.json.
hf() {
  local name="$1" runs="$2"
  shift 2
  local warm=1
  [ "$runs" -gt 2 ] || warm=0
  hyperfine --style basic -N --warmup "$warm" --runs "$runs" --export-json "$BENCH_DIR/json/$name.json" "$@" >&2
}
# hfs NAME RUNS SHELL-COMMAND: the same, through a shell (pipelines, cd).
hfs() {
  local name="$1" runs="$2"
  shift 2
  local warm=1
  [ "$runs" -gt 2 ] || warm=0
  hyperfine --style basic --shell=bash --warmup "$warm" --runs "$runs" --export-json "$BENCH_DIR/json/$name.json" "$@" >&2
}
# rss NAME COMMAND...: peak resident memory (KB) of the command, from GNU time.
rss() {
  local name="$1"
  shift
  /usr/bin/time -f "%M" -o "$BENCH_DIR/rss/$name" "$@" >/dev/null 2>&1 || true
}
# once NAME COMMAND...: one run for what takes minutes: its time (as
# hyperfine's JSON, for the tables) and its peak memory from the same run.
once() {
  local name="$1"
  shift
  echo "$name: $*" >&2
  /usr/bin/time -f "%e %M" -o "$BENCH_DIR/rss/$name.once" "$@" >/dev/null 2>&1
  read -r secs kb <"$BENCH_DIR/rss/$name.once"
  echo "$kb" >"$BENCH_DIR/rss/$name"
  printf '{"results":[{"command":"%s","median":%s,"mean":%s,"times":[%s]}]}\n' "$*" "$secs" "$secs" "$secs" \
    >"$BENCH_DIR/json/$name.json"
  echo "  $secs s, $((kb / 1024)) MB" >&2
}

# hugo_site DIR SITE: a Hugo site whose pages are DIR's Markdown files as
# they are (bijdragen/, hoofdstukken/, paginas/, front matter and all: Hugo
# reads YAML front matter and keeps unknown keys as page parameters), with
# one minimal layout per kind of page, so Hugo renders the same bodies that
# the HTML build and the bare pass render.
hugo_site() {
  local dir="$1" site="$2"
  rm -rf "$site"
  mkdir -p "$site/content" "$site/layouts/_default"
  cp -R "$dir/bijdragen" "$dir/hoofdstukken" "$dir/paginas" "$site/content/"
  cat >"$site/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
languageCode = "nl"
title = "synth"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = false
TOML
  echo '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main>{{ .Content }}</main></body></html>' \
    >"$site/layouts/_default/single.html"
  echo '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>' \
    >"$site/layouts/_default/list.html"
}

# The exact typst command of src/render/pdf.rs (run in the work directory).
TS=1673438400 # publicatiedatum 2023-01-11 of the synthetic report, 12:00 UTC
typst_cmd() {
  echo "$TYPST compile --root . --ignore-system-fonts --pdf-standard ua-1,a-2a --input data=data.json --diagnostic-format short --creation-timestamp $TS report.typ $1"
}

# ------------------------------------------------------------------ machine
{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "rustc: $(rustc --version)"
  echo "jaarrapport: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' + uncommitted changes')"
  echo "pandoc: $("$PANDOC" --version | head -1)"
  [ "$PDF" = 1 ] && echo "typst: $("$TYPST" --version)"
  echo "hyperfine: $(hyperfine --version)"
} >"$BENCH_DIR/machine.txt"
cat "$BENCH_DIR/machine.txt" >&2

# ------------------------------------------------------------- live preview
say "live-preview proxy: HTML-only build of content/ after one edit"
LP="$BENCH_DIR/live"
rm -rf "$LP" && mkdir -p "$LP" && cp -R "$ROOT/content" "$LP/content"
EDIT="$LP/content/paginas/inleiding.md"
hf live 30 --prepare "sh -c 'echo >> $EDIT'" "$JR build $LP/content --out $LP/out --format html"
rss live "$JR" build "$LP/content" --out "$LP/out" --format html

# ---------------------------------------------------------- many positions
say "many positions: check of one contribution with N cross-references, every third broken"
for refs in 45000 90000; do
  MP="$BENCH_DIR/positions-$refs"
  rm -rf "$MP" && cp -R "$ROOT/tests/fixtures/valid" "$MP"
  python3 - "$MP/bijdragen/SZW/2.1.A.md" "$refs" <<'EOF'
import sys
path, n = sys.argv[1], int(sys.argv[2])
front = open(path).read().split('---\n')[1]
body = ''.join('En [[9.9.Z]] daar.\n' if i % 3 == 0 else 'Zie [[4.1.A]] hier.\n' for i in range(n))
open(path, 'w').write('---\n' + front + '---\n' + body)
EOF
  # check exits 1 (the broken references): the shell form keeps hyperfine going.
  hfs "positions-$refs" 5 "$JR check $MP >/dev/null 2>&1 || true"
done

# ------------------------------------------------------------------- sizes
for n in "${SIZES[@]}"; do
  say "N = $n"
  dir="$BENCH_DIR/synth-$n"
  "$SYNTH" "$n" "$dir" >&2
  "$JR" check "$dir" >&2
  out="$BENCH_DIR/out/$n"
  # Fewer runs where one run takes long. The two PDF routes are the
  # comparison that is closest (see BENCHMARKS.md), so they get more runs
  # than the rest and are timed one right after the other.
  runs=10 slow=5 pdfruns=10
  if [ "$n" -ge 500 ]; then pdfruns=5; fi
  if [ "$n" -ge 5000 ]; then runs=5 slow=2 pdfruns=3; fi

  hf "check-$n" "$runs" "$JR check $dir"
  hf "html-$n" "$runs" "$JR build $dir --out $out-html --format html"
  hf "pandoc-html-$n" "$slow" "$PANDOC -f markdown -t html -s $dir.md -o $out-pandoc.html"
  if [ "$TURNS" = 1 ]; then
    # The HTML build beside its floor (examples/bare.rs: read every
    # Markdown file, pulldown-cmark on all cores) and Hugo on the same
    # files, in turns, wall and CPU time.
    site="$BENCH_DIR/hugo-$n"
    hugo_site "$dir" "$site"
    echo "html, bare and hugo at $n, in turns" >&2
    python3 "$ROOT/bench/alternate.py" "$((runs + 2))" \
      "$BENCH_DIR/json/turns-html-$n.json" "$JR build $dir --out $out-html --format html" \
      "$BENCH_DIR/json/bare-$n.json" "$BARE $dir" \
      "$BENCH_DIR/json/hugo-$n.json" "hugo --quiet --source $site --destination $out-hugo"
    rss "bare-$n" "$BARE" "$dir"
    rss "hugo-$n" hugo --quiet --source "$site" --destination "$out-hugo"
  fi
  rss "check-$n" "$JR" check "$dir"
  rss "html-$n" "$JR" build "$dir" --out "$out-html" --format html
  rss "pandoc-html-$n" "$PANDOC" -f markdown -t html -s "$dir.md" -o "$out-pandoc.html"

  if [ "$PDF" = 1 ]; then
    # Our own part of a PDF build: the whole build with a typst that only
    # keeps the work directory it is given.
    work="$BENCH_DIR/work-$n"
    TYPST_STUB_KEEP="$work" "$JR" build "$dir" --out "$out-prep" --format pdf --typst "$STUB" >&2
    hf "pdf-prep-$n" "$runs" "$JR build $dir --out $out-prep --format pdf --typst $STUB"
    rss "pdf-prep-$n" "$JR" build "$dir" --out "$out-prep" --format pdf --typst "$STUB"
    # The whole PDF build and pandoc's route to a PDF through the same typst
    # (Markdown → typst markup → PDF, one command), taking turns so that
    # the machine's drift hits both alike (bench/alternate.py); then typst alone on
    # exactly our input, with the binary's command line, and pandoc's two
    # steps apart (once at 5,000).
    pandoc_pdf="$PANDOC -f markdown -t typst -s $dir.md -o $out-pandoc.typ && $TYPST compile --ignore-system-fonts $out-pandoc.typ $out-pandoc.pdf"
    echo "pdf-$n and pandoc-pdf-$n, in turns" >&2
    python3 "$ROOT/bench/alternate.py" "$pdfruns" \
      "$BENCH_DIR/json/pdf-$n.json" "$JR build $dir --out $out-pdf --format pdf --typst $TYPST" \
      "$BENCH_DIR/json/pandoc-pdf-$n.json" "$pandoc_pdf"
    if [ "$n" -lt 5000 ]; then
      hfs "typst-$n" "$pdfruns" "cd $work && $(typst_cmd "$out-typst.pdf")"
      hf "pandoc-typ-$n" "$pdfruns" "$PANDOC -f markdown -t typst -s $dir.md -o $out-pandoc.typ"
      hf "pandoc-typst-$n" "$pdfruns" "$TYPST compile --ignore-system-fonts $out-pandoc.typ $out-pandoc.pdf"
      (cd "$work" && rss "typst-$n" $(typst_cmd "$out-typst.pdf"))
      rss "pandoc-typ-$n" "$PANDOC" -f markdown -t typst -s "$dir.md" -o "$out-pandoc.typ"
      rss "pandoc-typst-$n" "$TYPST" compile --ignore-system-fonts "$out-pandoc.typ" "$out-pandoc.pdf"
    else
      (cd "$work" && once "typst-$n" $(typst_cmd "$out-typst.pdf"))
      once "pandoc-typ-$n" "$PANDOC" -f markdown -t typst -s "$dir.md" -o "$out-pandoc.typ"
      once "pandoc-typst-$n" "$TYPST" compile --ignore-system-fonts "$out-pandoc.typ" "$out-pandoc.pdf"
    fi
    pdfinfo "$out-pdf/"*.pdf 2>/dev/null | awk '/^Pages:/ {print $2}' >"$BENCH_DIR/rss/pages-ours-$n" || true
    pdfinfo "$out-pandoc.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}' >"$BENCH_DIR/rss/pages-pandoc-$n" || true
  fi
done

# ----------------------------------------------------------------- tables
python3 - "$BENCH_DIR" "${SIZES[@]}" <<'EOF' | tee "$BENCH_DIR/results.md"
import json, os, sys
d, sizes = sys.argv[1], sys.argv[2:]
def t(name):
    p = os.path.join(d, "json", name + ".json")
    if not os.path.exists(p): return None
    r = json.load(open(p))["results"][0]
    return r["median"]
def m(name):
    p = os.path.join(d, "rss", name)
    try: return int(open(p).read().split()[-1]) / 1024
    except Exception: return None
def s(v): return "–" if v is None else (f"{v*1000:.0f} ms" if v < 1 else f"{v:.2f} s")
def mb(v): return "–" if v is None else f"{v:.0f} MB"
def ratio(a, b, digits=1): return "–" if a is None or b is None or b == 0 else f"{a/b:.{digits}f}×"
def pct(a, b): return "–" if a is None or b is None or b == 0 else f"{100*a/b:.1f} %"
print(open(os.path.join(d, "machine.txt")).read())
print(f"Live-preview proxy (HTML-only build of content/ after one edit): {s(t('live'))} median, peak {mb(m('live'))}\n")
print(f"Many positions (check of one contribution with 45,000 and 90,000 cross-references, a third broken): "
      f"{s(t('positions-45000'))} and {s(t('positions-90000'))}, growth {ratio(t('positions-90000'), t('positions-45000'))} (linear 2×)\n")
print("Times (median of the runs):\n")
print("| N | check | HTML build | pandoc → HTML | pandoc ÷ ours | PDF build | our part | typst | our share | pandoc → typst → PDF (pandoc + typst) | ours ÷ pandoc |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for n in sizes:
    pandoc_pdf = t(f"pandoc-pdf-{n}")
    print(f"| {n} | {s(t(f'check-{n}'))} | {s(t(f'html-{n}'))} | {s(t(f'pandoc-html-{n}'))} | "
          f"{ratio(t(f'pandoc-html-{n}'), t(f'html-{n}'))} | {s(t(f'pdf-{n}'))} | {s(t(f'pdf-prep-{n}'))} | "
          f"{s(t(f'typst-{n}'))} | {pct(t(f'pdf-prep-{n}'), t(f'pdf-{n}'))} | "
          f"{s(pandoc_pdf)} ({s(t(f'pandoc-typ-{n}'))} + {s(t(f'pandoc-typst-{n}'))}) | {ratio(t(f'pdf-{n}'), pandoc_pdf, 2)} |")
def cpu(name):
    p = os.path.join(d, "json", name + ".json")
    if not os.path.exists(p): return None
    r = json.load(open(p))["results"][0]
    return r.get("user", 0) + r.get("system", 0) if "user" in r else None
if any(t(f"bare-{n}") for n in sizes):
    print("\nThe HTML build beside the bare pass (examples/bare.rs) and Hugo on the same Markdown files, in turns (wall median; CPU = user + system, median):\n")
    print("| N | HTML build | bare pass | HTML ÷ bare | Hugo | Hugo ÷ HTML | CPU: HTML | bare | Hugo |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        h, b, g = t(f"turns-html-{n}"), t(f"bare-{n}"), t(f"hugo-{n}")
        print(f"| {n} | {s(h)} | {s(b)} | {ratio(h, b)} | {s(g)} | {ratio(g, h)} | "
              f"{s(cpu(f'turns-html-{n}'))} | {s(cpu(f'bare-{n}'))} | {s(cpu(f'hugo-{n}'))} |")
print("\nPeak resident memory (GNU time, maximum RSS):\n")
print("| N | check | HTML build | our part of the PDF build | typst (ours) | pandoc → HTML | pandoc → typst | typst (pandoc's) | pages ours / pandoc |")
print("|---|---|---|---|---|---|---|---|---|")
for n in sizes:
    def pages(who):
        try: return open(os.path.join(d, "rss", f"pages-{who}-{n}")).read().strip() or "–"
        except Exception: return "–"
    print(f"| {n} | {mb(m(f'check-{n}'))} | {mb(m(f'html-{n}'))} | {mb(m(f'pdf-prep-{n}'))} | {mb(m(f'typst-{n}'))} | "
          f"{mb(m(f'pandoc-html-{n}'))} | {mb(m(f'pandoc-typ-{n}'))} | {mb(m(f'pandoc-typst-{n}'))} | {pages('ours')} / {pages('pandoc')} |")
if len(sizes) >= 2:
    a, b = sizes[-2], sizes[-1]
    print(f"\nGrowth t({b}) ÷ t({a}) (linear would be {int(b)/int(a):.0f}×):\n")
    print("| check | HTML build | our part of the PDF build | typst |")
    print("|---|---|---|---|")
    print(f"| {ratio(t(f'check-{b}'), t(f'check-{a}'))} | {ratio(t(f'html-{b}'), t(f'html-{a}'))} | "
          f"{ratio(t(f'pdf-prep-{b}'), t(f'pdf-prep-{a}'))} | {ratio(t(f'typst-{b}'), t(f'typst-{a}'))} |")
EOF
