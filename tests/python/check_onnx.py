"""CI check of `rareclass export --onnx`: for every model kind on the bundled
files, ONNX Runtime's probabilities equal `rareclass predict`'s scores within
1e-5 and `onnx.checker` (full check, with shape inference) passes; and the
same on a generated file whose scored rows hold categories unseen in
training, missing cells of every kind, booleans and dates, with missing
indicators, log, one-hot and label encoding.

Usage: python tests/python/check_onnx.py RARECLASS_BINARY WORK_DIR
Prints a table (model kind × file: max |diff|, checker) and exits non-zero
on any failure."""

import os
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime as ort
import pandas as pd

sys.path.insert(0, os.path.dirname(__file__))
from onnx_feed import feeds  # noqa: E402

TOL = 1e-5

# Small settings keep CI quick; the graph does not depend on their size.
KINDS = {
    "logistic": [],
    "mlp": ["--set", "epochs=5"],
    "tree": ["--set", "max_depth=8"],
    "forest": ["--set", "n_trees=20", "--set", "max_depth=8"],
    "majority": [],
    "gbdt": [],
}

FILES = [
    ("lending_club", "data/lending_club.csv", ["--label", "Class", "--positive", "bad"]),
    ("breast_cancer", "data/breast_cancer.csv", ["--label", "target"]),
]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}\n{r.stderr}")
    return r


def has_kind(exe, kind):
    """Whether this rareclass knows the model kind (gbdt lands separately)."""
    r = subprocess.run([exe, "train", "--help"], capture_output=True, text=True)
    return kind in r.stdout


def generated(work):
    """A training file and a file to score with unseen categories and
    missing cells in every column (seeded, so the same every run)."""
    rng = np.random.default_rng(7)
    n = 400
    x = rng.normal(50, 20, n)
    amount = rng.lognormal(3, 1, n)
    colour = rng.choice(["red", "green", "blue"], n)
    flag = rng.choice(["yes", "no"], n)
    day = pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D")
    z = 0.05 * (x - 50) + (colour == "red") * 1.0 + (flag == "yes") * 0.5 + np.log(amount) * 0.3
    y = (z + rng.normal(0, 1, n) > 1.5).astype(int)
    train = pd.DataFrame({
        "x": np.round(x, 3).astype(str), "amount": np.round(amount, 2).astype(str),
        "colour": colour, "flag": flag, "day": day.strftime("%Y-%m-%d"), "y": y,
    })
    for col in ["x", "amount", "colour", "flag", "day"]:
        train.loc[rng.random(n) < 0.1, col] = ""
    train_path = os.path.join(work, "gen_train.csv")
    train.to_csv(train_path, index=False)
    score = train.head(60).copy()
    score.loc[0:9, "colour"] = "purple"          # unseen category
    score.loc[10:14, "colour"] = "NA"            # missing marker
    score.loc[15:19, ["x", "amount", "flag", "day"]] = ""
    score.loc[20:24, "amount"] = "-5"            # below -eps: log is NaN, imputed
    score_path = os.path.join(work, "gen_score.csv")
    score.to_csv(score_path, index=False)
    return train_path, score_path


def check(exe, work, tag, kind, train_csv, score_csv, train_args):
    model = os.path.join(work, f"{tag}_{kind}.json")
    onnx_path = os.path.join(work, f"{tag}_{kind}.onnx")
    preds = os.path.join(work, f"{tag}_{kind}_pred.csv")
    run([exe, "-q", "train", train_csv, "--model", kind, *KINDS[kind], *train_args, "--export", model])
    run([exe, "export", model, "--onnx", onnx_path])
    run([exe, "-q", "predict", model, score_csv, "--out", preds])
    m = onnx.load(onnx_path)
    try:
        onnx.checker.check_model(m, full_check=True)
        checker = "ok"
    except Exception as e:  # noqa: BLE001 - reported in the table
        checker = f"FAILED: {e}"
    sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    prob, positive = sess.run(["probability", "positive"], feeds(m, score_csv))
    want = pd.read_csv(preds)["score"].to_numpy()
    diff = float(np.max(np.abs(prob[:, 0].astype(np.float64) - want)))
    threshold = float({p.key: p.value for p in m.metadata_props}["threshold"])
    # The decision agrees except where the score is within float rounding of the threshold.
    clear = np.abs(want - threshold) > 1e-6
    decision_ok = bool(np.all(positive[clear, 0] == (want[clear] >= threshold)))
    return diff, checker, decision_ok, len(want)


def main():
    exe, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    kinds = [k for k in KINDS if has_kind(exe, k)]
    train_csv, score_csv = generated(work)
    cases = [(tag, path, path, args) for tag, path, args in FILES]
    gen_args = ["--label", "y", "--log", "amount", "--missing-indicator"]
    cases.append(("generated (unseen, missing)", train_csv, score_csv, gen_args))
    cases.append(("generated, label-encoded", train_csv, score_csv, gen_args + ["--label-encode"]))
    print(f"onnx {onnx.__version__}, onnxruntime {ort.__version__}; tolerance {TOL}")
    print("| model | file | rows | max abs diff | checker | decision |")
    print("|---|---|---:|---:|---|---|")
    failed = 0
    for tag, train, score, args in cases:
        for kind in kinds:
            safe = tag.split()[0].rstrip(",") + ("_le" if "label-encoded" in tag else "")
            diff, checker, decision_ok, rows = check(exe, work, safe, kind, train, score, args)
            ok = diff <= TOL and checker == "ok" and decision_ok
            failed += not ok
            print(f"| {kind} | {tag} | {rows} | {diff:.2e} | {checker} | {'ok' if decision_ok else 'DIFFERS'} |"
                  + ("" if ok else "  <-- FAILED"))
    print(f"{len(cases) * len(kinds) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
