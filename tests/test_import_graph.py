"""Issue 19.8, "a house with no circles": the import graph of tomtat has no cycle, and its arrows run one way
(interfaces -> pipeline -> stages -> model).

The graph is read from the source with `ast`, not by importing: every `import` and `from ... import` counts,
at module level and inside functions alike (a function-local import is still an arrow, only a later one).
Imports under `if TYPE_CHECKING:` are left out: they never run. Importing `a.b.c` runs the `__init__` of `a`
and `a.b` too, but that is the package holding the module, not an arrow of its own, and is not counted.
"""
from __future__ import annotations

import ast
import pathlib

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"
PACKAGE = "tomtat"


def module_files(src: pathlib.Path = SRC, package: str = PACKAGE) -> dict[str, tuple[pathlib.Path, bool]]:
    """Dotted module name -> (file, whether it is a package's __init__)."""
    found = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of the nodes under `if TYPE_CHECKING:` (or `if typing.TYPE_CHECKING:`)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else None
            if name == "TYPE_CHECKING":
                for child in node.body:
                    skipped.update(id(n) for n in ast.walk(child))
    return skipped


def import_graph(src: pathlib.Path = SRC, package: str = PACKAGE) -> dict[str, set[str]]:
    """Each tomtat module -> the tomtat modules it imports (anywhere in its body)."""
    modules = module_files(src, package)

    def known(name: str) -> str | None:
        """The module `name` names, or the innermost module holding it (`a.b.f` -> `a.b`)."""
        while name:
            if name in modules:
                return name
            name = name.rpartition(".")[0]
        return None

    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skipped = _type_checking_only(tree)
        here = name if is_package else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.Import):
                targets.update(t for alias in node.names if (t := known(alias.name)))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                    origin = ".".join(base + ([node.module] if node.module else []))
                else:
                    origin = node.module or ""
                for alias in node.names:   # `from pkg import mod` imports the module pkg.mod
                    target = known(f"{origin}.{alias.name}") if f"{origin}.{alias.name}" in modules else known(origin)
                    if target:
                        targets.add(target)
        targets.discard(name)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)


def describe(graph: dict[str, set[str]], component: list[str]) -> str:
    members = set(component)
    return "; ".join(f"{m} -> {', '.join(sorted(graph[m] & members))}" for m in component)


def test_no_import_cycle_among_tomtat_modules():
    graph = import_graph()
    assert len(graph) > 50 and "tomtat.pipeline" in graph["tomtat"]  # the graph was read (lazy import in summarize)
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(describe(graph, c) for c in found)


def test_the_cycle_finder_finds_cycles_and_function_local_imports(tmp_path):
    pkg = tmp_path / "house"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .sub import b\n")
    (pkg / "sub" / "b.py").write_text("def f():\n    from ..c import g\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .d import X\n"
                              "def g():\n    import house.a\n")
    (pkg / "d.py").write_text("from . import c\n")
    graph = import_graph(tmp_path, "house")
    assert graph["house.a"] == {"house.sub.b"} and graph["house.sub.b"] == {"house.c"}
    assert graph["house.c"] == {"house.a"} and graph["house.d"] == {"house.c"}
    assert cycles(graph) == [["house.a", "house.c", "house.sub.b"]]


def test_the_library_never_imports_the_command_line():
    """The CLI (tomtat.cli) is the outer layer: it imports the library, never the other way round."""
    graph = import_graph()
    inward = sorted(m for m, targets in graph.items()
                    if not (m == "tomtat.cli" or m.startswith("tomtat.cli.") or m == "tomtat.__main__")
                    and any(t == "tomtat.cli" or t.startswith("tomtat.cli.") for t in targets))
    assert not inward, f"library modules importing the CLI: {inward}"


def test_the_model_and_the_renderers_import_nothing_above_them():
    """model.py is the bottom layer; the renderers read a Summary without importing tomtat.summary back."""
    graph = import_graph()
    assert graph["tomtat.model"] == set()
    for name in ("tomtat.render.json", "tomtat.render.text", "tomtat.render.html", "tomtat.render.timeline"):
        assert "tomtat.summary" not in graph[name], name
