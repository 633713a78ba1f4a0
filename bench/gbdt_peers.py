"""The peers' side of the boosted-trees speed benchmark (bench/gbdt_speed.sh):
fits LightGBM (one thread, as rareclass's wasm) and scikit-learn's
HistGradientBoostingClassifier (its own OpenMP threads, as a user runs it,
and pinned to one thread) on the training part written by `rareclass train
--export-split DIR`, early stopping off, and prints one JSON line each:
process CPU seconds and wall seconds of the fit, trees, test ROC-AUC / AP.

    python bench/gbdt_peers.py DIR '{"n_rounds":300,"max_leaves":15,"learning_rate":0.03}'
"""

import json
import sys
import time

import numpy as np
from lightgbm import LGBMClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score, roc_auc_score
from threadpoolctl import threadpool_limits


def timed(tool, est, x, y, xt, yt, trees):
    c0, t0 = time.process_time(), time.perf_counter()
    est.fit(x, y)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    s = est.predict_proba(xt)[:, 1]
    print(json.dumps({"tool": tool, "rows": len(y), "features": x.shape[1], "cpu_s": cpu, "wall_s": wall,
                      "trees": trees(est), "test_roc_auc": roc_auc_score(yt, s),
                      "test_ap": average_precision_score(yt, s)}), flush=True)


def main():
    d = sys.argv[1]
    p = json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")
    rounds, rate, leaves = p.get("n_rounds", 300), p.get("learning_rate", 0.05), p.get("max_leaves", 31)
    min_leaf = p.get("min_samples_leaf", 20)
    x, y = np.load(f"{d}/x_train.npy"), np.load(f"{d}/y_train.npy").astype(bool)
    xt, yt = np.load(f"{d}/x_test.npy"), np.load(f"{d}/y_test.npy").astype(bool)
    lgbm = LGBMClassifier(n_estimators=rounds, learning_rate=rate, num_leaves=leaves, min_child_samples=min_leaf,
                          reg_lambda=0.0, max_bin=255, n_jobs=1, random_state=42, verbose=-1)
    timed("lightgbm-1t", lgbm, x, y, xt, yt, lambda e: e.booster_.num_trees())

    def hgb():
        return HistGradientBoostingClassifier(max_iter=rounds, learning_rate=rate, max_leaf_nodes=leaves,
                                              min_samples_leaf=min_leaf, l2_regularization=0.0, max_bins=255,
                                              early_stopping=False, random_state=42)
    timed("hgb", hgb(), x, y, xt, yt, lambda e: e.n_iter_)
    with threadpool_limits(limits=1):
        timed("hgb-1t", hgb(), x, y, xt, yt, lambda e: e.n_iter_)


if __name__ == "__main__":
    main()
