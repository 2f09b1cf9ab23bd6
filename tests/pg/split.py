"""Splits the API test files among the lanes of tests/run.sh (on SQLite and on PostgreSQL) by
their number of tests (collected, parametrized cases included), largest first into the lane
with the most room left, so the lanes end about together instead of one running on alone.

Usage: split.py LANE SHARES... < collected   (collected: `pytest --collect-only -q` lines)
Prints the files of lane LANE (0-based), one a line. SHARES are the lanes' relative sizes:
`split.py 1 3 3 2` gives lane 1 three eighths of the tests."""

import collections
import sys


def main():
    lane, shares = int(sys.argv[1]), [float(s) for s in sys.argv[2:]]
    counts = collections.Counter(line.split("::", 1)[0] for line in sys.stdin if "::" in line)
    total = sum(counts.values())
    room = [total * s / sum(shares) for s in shares]
    bins = [[] for _ in shares]
    for path, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        i = max(range(len(room)), key=lambda k: room[k])
        bins[i].append(path)
        room[i] -= n
    print("\n".join(sorted(bins[lane])))


if __name__ == "__main__":
    main()
