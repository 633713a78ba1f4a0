"""NumPy peer of the MK-MMD benchmark (bench/mmd_bench.sh): the seed's
formula (5 Gaussian kernels, kernel_mul 2, mean-distance bandwidth, biased
XX + YY - XY - YX) in float32, distances through the Gram matrix (BLAS) as
the peers' `mk_mmd_gram` does, on N(0, 1) source and N(0.3, 1.1^2) target
rows. Prints one JSON line; ms per evaluation is the median of REPEATS after
one warm-up.

    python bench/mmd_numpy.py [N_SOURCE N_TARGET DIM REPEATS SEED]
"""
import json
import sys
import time

import numpy as np


def mk_mmd_gram(source, target, kernel_mul=2.0, kernel_num=5):
    ns, nt = source.shape[0], target.shape[0]
    total = np.concatenate([source, target], axis=0)
    n = total.shape[0]
    sq = np.einsum("ij,ij->i", total, total)
    l2 = sq[:, None] + sq[None, :] - 2.0 * (total @ total.T)
    np.maximum(l2, 0.0, out=l2)
    np.fill_diagonal(l2, 0.0)
    bandwidth = l2.sum() / (n * n - n)
    bandwidth /= kernel_mul ** (kernel_num // 2)
    k = np.zeros_like(l2)
    for i in range(kernel_num):
        k += np.exp(l2 * np.float32(-1.0 / (bandwidth * kernel_mul ** i)))
    return float(k[:ns, :ns].sum() / ns**2 + k[ns:, ns:].sum() / nt**2
                 - 2.0 * k[:ns, ns:].sum() / (ns * nt))


def main():
    a = [int(v) for v in sys.argv[1:]]
    ns, nt, dim, repeats, seed = (a + [512, 512, 64, 20, 42][len(a):])[:5]
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((ns, dim)).astype(np.float32)
    y = (rng.standard_normal((nt, dim)) * 1.1 + 0.3).astype(np.float32)
    value = mk_mmd_gram(x, y)
    runs = []
    for _ in range(max(repeats, 1)):
        t = time.perf_counter()
        mk_mmd_gram(x, y)
        runs.append((time.perf_counter() - t) * 1e3)
    print(json.dumps({"tool": "numpy", "task": "mk_mmd", "numpy": np.__version__,
                      "n_source": ns, "n_target": nt, "dim": dim, "value": value,
                      "ms_per_eval": float(np.median(runs))}))


if __name__ == "__main__":
    main()
