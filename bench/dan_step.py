"""The NumPy peer of the DAN step benchmark (bench/dan_step.sh): the same
training step as rareclass (float32; 512 source + 512 target rows through
Dense(256, sigmoid) → Dense(64, sigmoid), a linear head on the source rows,
mean BCE + λ·MK-MMD with the seed's 5 kernels and mean-distance bandwidth
held constant, backward by hand, Adam) and one MK-MMD value and value +
gradient on 512 × 64 vs 512 × 64. Prints one JSON line. Run it with one
BLAS thread (the script sets it) so it compares with single-threaded wasm.

    python bench/dan_step.py [INPUTS] [BATCH] [REPEATS]
"""

import os

for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(v, "1")

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

inputs = int(sys.argv[1]) if len(sys.argv) > 1 else 117
batch = int(sys.argv[2]) if len(sys.argv) > 2 else 512
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 20
f32 = np.float32
rng = np.random.default_rng(1)


def glorot(i, o):
    lim = np.sqrt(6.0 / (i + o))
    return rng.uniform(-lim, lim, (i, o)).astype(f32)


sizes = [inputs, 256, 64, 1]
params = []
for i, o in zip(sizes[:-1], sizes[1:]):
    params += [glorot(i, o), np.zeros(o, f32)]
m = [np.zeros_like(p) for p in params]
v = [np.zeros_like(p) for p in params]
t = 0


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def mmd(fs, ft, grad):
    """The seed's quadratic MK-MMD (kernel_num 5, kernel_mul 2, bandwidth
    = mean off-diagonal squared distance / 2², held constant)."""
    ns, nt = len(fs), len(ft)
    f = np.concatenate([fs, ft])
    n = ns + nt
    sq = (f * f).sum(1)
    d = np.maximum(sq[:, None] + sq[None, :] - 2.0 * (f @ f.T), 0.0)
    b0 = d.sum(dtype=np.float64) / (n * n - n) / 4.0
    w = np.empty((n, n), f32)
    w[:ns, :ns] = 1.0 / (ns * ns)
    w[ns:, ns:] = 1.0 / (nt * nt)
    w[:ns, ns:] = -1.0 / (ns * nt)
    w[ns:, :ns] = -1.0 / (ns * nt)
    k = np.zeros_like(d)
    kp = np.zeros_like(d)
    for i in range(5):
        b = f32(b0 * 2.0**i)
        e = np.exp(-d / b)
        k += e
        if grad:
            kp -= e / b
    value = float((w * k).sum(dtype=np.float64))
    if not grad:
        return value, None
    g = w * kp
    return value, 4.0 * (g.sum(1)[:, None] * f - g @ f)


def step(xs, ys, xt, lam, lr=0.005):
    global t
    w1, b1, w2, b2, w3, b3 = params
    ns = len(xs)
    x = np.concatenate([xs, xt])
    a1 = sigmoid(x @ w1 + b1)
    a2 = sigmoid(a1 @ w2 + b2)
    z = (a2[:ns] @ w3 + b3)[:, 0]
    p = sigmoid(z)
    cls = np.mean(np.maximum(z, 0) - z * ys + np.log1p(np.exp(-np.abs(z))))
    gz = ((p - ys) / ns).astype(f32)[:, None]
    value, gf = mmd(a2[:ns], a2[ns:], True)
    g_a2 = lam * gf
    g_a2[:ns] += gz @ w3.T
    g_w3, g_b3 = a2[:ns].T @ gz, gz.sum(0)
    g2 = g_a2 * a2 * (1 - a2)
    g_w2, g_b2 = a1.T @ g2, g2.sum(0)
    g1 = (g2 @ w2.T) * a1 * (1 - a1)
    g_w1, g_b1 = x.T @ g1, g1.sum(0)
    grads = [g_w1, g_b1, g_w2, g_b2, g_w3, g_b3]
    t += 1
    alpha = lr * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
    for i, g in enumerate(grads):
        m[i] += (g - m[i]) * f32(0.1)
        v[i] += (g * g - v[i]) * f32(0.001)
        params[i] -= f32(alpha) * m[i] / (np.sqrt(v[i]) + f32(1e-7))
    return cls + lam * value


xs = rng.standard_normal((batch, inputs)).astype(f32)
xt = (rng.standard_normal((batch, inputs)) + 0.5).astype(f32)
ys = (rng.uniform(size=batch) < 0.1).astype(f32)
step_s = []
for r in range(repeats + 1):
    t0 = time.perf_counter()
    step(xs, ys, xt, 1.0)
    if r:
        step_s.append(time.perf_counter() - t0)
fs = rng.standard_normal((batch, 64)).astype(f32)
ft = (rng.standard_normal((batch, 64)) + 0.5).astype(f32)
mmd_s, mmd_grad_s = [], []
for r in range(repeats + 1):
    t0 = time.perf_counter()
    mmd(fs, ft, False)
    a = time.perf_counter() - t0
    t0 = time.perf_counter()
    mmd(fs, ft, True)
    b = time.perf_counter() - t0
    if r:
        mmd_s.append(a)
        mmd_grad_s.append(b)
print(json.dumps({"tool": "numpy", "version": np.__version__, "inputs": inputs, "batch": batch,
                  "hidden": [256, 64], "step_s": step_s, "mmd_s": mmd_s, "mmd_grad_s": mmd_grad_s}))
