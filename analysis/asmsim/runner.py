"""Running the asmsim command-line tool from Python (notebooks, tests).

The binary is $ASMSIM_BIN, else <repo>/build/bin/asmsim. Small configurations of an experiment
are made by wrapping each scenario in a scenario that `extends` it and sets the number of
households and months, so any experiment file (variants.toml, framework.toml) can be run small
without editing it.
"""

from __future__ import annotations

import os
import subprocess
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def binary() -> Path:
    """binary() -> Path of the asmsim executable ($ASMSIM_BIN or <repo>/build/bin/asmsim)."""
    path = Path(os.environ.get("ASMSIM_BIN") or REPO / "build" / "bin" / "asmsim")
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise FileNotFoundError(f"asmsim binary not found at {path}; run `make build` or set ASMSIM_BIN")
    return path


def call(*args) -> str:
    """call(*args) -> stdout of `asmsim ARGS` run from the repository root; raises on failure."""
    proc = subprocess.run([str(binary()), *map(str, args)], cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"asmsim {' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def run(scenario, output, replicates: int = 1, sets=(), seed: int | None = None) -> Path:
    """run(scenario, output, replicates=1, sets=(), seed=None) -> Path of the run file written."""
    args = ["run", REPO / scenario, "-o", output, "--replicates", replicates, "-q", "--overwrite"]
    for s in sets:
        args += ["--set", s]
    if seed is not None:
        args += ["--seed", seed]
    call(*args)
    return Path(output)


def small_experiment(experiment, folder, households: int | None = None, months: int | None = None) -> Path:
    """small_experiment(experiment, folder, households=None, months=None) -> Path of a new experiment file.

    Writes into `folder` one scenario per scenario of `experiment`, extending it (same name) with
    simulation.households and simulation.months set, and an experiment file listing them.
    """
    experiment = (REPO / experiment).resolve()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    spec = tomllib.loads(experiment.read_text())
    listed = []
    for i, entry in enumerate(spec["scenarios"]):
        source = (experiment.parent / entry).resolve()
        name = tomllib.loads(source.read_text()).get("name", source.stem)
        body = [f"name = {_toml_value(name)}", f"extends = {_toml_value(str(source))}", "[simulation]"]
        if households:
            body.append(f"households = {households}")
        if months:
            body.append(f"months = {months}")
        wrapper = folder / f"{i:02d}_{name}.toml"
        wrapper.write_text("\n".join(body) + "\n")
        listed.append(str(wrapper))
    small = folder / experiment.name
    spec["scenarios"] = listed
    small.write_text(_toml(spec))  # every other key of the experiment kept as it was
    return small


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


def _toml(table: dict, prefix: str = "") -> str:
    """TOML text of a parsed table (scalars, arrays and nested tables: what experiment files hold)."""
    lines = [f"{k} = {_toml_value(v)}" for k, v in table.items() if not isinstance(v, dict)]
    for k, v in table.items():
        if isinstance(v, dict):
            lines += ["", f"[{prefix}{k}]", _toml(v, f"{prefix}{k}.")]
    return "\n".join(lines) + "\n"


def compare(experiment, output, replicates: int | None = None, households: int | None = None,
            months: int | None = None, folder=None, sets=()) -> Path:
    """compare(experiment, output, replicates=None, households=None, months=None, folder=None, sets=()) -> Path.

    Runs `asmsim compare`; with households or months, on a small copy of the experiment written
    to `folder` (default: beside the output). `sets` are --set overrides for every scenario, e.g.
    `['outputs.panel_months="all"']` for household panels.
    """
    if households or months:
        experiment = small_experiment(experiment, folder or Path(output).parent / "scenarios", households, months)
    args = ["compare", REPO / experiment, "-o", output, "-q", "--overwrite"]
    if replicates:
        args += ["--replicates", replicates]
    for s in sets:
        args += ["--set", s]
    call(*args)
    return Path(output)
