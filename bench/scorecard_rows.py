#!/usr/bin/env python3
"""The scorecard's rows (bench/scorecard.sh): reads one bench's saved output
and appends its checks to the rows file as JSON lines
{check, measured, goal, met, load}.

  python3 bench/scorecard_rows.py KIND OUTPUT LOAD_BEFORE ROWS
  KIND: csv | dan | memory | workers | e2e
"""
import json
import statistics
import sys


def load_now():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def json_lines(path):
    return [json.loads(l) for l in open(path) if l.startswith("{")]


def checks(kind, output):
    """(check, measured, goal, met) of one bench's output."""
    if kind == "csv":
        for line in open(output):
            cells = [c.strip() for c in line.split("|")[1:-1]]
            if len(cells) >= 7 and cells[1] == "rareclass-wasm":
                ratio = float(cells[6])
                yield (f"CSV → table, wasm ÷ pandas (CPU s): {cells[0].split(' (')[0]}", f"{ratio:.2f}", "≤ 1.0", ratio <= 1.0)
    elif kind == "dan":
        rows = json_lines(output)
        step = lambda tool: statistics.median(next(r for r in rows if r["tool"] == tool)["step_s"])
        ratio = step("rareclass-wasm") / step("numpy")
        yield ("DAN step, wasm ÷ NumPy (one thread each)", f"{ratio:.2f}", "≤ 1.0", ratio <= 1.0)
    elif kind == "memory":
        r = json_lines(output)[0]
        for what, mb, x in [("resident set", r["tab_peak_mb"], r["tab_peak_over_file"]),
                            ("private (without the browser's shared code pages)", r["tab_private_peak_mb"], r["tab_private_peak_over_file"])]:
            yield (f"tab peak while reading + training, {what}", f"{mb} MB = {x} × file", "< 2.5 × file", x < 2.5)
    elif kind == "workers":
        # forest_workers.mjs: the Train tab's forest (its runs carry metric
        # cards) and the 10 × 5 grid (its runs carry the table's row count),
        # each with 1 and 2 workers. Two speed-ups each: wall, and by the
        # busiest thread's CPU seconds (what the run takes when each worker
        # has a core to itself, i.e. on idle cores).
        by = {}
        for r in json_lines(output):
            if "wall" in r and "workers" in r:
                by.setdefault("forest, 100 trees" if "cards" in r else "grid 10 × 5", {})[r["workers"]] = r
        for job, runs in by.items():
            if 1 in runs and 2 in runs:
                wall = runs[1]["wall"] / runs[2]["wall"]
                busiest = runs[1]["busiest"] / runs[2]["busiest"]
                yield (f"{job}, 2 workers vs 1: wall · busiest thread CPU", f"{wall:.2f}× · {busiest:.2f}×",
                       "≥ 1.7 on 2 idle cores", min(wall, busiest) >= 1.7)
    elif kind == "e2e":
        # end_to_end.mjs runs the story with 1 and with 2 workers: the page's own (most workers) counts.
        r = max(json_lines(output), key=lambda r: r.get("workers", 1))
        yield (f"drop the fraud CSV → the tutorial's 3 networks with every chart ({r.get('workers', 1)} workers)",
               f"{r['totalS']:.1f} s", "< 10 s", r["totalS"] < 10)
    else:
        sys.exit(f"scorecard_rows: unknown kind {kind}")


def main():
    kind, output, before, rows = sys.argv[1:]
    load = f"{before} → {load_now()}"
    with open(rows, "a") as f:
        for check, measured, goal, met in checks(kind, output):
            f.write(json.dumps({"check": check, "measured": measured, "goal": goal,
                                "met": "met" if met else "not met", "load": load}) + "\n")


if __name__ == "__main__":
    main()
