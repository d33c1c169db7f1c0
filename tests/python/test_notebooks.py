"""The notebooks of analysis/notebooks: stored without outputs, and executed (small configurations
set in their first cell) so that they never rot."""

import json
import subprocess

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO

NOTEBOOKS = sorted((REPO / "analysis" / "notebooks").glob("*.ipynb"))
NOTEBOOK_TIMEOUT_S = 300  # per cell; a cell that takes this long is broken


def test_there_are_notebooks():
    assert {p.stem for p in NOTEBOOKS} >= {"interventions", "boom_and_bust", "sensitivity"}


def missing_commands(nb, asmsim_bin) -> list[str]:
    """asmsim subcommands the notebook declares it needs (metadata asmsim.requires) that the binary lacks."""
    needed = nb.metadata.get("asmsim", {}).get("requires", [])
    listed = subprocess.run([str(asmsim_bin), "--help"], capture_output=True, text=True).stdout
    commands = {line.split()[0] for line in listed.split("Subcommands:")[-1].splitlines() if line.strip()}
    return [c for c in needed if c not in commands]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path):
    cells = json.loads(path.read_text())["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code, f"{path.name} has no code"
    for i, cell in enumerate(code):
        assert cell["outputs"] == [] and cell["execution_count"] is None, \
            f"{path.name}: code cell {i} holds outputs; clear them before committing"
    assert "Parameters" in "".join(code[0]["source"]), f"{path.name}: the first code cell should hold the parameters"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes(path, asmsim_bin, monkeypatch):
    monkeypatch.setenv("ASMSIM_BIN", str(asmsim_bin))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets a debugger warning of the kernel
    nb = nbformat.read(path, as_version=4)
    missing = missing_commands(nb, asmsim_bin)
    if missing:
        pytest.skip(f"{path.name} needs `asmsim {' '.join(missing)}`, which this build does not have")
    client = NotebookClient(nb, timeout=NOTEBOOK_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, with the failing cell and traceback
    images = sum(1 for c in nb.cells if c.cell_type == "code" for o in c.outputs
                 if "image/png" in o.get("data", {}))
    assert images >= 2, f"{path.name} drew {images} figures"
