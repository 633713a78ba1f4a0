"""Writes the synthetic transfer test bed as CSV pairs (the same recipe as
tests/transfer.rs builds in Rust, with Python's generator instead of the
crate's, so the numbers differ but not the shape of the result):

- latent z1, z2, z3 ~ N(0, 1) per row; features x1 = z1, x2 = z2, x3 = z3;
- spurious: y = [z1 + 0.5·e > 1]; in the source x2 is a proxy of the label
  (2y − 1 + 0.7·e'), in the target it carries none and sits elsewhere
  (2 + 0.7·e') — a source-only model leans on it; DAN / DANN drop it;
- source label y = [z1 - |z2| + 0.3·e > 0.6] (e ~ N(0, 1)): a non-linear
  boundary; x3 is noise;
- drift: the target's x2 is measured with an offset of +2 (x2 = z2 + 2), the
  label rule on z unchanged — the source-only optimum in x is wrong for the
  target; CORAL / DAN / DANN can undo it;
- selection: the target's rows come from another region (z1 ~ N(1.2, 0.6),
  z2 ~ N(1.2, 0.6)), P(y|x) unchanged — a linear model's source optimum is
  wrong there; importance weighting can re-aim it;
- concept: the drift of x2 and also a new rule: the target's label is
  y = [z3 + 0.3·e > 1.2], so P(y|x) shifts and no unlabelled adaptation can
  help (labelled target rows can).

    python3 bench/transfer_synthetic.py OUT_DIR SEED [N]
"""
import os
import sys

import random

out, seed = sys.argv[1], int(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
rng = random.Random(seed)
os.makedirs(out, exist_ok=True)


def rule(z):
    return z[0] - abs(z[1]) + 0.3 * rng.gauss(0, 1) > 0.6


def write(path, rows):
    with open(path, "w") as f:
        f.write("x1,x2,x3,y\n")
        for x, y in rows:
            f.write(f"{x[0]:.6f},{x[1]:.6f},{x[2]:.6f},{int(y)}\n")


source = [[rng.gauss(0, 1) for _ in range(3)] for _ in range(n)]
source = [(z, rule(z)) for z in source]
spurious_source = []
for _ in range(n):
    z = [rng.gauss(0, 1) for _ in range(3)]
    y = z[0] + 0.5 * rng.gauss(0, 1) > 1.0
    spurious_source.append(([z[0], 2.0 * y - 1.0 + 0.7 * rng.gauss(0, 1), z[2]], y))
rows = []
for _ in range(n):
    z = [rng.gauss(0, 1) for _ in range(3)]
    y = z[0] + 0.5 * rng.gauss(0, 1) > 1.0
    rows.append(([z[0], 2.0 + 0.7 * rng.gauss(0, 1), z[2]], y))
write(os.path.join(out, "spurious_source.csv"), spurious_source)
write(os.path.join(out, "spurious_target.csv"), rows)
for scenario in ["drift", "selection", "concept"]:
    rows = []
    for _ in range(n):
        z = [rng.gauss(0, 1) for _ in range(3)]
        if scenario == "selection":
            z[0], z[1] = 1.2 + 0.6 * z[0], 1.2 + 0.6 * z[1]
        y = rule(z) if scenario != "concept" else z[2] + 0.3 * rng.gauss(0, 1) > 1.2
        x = list(z)
        if scenario in ("drift", "concept"):
            x[1] += 2.0
        rows.append((x, y))
    write(os.path.join(out, f"{scenario}_source.csv"), source)
    write(os.path.join(out, f"{scenario}_target.csv"), rows)
print(out)
