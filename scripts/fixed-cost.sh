#!/usr/bin/env bash
# Where a build's fixed cost goes: the CPU a build pays once whatever its
# length, by part of the program. Builds the first chapter repeated as 10
# chapters eight times and as 80 chapters once, each under `perf record`
# (every thread, user and kernel), and prints for each part (the kernel,
# shaping, hyphenation, deflate, ...) the CPU of a 10-chapter build minus
# an eighth of the 80-chapter build's: what the short book pays beyond
# its share of the long one. The parts add up to the difference in CPU
# per chapter that scripts/linear.sh shows (~35 ms a build in December).
#
# What it does not show: time a core stays idle (threads waiting on each
# other at the ends of a build; see the trace notes in benches/README.md),
# and it counts samples (5,000 a second), so a part under ~0.5 ms a build
# is noise, and the total moves from run to run (43-50 ms on this VM in
# December): run it twice before believing a difference. scripts/instructions.sh counts instructions exactly but does
# not see the kernel, which is half of the fixed cost here.
#
# Needs: cargo, perf (Debian: linux-perf; perf_event_paranoid <= 2), python3.
# Usage: bash scripts/fixed-cost.sh [BINARY]   (default: this checkout's release build)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
need fixed-cost.sh "apt-get install linux-perf python3" cargo perf python3
repeated_books 10 80
binary=${1:-$bin/bookpack}
# One untimed build each first, so the files are in the page cache.
for n in 10 80; do "$binary" build "$work/rep$n" -o "$work/out" -q; done
perf record -q -F 5000 -o "$work/short.data" -- \
    bash -c "for i in 1 2 3 4 5 6 7 8; do '$binary' build '$work/rep10' -o '$work/out' -q; done" 2>/dev/null
perf record -q -F 5000 -o "$work/long.data" -- "$binary" build "$work/rep80" -o "$work/out" -q 2>/dev/null
for f in short long; do
    perf report -i "$work/$f.data" --no-children --sort comm,sym --stdio -F sample,comm,sym 2>/dev/null \
        | grep -v '^#' | grep -v '^$' > "$work/$f.txt"
done
python3 - "$work/short.txt" "$work/long.txt" <<'PY'
import collections, re, sys
# Parts of the program, by the symbols' names (first match wins).
PARTS = [
    ("kernel (page faults, scheduling, I/O)", r"^\[k\]"),
    ("shaping (harfrust)", r"harfrust|pdf::shape::"),
    ("hyphenation", r"hyphenat|fst::"),
    ("deflate (zlib-rs)", r"zlib_rs"),
    ("line breaking", r"pdf::linebreak::"),
    ("paragraph preparation", r"pdf::paragraph::"),
    ("pagination", r"pdf::paginate::"),
    ("PDF writing", r"pdf::write::"),
    ("allocator (mimalloc)", r"\bmi_|_mi_"),
    ("memcpy/memset/memcmp", r"__mem"),
    ("hash tables", r"hashbrown"),
    ("EPUB", r"bookpack::epub::|tiny_skia|png::"),
    ("Markdown", r"pulldown_cmark|bookpack::markdown::|bookpack::typography::"),
    ("font files (ttf-parser, allsorts)", r"ttf_parser|allsorts"),
]
def load(path):
    parts = collections.Counter()
    for line in open(path):
        m = re.match(r"\s*(\d+)\s+(\S+)\s+(\[.\])\s+(.*)", line)
        if not m or m.group(2) in ("bash", "perf"):
            continue
        samples, sym = int(m.group(1)), m.group(3) + " " + m.group(4)
        name = next((n for n, rx in PARTS if re.search(rx, sym)), "other")
        parts[name] += samples
    return parts
short, long_ = load(sys.argv[1]), load(sys.argv[2])
ms = 1000 / 5000  # a sample is 0.2 ms of one core
print(f"{'part':40s} {'10 ch':>8s} {'80 ch/8':>8s} {'fixed':>8s}  (ms of CPU a build)")
total = [0.0, 0.0]
for name in sorted(set(short) | set(long_), key=lambda n: -(short[n] / 8 - long_[n] / 8)):
    a, b = short[name] / 8 * ms, long_[name] / 8 * ms
    total[0] += a; total[1] += b
    print(f"{name:40s} {a:8.1f} {b:8.1f} {a - b:+8.1f}")
print(f"{'all':40s} {total[0]:8.1f} {total[1]:8.1f} {total[0] - total[1]:+8.1f}")
PY
