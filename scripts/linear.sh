#!/usr/bin/env bash
# Issue 10's linearity figure: the time per chapter of the first chapter
# repeated as 10, 40 and 80 chapters. Each round builds the three books in
# turn, so a VM whose speed drifts from minute to minute slows all three
# alike; the figures are medians over the rounds, and the per-round ratio
# of each book's time per chapter to the 80-chapter book's.
#
# Needs: cargo, python3, GNU time (/usr/bin/time).
# Usage: bash scripts/linear.sh [ROUNDS]   (default 6; both editions, -q)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-6}
for tool in cargo python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "linear.sh: \`$tool\` is needed (apt-get install time python3)" >&2; exit 1; }
done
cargo build --release --quiet --bin bookpack --example bookgen
bin=${CARGO_TARGET_DIR:-target}/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 10 40 80; do
    "$bin/examples/bookgen" repeated "$n" "$work/rep$n" >/dev/null
done
for r in $(seq "$rounds"); do
    for n in 10 40 80; do
        /usr/bin/time -o "$work/time" -f "%e %U %S %M" \
            "$bin/bookpack" build "$work/rep$n" -o "$work/out" -q >/dev/null
        echo "$r $n $(cat "$work/time")"
    done
done > "$work/raw"
python3 - "$work/raw" <<'PY'
import statistics as st, sys
rows = [l.split() for l in open(sys.argv[1])]
by, rounds = {}, {}
for r, n, wall, user, system, peak in rows:
    n = int(n)
    by.setdefault(n, []).append((float(wall), float(user) + float(system), int(peak)))
    rounds.setdefault(r, {})[n] = float(wall) / n
for n in sorted(by):
    wall = st.median(x[0] for x in by[n])
    cpu = st.median(x[1] for x in by[n])
    peak = st.median(x[2] for x in by[n]) / 1024
    print(f"{n} chapters: wall {wall:.3f} s ({1000 * wall / n:.1f} ms a chapter), "
          f"CPU {cpu:.3f} s ({1000 * cpu / n:.1f} ms a chapter), peak {peak:.1f} MiB")
for n in (10, 40):
    ratios = sorted(v[n] / v[80] for v in rounds.values())
    print(f"time a chapter, {n} against 80 chapters, per round: median {st.median(ratios):.3f} "
          f"(from {ratios[0]:.3f} to {ratios[-1]:.3f})")
PY
