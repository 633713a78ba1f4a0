#!/usr/bin/env python3
"""The layer check: fails when a module uses one in a layer above its own,
or when top-level modules use each other in a cycle.

Layers, each using only the ones below it (and its own):

  0 utilities   rng, clock, progress, sort, limits (size limits), fast_exp (e^x for hot loops)
  1 core        data, pipeline, imbalance (sampling), nn (with MMD), models, metrics
  2 workflows   model_spec, model_settings (every setting of a kind, for a form), checks (the data check before every fit), experiment, cv, predict, model_file, explore, transfer, onnx, reproduce and export, link (the settings link), inspect (permutation importance, coefficients)
  3 app         app (what a page session does)
  4 chart       chart (geometry; chart::views adapts app state to it)
  5 front ends  web (wasm), bin (the CLI), timing (bench/timing.rs, `bench` feature)

A "use" is any `crate::NAME` path in src/ (grouped `crate::{a, b}` too), and
`rareclass::NAME` in src/bin/. Comments are ignored. Standard library only:

  python3 scripts/layers.py            # exit 1 and one line per violation
"""

import re
import sys
from pathlib import Path

LAYERS = [
    ("utilities", ["rng", "clock", "progress", "sort", "limits", "fast_exp"]),
    ("core", ["data", "pipeline", "imbalance", "nn", "models", "metrics"]),
    ("workflows", ["model_spec", "model_settings", "checks", "experiment", "cv", "predict", "model_file", "explore", "transfer", "onnx", "reproduce", "export", "link", "inspect"]),
    ("app", ["app"]),
    ("chart", ["chart"]),
    ("front ends", ["web", "bin", "timing"]),
]
RANK = {m: r for r, (_, mods) in enumerate(LAYERS) for m in mods}
# Files outside src/ compiled into the crate with #[path], and their module.
EXTRA = {"bench/timing.rs": "timing", "bench/wasm_exports.rs": "web"}


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def used_modules(text, root):
    """Top-level modules named after `root::` (grouped imports expanded)."""
    out = set()
    for m in re.finditer(r"\b" + root + r"::\s*(\{|[A-Za-z_][A-Za-z0-9_]*)", text):
        if m.group(1) != "{":
            out.add(m.group(1))
            continue
        depth, i, start = 1, m.end(), m.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        inner, depth, part = text[start : i - 1], 0, ""
        parts = []
        for ch in inner:
            if ch == "," and depth == 0:
                parts.append(part)
                part = ""
                continue
            depth += {"{": 1, "}": -1}.get(ch, 0)
            part += ch
        parts.append(part)
        for p in parts:
            name = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)", p)
            if name and name.group(1) != "self":
                out.add(name.group(1))
    return out


def module_of(path):
    rel = path.as_posix()
    if rel in EXTRA:
        return EXTRA[rel]
    parts = Path(rel).parts
    if len(parts) < 2 or parts[0] != "src" or rel == "src/lib.rs":
        return None
    return Path(parts[1]).stem


def main():
    root = Path(__file__).resolve().parent.parent
    files = sorted(p.relative_to(root) for p in (root / "src").rglob("*.rs"))
    files += [Path(p) for p in EXTRA if (root / p).exists()]
    problems, edges = [], {}
    for rel in files:
        mod = module_of(rel)
        if mod is None:
            continue
        if mod not in RANK:
            problems.append(f"{rel}: module `{mod}` is in no layer; add it to scripts/layers.py")
            continue
        text = strip_comments((root / rel).read_text(encoding="utf-8"))
        used = used_modules(text, "crate")
        if mod == "bin":
            used |= used_modules(text, "rareclass")
        for u in sorted(used):
            if u not in RANK or u == mod:
                continue
            edges.setdefault(mod, set()).add(u)
            if RANK[u] > RANK[mod]:
                problems.append(
                    f"{rel}: `{mod}` ({LAYERS[RANK[mod]][0]}) uses `{u}` ({LAYERS[RANK[u]][0]}), a layer above"
                )
    # Cycles between top-level modules (Tarjan's strongly connected components).
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    for comp in comps:
        problems.append("modules use each other in a cycle: " + " ↔ ".join(comp))
    for p in problems:
        print(f"[layers] {p}")
    if problems:
        print(f"[layers] {len(problems)} problem(s); see the layer list in scripts/layers.py")
        return 1
    print(f"[layers] ok: {len(files)} files, no upward use, no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
