"""Opening asmsim result files as xarray Datasets.

Five kinds of file (docs/outputs.md, docs/sensitivity.md, docs/calibration.md):

- a run (`asmsim run`): /metadata, /timeseries (replicate, month), /households;
- an experiment (`asmsim compare`): /metadata, /timeseries (scenario, replicate, month), /comparison;
- a sweep (`asmsim sweep`): a design of parameter points, outputs per point and replicate, and
  /analysis with sensitivity indices (opened by sweeps.open_sweep; `asmsim.open_any` opens any kind);
- a calibration (`asmsim calibrate`): /posterior, /generations, /targets (`open_calibration`);
- an uncertainty comparison (`asmsim compare --posterior/--prior`): /uncertainty (`open_uncertainty`).

This is the lowest layer of the package: it imports no other asmsim module (docs/analysis.md).

Every opener loads the data into memory (files are closed on return) and copies the /metadata
attributes into `ds.attrs`, with `ds.attrs["kind"]` naming the kind of file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import h5py
import numpy as np
import xarray as xr

KINDS = ("run", "experiment", "sweep", "calibration", "uncertainty")


def _text(value):
    """HDF5 attributes come back as bytes, numpy scalars or arrays; return plain Python values."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        return [_text(v) for v in value.tolist()] if value.ndim else _text(value.item())
    if isinstance(value, np.generic):
        return value.item()
    return value


class ResultsFileError(ValueError):
    """A results file whose contents contradict its own declared sizes, types or values ("FILE:
    DATASET has N entries, expected M"): a damaged or hand-edited file, exit 1 of `report`. A file
    of the wrong kind or a newer version stays a plain ValueError (bad input, exit 2), as in the
    C++ readers (sim/io/hdf5.cpp: InputFile::fail and refuse)."""


FORMAT_VERSION = 1  # the newest /metadata@format_version this package reads (sim/io/hdf5.hpp)
FILE_KINDS = {"run": "run", "comparison": "experiment", "sweep": "sweep", "sweep_shard": "sweep",
              "calibration": "calibration", "uncertainty_comparison": "uncertainty"}
# /metadata attributes the package uses as one text each.
TEXT_METADATA = ("scenario_name", "scenario_description", "experiment_name", "experiment_description",
                 "reference_scenario", "scenario_toml", "experiment_toml", "statistic", "sweep_name",
                 "sweep_description", "calibration_name", "calibration_description", "calibration_toml",
                 "targets_file", "targets_csv", "stop_reason", "parameter_source", "calibration_file")


def _check_metadata(f, path) -> None:
    """/metadata is a group with asmsim_version, and the attributes read as text are one text each."""
    if "metadata" not in f or not isinstance(f["metadata"], h5py.Group) or "asmsim_version" not in f["metadata"].attrs:
        raise ValueError(f"{path}: not an asmsim file (no /metadata with asmsim_version)")
    attrs = f["metadata"].attrs
    for name in attrs:
        if name in TEXT_METADATA or name.startswith("scenario_toml."):
            _text_attr(f, path, "/metadata", name)


def _attr(f, path, obj: str, name: str):
    try:
        return f[obj].attrs[name]
    except (OSError, KeyError, TypeError, ValueError) as error:
        raise ResultsFileError(f"{path}: {obj}@{name} cannot be read: truncated or damaged HDF5 file ({error})") from None


def _text_attr(f, path, obj: str, name: str) -> str:
    value = _attr(f, path, obj, name)
    if isinstance(value, np.ndarray) and value.shape in ((), (1,)) and value.dtype.kind in "OSU":
        value = value.reshape(()).item()
    if isinstance(value, np.str_):
        value = str(value)
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise ResultsFileError(f"{path}: {obj}@{name} is not UTF-8 text") from None
    if not isinstance(value, str):
        raise ResultsFileError(f"{path}: {obj}@{name} is not one text")
    return value


def _int_attr(f, path, obj: str, name: str) -> int:
    value = _attr(f, path, obj, name)
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iu":
        value = value.reshape(()).item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ResultsFileError(f"{path}: {obj}@{name} is not one integer")
    return int(value)


def metadata(path) -> dict:
    """metadata(path) -> dict: the /metadata attributes of any asmsim file (provenance)."""
    with _open_checked(path) as f:
        _check_metadata(f, path)
        return {name: _text(_attr(f, path, "/metadata", name)) for name in f["metadata"].attrs}


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
    """file_kind(path) -> "run", "experiment", "sweep" (a sweep's shard included), "calibration" or
    "uncertainty" (a posterior or prior comparison, /metadata@file_kind "uncertainty_comparison").

    Checked first, as the C++ readers do: that the file is asmsim's (/metadata with asmsim_version),
    its /metadata@format_version (a newer one is refused) and /metadata@file_kind (run, comparison,
    sweep, sweep_shard, calibration, uncertainty_comparison). A file written before those attributes existed gets its kind from the
    groups it holds.
    """
    with _open_checked(path) as f:
        return _file_kind(f, path)


def _file_kind(f, path) -> str:
    _check_metadata(f, path)
    attrs = f["metadata"].attrs
    if "format_version" in attrs:
        version = _int_attr(f, path, "/metadata", "format_version")
        if version < 0:
            raise ResultsFileError(f"{path}: /metadata@format_version is {version}, expected at least 0")
        if version > FORMAT_VERSION:
            raise ValueError(f"{path}: written by a newer asmsim (file format version {version}; this asmsim reads "
                             f"up to {FORMAT_VERSION})")
    if "file_kind" in attrs:
        kind = _text_attr(f, path, "/metadata", "file_kind")
        if kind not in FILE_KINDS:
            raise ValueError(f"{path}: not an asmsim file (/metadata@file_kind is {kind[:80]!r}, expected run, "
                             "comparison, sweep, sweep_shard, calibration or uncertainty_comparison)")
        return FILE_KINDS[kind]
    groups = set(f.keys())
    meta = set(attrs.keys())
    if "comparison" in groups or "experiment_name" in meta:
        return "experiment"
    if "households" in groups or "scenario_name" in meta and "timeseries" in groups:
        return "run"
    if "design" in groups or "analysis" in groups or any(k.startswith("sweep") for k in meta):
        return "sweep"
    raise ValueError(f"{path}: not an asmsim file: not a run, experiment or sweep (groups: {sorted(groups)})")


KIND_NAMES = {"run": "a run file", "experiment": "an experiment file", "sweep": "a sweep file",
              "calibration": "a calibration file", "uncertainty": "an uncertainty comparison file"}


def _require_kind(path, kinds: tuple[str, ...], wanted: str) -> str:
    kind = file_kind(path)
    if kind not in kinds:
        raise ValueError(f"{path}: an asmsim file, but not {wanted} ({KIND_NAMES[kind]})")
    return kind


# --- reading a group: its layout checked against the file's own sizes before any data is read ----

MOST_VALUES = 1 << 40  # as sim/io/hdf5.cpp: no dataset of more values is read
# Coordinates (dimension scales) whose values label things: text, each label once.
TEXT_COORDINATES = ("scenario", "outcome", "group", "household_outcome", "quantile_outcome", "intervention", "role",
                    "parameter", "statistic", "target", "criterion")
# Numeric coordinates, each value once.
NUMBER_COORDINATES = ("replicate", "month", "household", "percentile", "point", "particle", "generation", "draw")
# Variables of run and comparison files that hold text (all others hold numbers).
TEXT_VARIABLES = ("group_grouping",)
# The groups of run and comparison files, whose every variable is known to hold numbers or text.
RESULT_GROUPS = ("timeseries", "households", "panel", "comparison")


def _shape_text(shape) -> str:
    return " x ".join(map(str, shape)) if shape else "a scalar"


def _layout(f, path, group: str) -> dict[str, tuple[str, ...]]:
    """Checks /group's datasets through h5py (nothing but sizes and types is read yet): each variable
    has one dimension scale per axis, each axis as long as its scale. Returns the dims by name."""
    if group not in f:
        raise ResultsFileError(f"{path}: has no group /{group}")
    g = f[group]
    if not isinstance(g, h5py.Group):
        raise ResultsFileError(f"{path}: /{group} is not a group")
    datasets, dims = {}, {}
    try:
        for name, obj in g.items():
            if isinstance(obj, h5py.Dataset):
                datasets[name] = obj
        scales = {}
        for name, ds in datasets.items():
            label = f"/{group}/{name}"
            if ds.dtype.kind not in "biufOSU" or (ds.dtype.kind == "O" and h5py.check_string_dtype(ds.dtype) is None):
                raise ResultsFileError(f"{path}: {label} is not numbers or text (HDF5 type {ds.dtype})")
            count = 1
            for n in ds.shape:
                count *= n
            if count > MOST_VALUES:
                raise ResultsFileError(f"{path}: {label} has shape {_shape_text(ds.shape)}, more than the 2^40 values "
                                       "asmsim reads from one dataset")
            if h5py.h5ds.is_scale(ds.id):
                if ds.ndim != 1:
                    raise ResultsFileError(f"{path}: {label} has {ds.ndim} dimensions, expected 1 (a coordinate)")
                scales[ds.id] = (name, ds.shape[0])
        for name, ds in datasets.items():
            label = f"/{group}/{name}"
            for attr in ("units", "long_name", "description"):
                if attr in ds.attrs:
                    _text_attr(f, path, label, attr)
            if h5py.h5ds.is_scale(ds.id):
                if "REFERENCE_LIST" in ds.attrs:
                    listed = ds.attrs.get_id("REFERENCE_LIST")
                    if (listed.dtype.names != ("dataset", "dimension") or len(listed.shape) != 1
                            or h5py.check_ref_dtype(listed.dtype["dataset"]) is not h5py.Reference):
                        raise ResultsFileError(f"{path}: {label}@REFERENCE_LIST is not a list of dimension references")
                dims[name] = (name,)
                continue
            # The dimension list's type is checked before HDF5's dimension-scale functions read it:
            # one of another type crashed them (a segmentation fault in h5py's ds.dims).
            if ds.ndim and "DIMENSION_LIST" not in ds.attrs:
                raise ResultsFileError(f"{path}: {label} has no coordinate of /{group} for dimension 0")
            refs = []
            if ds.ndim:
                listed = ds.attrs.get_id("DIMENSION_LIST")
                if listed.shape != (ds.ndim,) or h5py.check_vlen_dtype(listed.dtype) != h5py.ref_dtype:
                    raise ResultsFileError(f"{path}: {label}@DIMENSION_LIST is not one list of coordinates per "
                                           f"dimension ({ds.ndim})")
                refs = ds.attrs["DIMENSION_LIST"]
            axes = []
            for axis in range(ds.ndim):
                attached = [scales.get(f[r].id) if r else None for r in refs[axis]]
                if not attached or attached[0] is None:
                    raise ResultsFileError(f"{path}: {label} has no coordinate of /{group} for dimension {axis}")
                axes.append(attached[0])
            expected = tuple(n for _, n in axes)
            if ds.shape != expected:
                if ds.ndim == 1:
                    raise ResultsFileError(f"{path}: {label} has {ds.shape[0]} entries, expected {expected[0]} "
                                           f"(/{group}/{axes[0][0]})")
                raise ResultsFileError(f"{path}: {label} has shape {_shape_text(ds.shape)}, expected "
                                       f"{_shape_text(expected)} ({', '.join(d for d, _ in axes)})")
            dims[name] = tuple(d for d, _ in axes)
    except ResultsFileError:
        raise
    except (OSError, KeyError, TypeError, ValueError, RuntimeError) as error:  # dangling references and the like
        raise ResultsFileError(f"{path}: /{group} cannot be read: truncated or damaged HDF5 file ({error})") from None
    return dims


def _check_values(ds: xr.Dataset, path, group: str) -> None:
    """After loading: coordinates of the right type, each label once; in run and comparison files,
    every variable numbers or text as written."""
    for name, var in ds.variables.items():
        label = f"/{group}/{name}"
        kind = var.dtype.kind
        if name in ds.dims:
            if name in TEXT_COORDINATES and kind not in "OSU":
                raise ResultsFileError(f"{path}: {label} is not text")
            if name in NUMBER_COORDINATES and kind not in "iufM":
                raise ResultsFileError(f"{path}: {label} is not numbers")
            if name not in TEXT_COORDINATES and name not in NUMBER_COORDINATES:
                continue
            values = var.values
            labels = [str(v) for v in values.tolist()] if kind in "OSU" else values.tolist()
            if kind == "f" and not np.all(np.isfinite(values)):
                raise ResultsFileError(f"{path}: {label} holds {values[~np.isfinite(values)][0]}, expected finite values")
            if len(set(labels)) != len(labels):
                twice = next(v for v in labels if labels.count(v) > 1)
                raise ResultsFileError(f"{path}: {label} holds {str(twice)[:80]!r} twice")
        elif group in RESULT_GROUPS:
            if name in TEXT_VARIABLES or name.endswith("_units"):
                if kind not in "OSU":
                    raise ResultsFileError(f"{path}: {label} is not text")
            elif kind not in "biufM":
                raise ResultsFileError(f"{path}: {label} is not numbers")


def _open_group(path, group: str, lead: tuple[str, ...] = (), last: str | None = None) -> xr.Dataset:
    """/group as a loaded Dataset, its layout checked first (`_layout`); with `lead`, every variable's
    first dimensions must be `lead` (and its last one `last`)."""
    with _open_checked(path) as f:
        dims = _layout(f, path, group)
    for name, d in dims.items():
        if name in d:  # a coordinate
            continue
        expected = f"({', '.join(lead)}, ..., {last})" if last else f"({', '.join(lead)}, ...)"
        if d[:len(lead)] != lead or (last and (len(d) <= len(lead) or d[-1] != last)):
            raise ResultsFileError(f"{path}: /{group}/{name} has dimensions ({', '.join(d)}), expected {expected}")
    for name in (*lead, *((last,) if last else ())):
        if name not in dims:
            raise ResultsFileError(f"{path}: has no dataset /{group}/{name}")
    try:
        with xr.open_dataset(path, group=group, engine="h5netcdf") as ds:
            loaded = ds.load()
    except (OSError, KeyError, TypeError, ValueError, IndexError, AttributeError, RuntimeError, OverflowError) as error:
        # The layout checked out, so the data itself is unreadable: a damaged chunk, a cut file, a
        # coordinate's encoding that does not decode.
        raise ResultsFileError(f"{path}: /{group} cannot be read: truncated or damaged HDF5 file "
                               f"({type(error).__name__}: {str(error)[:200]})") from None
    _check_values(loaded, path, group)
    return loaded


def _with_metadata(ds: xr.Dataset, path, kind: str) -> xr.Dataset:
    ds.attrs.update(metadata(path))
    ds.attrs["kind"] = kind
    ds.attrs["path"] = str(Path(path))
    return ds


def _check_replicates(path, ds: xr.Dataset, group: str) -> None:
    """/metadata@replicates, when the file has it, is the length of /group/replicate."""
    with _open_checked(path) as f:
        if "replicates" not in f["metadata"].attrs:
            return
        expected = _int_attr(f, path, "/metadata", "replicates")
    if ds.sizes["replicate"] != expected:
        raise ResultsFileError(f"{path}: /{group}/replicate has {ds.sizes['replicate']} entries, expected {expected} "
                               "(/metadata@replicates)")


def _check_reference(path, ds: xr.Dataset, group: str) -> None:
    """/metadata@reference_scenario, when the file has it, is one of /group/scenario."""
    reference = ds.attrs.get("reference_scenario")
    if reference is not None and reference not in [str(s) for s in ds.scenario.values]:
        raise ResultsFileError(f"{path}: /metadata@reference_scenario is {reference[:80]!r}, not one of /{group}/scenario")


def _require_months(path, ds: xr.Dataset, group: str) -> None:
    for dim in ("replicate", "month"):
        if ds.sizes[dim] == 0:
            raise ResultsFileError(f"{path}: /{group}/{dim} has 0 entries, expected at least 1")


def open_run(path) -> xr.Dataset:
    """open_run(path) -> Dataset of /timeseries with dims (replicate, month).

    A scalar coordinate `scenario` holds the scenario name, so a run can be treated as a
    one-scenario experiment (see `as_experiment`). `month` is an integer month count or, when the
    scenario sets `simulation.start`, a datetime64 date.
    """
    _require_kind(path, ("run",), "a run file")
    ds = _open_group(path, "timeseries", ("replicate",), "month")
    _require_months(path, ds, "timeseries")
    _check_replicates(path, ds, "timeseries")
    ds = _with_metadata(ds, path, "run")
    return ds.assign_coords(scenario=ds.attrs.get("scenario_name", "run"))


def open_households(path) -> xr.Dataset:
    """open_households(path) -> Dataset of /households (replicate, household) of a run file."""
    _require_kind(path, ("run",), "a run file")
    ds = _open_group(path, "households", ("replicate", "household"))
    return _with_metadata(ds, path, "run")


def open_experiment(path) -> xr.Dataset:
    """open_experiment(path) -> Dataset of /timeseries with dims (scenario, replicate, month).

    The first scenario is the reference (`ds.attrs["reference_scenario"]`).
    """
    _require_kind(path, ("experiment",), "an experiment file")
    ds = _open_group(path, "timeseries", ("scenario", "replicate"), "month")
    _require_months(path, ds, "timeseries")
    if ds.sizes["scenario"] == 0:
        raise ResultsFileError(f"{path}: /timeseries/scenario has 0 entries, expected at least 1")
    _check_replicates(path, ds, "timeseries")
    ds = _with_metadata(ds, path, "experiment")
    _check_reference(path, ds, "timeseries")
    return ds


def open_comparison(path) -> xr.Dataset:
    """open_comparison(path) -> Dataset of /comparison with dims (scenario, outcome).

    Holds whatever the writer stored (means, differences, intervals, and any further rows such as
    costs); `summary.comparison_table` turns it into a table.
    """
    _require_kind(path, ("experiment",), "an experiment file")
    ds = _open_group(path, "comparison")
    for name in ("scenario", "outcome"):
        if name not in ds.dims:
            raise ResultsFileError(f"{path}: has no dataset /comparison/{name}")
    with _open_checked(path) as f:
        scenarios = f["timeseries/scenario"].shape if "timeseries/scenario" in f else None
    if scenarios is not None and (len(scenarios) != 1 or scenarios[0] != ds.sizes["scenario"]):
        raise ResultsFileError(f"{path}: /comparison/scenario has {ds.sizes['scenario']} entries, expected "
                               f"{_shape_text(scenarios)} (/timeseries/scenario)")
    ds = _with_metadata(ds, path, "experiment")
    _check_reference(path, ds, "comparison")
    return ds


def open_panel(path) -> xr.Dataset:
    """open_panel(path) -> Dataset of /panel: household panels (issue 16.1; docs/outputs.md, "/panel").

    Dims ([scenario,] replicate, household, month): the baseline characteristics (`baseline_*`,
    without `month`) and the outcomes at the months of `outputs.panel_months`. Household h is the
    same household in every scenario and replicate, so `ds.x.sel(scenario=a) - ds.x.sel(scenario=b)`
    is a paired difference per household. Raises ValueError when the file holds no panel (the
    scenario left `outputs.panel_months = "none"`).
    """
    kind = _require_kind(path, ("run", "experiment"), "a run or an experiment file")
    with _open_checked(path) as f:
        if "panel" not in f:
            raise ValueError(f"{path}: no household panel; set outputs.panel_months (e.g. --set outputs.panel_months=all)")
    lead = ("replicate", "household") if kind == "run" else ("scenario", "replicate", "household")
    ds = _with_metadata(_open_group(path, "panel", lead), path, kind)
    if kind == "experiment":
        _check_reference(path, ds, "panel")
    return ds


GROUP_EFFECTS = tuple(f"{n}{s}" for n in ("group_effect", "group_mean", "share_higher", "share_lower")
                      for s in ("", "_ci_low", "_ci_high"))
QUANTILE_EFFECTS = ("quantile_value", "quantile_effect", "quantile_effect_ci_low", "quantile_effect_ci_high")


def _require(path, ds: xr.Dataset, names, dims: tuple[str, ...]) -> None:
    """Each of `names` is in /comparison with exactly `dims`."""
    for name in names:
        if name not in ds.variables:
            raise ResultsFileError(f"{path}: has no dataset /comparison/{name}")
        if ds[name].dims != dims:
            raise ResultsFileError(f"{path}: /comparison/{name} has dimensions ({', '.join(ds[name].dims)}), "
                                   f"expected ({', '.join(dims)})")


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
    _require(path, c, GROUP_EFFECTS, ("scenario", "group", "household_outcome"))
    _require(path, c, ("group_grouping", "group_households"), ("group",))
    _require(path, c, ("household_outcome_units",), ("household_outcome",))
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
    _require(path, c, QUANTILE_EFFECTS, ("scenario", "percentile", "quantile_outcome"))
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


# --- calibration files (`asmsim calibrate`, docs/calibration.md) and uncertainty comparisons ------

@dataclass
class Calibration:
    """Calibration: the three groups of a calibration file as Datasets, each carrying /metadata.

    `posterior` (particle, parameter, target): `sample`, `weight` (summing to 1), `distance`,
    `simulated` (particle, target), `mean`, `q05`, `q50`, `q95`, `prior`, `lower`, `upper`,
    `parameter_units`; its attrs hold `ess`, `tolerance` and `generation` of the last generation.
    `generations` (generation, particle, parameter): `tolerance`, `acceptance_rate`, `ess`,
    `simulations`, `proposals`, `failed`, `sample`, `weight`, `distance`.
    `targets` (target): `observed`, `uncertainty`, `simulated_mean`, `simulated_q05`, `simulated_q95`
    and the definition (`output`, `group`, `months`, `aggregation`, `units`, `source`).
    """
    path: str
    meta: dict
    posterior: xr.Dataset
    generations: xr.Dataset
    targets: xr.Dataset

    @property
    def parameters(self) -> list[str]:
        return [str(p) for p in self.posterior.parameter.values]

    @property
    def target_names(self) -> list[str]:
        return [str(t) for t in self.targets.target.values]


def _require_vars(path, ds: xr.Dataset, group: str, wanted: dict[str, tuple[str, ...]], numeric: bool = True) -> None:
    """Each name of `wanted` is a variable of /group with exactly those dims (and numbers, or text)."""
    for name, dims in wanted.items():
        if name not in ds.variables:
            raise ResultsFileError(f"{path}: has no dataset /{group}/{name}")
        if ds[name].dims != dims:
            raise ResultsFileError(f"{path}: /{group}/{name} has dimensions ({', '.join(ds[name].dims)}), "
                                   f"expected ({', '.join(dims)})")
        kind = ds[name].dtype.kind
        if numeric and kind not in "biuf":
            raise ResultsFileError(f"{path}: /{group}/{name} is not numbers")
        if not numeric and kind not in "OSU":
            raise ResultsFileError(f"{path}: /{group}/{name} is not text")


def _same_labels(path, a: xr.Dataset, b: xr.Dataset, dim: str, group_a: str, group_b: str) -> None:
    la, lb = [str(v) for v in a[dim].values], [str(v) for v in b[dim].values]
    if la != lb:
        raise ResultsFileError(f"{path}: /{group_b}/{dim} holds {lb[:5]}, expected the labels of /{group_a}/{dim} "
                               f"{la[:5]}")


def _check_weights(path, weights: np.ndarray, label: str) -> None:
    """Importance weights: finite, not negative, summing to 1 (to rounding)."""
    w = np.asarray(weights, float)
    if w.size == 0:
        raise ResultsFileError(f"{path}: {label} has 0 entries, expected at least 1")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        bad = w[~(np.isfinite(w) & (w >= 0))][0]
        raise ResultsFileError(f"{path}: {label} holds {bad}, expected finite weights >= 0")
    if abs(w.sum() - 1.0) > 1e-6:
        raise ResultsFileError(f"{path}: {label} sums to {w.sum():.6g}, expected 1")


def open_calibration(path) -> Calibration:
    """open_calibration(path) -> Calibration with the Datasets `posterior`, `generations`, `targets`.

    The file's kind and version are checked first (ValueError for another kind or a newer version),
    then each group's layout against its own dimension scales, the datasets that the report and
    the tables use (names, dims, numbers or text), that the three groups name the same parameters
    and targets, and that the weights are finite, not negative and sum to 1 (ResultsFileError
    otherwise: a damaged or hand-edited file).
    """
    _require_kind(path, ("calibration",), "a calibration file")
    posterior = _open_group(path, "posterior")
    generations = _open_group(path, "generations")
    targets = _open_group(path, "targets")
    _require_vars(path, posterior, "posterior", {
        "sample": ("particle", "parameter"), "weight": ("particle",), "distance": ("particle",),
        "simulated": ("particle", "target"), "lower": ("parameter",), "upper": ("parameter",),
        "mean": ("parameter",), "q05": ("parameter",), "q50": ("parameter",), "q95": ("parameter",)})
    _require_vars(path, posterior, "posterior", {"parameter_units": ("parameter",), "prior": ("parameter",)}, numeric=False)
    _require_vars(path, generations, "generations", {
        "tolerance": ("generation",), "acceptance_rate": ("generation",), "ess": ("generation",),
        "simulations": ("generation",), "sample": ("generation", "particle", "parameter"),
        "weight": ("generation", "particle"), "distance": ("generation", "particle")})
    _require_vars(path, targets, "targets", {
        "observed": ("target",), "uncertainty": ("target",), "simulated_mean": ("target",),
        "simulated_q05": ("target",), "simulated_q95": ("target",)})
    _require_vars(path, targets, "targets", {"units": ("target",), "output": ("target",)}, numeric=False)
    _same_labels(path, posterior, generations, "parameter", "posterior", "generations")
    _same_labels(path, posterior, targets, "target", "posterior", "targets")
    if generations.sizes["generation"] == 0:
        raise ResultsFileError(f"{path}: /generations/generation has 0 entries, expected at least 1")
    if generations.sizes["particle"] != posterior.sizes["particle"]:
        raise ResultsFileError(f"{path}: /generations/particle has {generations.sizes['particle']} entries, expected "
                               f"{posterior.sizes['particle']} (/posterior/particle)")
    _check_weights(path, posterior.weight.values, "/posterior/weight")
    lower, upper = posterior.lower.values, posterior.upper.values
    if not (np.all(np.isfinite(lower)) and np.all(np.isfinite(upper)) and np.all(lower < upper)):
        raise ResultsFileError(f"{path}: /posterior/lower and /posterior/upper are not finite bounds with lower < upper")
    meta = metadata(path)
    for ds in (posterior, generations, targets):
        _with_metadata(ds, path, "calibration")
    return Calibration(str(Path(path)), meta, posterior, generations, targets)


UNCERTAINTY_DIRECTIONS = ("higher_is_better", "lower_is_better")


def open_uncertainty(path) -> xr.Dataset:
    """open_uncertainty(path) -> Dataset of /uncertainty of a posterior or prior comparison
    (`asmsim compare --posterior/--prior`), dims (draw, parameter, intervention, outcome[, criterion]).

    Holds at least `parameter_value` (draw, parameter), `effect` (draw, intervention, outcome) and
    `outcome_direction` (outcome: "higher_is_better" or "lower_is_better"), and whatever summaries the
    writer stored (`effect_mean`, `effect_lower`, `effect_upper`, `stochastic_lower`,
    `stochastic_upper`, `rank_probability`, `expected_rank`, `sensitivity`, `parameter_units`).
    /metadata@parameter_source ("posterior" or "prior") and @calibration_file are in `ds.attrs`.
    """
    _require_kind(path, ("uncertainty",), "an uncertainty comparison file")
    ds = _open_group(path, "uncertainty")
    for name in ("draw", "parameter", "intervention", "outcome"):
        if name not in ds.dims:
            raise ResultsFileError(f"{path}: has no dataset /uncertainty/{name}")
    _require_vars(path, ds, "uncertainty", {"parameter_value": ("draw", "parameter"),
                                            "effect": ("draw", "intervention", "outcome")})
    _require_vars(path, ds, "uncertainty", {"outcome_direction": ("outcome",)}, numeric=False)
    summaries = {n: ("intervention", "outcome") for n in ("effect_mean", "effect_lower", "effect_upper",
                                                          "stochastic_lower", "stochastic_upper") if n in ds}
    _require_vars(path, ds, "uncertainty", summaries)
    _require_vars(path, ds, "uncertainty", {n: ("intervention", "criterion") for n in ("rank_probability", "expected_rank")
                                            if n in ds})
    for direction in map(str, ds.outcome_direction.values):
        if direction not in UNCERTAINTY_DIRECTIONS:
            raise ResultsFileError(f"{path}: /uncertainty/outcome_direction holds {direction[:80]!r}, expected "
                                   "higher_is_better or lower_is_better")
    if ds.sizes["draw"] == 0:
        raise ResultsFileError(f"{path}: /uncertainty/draw has 0 entries, expected at least 1")
    return _with_metadata(ds, path, "uncertainty")
