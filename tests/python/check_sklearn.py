"""CI check of `rareclass export --sklearn / --notebook`: the exported
scikit-learn script, run on the demo file, gives logistic coefficients equal
to rareclass's within 1e-4 and test metrics within 1e-6; the same on a
generated file with missing cells, log, missing indicators, booleans, dates
and label encoding; and the notebook's code cells print the same test line.

rareclass is trained with a tight gradient tolerance (tol=1e-10) so both
sides sit at the optimum: at its default 1e-6 rareclass stops within ~1e-3
of it on rare one-hot columns, which is its tolerance, not the pipeline.

Usage: python tests/python/check_sklearn.py RARECLASS_BINARY WORK_DIR"""

import contextlib
import io
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from check_onnx import generated, run  # noqa: E402

COEF_TOL = 1e-4
METRIC_TOL = 1e-6
METRICS = ["roc_auc", "pr_auc", "ks", "log_loss", "brier", "accuracy", "precision", "recall", "f1",
           "balanced_accuracy", "mcc", "tp", "fp", "tn", "fn"]


def check(exe, work, tag, data, args):
    model, report = os.path.join(work, f"{tag}.json"), os.path.join(work, f"{tag}_report.json")
    script, nb, out = (os.path.join(work, f"{tag}{s}") for s in ("_repro.py", "_repro.ipynb", "_repro_out.json"))
    run([exe, "-q", "train", data, "--model", "logistic", "--set", "tol=1e-10", *args,
         "--export", model, "--report", report])
    run([exe, "export", model, "--sklearn", script, "--notebook", nb, "--data", data])
    printed = run([sys.executable, script, data, "--json", out]).stdout
    got = json.load(open(out))
    saved = json.load(open(model))
    want = dict(zip(saved["pipeline"]["feature_names"], saved["model"]["coef"]))
    assert set(want) == set(got["coefficients"]), set(want) ^ set(got["coefficients"])
    coef = max(abs(got["coefficients"][k] - v) for k, v in want.items())
    coef = max(coef, abs(got["intercept"] - saved["model"]["intercept"]))
    rep = json.load(open(report))["models"][0]["test"]
    metric = max(abs(got["metrics"]["test"][k] - rep[k]) for k in METRICS if rep.get(k) is not None)
    # The notebook: its code cells, run in order, print the same table.
    cells = [c for c in json.load(open(nb))["cells"] if c["cell_type"] == "code"]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile("".join("".join(c["source"]) + "\n" for c in cells), nb, "exec"), {"__name__": "__main__"})
    notebook_ok = [l for l in buf.getvalue().splitlines() if l.startswith("test")] == \
                  [l for l in printed.splitlines() if l.startswith("test")]
    return coef, metric, notebook_ok, len(want)


def main():
    exe, work = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.makedirs(work, exist_ok=True)
    train_csv, _ = generated(work)
    cases = [
        ("demo (lending_club), balanced", "data/lending_club.csv",
         ["--label", "Class", "--positive", "bad", "--class-weight", "balanced"]),
        ("breast_cancer, C=0.1", "data/breast_cancer.csv", ["--label", "target", "--C", "0.1"]),
        ("generated: log, indicators, label codes", train_csv,
         ["--label", "y", "--log", "amount", "--missing-indicator", "--label-encode", "--impute", "median"]),
        ("generated: one-hot, indicators, no clip", train_csv,
         ["--label", "y", "--missing-indicator", "--clip", "0", "--class-weight", "balanced"]),
    ]
    print(f"| file | features | max coef diff (tol {COEF_TOL}) | max test-metric diff (tol {METRIC_TOL}) | notebook |")
    print("|---|---:|---:|---:|---|")
    failed = 0
    for i, (tag, data, args) in enumerate(cases):
        coef, metric, notebook_ok, n = check(exe, work, f"case{i}", data, args)
        ok = coef <= COEF_TOL and metric <= METRIC_TOL and notebook_ok
        failed += not ok
        print(f"| {tag} | {n} | {coef:.2e} | {metric:.2e} | {'same' if notebook_ok else 'DIFFERS'} |"
              + ("" if ok else "  <-- FAILED"))
    print(f"{len(cases) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
