#!/usr/bin/env python3
"""Writes the synthetic wide CSV of the CSV-speed benchmark (bench/csv_speed.sh):
ROWS rows x 50 mixed columns, seeded, so every run reads the same bytes.
Made, never committed (about 0.3 GB at a million rows).

  python3 bench/wide_csv.py OUT.csv [ROWS] [SEED]

The columns mix what real exports hold, so every path of the reader's type
inference is timed, not only plain decimals:
  f01-f12  floats, 6 decimals           (the fast path)
  g01-g04  floats, shortest round-trip  (17 significant digits: the slow path)
  e01-e02  floats in exponent form      (1.234e-05)
  i01-i06  integers, some negative
  m01-m04  floats with ~5 % missing     (empty, NA, nan)
  c01-c08  categories, 3..300 levels
  b01-b03  booleans (true/false, yes/no, Y/N)
  d01-d03  dates, date-times, date-times with offsets
  t01-t03  identifiers (Text: ~every value distinct)
  x01-x02  numbers until a late text cell (the switch to codes)
  q01-q03  quoted text holding the delimiter
Only numpy's seeded Generator draws values; nothing depends on the clock.
"""
import sys

import numpy as np


def chunk_columns(rng, n, start):
    cols = []
    for _ in range(12):
        cols.append(np.char.mod("%.6f", rng.normal(0, 50, n)))
    for _ in range(4):
        cols.append(rng.normal(0, 1, n).astype(str))
    for _ in range(2):
        cols.append(np.char.mod("%.3e", rng.lognormal(0, 4, n)))
    for _ in range(6):
        cols.append(rng.integers(-1000, 100000, n).astype(str))
    for _ in range(4):
        v = np.char.mod("%.4f", rng.normal(10, 3, n)).astype(object)
        miss = rng.random(n) < 0.05
        v[miss] = rng.choice(np.array(["", "NA", "nan"], dtype=object), miss.sum())
        cols.append(v.astype(str))
    for k, levels in enumerate([3, 5, 8, 12, 20, 40, 100, 300]):
        names = np.array([f"level_{k}_{j}" for j in range(levels)])
        cols.append(names[rng.zipf(1.6, n) % levels])
    for pair in (("true", "false"), ("yes", "no"), ("Y", "N")):
        cols.append(np.array(pair)[(rng.random(n) < 0.3).astype(int)])
    days = rng.integers(0, 3650, n)
    base = np.datetime64("2015-01-01")
    cols.append(np.datetime_as_string(base + days.astype("timedelta64[D]"), unit="D"))
    secs = rng.integers(0, 3650 * 86400, n)
    stamps = np.datetime64("2015-01-01T00:00:00") + secs.astype("timedelta64[s]")
    cols.append(np.char.replace(np.datetime_as_string(stamps, unit="s"), "T", " "))
    cols.append(np.char.add(np.datetime_as_string(stamps, unit="s"), "+02:00"))
    for k in range(3):
        ids = rng.integers(0, 1 << 62, n, dtype=np.int64)
        cols.append(np.char.add(f"id{k}-", np.char.mod("%x", ids)))
    for _ in range(2):
        v = np.char.mod("%.2f", rng.normal(0, 1, n)).astype(object)
        late = (np.arange(start, start + n) % 700_000) == 699_999
        v[late] = "unknown"
        cols.append(v.astype(str))
    words = np.array(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"])
    for _ in range(3):
        a = words[rng.integers(0, 8, n)]
        b = words[rng.integers(0, 8, n)]
        cols.append(np.char.add(np.char.add(np.char.add('"', a), np.char.add(", ", b)), '"'))
    return cols


def header():
    names = [f"f{i:02}" for i in range(1, 13)] + [f"g{i:02}" for i in range(1, 5)]
    names += [f"e{i:02}" for i in range(1, 3)] + [f"i{i:02}" for i in range(1, 7)]
    names += [f"m{i:02}" for i in range(1, 5)] + [f"c{i:02}" for i in range(1, 9)]
    names += [f"b{i:02}" for i in range(1, 4)] + [f"d{i:02}" for i in range(1, 4)]
    names += [f"t{i:02}" for i in range(1, 4)] + [f"x{i:02}" for i in range(1, 3)]
    names += [f"q{i:02}" for i in range(1, 4)]
    assert len(names) == 50
    return names


def main(argv):
    if not argv:
        sys.exit("usage: wide_csv.py OUT.csv [ROWS] [SEED]")
    out, rows = argv[0], int(argv[1]) if len(argv) > 1 else 1_000_000
    rng = np.random.default_rng(int(argv[2]) if len(argv) > 2 else 20261206)
    step = 50_000
    with open(out, "w", newline="") as f:
        f.write(",".join(header()) + "\n")
        for start in range(0, rows, step):
            n = min(step, rows - start)
            cols = chunk_columns(rng, n, start)
            f.write("\n".join(",".join(row) for row in zip(*cols)) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
