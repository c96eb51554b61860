#!/usr/bin/env python3
"""Check the layering of docs/architecture.md against the code's #include lines.

Each folder may include only the folders listed for it below; and no set of files
may include each other in a circle. Exits 1 naming every offending include.
Run by `make test` (and on its own: scripts/check-layers.py [ROOT]).
"""
import os
import re
import sys

# Folder -> folders it may include (itself always allowed). Longest prefix wins.
ALLOWED = {
    "sim/engine": [],
    "sim/io": ["sim/engine"],
    "models": ["sim/engine"],
    "sim/run": ["sim/engine", "sim/io", "models"],
    "sim/experiments": ["sim/engine", "sim/io", "sim/run", "models"],
    "sim/plot": ["sim/engine", "sim/io", "sim/run", "sim/experiments", "models"],
    "sim/cli": ["sim/engine", "sim/io", "sim/run", "sim/experiments", "sim/plot", "models"],
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer(path):
    best = None
    for folder in ALLOWED:
        if path == folder or path.startswith(folder + "/"):
            if best is None or len(folder) > len(best):
                best = folder
    return best


def main(root):
    errors = []
    graph = {}
    for top in ("sim", "models"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in names:
                if not name.endswith((".c", ".h")):
                    continue
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, root)
                src = layer(os.path.dirname(rel))
                if src is None:
                    errors.append(f"{rel}: not in any layer of docs/architecture.md")
                    continue
                with open(full, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                graph[rel] = []
                for lineno, line in enumerate(text.splitlines(), 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    inc = m.group(1)
                    if not os.path.exists(os.path.join(root, inc)):
                        continue  # generated or system-relative; the compiler checks it
                    graph[rel].append(inc)
                    dst = layer(os.path.dirname(inc))
                    if dst is None or dst == src:
                        continue
                    if dst not in ALLOWED[src]:
                        errors.append(f"{rel}:{lineno}: {src} may not include {inc} ({dst})")
    errors += circles(graph)
    for e in errors:
        print(f"check-layers: {e}", file=sys.stderr)
    if errors:
        return 1
    print(f"check-layers: {len(graph)} files, layering and no include circles: ok")
    return 0


def module(path):
    """A .c, its .h and its private X_internal.h are one unit: circles are between units."""
    base = os.path.splitext(path)[0]
    return base[: -len("_internal")] if base.endswith("_internal") else base


def circles(graph):
    """Include circles between units (Tarjan 1972, strongly connected components)."""
    units = {}
    for f, incs in graph.items():
        units.setdefault(module(f), set()).update(module(i) for i in incs if module(i) != module(f))
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in units.get(v, ()):
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
                out.append("include circle: " + " -> ".join(sorted(comp)))

    sys.setrecursionlimit(10000)
    for v in sorted(units):
        if v not in index:
            visit(v)
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
