#!/usr/bin/env bash
# Issue 10's linearity in instructions rather than time: the first chapter
# repeated as 1, 2, 10, 40 and 80 chapters, each built once under
# callgrind, which counts every instruction every thread runs. The counts
# barely move from run to run (0.2 % for 10 chapters, 1 % for two: the
# workers now and then shape the same new word at once), where wall time
# on a shared VM moves by several per cent from one quarter hour to the
# next, as much as a change to the fixed cost is worth. So they tell
# whether a change made the work smaller or only moved it: instructions
# per chapter of each book against the 80-chapter one, and the fixed cost
# (from the 1- and 2-chapter books: what a build pays once whatever its
# length).
#
# What instructions do not show: threads waiting on each other, the
# kernel's time (first-touch page faults), and what an instruction costs
# (a flat hyphenation trie removed 8 % of a large-vocabulary book's
# instructions and no measurable CPU time): compare with scripts/linear.sh
# before calling a change a gain.
#
# Needs: cargo, valgrind, python3. Takes some 5 minutes (the 80-chapter
# book alone ~3; pass a shorter list to skip it).
# Usage: bash scripts/instructions.sh [BINARY [CHAPTERS...]]
#   (default: this checkout's release build; 1 2 10 40 80)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
need instructions.sh "apt-get install valgrind python3" cargo valgrind python3
binary=${1:-}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 2 10 40 80)
repeated_books "${sizes[@]}"
binary=${binary:-$bin/bookpack}
for n in "${sizes[@]}"; do
    valgrind --tool=callgrind --cache-sim=no --branch-sim=no \
        --callgrind-out-file="$work/cg$n" \
        "$binary" build "$work/rep$n" -o "$work/out$n" -q >/dev/null 2>"$work/log$n" \
        || { cat "$work/log$n" >&2; exit 1; }
    # The totals line of callgrind's output: instructions, all threads.
    echo "$n $(sed -n 's/^summary: //p' "$work/cg$n")"
done > "$work/counts"
python3 - "$work/counts" <<'PY'
import sys
counts = {int(n): int(ir) for n, ir in (line.split() for line in open(sys.argv[1]))}
for n, ir in sorted(counts.items()):
    print(f"{n:3} chapters: {ir / 1e6:10.1f} M instructions, {ir / n / 1e6:7.1f} M a chapter")
if 1 in counts and 2 in counts:
    per = counts[2] - counts[1]
    print(f"a chapter more: {per / 1e6:.1f} M; once a build: {(counts[1] - per) / 1e6:.1f} M")
if 80 in counts:
    base = counts[80] / 80
    for n in sorted(counts):
        if n != 80:
            print(f"instructions a chapter, {n} against 80 chapters: {counts[n] / n / base:.3f}")
PY
