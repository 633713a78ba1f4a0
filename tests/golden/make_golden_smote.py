"""Golden values for tests/imbalance.rs: the k nearest minority neighbours
SMOTE interpolates towards, from scikit-learn's NearestNeighbors.

Run from the repository root:
    .venv/bin/python tests/golden/make_golden_smote.py
It writes tests/golden/smote_neighbours.json. Regenerate only with this
script and commit both together.

Data: NumPy's default_rng(seed) draws 2 Gaussian blobs in 4 dimensions
(minority: 40 rows around 0, scale 1; majority: 160 rows around 1.5,
scale 1.2), rounded to float32 (rareclass's feature type) and stored in the
JSON as repr strings, so the Rust test reads the very same numbers.

imbalanced-learn's SMOTE fits NearestNeighbors(n_neighbors=k + 1) on the
minority rows and drops each row's first neighbour (itself); the same is
done here, with algorithm="brute" (exact). Ties in distance would make the
sets ambiguous; the script asserts the k-th and (k+1)-th distances of every
row differ by more than 1e-6 relative, so the sets are well defined.
"""

import json
import platform
from pathlib import Path

import numpy as np
import sklearn
from sklearn.neighbors import NearestNeighbors

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "golden" / "smote_neighbours.json"
SEED = 20261123
KS = [1, 3, 5]

rng = np.random.default_rng(SEED)
x_min = rng.normal(0.0, 1.0, size=(40, 4))
x_maj = rng.normal(1.5, 1.2, size=(160, 4))
X = np.vstack([x_min, x_maj]).astype(np.float32)
y = np.array([True] * 40 + [False] * 160)
# Interleave so the minority rows are not simply the first ones.
order = rng.permutation(len(y))
X, y = X[order], y[order]
Xmin = X[y].astype(np.float64)

cases = []
for k in KS:
    nn = NearestNeighbors(n_neighbors=k + 1, algorithm="brute").fit(Xmin)
    dist, ind = nn.kneighbors(Xmin)
    assert (ind[:, 0] == np.arange(len(Xmin))).all(), "a row's nearest is not itself"
    # Well-defined sets: a gap between the k-th neighbour and the next one.
    full_d, _ = NearestNeighbors(n_neighbors=min(k + 2, len(Xmin)), algorithm="brute").fit(Xmin).kneighbors(Xmin)
    gap = (full_d[:, k + 1] - full_d[:, k]) / full_d[:, k + 1]
    assert gap.min() > 1e-6, f"near-tie for k={k}: {gap.min()}"
    cases.append(
        {
            "k": k,
            "call": f"NearestNeighbors(n_neighbors={k + 1}, algorithm='brute').fit(Xmin).kneighbors(Xmin)[1][:, 1:]",
            "neighbours": [sorted(int(j) for j in row[1:]) for row in ind],
            "min_relative_gap_after_kth": repr(float(gap.min())),
        }
    )

doc = {
    "generator": "tests/golden/make_golden_smote.py",
    "versions": {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "sklearn": sklearn.__version__,
    },
    "seed": SEED,
    "data": "x: 200 rows x 4 float32 (repr strings), y: 40 true; Xmin = the rows with y true, in row order; "
    "neighbours index Xmin (0-based), each set sorted",
    "tolerance": "neighbour sets exact; SMOTE rows within 1e-5 (relative to |z - x|) of a segment x + u (z - x), u in [0, 1)",
    "x": [[repr(float(v)) for v in row] for row in X],
    "y": [bool(v) for v in y],
    "cases": cases,
}
OUT.write_text(json.dumps(doc, indent=1) + "\n")
print("wrote", OUT)
