#!/usr/bin/env python3
"""Where the PDF's typst time goes: typesets the same data.json with
variants of templates/typst/report.typ that each leave one feature out (or
do it differently) and prints time, peak memory and pages per variant.
The template itself is not changed; the variants are written beside the
data. Figures only: the variants are experiments, not proposals as such.

usage: bench/template-variants.py WORK_DIR [VARIANT ...]

WORK_DIR holds the data.json of a build, e.g. the one bench/run.sh keeps
(target/bench/work-500) or one made with
  TYPST_STUB_KEEP=DIR jaarrapport build CONTENT --format pdf --typst bench/typst-stub.sh
Set TYPST to use another typst than the pinned one, PASSES=1 to count
typst's layout passes too (from a second run with its trace)."""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE = open(os.path.join(ROOT, "templates", "typst", "report.typ")).read()
TYPST = os.environ.get("TYPST", os.path.expanduser("~/.cache/jaarrapport/typst-0.15.1/bin/typst"))
ANNEXES = "// ------------------------------------------------------------------ annexes"
ANNEX_A = '#heading(level: 1, numbering: (..n) => "Bijlage A"'


def replace(s, old, new):
    if old not in s:
        sys.exit(f"the template changed: cannot find {old[:60]!r}")
    return s.replace(old, new)


def between(s, start, end, new):
    a = s.index(start)
    b = s.index(end, a)
    return s[:a] + new + s[b:]


TOC_START = "#context {\n  // One query for the whole table"
TOC_END = "// ---------------------------------------------------------- samenvatting"


def no_toc(s):
    return between(s, TOC_START, TOC_END, "")


def typst_outline(s):
    # typst's own outline instead of the table of contents built from the
    # data (what the template did until it moved to the latter).
    return between(s, TOC_START, TOC_END, """#{
  show outline.entry.where(level: 1): it => {
    set text(weight: "semibold")
    set block(above: 1.15em)
    it
  }
  outline(title: [Inhoud], depth: 2, indent: 1.6em)
}

""")


def outline_depth_1(s):
    return typst_outline(s).replace("outline(title: [Inhoud], depth: 2,", "outline(title: [Inhoud], depth: 1,")


def static_header(s):
    return between(s, "#let running-header = context {", "#let running-footer",
                   "#let running-header = {\n  set text(size: 8.5pt, fill: middengrijs, hyphenate: false)\n"
                   "  block(width: 100%, inset: (bottom: 5pt), stroke: (bottom: 0.5pt + lijngrijs),"
                   " align(right, report-title))\n}\n")


def refs_no_page(s):
    # Cross-references as links without "(p. N)".
    s = replace(s, "link(loc)[#id~(p.~#page-number(str(loc.page())))]", "link(loc)[#id]")
    return replace(s, "[#id~(p.~#page-number(page-digits))]", "[#id]")


def no_page_placeholder(s):
    # The first layout pass prints the bare identifier where the page
    # number will come, as the template did before: lines grow in the
    # second pass and typst needs a third.
    return replace(s, "[#id~(p.~#page-number(page-digits))]", "[#id]")


def provisional_notes(s):
    # typst numbers the notes itself (provisional numbers in the first
    # pass), as the template did before.
    return replace(s, "footnote(numbering: (..) => str(n), body)", "footnote(body)")


def facts_grid(s):
    # The facts of a recommendation as a grid, as before.
    return replace(s, """    set par(hanging-indent: 8em, spacing: 0.6em, justify: false)
    for (name, value) in rows { par[#box(width: 8em, name)#value] }""",
                   """    grid(columns: (auto, 1fr), column-gutter: 1.2em, row-gutter: 0.6em, align: (left + horizon, left + horizon),
      ..rows.flatten())""")


def milestones_grid(s):
    # A recommendation's milestones as a grid, as before.
    start = "    let whens = ms.map(m => text("
    return between(s, start, '  for c in arr(rec.at("contributions"', """    block(width: 100%, {
      set text(size: 9.5pt)
      grid(columns: (auto, 1fr, auto),
        inset: (x, y) => (y: 4pt, right: if x < 2 { 1.1em } else { 0pt }),
        stroke: (x, y) => (bottom: 0.4pt + lijngrijs, top: if y == 0 { 0.4pt + lijngrijs }),
        align: (left + top, left + top, right + top),
        ..ms.map(m => (
          text(weight: "semibold", txt(m.at("when_label", default: none))),
          [#txt(m.at("what", default: none))#if filled(m.at("ministry", default: none)) [ #text(fill: middengrijs, size: 8.5pt)[(#txt(m.at("ministry", default: none)))]]],
          milestone-mark(m),
        )).flatten())
    })
  }

""")


def previous(s):
    # The template as it was before this round: all four of the above.
    return milestones_grid(facts_grid(provisional_notes(no_page_placeholder(s))))


def no_annexes(s):
    return s[: s.index(ANNEXES)]


def refs_plain(s):
    return between(s, "#let reflink(id, lbl, with-page: true) = {", "#let safe-url",
                   "#let reflink(id, lbl, with-page: true) = [#txt(id)]\n#let idlink(id, lbl) = [#txt(id)]\n\n")


# The annexes as they were until the switch to lines: one table of every
# milestone and one of every recommendation (the .at() reads kept).
ANNEX_TABLES = r'''#heading(level: 1, numbering: (..n) => "Bijlage A", supplement: [Bijlage])[Tijdpad]

#{
  let quarters = data.roadmap.filter(q => q.items.len() > 0)
  if quarters.len() == 0 {
    text(fill: middengrijs, style: "italic")[Er zijn geen mijlpalen vastgelegd.]
  } else {
    [Alle mijlpalen van de aanbevelingen, gerangschikt naar het kwartaal waarin ze aflopen.]
    block(width: 100%, above: 1.2em, table(
      columns: (auto, 1fr, auto),
      align: (left + top, left + top, right + top),
      table.header([Aanbeveling], [Mijlpaal], [Stand]),
      ..quarters.map(q => {
        let name = if filled(get(q, "label")) { txt(get(q, "label")) } else { txt(get(q, "key")) }
        (table.cell(colspan: 3, fill: tint, text(weight: "semibold", fill: lintblauw, name)),) + arr(get(q, "items")).map(it => (
          idlink(get(it, "id"), get(it, "label")),
          [#txt(get(it, "what")) \ #text(size: 8.5pt, fill: middengrijs, txt(get(it, "title")))],
          milestone-mark(it),
        )).flatten()
      }).flatten(),
    ))
  }
}

#pagebreak(weak: true)
#heading(level: 1, numbering: (..n) => "Bijlage B", supplement: [Bijlage])[Overzicht per aanbeveling]

#{
  let all = chapters.map(c => c.recommendations).flatten()
  if all.len() == 0 {
    text(fill: middengrijs, style: "italic")[Er zijn geen aanbevelingen.]
  } else {
    table(
      columns: (auto, 1fr, auto, auto),
      align: (left + horizon, left + horizon, left + horizon, left + horizon),
      table.header([Nr.], [Titel], [Eigenaar], [Status]),
      ..chapters.map(ch => {
        let recs = arr(get(ch, "recommendations"))
        let name = (if get(ch, "number") != none { txt(get(ch, "number")) + " " } else { "" }) + txt(get(ch, "title"))
        (table.cell(colspan: 4, fill: tint, text(weight: "semibold", fill: lintblauw, name)),) + recs.map(rec => (
          idlink(get(rec, "id"), get(rec, "label")),
          [#txt(get(rec, "title"))#{
            let f = get(rec, "folded_into")
            if type(f) == dictionary [ \ #text(size: 8.5pt, fill: middengrijs)[meegenomen bij #idlink(get(f, "id"), get(f, "label"))]]
          }],
          [#txt(get(rec, "owner"))],
          badge(get(rec, "status"), size: 8pt),
        )).flatten()
      }).flatten(),
    )
  }
}
'''


def annex_tables(s):
    head = s[: s.index(ANNEX_A)]
    return head + ANNEX_TABLES


VARIANTS = {
    "as-is": lambda s: s,
    "no-toc": no_toc,
    "typst-outline": typst_outline,
    "typst-outline-depth-1": outline_depth_1,
    "static-header": static_header,
    "refs-plain": refs_plain,
    "refs-no-page": refs_no_page,
    "no-page-placeholder": no_page_placeholder,
    "provisional-notes": provisional_notes,
    "facts-grid": facts_grid,
    "milestones-grid": milestones_grid,
    "previous": previous,
    "no-annexes": no_annexes,
    "annex-tables": annex_tables,
}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    work = os.path.abspath(sys.argv[1])
    names = sys.argv[2:] or list(VARIANTS)
    passes = os.environ.get("PASSES") == "1"
    print(f"{'variant':<24} {'wall':>8} {'cpu':>8} {'peak':>9} {'pages':>6}" + ("  passes" if passes else ""))
    for name in names:
        typ = os.path.join(work, f"variant-{name}.typ")
        pdf = os.path.join(work, f"variant-{name}.pdf")
        open(typ, "w").write(VARIANTS[name](TEMPLATE))
        cmd = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", typ + ".time", TYPST, "compile", "--root", ".",
               "--ignore-system-fonts", "--pdf-standard", "ua-1,a-2a", "--input", "data=data.json",
               "--diagnostic-format", "short", "--creation-timestamp", "1673438400", os.path.basename(typ), pdf]
        run = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"{name:<24} failed: {run.stderr.strip()[:200]}")
            continue
        wall, user, sys_, kb = open(typ + ".time").read().split()[-4:]
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = (re.search(r"^Pages:\s+(\d+)", info, re.M) or [None, "?"])[1]
        line = f"{name:<24} {float(wall):7.2f}s {float(user) + float(sys_):7.2f}s {int(kb) // 1024:7d}MB {pages:>6}"
        if passes:
            # A second run with typst's trace, which slows it down: only
            # the number of layout passes is taken from it.
            trace = typ + ".trace.json"
            subprocess.run([TYPST, "compile", "--timings", trace] + cmd[7:], cwd=work, capture_output=True)
            events = json.load(open(trace))
            line += f"  {sum(1 for e in events if e.get('name') == 'layout document' and e.get('ph') == 'B'):6d}"
        print(line, flush=True)
        os.remove(pdf)


main()
