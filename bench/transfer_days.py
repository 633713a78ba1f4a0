"""Splits the credit-card fraud CSV into two populations for transfer mode:
day 1 (Time < 86400 s) as the source and day 2 (Time >= 86400 s) as the
target, without the Time column (it is what tells the days apart, so as a
feature it would be a constant-offset shift by construction). Writes
bench/data/creditcard_day1.csv and bench/data/creditcard_day2.csv (not
committed; bench/data is ignored). Standard library only.

    python3 bench/transfer_days.py [/path/to/creditcard.csv]
"""

import csv
import os
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "/work/cache/creditcard.csv"
out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
os.makedirs(out_dir, exist_ok=True)
with open(src, newline="") as f:
    rows = csv.reader(f)
    header = next(rows)
    t = header.index("Time")
    keep = [i for i in range(len(header)) if i != t]
    paths = [os.path.join(out_dir, f"creditcard_day{d}.csv") for d in (1, 2)]
    outs = [open(p, "w", newline="") for p in paths]
    writers = [csv.writer(o) for o in outs]
    for w in writers:
        w.writerow([header[i] for i in keep])
    counts = [0, 0]
    for r in rows:
        day = 0 if float(r[t]) < 86400 else 1
        writers[day].writerow([r[i] for i in keep])
        counts[day] += 1
    for o in outs:
        o.close()
for p, c in zip(paths, counts):
    print(f"{p}: {c} rows")
