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
Set TYPST to use another typst than the pinned one."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE = open(os.path.join(ROOT, "templates", "typst", "report.typ")).read()
TYPST = os.environ.get("TYPST", os.path.expanduser("~/.cache/jaarrapport/typst-0.15.1/bin/typst"))
ANNEXES = "// ------------------------------------------------------------------ annexes"


def replace(s, old, new):
    if old not in s:
        sys.exit(f"the template changed: cannot find {old[:60]!r}")
    return s.replace(old, new)


def between(s, start, end, new):
    a = s.index(start)
    b = s.index(end, a)
    return s[:a] + new + s[b:]


def annex_refs(s, make):
    head, annex = s[: s.index(ANNEXES)], s[s.index(ANNEXES):]
    for v in ("it", "rec", "f"):
        annex = replace(annex, f'reflink(get({v}, "id"), get({v}, "label"), with-page: false)',
                        make(f'get({v}, "id")', f'get({v}, "label")'))
    return head, annex


def no_outline(s):
    return replace(s, "  outline(title: [Inhoud], depth: 2, indent: 1.6em)\n", "")


def outline_depth_1(s):
    return replace(s, "outline(title: [Inhoud], depth: 2,", "outline(title: [Inhoud], depth: 1,")


def static_header(s):
    return between(s, "#let running-header = context {", "#let running-footer",
                   "#let running-header = {\n  set text(size: 8.5pt, fill: middengrijs, hyphenate: false)\n"
                   "  block(width: 100%, inset: (bottom: 5pt), stroke: (bottom: 0.5pt + lijngrijs),"
                   " align(right, report-title))\n}\n")


def page_via_loc(s):
    # Same PDF: the page counter is never reset, so it equals the page.
    return replace(s, "#counter(page).at(loc).first()", "#loc.page()")


def no_annexes(s):
    return s[: s.index(ANNEXES)]


def refs_plain(s):
    return between(s, "#let reflink(id, lbl, with-page: true) = {", "#let safe-url",
                   "#let reflink(id, lbl, with-page: true) = [#txt(id)]\n\n")


def annex_plain_ids(s):
    head, annex = annex_refs(s, lambda i, l: f"[#txt({i})]")
    return head + annex


def annex_label_links(s):
    # A link straight to the label: no query per table cell.
    head, annex = annex_refs(s, lambda i, l: f"annex-link({i}, {l})")
    helper = ('#let annex-link(id, lbl) = {\n  let id = txt(id)\n'
              '  if type(lbl) == str and lbl != "" { link(label(lbl), id) } else { [#id] }\n}\n')
    return head + helper + annex


def annex_table_per_group(s):
    # One table per quarter (Bijlage A) and per chapter (Bijlage B) instead
    # of one table for all.
    s = replace(s, """    block(width: 100%, above: 1.2em, table(
      columns: (auto, 1fr, auto),
      align: (left + top, left + top, right + top),
      table.header([Aanbeveling], [Mijlpaal], [Stand]),
      ..quarters.map(q => {
        let name = if filled(get(q, "label")) { txt(get(q, "label")) } else { txt(get(q, "key")) }
        (table.cell(colspan: 3, fill: tint, text(weight: "semibold", fill: lintblauw, name)),) + arr(get(q, "items")).map(it => (""",
                """    for q in quarters { block(width: 100%, above: 1.2em, table(
      columns: (auto, 1fr, auto),
      align: (left + top, left + top, right + top),
      table.header([Aanbeveling], [Mijlpaal], [Stand]),
      ..{
        let name = if filled(get(q, "label")) { txt(get(q, "label")) } else { txt(get(q, "key")) }
        (table.cell(colspan: 3, fill: tint, text(weight: "semibold", fill: lintblauw, name)),) + arr(get(q, "items")).map(it => (""")
    s = replace(s, """          milestone-mark(it),
        )).flatten()
      }).flatten(),
    ))""", """          milestone-mark(it),
        )).flatten()
      },
    )) }""")
    s = replace(s, """    table(
      columns: (auto, 1fr, auto, auto),
      align: (left + horizon, left + horizon, left + horizon, left + horizon),
      table.header([Nr.], [Titel], [Eigenaar], [Status]),
      ..chapters.map(ch => {""", """    for ch in chapters { table(
      columns: (auto, 1fr, auto, auto),
      align: (left + horizon, left + horizon, left + horizon, left + horizon),
      table.header([Nr.], [Titel], [Eigenaar], [Status]),
      ..{""")
    return replace(s, """          badge(get(rec, "status"), size: 8pt),
        )).flatten()
      }).flatten(),
    )""", """          badge(get(rec, "status"), size: 8pt),
        )).flatten()
      },
    ) }""")


VARIANTS = {
    "as-is": lambda s: s,
    "no-outline": no_outline,
    "outline-depth-1": outline_depth_1,
    "static-header": static_header,
    "page-via-loc": page_via_loc,
    "refs-plain": refs_plain,
    "no-annexes": no_annexes,
    "annex-plain-ids": annex_plain_ids,
    "annex-label-links": annex_label_links,
    "annex-table-per-group": annex_table_per_group,
}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    work = os.path.abspath(sys.argv[1])
    names = sys.argv[2:] or list(VARIANTS)
    print(f"{'variant':<24} {'wall':>8} {'cpu':>8} {'peak':>9} {'pages':>6}")
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
        print(f"{name:<24} {float(wall):7.2f}s {float(user) + float(sys_):7.2f}s {int(kb) // 1024:7d}MB {pages:>6}")
        os.remove(pdf)


main()
