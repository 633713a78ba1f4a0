#!/usr/bin/env python3
"""Turns the benchmark's JSON lines (stdin or files) into the markdown table
bench/run.sh prints: median time, throughput and the ratio rareclass / peer
(> 1 means rareclass took longer); for the fit also each tool's largest
coefficient distance from the optimum (scikit-learn at tol 1e-10), to show
all reached the same one. Standard library only. Knows nothing of
how the numbers were measured.

  python3 bench/report.py results.jsonl
"""
import fileinput
import json
import statistics

PEER = {"csv": "pandas", "lr": "scikit-learn"}
TASK = {"csv": "CSV → table", "lr": "logistic regression fit"}
ORDER = ["rareclass-native", "rareclass-wasm", "pandas", "scikit-learn"]


def main():
    rows = [json.loads(l) for l in fileinput.input() if l.startswith("{")]
    out = ["| task | tool | median s (runs) | throughput | rareclass / peer |",
           "|---|---|---|---|---|"]
    for task in ("csv", "lr"):
        res = sorted((r for r in rows if r["task"] == task),
                     key=lambda r: ORDER.index(r["tool"]) if r["tool"] in ORDER else 99)
        peer = next((r for r in res if r["tool"] == PEER[task]), None)
        for r in res:
            med = statistics.median(r["runs_s"])
            runs = ", ".join(f"{t:.3f}" for t in r["runs_s"])
            if task == "csv":
                speed = f'{r["bytes"] / 1e6 / med:.0f} MB/s ({r["rows"]:,} rows × {r["columns"]})'
            else:
                speed = f'{r["n_iter"]} iterations ({r["rows"]:,} rows × {r["features"]})'
                if not r.get("converged", True):
                    speed += ", NOT converged"
                if peer is not None and "optimum" in peer:
                    opt = peer["optimum"]
                    gap = max(abs(a - b) for a, b in zip(r["coef"] + [r["intercept"]],
                                                         opt["coef"] + [opt["intercept"]]))
                    speed += f"; max abs Δ coef from the optimum {gap:.1e}"
            ratio = "—"
            if peer is not None and r is not peer and r["tool"].startswith("rareclass"):
                ratio = f'{med / statistics.median(peer["runs_s"]):.2f}×'
            tool = r["tool"] + (f' ({r["solver"]})' if r["tool"].startswith("rareclass") and "solver" in r else "")
            out.append(f'| {TASK[task]} | {tool} | {med:.3f} ({runs}) | {speed} | {ratio} |')
    out += ["", "Median of the runs; ratio = rareclass median / peer median (< 1: rareclass is faster). "
            "CSV: bytes already in memory (pandas reads from the page cache), rareclass fed in 4 MiB "
            "chunks and summarised as the page does. Fit: C = 1, balanced class weights, tol 1e-4 "
            "(each tool's own stopping rule), from zero; the optimum is scikit-learn's fit at tol 1e-10."]
    print("\n".join(out))


if __name__ == "__main__":
    main()
