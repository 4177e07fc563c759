#!/usr/bin/env bash
# Pictures of the first book for the README, made again from the current
# code: the PDF's title page, chapter opening and a two-page spread, and the
# EPUB as an e-reader shows it (a chapter page, and a note's pop-up as
# Apple Books and Kobo open it), into docs/; then a figure and a table of
# the fixture book tests/books/content as each edition sets them.
#
# Needs: cargo (builds bookpack), poppler-utils (pdftoppm, pdftotext, pdfinfo),
# ImageMagick (convert), chromium, unzip. Usage: bash scripts/pictures.sh
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in cargo pdftoppm pdftotext pdfinfo convert unzip python3; do
    command -v "$tool" >/dev/null || { echo "pictures.sh: \`$tool\` is needed (apt-get install poppler-utils imagemagick unzip)" >&2; exit 1; }
done
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "pictures.sh: Chromium is needed at $chromium (apt-get install chromium, or set CHROMIUM)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# BOOKPACK=path uses that binary instead of building this checkout's.
bookpack=${BOOKPACK:-}
if [ -z "$bookpack" ]; then
    cargo build --release --quiet
    bookpack=./target/release/bookpack
fi
"$bookpack" build source -o "$work/out" >/dev/null
pdf=$(ls "$work"/out/*.pdf)
epub=$(ls "$work"/out/*.epub)
mkdir -p docs

# The page where a text first appears.
page_of() {
    local pages n
    pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    for n in $(seq 1 "$pages"); do
        if pdftotext -f "$n" -l "$n" "$pdf" - | grep -q "$1"; then echo "$n"; return; fi
    done
    echo "pictures.sh: \"$1\" is not in the PDF" >&2; exit 1
}
page() { # page number, output name
    pdftoppm -r 110 -png -f "$1" -l "$1" -singlefile "$pdf" "$work/p"
    convert "$work/p.png" -bordercolor '#999' -border 1 -define png:exclude-chunks=date,time "docs/$2.png"
}

page 1 pdf-title-page
opening=$(page_of "From Bucharest to Moscow")
# The contents page names the chapter too: the opening is its last mention
# before the text, the first page that also has the synopsis.
opening=$(page_of "Mikoyan on the Chinese")
page "$opening" pdf-chapter-opening
# A spread: a verso (even page) and the recto beside it, inside the chapter.
left=$(( opening + 3 )); [ $(( left % 2 )) -eq 0 ] || left=$(( left + 1 ))
pdftoppm -r 80 -png -f "$left" -l $(( left + 1 )) "$pdf" "$work/s"
convert "$work"/s-*"$left".png "$work"/s-*$(( left + 1 )).png -bordercolor '#999' -border 1 -define png:exclude-chunks=date,time +append docs/pdf-spread.png

# The EPUB in a reading window of an e-reader's proportions.
unzip -q "$epub" -d "$work/epub"
chapter=$(grep -l 'epub:type="noteref"' "$work"/epub/EPUB/*.xhtml 2>/dev/null | head -1 || true)
[ -n "$chapter" ] || chapter=$(grep -rl 'noteref' "$work/epub" --include='*.xhtml' | grep -v notes | head -1)
dir=$(dirname "$chapter")
shot() { # XHTML file, output name
    "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d)" --hide-scrollbars --window-size=600,860 \
        --screenshot="$work/shot.png" "file://$1" >/dev/null 2>&1
    convert "$work/shot.png" -bordercolor '#999' -border 1 -define png:exclude-chunks=date,time "docs/$2.png"
}
# The reading system's own margins and font, as an e-reader applies them;
# for the pop-up, the first note's text in a box over the page, where
# Apple Books and Kobo show it when the reference is tapped.
notes=$(grep -rl 'epub:type="endnotes"' "$work/epub" --include='*.xhtml' | head -1)
python3 - "$chapter" "$notes" "$dir" <<'PY'
import re, sys
chapter, notes, out = sys.argv[1:]
page = open(chapter, encoding="utf-8").read()
css = ('<style>body { margin: 2.2em 2em !important; font-family: "EB Garamond", serif;'
       ' font-size: 19px; line-height: 1.45; }</style>')
page = page.replace("</head>", css + "</head>", 1)
open(f"{out}/view.xhtml", "w", encoding="utf-8").write(page)
li = re.search(r'<li[^>]*id="note-[^"]*".*?</li>', open(notes, encoding="utf-8").read(), re.S).group(0)
text = re.sub(r"<a[^>]*backlink[^>]*>.*?</a>", "", li, flags=re.S)
text = re.sub(r"<[^>]+>", "", text).strip()
popup = ('<div style="position:fixed;inset:0;background:rgba(0,0,0,.15)"></div>'
         '<div style="position:fixed;left:6%;right:6%;top:36%;padding:1.1em 1.3em;background:#fff;'
         'border-radius:10px;box-shadow:0 6px 30px rgba(0,0,0,.35);font-size:18px;line-height:1.4">'
         f'<b>1</b>&#160; {text}</div>')
open(f"{out}/popup.xhtml", "w", encoding="utf-8").write(page.replace("</body>", popup + "</body>", 1))
PY
shot "$dir/view.xhtml" epub-chapter
shot "$dir/popup.xhtml" epub-note-popup

# A figure and a table from the fixture book of issue 8: the PDF page that
# holds each (found by its caption), and the EPUB chapter that holds it in
# the same reading window as above.
"$bookpack" build tests/books/content -o "$work/content" >/dev/null 2>&1
pdf=$(ls "$work"/content/*.pdf)
page "$(page_of "The ground as surveyed")" pdf-figure
page "$(page_of "Three towns and their people")" pdf-table
rm -rf "$work/epub" && unzip -q "$(ls "$work"/content/*.epub)" -d "$work/epub"
view() { # a text the chapter holds, output name
    local file
    file=$(grep -l "$1" "$work"/epub/EPUB/chapter-*.xhtml | head -1)
    [ -n "$file" ] || { echo "pictures.sh: \"$1\" is not in the EPUB" >&2; exit 1; }
    python3 - "$file" "$(dirname "$file")/view-$2.xhtml" <<'PY'
import sys
src, out = sys.argv[1:]
page = open(src, encoding="utf-8").read()
css = ('<style>body { margin: 2.2em 2em !important; font-family: "EB Garamond", serif;'
       ' font-size: 19px; line-height: 1.45; }</style>')
open(out, "w", encoding="utf-8").write(page.replace("</head>", css + "</head>", 1))
PY
    shot "$(dirname "$file")/view-$2.xhtml" "$2"
}
view "The ground as surveyed" epub-figure
view "Three towns and their people" epub-table
ls -l docs/*.png
