#!/usr/bin/env bash
# Issue 10's linearity figure: the time per chapter of the first chapter
# repeated as 10, 40 and 80 chapters. Each round builds the three books in
# turn (with each binary in turn, when several are given), so a VM whose
# speed drifts from minute to minute slows all of them alike; the figures
# are medians over the rounds, and the per-round ratio of each book's time
# per chapter to the 80-chapter book's.
#
# Needs: cargo, python3, GNU time (/usr/bin/time), bash 5 (EPOCHREALTIME).
# Usage: bash scripts/linear.sh [ROUNDS [BINARY...]]
#   (default 6 rounds of this checkout's release build; both editions, -q)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-6}
shift || true
. scripts/common.sh
need linear.sh "apt-get install time python3" cargo python3 /usr/bin/time
repeated_books 10 40 80
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || binaries=("$bin/bookpack")
for r in $(seq "$rounds"); do
    for b in "${!binaries[@]}"; do
        for n in 10 40 80; do
            # GNU time gives wall time in hundredths of a second: 4 % of a
            # 10-chapter build, as much as the effect measured. Bash's
            # microsecond clock times the run instead (time's own start,
            # ~1 ms, included alike for every book); time gives CPU and
            # peak memory.
            start=$EPOCHREALTIME
            /usr/bin/time -o "$work/time" -f "%U %S %M" \
                "${binaries[$b]}" build "$work/rep$n" -o "$work/out" -q >/dev/null
            end=$EPOCHREALTIME
            echo "$r $b $n $(python3 -c "print(f'{$end - $start:.6f}')") $(cat "$work/time")"
        done
    done
done > "$work/raw"
python3 - "$work/raw" "${binaries[@]}" <<'PY'
import statistics as st, sys
rows = [l.split() for l in open(sys.argv[1])]
names = sys.argv[2:]
for b, name in enumerate(names):
    by, rounds = {}, {}
    for r, bb, n, wall, user, system, peak in rows:
        if int(bb) != b:
            continue
        n = int(n)
        by.setdefault(n, []).append((float(wall), float(user) + float(system), int(peak)))
        rounds.setdefault(r, {})[n] = float(wall) / n
    if len(names) > 1:
        print(name)
    for n in sorted(by):
        wall = st.median(x[0] for x in by[n])
        cpu = st.median(x[1] for x in by[n])
        peak = st.median(x[2] for x in by[n]) / 1024
        print(f"{n} chapters: wall {wall:.3f} s ({1000 * wall / n:.2f} ms a chapter), "
              f"CPU {cpu:.3f} s ({1000 * cpu / n:.1f} ms a chapter), peak {peak:.1f} MiB")
    per = {n: st.median(x[0] for x in by[n]) / n for n in by}
    print(f"time a chapter by medians, 10 / 40 against 80 chapters: "
          f"{per[10] / per[80]:.3f} / {per[40] / per[80]:.3f}")
    for n in (10, 40):
        ratios = sorted(v[n] / v[80] for v in rounds.values())
        over = sum(x > 1.15 for x in ratios)
        print(f"time a chapter, {n} against 80 chapters, per round: median {st.median(ratios):.3f} "
              f"(from {ratios[0]:.3f} to {ratios[-1]:.3f}; above 1.15 in {over} of {len(ratios)})")
PY
