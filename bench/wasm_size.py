#!/usr/bin/env python3
"""What the page's wasm is made of: code bytes per crate (and per module of
rareclass) and the largest functions, read from the wasm cargo builds
before wasm-bindgen and wasm-opt (the only one still holding function
names), beside the shipped pkg/ file's raw and gzipped size. A twiggy-style
"top" with the standard library only, so CI machines need nothing extra.

  bash scripts/build.sh && python3 bench/wasm_size.py [TOP_FUNCTIONS]
  bash scripts/build.sh --first-view && python3 bench/wasm_size.py --first-view [TOP]
  python3 bench/wasm_size.py --both [TOP]   # the two modules side by side

`--first-view` reads the first-view module (pkg/first/, the `first-view`
profile's build); `--both` prints per crate / module the full module's code
bytes beside the first-view module's (before wasm-opt) and both shipped
files' sizes.

Generic code is counted where it was instantiated: `core (impl)` is mostly
serde's `PhantomData<T> as DeserializeSeed` and sorting monomorphs, `rareclass
(impl)` the derived (de)serialisers.
"""
import collections
import gzip
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NAMED = ROOT / "target/wasm32-unknown-unknown/release/rareclass.wasm"
SHIPPED = ROOT / "pkg/rareclass_bg.wasm"
FIRST_NAMED = ROOT / "target/wasm32-unknown-unknown/first-view/rareclass.wasm"
FIRST_SHIPPED = ROOT / "pkg/first/rareclass_bg.wasm"


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def functions(data):
    """(code bytes, name) per defined function."""
    i, imports, sizes, names = 8, 0, [], {}
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        end = i + size
        if sid == 2:  # imports: function imports shift the name indices
            n, j = leb(data, i)
            for _ in range(n):
                for _ in range(2):
                    l, j = leb(data, j)
                    j += l
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb(data, j)
                    imports += 1
                elif kind == 1:
                    j += 1
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 2:
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:  # code
            n, j = leb(data, i)
            for _ in range(n):
                s, k = leb(data, j)
                sizes.append(s + k - j)
                j = k + s
        elif sid == 0:  # custom: the "name" section
            l, j = leb(data, i)
            if data[j:j + l] == b"name":
                j += l
                while j < end:
                    sub = data[j]
                    ss, j = leb(data, j + 1)
                    if sub == 1:
                        n, k = leb(data, j)
                        for _ in range(n):
                            idx, k = leb(data, k)
                            l2, k = leb(data, k)
                            names[idx] = data[k:k + l2].decode("utf8", "replace")
                            k += l2
                    j += ss
        i = end
    return [(s, names.get(f + imports, f"func{f}")) for f, s in enumerate(sizes)]


def owner(name):
    """The crate (rareclass: crate::module) a mangled function belongs to."""
    m = re.match(r"_ZN(\d+)", name)
    if not m:
        return name.split("::")[0][:30]
    first = name[m.end():m.end() + int(m.group(1))]
    if first.startswith("_$LT$"):
        inner = re.search(r"\$LT\$(?:\$RF\$|\$u20\$|mut|dyn|\.)*([a-z_][a-z0-9_]*)\.\.", first)
        return (inner.group(1) if inner else "impl") + " (impl)"
    if first == "rareclass":
        rest = name[m.end() + len(first):]
        m2 = re.match(r"(\d+)", rest)
        if m2:
            return "rareclass::" + rest[len(m2.group(1)):len(m2.group(1)) + int(m2.group(1))]
    return first


def shipped(path):
    if path.exists():
        raw = path.read_bytes()
        print(f"shipped {path.relative_to(ROOT)}: {len(raw):,} bytes, "
              f"{len(gzip.compress(raw, 9)):,} gzipped (-9)")


def groups_of(funcs):
    groups = collections.Counter()
    for s, n in funcs:
        groups[owner(n)] += s
    return groups


def both(top):
    shipped(SHIPPED)
    shipped(FIRST_SHIPPED)
    full, first = functions(NAMED.read_bytes()), functions(FIRST_NAMED.read_bytes())
    tf, t1 = sum(s for s, _ in full), sum(s for s, _ in first)
    print(f"code bytes before wasm-opt: full {tf:,} ({len(full):,} functions), "
          f"first view {t1:,} ({len(first):,} functions)")
    print()
    print("| crate / module | full | first view | first view − full |")
    print("|---|---:|---:|---:|")
    gf, g1 = groups_of(full), groups_of(first)
    for g, s in (gf + g1).most_common(top):
        print(f"| {g} | {gf[g]:,} | {g1[g]:,} | {g1[g] - gf[g]:+,} |")


def main(argv):
    if argv and argv[0] == "--both":
        both(int(argv[1]) if len(argv) > 1 else 25)
        return
    named, ship = NAMED, SHIPPED
    if argv and argv[0] == "--first-view":
        named, ship, argv = FIRST_NAMED, FIRST_SHIPPED, argv[1:]
    top = int(argv[0]) if argv else 25
    shipped(ship)
    data = named.read_bytes()
    funcs = functions(data)
    total = sum(s for s, _ in funcs)
    print(f"{named.relative_to(ROOT)} (before wasm-opt): {total:,} code bytes in {len(funcs):,} functions")
    print()
    print("| code bytes | share | crate / module |")
    print("|---:|---:|---|")
    for g, s in groups_of(funcs).most_common(top):
        print(f"| {s:,} | {100 * s / total:.1f} % | {g} |")
    print()
    print("| code bytes | function |")
    print("|---:|---|")
    for s, n in sorted(funcs, reverse=True)[:top]:
        print(f"| {s:,} | `{n[:120]}` |")


if __name__ == "__main__":
    main(sys.argv[1:])
