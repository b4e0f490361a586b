#!/usr/bin/env python3
"""Lists import cycles between the modules of each crate of the workspace.

A module is a source file (`a/b.rs` and `a/b/mod.rs` are both `a::b`).
Module A uses module B when A's code outside `#[cfg(test)]` and comments
names a path into B: `use crate::…`, `crate::…` in an expression, `super::…`,
or a child module by name (`use child::…`). A module's use of its own
ancestors is not counted: a parent (`mod.rs`) is its children's shared
namespace, and Rust's `pub use` re-exports go through it. Cycles between
crates cannot exist: Cargo refuses them, which is why the layers are crates.

Run from the repository top:  python3 docs/module_cycles.py
Prints each cycle (a strongly connected set of modules) and exits 1 if any
remains, 0 when there is none.
"""
import re
import sys
from pathlib import Path

ROOTS = {"renkei": Path("src")} | {
    "renkei-" + p.name: p / "src" for p in sorted(Path("crates").iterdir()) if (p / "src").is_dir()
}


def module_of(src: Path, f: Path) -> tuple:
    parts = list(f.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def strip_tests_and_comments(text: str) -> str:
    # Drop `#[cfg(test)] mod … { … }` blocks (balanced braces) and comments.
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*(pub\s+)?mod\s+\w+\s*\{", text):
        if m.start() < i:
            continue
        out.append(text[i : m.start()])
        depth, j = 1, m.end()
        while depth and j < len(text):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j
    out.append(text[i:])
    text = "".join(out)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def edges_of(src: Path):
    files = [f for f in src.rglob("*.rs")]
    modules = {module_of(src, f): f for f in files}
    edges = {m: set() for m in modules}

    def resolve(path: tuple):
        # The longest prefix of `path` that is a module.
        for k in range(len(path), 0, -1):
            if path[:k] in modules:
                return path[:k]
        return None

    for m, f in modules.items():
        text = strip_tests_and_comments(f.read_text(encoding="utf-8"))
        # `mod.rs`/`lib.rs` files are the module itself; `super` of a file
        # module is its parent, of a mod.rs module its grandparent.
        here = m
        for path in re.findall(r"\b((?:crate|super)(?:::\w+)+)", text):
            parts = path.split("::")
            if parts[0] == "crate":
                target = tuple(parts[1:])
            else:
                base = list(here)
                while parts and parts[0] == "super":
                    base = base[:-1]
                    parts = parts[1:]
                target = tuple(base) + tuple(parts)
            t = resolve(target)
            if t is not None and t != m and not (m[: len(t)] == t):
                edges[m].add(t)
        # `use name::…` names a child module declared here (or an external
        # crate, which is not an edge).
        for name in re.findall(r"\buse\s+(\w+)::", text):
            if m + (name,) in modules:
                edges[m].add(m + (name,))
    return edges


def cycles(edges):
    # Tarjan's strongly connected components.
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
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
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in edges:
        if v not in index:
            visit(v)
    return out


found = 0
for crate, src in ROOTS.items():
    edges = edges_of(src)
    for comp in cycles(edges):
        found += 1
        names = ", ".join("::".join(c) or "(root)" for c in comp)
        print(f"{crate}: cycle through {names}")
print(f"{found} cycle(s) in {len(ROOTS)} crates")
sys.exit(1 if found else 0)
