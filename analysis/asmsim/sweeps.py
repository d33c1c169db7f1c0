"""Sweep files (`asmsim sweep`): the design, the outputs, and Sobol and Morris indices.

Layout (docs/sensitivity.md): /design holds the parameters (names, units, bounds) and every
point's value and unit-cube coordinate, with `group`, `block`, `randomisation` and
`changed_parameter` giving the structure of Sobol and Morris designs; /results/value holds one
statistic per point, replicate and statistic; /timeseries (optional) whole series per point;
/analysis the indices asmsim computed.

The indices are recomputed here from the design and the results, with the estimators asmsim
uses, so a notebook can compute them for any statistic and check the file's /analysis. A Sobol
design is R independently scrambled Sobol' designs (randomised QMC); each base row holds the
blocks A, AB_1..AB_d, [BA_1..BA_d,] B in SALib's order. On each randomisation, with every output
centred on the mean of all its outputs (as SALib does) and V the variance of f_A and f_B together:
first order S_i = mean(f_B (f_ABi - f_A)) / V (Saltelli et al. 2010), total
ST_i = mean((f_A - f_ABi)^2) / (2 V) (Jansen 1999), second order
S_ij = mean(f_BAi f_ABj - f_A f_B) / V - S_i - S_j (Saltelli 2002). The index is the mean over the
R randomisations and its interval the Student-t interval over them (R - 1 degrees of freedom).
Morris elementary effects EE = (y_k - y_{k-1}) / (change of the unit coordinate), mu* = mean |EE|
(Campolongo et al. 2007) and sigma, with a percentile bootstrap over trajectories (fixed seed).
The output of a point is its mean over replicates.

This module reads files and computes; it imports only `files` (docs/analysis.md, "Layers").
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

from scipy import stats

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from .files import _open_group, _text, file_kind, metadata, open_calibration, open_experiment, open_run, open_uncertainty


@dataclass
class Sweep:
    """Sweep: `design` (Dataset: point, parameter), `results` (Dataset: value over point, replicate,
    statistic), `data` (Dataset: one variable per statistic over (point, replicate), with each
    parameter as a coordinate along `point`), `timeseries` (Dataset over (point, replicate, month)
    with the same parameter coordinates, or None), `analysis` (Dataset or None), `meta`."""
    path: str
    meta: dict
    design: xr.Dataset
    results: xr.Dataset
    data: xr.Dataset
    timeseries: xr.Dataset | None = None
    analysis: xr.Dataset | None = None
    attrs: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """The design: "sobol", "morris", "grid", "lhs", ... (from the file)."""
        return str(self.design.attrs.get("kind", self.meta.get("design", "")))

    @property
    def parameters(self) -> list[str]:
        return [str(p) for p in self.design.parameter.values]

    @property
    def statistics(self) -> list[str]:
        return [str(s) for s in self.results.statistic.values]

    def point_means(self, statistic: str) -> np.ndarray:
        """point_means(statistic) -> array over points: the mean over replicates (NaN if any failed)."""
        return self.results.value.sel(statistic=statistic).mean("replicate", skipna=False).values

    def table(self) -> pd.DataFrame:
        """table() -> DataFrame, one row per point: parameter values and statistics (replicate means)."""
        values = self.design.value.to_pandas()
        values.columns = [str(c) for c in values.columns]
        for s in self.statistics:
            values[s] = self.point_means(s)
        return values


def _group_or_none(path, name):
    with h5py.File(path, "r") as f:
        present = name in f
    return _open_group(path, name) if present else None


def open_sweep(path) -> Sweep:
    """open_sweep(path) -> Sweep with xarray Datasets of the design, results and indices.

    `sweep.data[statistic]` has dims (point, replicate) and one coordinate per swept parameter
    along `point`, so `sweep.data.swap_dims(point=...)` or pandas grouping work directly.
    """
    meta = metadata(path)
    design = _open_group(path, "design")
    results = _open_group(path, "results")
    with h5py.File(path, "r") as f:
        design.attrs.update({k: _text(v) for k, v in f["design"].attrs.items()})
    data = xr.Dataset()
    units = dict(zip(map(str, results.statistic.values), map(str, results.statistic_units.values))) \
        if "statistic_units" in results else {}
    descriptions = dict(zip(map(str, results.statistic.values), map(str, results.statistic_description.values))) \
        if "statistic_description" in results else {}
    for s in map(str, results.statistic.values):
        da = results.value.sel(statistic=s, drop=True)
        da.attrs = {"units": units.get(s, ""), "long_name": descriptions.get(s, s)}
        data[s] = da
    parameter_units = [str(u) for u in design.parameter_units.values] if "parameter_units" in design else None
    for i, p in enumerate(map(str, design.parameter.values)):
        coord = xr.DataArray(design.value.isel(parameter=i).values, dims="point",
                             attrs={"units": parameter_units[i] if parameter_units else ""})
        data = data.assign_coords({p: coord})
    data.attrs.update(meta)
    data.attrs["kind"] = "sweep"
    timeseries = _group_or_none(path, "timeseries")
    if timeseries is not None:  # the same parameter coordinates along `point`
        timeseries = timeseries.assign_coords({p: data[p].variable for p in map(str, design.parameter.values)})
        timeseries.attrs.update(meta)
    return Sweep(str(path), meta, design, results, data, timeseries, _group_or_none(path, "analysis"))


def _percentile_intervals(estimates: np.ndarray, samples: np.ndarray, confidence: float):  # Morris
    tail = (1 - confidence) / 2 * 100
    return np.nanpercentile(samples, tail, axis=0), np.nanpercentile(samples, 100 - tail, axis=0)


def sobol_estimates(f_a, f_b, f_ab, f_ba=None) -> dict:
    """sobol_estimates(f_a, f_b, f_ab, f_ba=None) -> {"S1": (d,), "ST": (d,), "S2": (d, d) or None}.

    The estimates of ONE design (one randomisation): f_a, f_b over its N base rows, f_ab (and with
    second order f_ba) N x d. Outputs are centred on the mean of all of them, as asmsim and SALib do.
    S2[i, j] is filled for i < j, NaN elsewhere.
    """
    f_a, f_b, f_ab = np.asarray(f_a, float), np.asarray(f_b, float), np.asarray(f_ab, float)
    parts = [f_a, f_b, f_ab.ravel()] + ([np.asarray(f_ba, float).ravel()] if f_ba is not None else [])
    centre = np.mean(np.concatenate(parts))
    a, b, ab = f_a - centre, f_b - centre, f_ab - centre
    v = np.var(np.concatenate([a, b]))
    s1 = np.mean(b[:, None] * (ab - a[:, None]), axis=0) / v
    st = np.mean((a[:, None] - ab) ** 2, axis=0) / (2 * v)
    s2 = None
    if f_ba is not None:
        ba = np.asarray(f_ba, float) - centre
        d = len(s1)
        s2 = np.full((d, d), np.nan)
        for i in range(d):
            for j in range(i + 1, d):
                s2[i, j] = np.mean(ba[:, i] * ab[:, j] - a * b) / v - s1[i] - s1[j]
    return {"S1": s1, "ST": st, "S2": s2}


def t_interval_over(estimates: np.ndarray, confidence: float = 0.95):
    """t_interval_over(estimates (R, ...), confidence) -> (mean, low, high) over axis 0, ignoring NaN."""
    estimates = np.asarray(estimates, float)
    n = np.sum(np.isfinite(estimates), axis=0)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns (e.g. S2 below the diagonal)
        mean = np.nanmean(estimates, axis=0) if len(estimates) else np.nan
        sd = np.nanstd(estimates, axis=0, ddof=1) if len(estimates) > 1 else np.full(np.shape(mean), np.nan)
        half = stats.t.ppf(0.5 + confidence / 2, np.where(n > 1, n - 1, np.nan)) * sd / np.sqrt(n)
    return mean, mean - half, mean + half


def sobol_from_arrays(f_a, f_b, f_ab, f_ba=None, randomisation=None, confidence: float = 0.95) -> pd.DataFrame:
    """sobol_from_arrays(f_a, f_b, f_ab, f_ba=None, randomisation=None, confidence=0.95) -> DataFrame.

    f_a, f_b: outputs of the base rows of matrices A and B; f_ab: rows x d outputs of AB_i (A with
    column i from B); f_ba (second order): rows x d of BA_i; randomisation: the randomisation of each
    row (default: all one design, which gives no interval). Returns per parameter S1, ST (means over
    randomisations) and their t intervals (S1_ci_low, S1_ci_high, ST_ci_low, ST_ci_high); with f_ba,
    `table.attrs["S2"]`, `["S2_ci_low"]`, `["S2_ci_high"]` (d x d, i < j) and always
    `table.attrs["by_randomisation"]` (the estimates of each randomisation).
    """
    f_a = np.asarray(f_a, float)
    randomisation = np.zeros(len(f_a), int) if randomisation is None else np.asarray(randomisation)
    f_ab = np.asarray(f_ab, float)
    f_ba = None if f_ba is None else np.asarray(f_ba, float)
    f_b = np.asarray(f_b, float)
    by = [sobol_estimates(f_a[m], f_b[m], f_ab[m], None if f_ba is None else f_ba[m])
          for m in (randomisation == r for r in np.unique(randomisation))]
    columns = {}
    for name in ("S1", "ST"):
        mean, low, high = t_interval_over(np.array([e[name] for e in by]), confidence)
        columns.update({name: mean, f"{name}_ci_low": low, f"{name}_ci_high": high})
    table = pd.DataFrame(columns)
    table.attrs["by_randomisation"] = by
    table.attrs["randomisations"] = len(by)
    if f_ba is not None:
        mean, low, high = t_interval_over(np.array([e["S2"] for e in by]), confidence)
        table.attrs.update({"S2": mean, "S2_ci_low": low, "S2_ci_high": high})
    return table


def _sobol_grid(sweep: Sweep, statistic: str):
    """(grid rows x blocks in SALib's order, randomisation per row, second_order) of a sobol sweep,
    rows holding a failed point left out. Files written before the block order was SALib's (no
    /design attribute block_order) had B before the BA_i blocks; they are reordered here."""
    if sweep.kind != "sobol":
        raise ValueError(f"Sobol indices need a sobol design (this sweep is {sweep.kind!r})")
    d = len(sweep.parameters)
    y = sweep.point_means(statistic)
    group, block = sweep.design.group.values, sweep.design.block.values
    randomisation = sweep.design.randomisation.values if "randomisation" in sweep.design else np.zeros(len(group), int)
    blocks = int(block.max()) + 1
    second_order = blocks == 2 * d + 2
    rows, first = np.unique(group, return_index=True)
    grid = np.full((len(rows), blocks), np.nan)
    grid[np.searchsorted(rows, group), block] = y
    if second_order and "block_order" not in sweep.design.attrs:
        grid = np.concatenate([grid[:, :d + 1], grid[:, d + 2:], grid[:, d + 1:d + 2]], axis=1)
    keep = np.all(np.isfinite(grid), axis=1)
    return grid[keep], randomisation[first][keep], second_order


def sobol_indices(sweep: Sweep, statistic: str, confidence: float = 0.95) -> pd.DataFrame:
    """sobol_indices(sweep, statistic, confidence=0.95) -> DataFrame by parameter.

    First-order (S1) and total (ST) Sobol indices of a statistic (its mean over replicates) from a
    Sobol design: means over the randomisations with Student-t intervals. Base rows holding a failed
    point are left out. With second order, `table.attrs["S2"]` etc. (see sobol_from_arrays) and
    `second_order_table(table)` lists the pairs.
    """
    grid, randomisation, second_order = _sobol_grid(sweep, statistic)
    d = len(sweep.parameters)
    table = sobol_from_arrays(grid[:, 0], grid[:, -1], grid[:, 1:d + 1], grid[:, d + 1:2 * d + 1] if second_order else None,
                              randomisation, confidence)
    table.index = pd.Index(sweep.parameters, name="parameter")
    table.attrs["rows_used"] = len(grid)
    return table


def salib_outputs(sweep: Sweep, statistic: str, randomisation: int = 0) -> np.ndarray:
    """salib_outputs(sweep, statistic, randomisation=0) -> the outputs of one randomisation in
    SALib's order (rows of A, AB_1..AB_d, [BA_1..BA_d,] B), ready for
    SALib.analyze.sobol.analyze(problem, Y, calc_second_order=...): it gives that randomisation's
    estimates (/analysis/S1_by_randomisation, ...). Rows with a failed point are left out."""
    grid, r, _ = _sobol_grid(sweep, statistic)
    return grid[r == randomisation].ravel()


def second_order_table(table: pd.DataFrame) -> pd.DataFrame:
    """second_order_table(table) -> DataFrame of parameter pairs (i < j) with S2 and its interval,
    ranked by S2, from a table of sobol_indices/stored_indices; empty without second order."""
    if "S2" not in table.attrs:
        return pd.DataFrame(columns=["parameter", "parameter2", "S2", "S2_ci_low", "S2_ci_high"])
    names = list(table.index)
    rows = [(names[i], names[j], table.attrs["S2"][i, j], table.attrs["S2_ci_low"][i, j], table.attrs["S2_ci_high"][i, j])
            for i in range(len(names)) for j in range(i + 1, len(names))]
    out = pd.DataFrame(rows, columns=["parameter", "parameter2", "S2", "S2_ci_low", "S2_ci_high"])
    return out.sort_values("S2", ascending=False, kind="stable").reset_index(drop=True)


def morris_indices(sweep: Sweep, statistic: str, resamples: int = 1000, confidence: float = 0.95,
                   seed: int = 0) -> pd.DataFrame:
    """morris_indices(sweep, statistic, resamples=1000, confidence=0.95, seed=0) -> DataFrame by parameter.

    Columns mu, mu_star, sigma (of the elementary effects, per unit of the parameter's range in
    the unit cube, in the statistic's units) and mu_star_ci_low/high (bootstrap over trajectories).
    Trajectories holding a failed point are left out.
    """
    if sweep.kind != "morris":
        raise ValueError(f"Morris indices need a morris design (this sweep is {sweep.kind!r})")
    d = len(sweep.parameters)
    y = sweep.point_means(statistic)
    unit = sweep.design.unit_sample.values
    trajectory, step = sweep.design.group.values, sweep.design.block.values
    changed = sweep.design.changed_parameter.values
    effects = {}  # trajectory -> d elementary effects
    for t in np.unique(trajectory):
        points = np.flatnonzero(trajectory == t)
        points = points[np.argsort(step[points])]
        if not np.all(np.isfinite(y[points])):
            continue
        ee = np.full(d, np.nan)
        for prev, cur in zip(points[:-1], points[1:]):
            i = changed[cur]
            ee[i] = (y[cur] - y[prev]) / (unit[cur, i] - unit[prev, i])
        effects[t] = ee
    ee = np.array(list(effects.values()))  # trajectories x d
    mu_star = np.nanmean(np.abs(ee), axis=0)
    rng = np.random.default_rng(seed)
    boot = np.array([np.nanmean(np.abs(ee[rng.integers(0, len(ee), len(ee))]), axis=0) for _ in range(resamples)])
    low, high = _percentile_intervals(mu_star, boot, confidence)
    table = pd.DataFrame({"mu": np.nanmean(ee, axis=0), "mu_star": mu_star, "sigma": np.nanstd(ee, axis=0, ddof=1),
                          "mu_star_ci_low": low, "mu_star_ci_high": high},
                         index=pd.Index(sweep.parameters, name="parameter"))
    table.attrs["trajectories_used"] = len(ee)
    return table


def stored_indices(sweep: Sweep, statistic: str) -> pd.DataFrame | None:
    """stored_indices(sweep, statistic) -> DataFrame by parameter of the indices asmsim stored in
    /analysis (columns named as sobol_indices / morris_indices return), or None when absent.

    The Sobol' indices and intervals agree with sobol_indices to rounding (the same randomisations);
    Morris intervals differ by Monte Carlo error (asmsim draws its bootstrap from its own stream).
    """
    a = sweep.analysis
    if a is None or "statistic" not in a.dims or statistic not in [str(v) for v in a.statistic.values]:
        return None
    names = {"S1": "S1", "S1_low": "S1_ci_low", "S1_high": "S1_ci_high", "ST": "ST", "ST_low": "ST_ci_low",
             "ST_high": "ST_ci_high", "mu": "mu", "mu_star": "mu_star", "mu_star_low": "mu_star_ci_low",
             "mu_star_high": "mu_star_ci_high", "sigma": "sigma"}
    row = a.sel(statistic=[v for v in a.statistic.values if str(v) == statistic][0])
    columns = {new: row[old].values for old, new in names.items() if old in row and row[old].dims == ("parameter",)}
    if not columns:
        return None
    table = pd.DataFrame(columns, index=pd.Index([str(p) for p in a.parameter.values], name="parameter"))
    for key in ("base_rows_used", "variance"):
        if key in row:
            table.attrs[key] = row[key].item()
    for key in ("S2", "S2_low", "S2_high"):
        if key in row:
            table.attrs[key.replace("_low", "_ci_low").replace("_high", "_ci_high")] = np.asarray(row[key].values, float)
    if "randomisations" in a.attrs:
        table.attrs["randomisations"] = int(a.attrs["randomisations"])
    return table


def indices(sweep: Sweep, statistic: str) -> tuple[pd.DataFrame, str]:
    """indices(sweep, statistic) -> (table, source): the file's /analysis when present, else
    recomputed here; source says which ("asmsim /analysis" or "recomputed")."""
    stored = stored_indices(sweep, statistic)
    if stored is not None:
        return stored, "asmsim /analysis"
    compute = sobol_indices if sweep.kind == "sobol" else morris_indices
    return compute(sweep, statistic), "recomputed by the asmsim Python package"


def open_any(path):
    """open_any(path) -> (kind, data): "run" -> Dataset; "experiment" -> Dataset;
    "sweep" -> Sweep (design, outputs and indices); "calibration" -> Calibration (posterior,
    generations, targets); "uncertainty" -> Dataset of /uncertainty. Here rather than in files.py,
    which must not import this module (sweeps builds on files)."""
    kind = file_kind(path)
    openers = {"run": open_run, "experiment": open_experiment, "sweep": open_sweep, "calibration": open_calibration,
               "uncertainty": open_uncertainty}
    return kind, openers[kind](path)
