"""Golden values for tests/mmd.rs: MK-MMD by the seed's formula, in NumPy.

Run from the repository root:

    /work/cache/venv/bin/python tests/golden/make_mmd.py

writes tests/golden/mmd.json. The quadratic estimator is a literal port of the
seed's (004, DAN for credit-risk cold start) TensorFlow `guassian_kernel` +
`MMD`: the (n, n, d) broadcast distance matrix, bandwidth = sum of all
distances / (n^2 - n) (or fix_sigma), divided by kernel_mul ** (kernel_num // 2),
a sum of exp(-L2 / bw_i), and XX/ns^2 + YY/nt^2 - XY/(ns nt) - YX/(ns nt).
The linear estimator follows Gretton et al. (2012) §6 / Long et al. (2015)
eq. 5 over 0-based pairs (2i, 2i+1), m = min(ns, nt) // 2, with the same
pooled-batch bandwidth. All arithmetic is float64 on float32 inputs, which are
stored in the JSON (floats as repr strings, see tests/golden/README.md).
"""
import json
import platform
import sys

import numpy as np

SEED = 20260513


def guassian_kernel(source, target, kernel_mul=2.0, kernel_num=5, fix_sigma=None):
    n_samples = source.shape[0] + target.shape[0]
    total = np.concatenate([source, target], axis=0)
    total0 = total[None, :, :]
    total1 = total[:, None, :]
    l2 = ((total0 - total1) ** 2).sum(axis=2)
    if fix_sigma:
        bandwidth = fix_sigma
    else:
        bandwidth = l2.sum() / (n_samples ** 2 - n_samples)
    bandwidth /= kernel_mul ** (kernel_num // 2)
    bandwidth_list = [bandwidth * (kernel_mul ** i) for i in range(kernel_num)]
    kernel_val = [np.exp(-l2 / b) for b in bandwidth_list]
    return sum(kernel_val), bandwidth_list


def mmd(source, target, kernel_mul=2.0, kernel_num=5, fix_sigma=None):
    kernels, bws = guassian_kernel(source, target, kernel_mul, kernel_num, fix_sigma)
    n_s, n_t = source.shape[0], target.shape[0]
    xx = kernels[:n_s, :n_s].sum() / n_s ** 2
    yy = kernels[-n_t:, -n_t:].sum() / n_t ** 2
    xy = kernels[:n_s, -n_t:].sum() / (n_s * n_t)
    yx = kernels[-n_t:, :n_s].sum() / (n_s * n_t)
    return float(xx + yy - xy - yx), bws


def mmd_linear(source, target, kernel_mul=2.0, kernel_num=5, fix_sigma=None):
    _, bws = guassian_kernel(source, target, kernel_mul, kernel_num, fix_sigma)

    def k(a, b):
        d = ((a - b) ** 2).sum()
        return sum(np.exp(-d / bw) for bw in bws)

    m = min(source.shape[0], target.shape[0]) // 2
    h = [
        k(source[2 * i], source[2 * i + 1]) + k(target[2 * i], target[2 * i + 1])
        - k(source[2 * i], target[2 * i + 1]) - k(source[2 * i + 1], target[2 * i])
        for i in range(m)
    ]
    return float(np.mean(h)), bws


def main():
    rng = np.random.default_rng(SEED)
    shapes = [("equal", 32, 32, 8), ("unequal", 40, 17, 6), ("tiny", 3, 2, 3)]
    settings = [
        {"kernel_num": 5, "kernel_mul": 2.0, "fix_sigma": None},
        {"kernel_num": 3, "kernel_mul": 1.5, "fix_sigma": None},
        {"kernel_num": 5, "kernel_mul": 2.0, "fix_sigma": 4.0},
    ]
    cases = []
    for name, ns, nt, d in shapes:
        # float32 features, target shifted and scaled as a domain shift would be.
        src = rng.standard_normal((ns, d)).astype(np.float32)
        tgt = (rng.standard_normal((nt, d)) * 1.2 + 0.3).astype(np.float32)
        s64, t64 = src.astype(np.float64), tgt.astype(np.float64)
        for st in settings:
            for estimator, fn in [("quadratic", mmd), ("linear", mmd_linear)]:
                value, bws = fn(s64, t64, st["kernel_mul"], st["kernel_num"], st["fix_sigma"])
                cases.append({
                    "name": f"{name}/{estimator}/k{st['kernel_num']}m{st['kernel_mul']}"
                            + (f"/fixed{st['fix_sigma']}" if st["fix_sigma"] else ""),
                    "estimator": estimator,
                    "kernel_num": st["kernel_num"],
                    "kernel_mul": repr(st["kernel_mul"]),
                    "fix_sigma": None if st["fix_sigma"] is None else repr(st["fix_sigma"]),
                    "source_shape": [ns, d],
                    "target_shape": [nt, d],
                    "source": [repr(float(v)) for v in src.ravel()],
                    "target": [repr(float(v)) for v in tgt.ravel()],
                    "value": repr(value),
                    "bandwidths": [repr(float(b)) for b in bws],
                })
    out = {
        "generator": "tests/golden/make_mmd.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__},
        "seed": SEED,
        "tolerance": {"relative": 1e-6},
        "calls": {
            "quadratic": "mmd(source, target, kernel_mul, kernel_num, fix_sigma): the seed's guassian_kernel + MMD, float64",
            "linear": "mmd_linear(...): Gretton 2012 linear estimator over pairs (2i, 2i+1), same bandwidths",
            "inputs": "np.random.default_rng(seed).standard_normal(...).astype(float32); target * 1.2 + 0.3",
        },
        "cases": cases,
    }
    with open("tests/golden/mmd.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
