#!/usr/bin/env python3
"""Crafted Word forms for the import's work bounds (issue 27.3).

Makes, from a real form of the test fixture, forms that grow one thing:
many paragraphs under Tekst; one paragraph of many runs; one media part
named by many relationships; mc:AlternateContent nested deep (both
branches doubling, or deep over a large payload); one footnote referred to
many times.
Then times `jaarrapport import --dry-run` on each with GNU time (wall
time and peak memory), stopping a run after TIMEOUT seconds.

    bench/word-forms.py BINARY [BINARY...]     # e.g. a before and an after build

Not a test: nothing here asserts; BENCHMARKS.md records the numbers.
"""
import os, re, shutil, subprocess, sys, tempfile, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = int(os.environ.get("TIMEOUT", "120"))
PNG = bytes([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0, 123, 64, 232,
             221, 0, 0, 0, 13, 73, 68, 65, 84, 120, 156, 99, 248, 207, 0, 4, 255, 1, 7, 0, 1, 255, 226, 35, 158, 89, 0, 0, 0, 0,
             73, 69, 78, 68, 174, 66, 96, 130])
END = '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p><w:sectPr>'


def rewrite(src, dst, edit, extra=()):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.endswith((".xml", ".rels")):
                data = edit(item.filename, data.decode()).encode()
            zout.writestr(item.filename, data)
        for name, data in extra:
            zout.writestr(name, data)


def at_end(doc, xml):
    # Before the form's last paragraph (new forms) or before sectPr (old ones).
    if END in doc:
        return doc.replace(END, xml + END, 1)
    return doc.replace("<w:sectPr>", xml + "<w:sectPr>", 1)


def paragraphs(n):
    paras = "".join(f'<w:p><w:r><w:t>Alinea {i} met wat tekst over de voortgang.</w:t></w:r></w:p>' for i in range(n))
    return lambda name, t: at_end(t, paras) if name == "word/document.xml" else t, ()


def runs(n):
    para = "<w:p>" + "".join(f'<w:r><w:t xml:space="preserve">woord{i} </w:t></w:r>' for i in range(n)) + "</w:p>"
    return lambda name, t: at_end(t, para) if name == "word/document.xml" else t, ()


def media(n):
    rels = "".join(
        f'<Relationship Id="rIdM{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/een.png"/>'
        for i in range(n))
    big = PNG + b"\0" * (1 << 20)  # one MB part, named n times
    def edit(name, t):
        if name == "word/_rels/document.xml.rels":
            return t.replace("</Relationships>", rels + "</Relationships>")
        return t
    return edit, [("word/media/een.png", big)]


def nested(depth, both, payload=1):
    """`both`: the inner content in both branches (the file doubles with each
    level), else in the chosen branch only (the file grows linearly)."""
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
    inner = "<w:t>diep</w:t>" * payload
    for level in range(depth):
        fallback = inner if both else "<w:t>kort</w:t>"
        ns = mc if level == depth - 1 else ""  # declared once, on the outermost
        inner = f'<mc:AlternateContent {ns}><mc:Choice Requires="w14">{inner}</mc:Choice><mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent>'
    para = f'<w:p><w:r>{inner}</w:r></w:p>'
    return lambda name, t: at_end(t, para) if name == "word/document.xml" else t, ()


def footnote(n):
    refs = "".join('<w:r><w:footnoteReference w:id="1"/></w:r>' for _ in range(n))
    para = f'<w:p><w:r><w:t>Noot</w:t></w:r>{refs}</w:p>'
    return lambda name, t: at_end(t, para) if name == "word/document.xml" else t, ()


CASES = [
    ("paragraphs-500", paragraphs, 500),
    ("paragraphs-5000", paragraphs, 5000),
    ("paragraphs-20000", paragraphs, 20000),
    ("paragraphs-80000", paragraphs, 80000),
    ("runs-in-one-paragraph-40000", runs, 40000),
    ("media-1MB-x2000", media, 2000),
    ("alternate-both-branches-depth-14", lambda n: nested(n, True), 14),
    ("alternate-depth-95-payload-40000", lambda n: nested(n, False, 40000), 95),
    ("footnote-x5000", footnote, 5000),
]


def main():
    binaries = sys.argv[1:]
    if not binaries:
        sys.exit(__doc__)
    work = tempfile.mkdtemp(prefix="word-bench-")
    try:
        content = os.path.join(work, "content")
        shutil.copytree(os.path.join(ROOT, "tests/fixtures/valid"), content)
        # Each binary reads forms made by itself (the form's version and
        # properties differ between builds).
        bases = []
        for k, b in enumerate(binaries):
            base = os.path.join(work, f"base-{k}.docx")
            subprocess.run([b, "new", "2.1.A", "--ministerie", "SZW", "--content", content, "--docx", base],
                           check=True, stdout=subprocess.DEVNULL)
            bases.append(base)
        print(f"| form | size | " + " | ".join(os.path.basename(b) + " (s, MB)" for b in binaries) + " |")
        print("|---|---:|" + "---:|" * len(binaries))
        for name, make, n in CASES:
            edit, extra = make(n)
            cells = []
            for k, b in enumerate(binaries):
                path = os.path.join(work, f"{name}-{k}.docx")
                rewrite(bases[k], path, edit, extra)
                cmd = ["/usr/bin/time", "-f", "%e %M", b, "import", "--dry-run", "--content", content, path]
                try:
                    r = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
                    secs, kb = r.stderr.strip().splitlines()[-1].split()
                    verdict = "ok" if r.returncode == 0 else f"exit {r.returncode}"
                    cells.append(f"{float(secs):.2f} s, {int(kb) // 1024} MB, {verdict}")
                except subprocess.TimeoutExpired:
                    cells.append(f"> {TIMEOUT} s (stopped)")
            size = os.path.getsize(path) // 1024
            print(f"| {name} | {size} KB | " + " | ".join(cells) + " |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
