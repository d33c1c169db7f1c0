"""Layering of the analysis package (analysis/asmsim, docs/analysis.md "Layers").

Lower layers read files and build tables; higher ones draw and write reports. A module may import
only modules of a lower layer, and the package's import graph (including imports inside
functions) must have no cycle. Imports are read with ast, so nothing is executed.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "analysis" / "asmsim"

# Lowest first. Modules not listed are checked for cycles only.
LAYERS = {
    "files": 0,     # reading result files
    "runner": 0,    # running the asmsim binary
    "summary": 1,   # tables with intervals
    "sweeps": 1,    # sweep files and sensitivity indices
    "calibration": 1,  # tables of calibration files
    "discovery": 2,  # scenario discovery (reads sweeps)
    "figures": 2,   # matplotlib figures
    "report": 3,    # HTML reports
    "__main__": 4,  # command line
    "__init__": 4,  # the package's public names
}


def package_imports(path: Path) -> set[str]:
    """Names of the package's own modules that the file imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:  # from .files import x
                found.add(node.module.split(".")[0])
            elif node.level == 1:  # from . import figures
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif node.level == 0 and node.module and node.module.split(".")[0] == "asmsim":
                parts = node.module.split(".")
                found.update([parts[1]] if len(parts) > 1 else [a.name for a in node.names])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "asmsim" and len(parts) > 1:
                    found.add(parts[1])
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    return {name for name in found if name in modules and name != path.stem}


def graph() -> dict[str, set[str]]:
    return {p.stem: package_imports(p) for p in PACKAGE.glob("*.py")}


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    return [f"{module} (layer {LAYERS[module]}) imports {target} (layer {LAYERS[target]})"
            for module, targets in sorted(edges.items()) if module in LAYERS
            for target in sorted(targets) if target in LAYERS and LAYERS[target] >= LAYERS[module]]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                found.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target, stack + [target])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_the_parser_sees_every_kind_of_import(tmp_path):
    # The checks below can fail only if imports are found: a file with each form.
    (tmp_path / "probe.py").write_text(
        "from . import figures\nfrom .report import Report\nimport asmsim.summary\n"
        "def f():\n    from asmsim.sweeps import open_sweep\n    from asmsim import files\n")
    global PACKAGE
    saved = PACKAGE
    try:
        for name in ("figures", "report", "summary", "sweeps", "files"):
            (tmp_path / f"{name}.py").write_text("")
        PACKAGE = tmp_path
        assert package_imports(tmp_path / "probe.py") == {"figures", "report", "summary", "sweeps", "files"}
    finally:
        PACKAGE = saved


def test_detectors_flag_an_upward_import_and_a_cycle():
    bad = {"files": {"sweeps"}, "sweeps": {"files", "report"}, "report": {"sweeps"}}
    assert upward_imports(bad) == ["files (layer 0) imports sweeps (layer 1)", "sweeps (layer 1) imports report (layer 3)"]
    assert cycles(bad)


def test_lower_layers_do_not_import_higher_ones():
    edges = graph()
    assert {"files", "summary", "sweeps", "figures", "report"} <= set(edges)
    assert upward_imports(edges) == []


def test_the_package_has_no_import_cycle():
    assert cycles(graph()) == []
