#!/usr/bin/env python3
"""Typesetting figures of the first book's chapter as set by bookpack, Typst
and XeLaTeX, on the same text, page and font: A5, EB Garamond 12 at 11/14 pt,
bookpack's A5 margins (top 51, bottom 68, inner 55, outer 65 pt), British
hyphenation, justified, first-line indents, no notes (the body text only).

Measured from each PDF with poppler's `pdftotext -bbox-layout`:
- word spaces: the gap between two words of a justified line (every line
  but a paragraph's last), against the font's own space width (read from
  EBGaramond12-Regular.ttf): median, 95th percentile and widest;
- hyphenated lines: lines ending in a hyphen, and the longest run of them;
- overfull lines: lines whose last letter stands past the text block's
  right edge by more than 1 pt (a hanging punctuation mark is not counted).

Needs: bookpack (built from this repository, `cargo build --release`),
poppler-utils (pdftotext), Typst (`cargo install typst-cli --locked`, or
its Python binding with the same compiler, `pip install typst`),
xelatex (Debian: texlive-xetex, texlive-lang-english for British
hyphenation), fonts-ebgaramond-extra. Prints a Markdown table; with
--readme, also writes it into README.md between the markers
`<!-- figures:begin -->` and `<!-- figures:end -->`.

Usage: python3 scripts/typeset-figures.py [--readme]
"""

import json
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FONT_DIR = "/usr/share/fonts/truetype/ebgaramond"
FONT = os.path.join(FONT_DIR, "EBGaramond12-Regular.ttf")
PAGE_W, PAGE_H = 419.53, 595.28
TOP, BOTTOM, INNER, OUTER = 51, 68, 55, 65
MEASURE = PAGE_W - INNER - OUTER


def need(tool, how):
    if shutil.which(tool) is None:
        sys.exit(f"typeset-figures: `{tool}` is needed: {how}")


def space_width_em(path):
    """The advance of U+0020 in em, read from the font's cmap and hmtx."""
    data = open(path, "rb").read()
    num = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(num):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
        tables[tag.decode()] = off
    upem = struct.unpack(">H", data[tables["head"] + 18: tables["head"] + 20])[0]
    n_hmetrics = struct.unpack(">H", data[tables["hhea"] + 34: tables["hhea"] + 36])[0]
    cmap = tables["cmap"]
    glyph = None
    for i in range(struct.unpack(">H", data[cmap + 2: cmap + 4])[0]):
        pid, eid, off = struct.unpack(">HHI", data[cmap + 4 + 8 * i: cmap + 12 + 8 * i])
        sub = cmap + off
        if struct.unpack(">H", data[sub: sub + 2])[0] != 4 or pid not in (0, 3):
            continue
        segs = struct.unpack(">H", data[sub + 6: sub + 8])[0] // 2
        ends = struct.unpack(f">{segs}H", data[sub + 14: sub + 14 + 2 * segs])
        base = sub + 16 + 2 * segs
        starts = struct.unpack(f">{segs}H", data[base: base + 2 * segs])
        deltas = struct.unpack(f">{segs}h", data[base + 2 * segs: base + 4 * segs])
        ro_at = base + 4 * segs
        ranges = struct.unpack(f">{segs}H", data[ro_at: ro_at + 2 * segs])
        for k in range(segs):
            if starts[k] <= 0x20 <= ends[k]:
                if ranges[k] == 0:
                    glyph = (0x20 + deltas[k]) & 0xFFFF
                else:
                    at = ro_at + 2 * k + ranges[k] + 2 * (0x20 - starts[k])
                    glyph = struct.unpack(">H", data[at: at + 2])[0]
                break
        if glyph is not None:
            break
    hmtx = tables["hmtx"]
    g = min(glyph, n_hmetrics - 1)
    advance = struct.unpack(">H", data[hmtx + 4 * g: hmtx + 4 * g + 2])[0]
    return advance / upem


def paragraphs():
    """The chapter's body paragraphs as plain text, from `bookpack dump`."""
    out = subprocess.run([BOOKPACK, "dump", os.path.join(ROOT, "source")],
                         check=True, capture_output=True, text=True).stdout
    book = json.loads(out)

    def text(inlines):
        s = ""
        for i in inlines:
            t = i.get("type")
            if t == "text":
                s += i["text"]
            elif t in ("emphasis", "strong", "link"):
                s += text(i["content"])
            elif t == "code":
                s += i["text"]
        return s

    paras = []
    for ch in book["chapters"]:
        for b in ch["blocks"]:
            if b.get("type") == "paragraph":
                paras.append(text(b["content"]).replace("\u00a0", " "))
    return paras


def set_bookpack(paras, work):
    book = os.path.join(work, "bp")
    os.makedirs(book)
    with open(os.path.join(book, "book.toml"), "w") as f:
        f.write('title = "Figures"\nauthors = ["A"]\nlanguage = "en-GB"\n'
                'chapters = ["ch.md"]\n')
    with open(os.path.join(book, "ch.md"), "w") as f:
        f.write("# From Bucharest to Moscow\n\n")
        for p in paras:
            f.write(md_escape(p) + "\n\n")
    subprocess.run([BOOKPACK, "build", book, "-o", os.path.join(work, "out"), "--pdf"],
                   check=True, capture_output=True)
    return os.path.join(work, "out", "figures.pdf")


def md_escape(s):
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", s)


def set_typst(paras, work):
    src = os.path.join(work, "t.typ")
    with open(src, "w") as f:
        f.write(f"""#set page(width: {PAGE_W}pt, height: {PAGE_H}pt,
  margin: (inside: {INNER}pt, outside: {OUTER}pt, top: {TOP}pt, bottom: {BOTTOM}pt))
#set text(font: "EB Garamond 12", size: 11pt, lang: "en", region: "gb",
  hyphenate: true, top-edge: 11pt, bottom-edge: 0pt)
#set par(justify: true, leading: 3pt, spacing: 3pt, first-line-indent: 11pt)
""")
        for p in paras:
            f.write(typst_escape(p) + "\n\n")
    pdf = os.path.join(work, "typst.pdf")
    typst_compile(src, pdf)
    return pdf


def typst_compile(src, pdf):
    """Typst's own CLI when installed, else the same compiler through its
    Python binding (`pip install typst`), which needs no Rust build."""
    if shutil.which("typst"):
        subprocess.run(["typst", "compile", "--font-path", FONT_DIR, src, pdf], check=True)
    else:
        import typst
        typst.compile(src, output=pdf, font_paths=[FONT_DIR])


def have_typst():
    if shutil.which("typst"):
        return True
    try:
        import typst  # noqa: F401
        return True
    except ImportError:
        return False


def typst_escape(s):
    return re.sub(r"([\\#$*_`<>@\[\]~=/-])", r"\\\1", s)


def set_latex(paras, work):
    src = os.path.join(work, "l.tex")
    with open(src, "w") as f:
        f.write(r"""\documentclass[11pt]{article}
\usepackage[paperwidth=%spt,paperheight=%spt,top=%dpt,bottom=%dpt,inner=%dpt,outer=%dpt,twoside]{geometry}
\usepackage{fontspec}
\setmainfont{EBGaramond12-Regular.ttf}[Path=%s/,ItalicFont=EBGaramond12-Italic.ttf]
\usepackage{polyglossia}
\setdefaultlanguage[variant=british]{english}
\pagestyle{plain}
\begin{document}
\fontsize{11}{14}\selectfont
""" % (PAGE_W, PAGE_H, TOP, BOTTOM, INNER, OUTER, FONT_DIR))
        for p in paras:
            f.write(tex_escape(p) + "\n\n")
        f.write("\\end{document}\n")
    subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", "l.tex"],
                   cwd=work, check=True, capture_output=True)
    return os.path.join(work, "l.pdf")


def tex_escape(s):
    return (s.replace("\\", r"\textbackslash{}").replace("&", r"\&").replace("%", r"\%")
            .replace("$", r"\$").replace("#", r"\#").replace("_", r"\_")
            .replace("{", r"\{").replace("}", r"\}"))


def measure(pdf, first_words, space_em):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"],
                         check=True, capture_output=True, text=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    xml = xml.replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(xml)
    started = False
    ratios, hyphenated, run, longest, overfull, lines, pages = [], 0, 0, 0, 0, 0, 0
    for page in root.iter("page"):
        page_lines = []
        for line in page.iter("line"):
            words = [(float(w.get("xMin")), float(w.get("xMax")), w.text or "") for w in line.iter("word")]
            if words:
                page_lines.append(words)
        text = " ".join(w[2] for l in page_lines for w in l)
        if not started:
            if first_words not in text:
                continue
            started = True
        pages += 1
        if not page_lines:
            continue
        # The text block's left edge: the commonest line start on the page.
        starts = [round(l[0][0]) for l in page_lines]
        left = max(set(starts), key=starts.count)
        right = left + MEASURE
        body = [l for l in page_lines if -8 < l[0][0] - left < 20 and len(l) > 1]
        for k, words in enumerate(body):
            lines += 1
            last = words[-1]
            # Typst's PDF gives a hyphen added at a break as U+00AD (soft
            # hyphen) in its text; bookpack and XeLaTeX give "-".
            ends_hyphen = last[2].endswith(("-", "\u00ad"))
            if ends_hyphen:
                hyphenated += 1
                run += 1
                longest = max(longest, run)
            else:
                run = 0
            letters = last[2].rstrip(".,;:!?\u201d\u2019\"')-\u00ad")
            if letters != last[2] and last[1] - right > 4:
                overfull += 1  # past the edge by more than a hanging mark
            elif letters == last[2] and last[1] - right > 1:
                overfull += 1
            if last[1] < right - 3:
                continue  # a paragraph's last line: natural spaces
            size = 11.0
            for a, b in zip(words, words[1:]):
                gap = b[0] - a[1]
                ratios.append(gap / (space_em * size))
    ratios.sort()

    def pct(p):
        return ratios[min(len(ratios) - 1, int(p * len(ratios)))]
    return {
        "pages": pages, "lines": lines,
        "median": statistics.median(ratios), "p95": pct(0.95), "max": ratios[-1],
        "hyphenated": hyphenated, "hyph_pct": 100.0 * hyphenated / max(lines, 1),
        "longest": longest, "overfull": overfull,
    }


def main():
    global BOOKPACK
    need("pdftotext", "apt-get install poppler-utils")
    if not have_typst():
        sys.exit("typeset-figures: Typst is needed: `cargo install typst-cli --locked` or `pip install typst`")
    need("xelatex", "apt-get install texlive-xetex texlive-lang-english")
    if not os.path.isfile(FONT):
        sys.exit("typeset-figures: EB Garamond is needed: apt-get install fonts-ebgaramond-extra")
    BOOKPACK = os.environ.get("BOOKPACK") or os.path.join(ROOT, "target/release/bookpack")
    if not os.access(BOOKPACK, os.X_OK):
        sys.exit(f"typeset-figures: no bookpack at {BOOKPACK}: run `cargo build --release` (or set BOOKPACK)")
    space_em = space_width_em(FONT)
    paras = paragraphs()
    first_words = " ".join(paras[0].split()[:2])
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name, setter in (("bookpack", set_bookpack), ("Typst", set_typst), ("XeLaTeX (untuned)", set_latex)):
            pdf = setter(paras, work)
            rows.append((name, measure(pdf, first_words, space_em)))
    table = ["| | pages | lines | word space median | p95 | widest | hyphenated lines | most in a row | overfull lines |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, m in rows:
        table.append(f"| {name} | {m['pages']} | {m['lines']} | {m['median']:.2f}× | {m['p95']:.2f}× | "
                     f"{m['max']:.2f}× | {m['hyphenated']} ({m['hyph_pct']:.1f} %) | {m['longest']} | {m['overfull']} |")
    text = "\n".join(table)
    print(text)
    if "--readme" in sys.argv:
        path = os.path.join(ROOT, "README.md")
        readme = open(path).read()
        new = re.sub(r"(<!-- figures:begin -->\n).*?(<!-- figures:end -->)",
                     lambda m: m.group(1) + text + "\n" + m.group(2), readme, flags=re.S)
        if new == readme and "<!-- figures:begin -->" not in readme:
            sys.exit("typeset-figures: README.md has no <!-- figures:begin --> marker")
        open(path, "w").write(new)


if __name__ == "__main__":
    main()
