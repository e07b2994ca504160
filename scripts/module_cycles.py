#!/usr/bin/env python3
"""Lists import cycles between the modules of each library of the workspace (`page/src/`,
the engine's `engine/src/` and the application's `src/`), read from their `crate::` and `super::` paths
(test modules left out: they may look anywhere).

Two levels are checked: the top-level modules of a source folder (`measure`, `report`,
...), and the children of every folder among themselves (`report/memory` against
`report/output`). A cycle is a strongly connected group of two or more modules. Exit
status 1 when any is found.

    python3 scripts/module_cycles.py [SRC_DIR ...]
"""

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [Path(a) for a in sys.argv[1:]] or [
    ROOT / "page" / "src",
    ROOT / "engine" / "src",
    ROOT / "src",
]
BINARY = {"main.rs", "cli", "cli.rs"}


def module_of(path: Path, src: Path) -> tuple:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib"):
        parts.pop()
    return tuple(parts)


def without_tests(text: str) -> str:
    """Drops comments (a doc link is no dependency) and `#[cfg(test)] mod tests { ... }`
    blocks (brace-matched)."""
    text = re.sub(r"//[^\n]*", "", text)
    out, i = [], 0
    for match in re.finditer(r"#\[cfg\(test\)\]\s*mod \w+\s*\{", text):
        if match.start() < i:
            continue
        out.append(text[i : match.start()])
        depth, j = 1, match.end()
        while depth and j < len(text):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j
    out.append(text[i:])
    return "".join(out)


def expand_uses(text: str):
    """Yields every path a `use` names, with braces expanded, and every inline path."""
    for use in re.finditer(r"\buse\s+([^;]+);", text):
        yield from expand(use.group(1).replace("\n", " "))
    for inline in re.finditer(r"\b((?:crate|super)(?:::\w+)+)", text):
        yield inline.group(1)


def expand(tree: str):
    tree = tree.strip()
    brace = tree.find("{")
    if brace < 0:
        yield tree.split(" as ")[0].strip()
        return
    prefix, inner = tree[:brace], tree[brace + 1 : tree.rfind("}")]
    depth, start = 0, 0
    for k, c in enumerate(inner + ","):
        if c in "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            part = inner[start:k].strip()
            start = k + 1
            if part:
                for p in expand(part):
                    yield prefix + p if p != "self" else prefix.rstrip(":")


def resolve(path: str, here: tuple, modules: set):
    parts = path.split("::")
    if parts[0] == "crate":
        base, rest = (), parts[1:]
    elif parts[0] == "super":
        base = here
        while parts and parts[0] == "super":
            base, parts = base[:-1], parts[1:]
        rest = parts
    else:
        return None
    target = base
    for part in rest:
        if base + (part,) in modules or target + (part,) in modules:
            target = target + (part,)
        else:
            break
    return target


def strongly_connected(graph):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def cycles_in(src: Path):
    """The cycles among the modules of one source folder, and how many modules it has."""
    files = [
        f
        for f in src.rglob("*.rs")
        if not (set(f.relative_to(src).parts) & BINARY)
        and f.name != "tests.rs"
        and "tests" not in f.relative_to(src).parts[:-1]
    ]
    modules = {module_of(f, src) for f in files}
    levels = defaultdict(lambda: defaultdict(set))
    for f in files:
        here = module_of(f, src)
        for path in expand_uses(without_tests(f.read_text())):
            target = resolve(path, here, modules)
            if target is None or target == here:
                continue
            common = 0
            while common < min(len(here), len(target)) and here[common] == target[common]:
                common += 1
            if common < len(here) and common < len(target):
                parent = "/".join(here[:common]) or "src"
                levels[parent][here[common]].add(target[common])
    cycles = []
    for parent, graph in sorted(levels.items()):
        for name in list(graph):
            for t in list(graph[name]):
                graph.setdefault(t, set())
        for group in strongly_connected(graph):
            cycles.append(f"{src.relative_to(ROOT)}/{parent}: " + " ↔ ".join(group))
    return cycles, len(modules)


def main():
    found = 0
    for src in SOURCES:
        cycles, modules = cycles_in(src.resolve())
        for cycle in cycles:
            print(cycle)
        print(f"{src.resolve().relative_to(ROOT.resolve())}: {len(cycles)} import cycle(s) among {modules} modules")
        found += len(cycles)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
