"""Opening asmsim result files as xarray Datasets.

Three kinds of file (docs/outputs.md, docs/sensitivity.md):

- a run (`asmsim run`): /metadata, /timeseries (replicate, month), /households;
- an experiment (`asmsim compare`): /metadata, /timeseries (scenario, replicate, month), /comparison;
- a sweep (`asmsim sweep`): a design of parameter points, outputs per point and replicate, and
  /analysis with sensitivity indices (opened by sweeps.open_sweep; `asmsim.open_any` opens any kind).

This is the lowest layer of the package: it imports no other asmsim module (docs/analysis.md).

Every opener loads the data into memory (files are closed on return) and copies the /metadata
attributes into `ds.attrs`, with `ds.attrs["kind"]` naming the kind of file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import h5py
import numpy as np
import xarray as xr

KINDS = ("run", "experiment", "sweep")


def _text(value):
    """HDF5 attributes come back as bytes, numpy scalars or arrays; return plain Python values."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        return [_text(v) for v in value.tolist()] if value.ndim else _text(value.item())
    if isinstance(value, np.generic):
        return value.item()
    return value


def metadata(path) -> dict:
    """metadata(path) -> dict: the /metadata attributes of any asmsim file (provenance)."""
    with h5py.File(path, "r") as f:
        if "metadata" not in f:
            raise ValueError(f"{path}: no /metadata group; is this an asmsim file?")
        return {name: _text(value) for name, value in f["metadata"].attrs.items()}


HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


def _open_checked(path):
    """h5py.File(path, "r"), with errors that name the path and say what is wrong with it."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"{path}: not found")
    if p.is_dir():
        raise IsADirectoryError(f"{path}: a directory, not an asmsim results file")
    if p.stat().st_size == 0:
        raise ValueError(f"{path}: empty file, not an HDF5 file")
    with open(p, "rb") as raw:
        head = raw.read(8)
    try:
        return h5py.File(p, "r")
    except OSError:
        if head == HDF5_SIGNATURE:
            raise ValueError(f"{path}: truncated or damaged HDF5 file") from None
        raise ValueError(f"{path}: not an HDF5 file (asmsim writes its results as HDF5)") from None


def file_kind(path) -> str:
    """file_kind(path) -> "run", "experiment" or "sweep", from the groups the file holds."""
    with _open_checked(path) as f:
        groups = set(f.keys())
        meta = set(f["metadata"].attrs.keys()) if "metadata" in f else set()
    if "comparison" in groups or "experiment_name" in meta:
        return "experiment"
    if "households" in groups or "scenario_name" in meta and "timeseries" in groups:
        return "run"
    if "design" in groups or "analysis" in groups or any(k.startswith("sweep") for k in meta):
        return "sweep"
    raise ValueError(f"{path}: not an asmsim file: not a run, experiment or sweep (groups: {sorted(groups)})")


def _open_group(path, group: str) -> xr.Dataset:
    with xr.open_dataset(path, group=group, engine="h5netcdf") as ds:
        return ds.load()


def _with_metadata(ds: xr.Dataset, path, kind: str) -> xr.Dataset:
    ds.attrs.update(metadata(path))
    ds.attrs["kind"] = kind
    ds.attrs["path"] = str(Path(path))
    return ds


def open_run(path) -> xr.Dataset:
    """open_run(path) -> Dataset of /timeseries with dims (replicate, month).

    A scalar coordinate `scenario` holds the scenario name, so a run can be treated as a
    one-scenario experiment (see `as_experiment`). `month` is an integer month count or, when the
    scenario sets `simulation.start`, a datetime64 date.
    """
    if file_kind(path) != "run":
        raise ValueError(f"{path}: not a run file (it is a {file_kind(path)} file)")
    ds = _open_group(path, "timeseries")
    ds = _with_metadata(ds, path, "run")
    return ds.assign_coords(scenario=ds.attrs.get("scenario_name", "run"))


def open_households(path) -> xr.Dataset:
    """open_households(path) -> Dataset of /households (replicate, household) of a run file."""
    return _with_metadata(_open_group(path, "households"), path, "run")


def open_experiment(path) -> xr.Dataset:
    """open_experiment(path) -> Dataset of /timeseries with dims (scenario, replicate, month).

    The first scenario is the reference (`ds.attrs["reference_scenario"]`).
    """
    if file_kind(path) != "experiment":
        raise ValueError(f"{path}: not an experiment file (it is a {file_kind(path)} file)")
    return _with_metadata(_open_group(path, "timeseries"), path, "experiment")


def open_comparison(path) -> xr.Dataset:
    """open_comparison(path) -> Dataset of /comparison with dims (scenario, outcome).

    Holds whatever the writer stored (means, differences, intervals, and any further rows such as
    costs); `summary.comparison_table` turns it into a table.
    """
    ds = _open_group(path, "comparison")
    return _with_metadata(ds, path, "experiment")


def open_panel(path) -> xr.Dataset:
    """open_panel(path) -> Dataset of /panel: household panels (issue 16.1; docs/outputs.md, "/panel").

    Dims ([scenario,] replicate, household, month): the baseline characteristics (`baseline_*`,
    without `month`) and the outcomes at the months of `outputs.panel_months`. Household h is the
    same household in every scenario and replicate, so `ds.x.sel(scenario=a) - ds.x.sel(scenario=b)`
    is a paired difference per household. Raises ValueError when the file holds no panel (the
    scenario left `outputs.panel_months = "none"`).
    """
    with _open_checked(path) as f:
        if "panel" not in f:
            raise ValueError(f"{path}: no household panel; set outputs.panel_months (e.g. --set outputs.panel_months=all)")
    kind = file_kind(path)
    return _with_metadata(_open_group(path, "panel"), path, kind)


def open_group_effects(path) -> xr.Dataset:
    """open_group_effects(path) -> Dataset of the subgroup effects in /comparison (issue 16.2).

    Variables over (scenario, group, household_outcome): `group_effect`, `group_mean`, `share_higher`,
    `share_lower`, each with `_ci_low`/`_ci_high`; `group_households` and the coordinate `grouping`
    along `group` (all, wealth_quintile, role, head_gender, mineral, site, formal_status), so that
    `ds.where(ds.grouping == "role", drop=True)` keeps one grouping; `units` along `household_outcome`.
    """
    c = open_comparison(path)
    names = [n for n, v in c.data_vars.items() if "group" in v.dims or "household_outcome" in v.dims]
    if "group_effect" not in names:
        raise ValueError(f"{path}: no subgroup effects in /comparison (written by asmsim compare since issue 16.2)")
    ds = c[names]
    ds = ds.set_coords(["group_grouping", "household_outcome_units"]).rename(
        {"group_grouping": "grouping", "household_outcome_units": "units"})
    return ds.assign_coords(grouping=ds.grouping.astype(str), units=ds.units.astype(str))


def open_quantile_effects(path) -> xr.Dataset:
    """open_quantile_effects(path) -> Dataset of the quantile treatment effects in /comparison.

    Dims (scenario, percentile, quantile_outcome), `percentile` in percent (10..90): `quantile_value`
    (the decile in the scenario) and `quantile_effect` with `_ci_low`/`_ci_high`, in USD/person/month.
    """
    c = open_comparison(path)
    names = [n for n, v in c.data_vars.items() if "percentile" in v.dims]
    if not names:
        raise ValueError(f"{path}: no quantile effects in /comparison (written by asmsim compare since issue 16.2)")
    return c[names]


def as_experiment(ds: xr.Dataset) -> xr.Dataset:
    """as_experiment(ds) -> the same Dataset with a `scenario` dimension (length 1 for a run)."""
    if "scenario" in ds.dims:
        return ds
    name = ds.coords["scenario"].item() if "scenario" in ds.coords else ds.attrs.get("scenario_name", "run")
    return ds.drop_vars("scenario", errors="ignore").expand_dims(scenario=[name])


def scenario(ds_or_path, name: str | None = None) -> dict:
    """scenario(ds_or_path, name=None) -> dict: a resolved scenario, parsed from its TOML.

    For an experiment give the scenario `name` (default: the reference scenario).
    """
    meta = ds_or_path.attrs if isinstance(ds_or_path, xr.Dataset) else metadata(ds_or_path)
    if "scenario_toml" in meta:
        return tomllib.loads(meta["scenario_toml"])
    name = name or meta.get("reference_scenario")
    key = f"scenario_toml.{name}"
    if key not in meta:
        raise KeyError(f"no resolved scenario {name!r} in this file")
    return tomllib.loads(meta[key])
