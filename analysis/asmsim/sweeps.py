"""Sweep files (`asmsim sweep`): the design, the outputs, and Sobol and Morris indices.

Layout (docs/sensitivity.md): /design holds the parameters (names, units, bounds) and every
point's value and unit-cube coordinate, with `group`, `block` and `changed_parameter` giving the
structure of Sobol and Morris designs; /results/value holds one statistic per point, replicate and
statistic; /timeseries (optional) whole series per point; /analysis the indices asmsim computed.

The indices are recomputed here from the design and the results, with the estimators asmsim
uses, so a notebook can compute them for any statistic and check the file's /analysis:
Sobol first order S_i = mean(f_B (f_ABi - f_A)) / V (Saltelli et al. 2010), total
ST_i = mean((f_A - f_ABi)^2) / (2 V) (Jansen 1999), with V the variance of f_A and f_B together
and every f centred on their mean;
Morris elementary effects EE = (y_k - y_{k-1}) / (change of the unit coordinate), mu* = mean |EE|
(Campolongo et al. 2007) and sigma. Intervals: percentile bootstrap over base rows (Sobol) or
trajectories (Morris) with a fixed seed. The output of a point is its mean over replicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from .files import _open_group, _text, metadata


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


def _percentile_intervals(estimates: np.ndarray, samples: np.ndarray, confidence: float):
    tail = (1 - confidence) / 2 * 100
    return np.nanpercentile(samples, tail, axis=0), np.nanpercentile(samples, 100 - tail, axis=0)


def sobol_from_arrays(f_a, f_b, f_ab, resamples: int = 1000, confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """sobol_from_arrays(f_a, f_b, f_ab, resamples=1000, confidence=0.95, seed=0) -> DataFrame.

    f_a, f_b: outputs of the N base rows of matrices A and B; f_ab: N x d outputs of AB_i (A with
    column i from B). Returns per parameter index 0..d-1: S1, ST and percentile-bootstrap intervals
    over base rows (S1_ci_low, S1_ci_high, ST_ci_low, ST_ci_high).
    """
    f_a, f_b, f_ab = np.asarray(f_a, float), np.asarray(f_b, float), np.asarray(f_ab, float)

    def estimate(rows):
        # Centred on the mean of f_A and f_B, as asmsim does: the same expectations, a far smaller
        # estimator variance when the output's mean is large against its spread.
        mean = np.mean(np.concatenate([f_a[rows], f_b[rows]]))
        a, b, ab = f_a[rows] - mean, f_b[rows] - mean, f_ab[rows] - mean
        v = np.var(np.concatenate([a, b]))
        s1 = np.mean(b[:, None] * (ab - a[:, None]), axis=0) / v
        st = np.mean((a[:, None] - ab) ** 2, axis=0) / (2 * v)
        return s1, st

    n = len(f_a)
    s1, st = estimate(np.arange(n))
    rng = np.random.default_rng(seed)
    boot = [estimate(rng.integers(0, n, n)) for _ in range(resamples)]
    s1_low, s1_high = _percentile_intervals(s1, np.array([b[0] for b in boot]), confidence)
    st_low, st_high = _percentile_intervals(st, np.array([b[1] for b in boot]), confidence)
    return pd.DataFrame({"S1": s1, "S1_ci_low": s1_low, "S1_ci_high": s1_high,
                         "ST": st, "ST_ci_low": st_low, "ST_ci_high": st_high})


def sobol_indices(sweep: Sweep, statistic: str, resamples: int = 1000, confidence: float = 0.95,
                  seed: int = 0) -> pd.DataFrame:
    """sobol_indices(sweep, statistic, resamples=1000, confidence=0.95, seed=0) -> DataFrame by parameter.

    First-order (S1) and total (ST) Sobol indices of a statistic (its mean over replicates) from a
    Sobol design, with bootstrap intervals. Base rows holding a failed point are left out.
    """
    if sweep.kind != "sobol":
        raise ValueError(f"Sobol indices need a sobol design (this sweep is {sweep.kind!r})")
    d = len(sweep.parameters)
    y = sweep.point_means(statistic)
    group, block = sweep.design.group.values, sweep.design.block.values
    rows = np.unique(group)
    grid = np.full((len(rows), int(block.max()) + 1), np.nan)
    grid[np.searchsorted(rows, group), block] = y
    grid = grid[np.all(np.isfinite(grid[:, :d + 2]), axis=1)]
    table = sobol_from_arrays(grid[:, 0], grid[:, d + 1], grid[:, 1:d + 1], resamples, confidence, seed)
    table.index = pd.Index(sweep.parameters, name="parameter")
    table.attrs["rows_used"] = len(grid)
    return table


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

    asmsim draws its bootstrap resamples from its own random stream, so its intervals differ from
    this module's by Monte Carlo error; the point estimates agree to rounding.
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
    return table


def indices(sweep: Sweep, statistic: str) -> tuple[pd.DataFrame, str]:
    """indices(sweep, statistic) -> (table, source): the file's /analysis when present, else
    recomputed here; source says which ("asmsim /analysis" or "recomputed")."""
    stored = stored_indices(sweep, statistic)
    if stored is not None:
        return stored, "asmsim /analysis"
    compute = sobol_indices if sweep.kind == "sobol" else morris_indices
    return compute(sweep, statistic), "recomputed by the asmsim Python package"


def sweep_report(path, out_dir):
    """sweep_report(path, out_dir) -> report.Report for a sweep: design, indices per statistic, figures."""
    from . import figures
    from .report import Report
    from .summary import format_interval

    sweep = open_sweep(path)
    report = Report(f"asmsim sweep: {sweep.meta.get('sweep_name', path)}")
    ok = int(np.sum(sweep.results.status.values == 0)) if "status" in sweep.results else sweep.design.sizes["point"]
    description = sweep.meta.get("sweep_description", "").rstrip(".")
    report.paragraph(f"{description + '. ' if description else ''}Design: {sweep.kind}, "
                     f"{sweep.design.sizes['point']} points ({ok} ran), {sweep.results.sizes['replicate']} replicates "
                     f"per point, {len(sweep.parameters)} parameters.", css_class="lead")
    report.heading("Parameters")
    units = [str(u) for u in sweep.design.parameter_units.values] if "parameter_units" in sweep.design else [""] * len(sweep.parameters)
    dist = [str(u) for u in sweep.design.distribution.values] if "distribution" in sweep.design else [""] * len(sweep.parameters)
    report.table(pd.DataFrame({"parameter": sweep.parameters, "units": units, "distribution": dist,
                               "lower": [f"{v:.6g}" for v in sweep.design.lower.values],
                               "upper": [f"{v:.6g}" for v in sweep.design.upper.values]}),
                 numeric=("lower", "upper"))
    for s in sweep.statistics:
        s_units = sweep.data[s].attrs.get("units", "")
        units_text = f" ({s_units})" if s_units and s_units != "1" else ""
        if sweep.kind == "sobol":
            t, source = indices(sweep, s)
            (out_dir / "tables").mkdir(parents=True, exist_ok=True)
            t.to_csv(out_dir / "tables" / f"sobol_{s}.csv")
            report.heading(f"Sobol indices: {s}")
            rows = int(t.attrs.get("base_rows_used", t.attrs.get("rows_used", 0)))
            report.paragraph(f"{sweep.data[s].attrs.get('long_name', s)}{units_text}; {rows} base rows; "
                             f"95% percentile bootstrap intervals over base rows; from {source}.")
            report.table(pd.DataFrame({"parameter": t.index,
                                       "S1 [95% CI]": [format_interval(a, b, c, 3) for a, b, c in zip(t.S1, t.S1_ci_low, t.S1_ci_high)],
                                       "ST [95% CI]": [format_interval(a, b, c, 3) for a, b, c in zip(t.ST, t.ST_ci_low, t.ST_ci_high)]}),
                         numeric=("S1 [95% CI]", "ST [95% CI]"))
            report.figure(figures.sobol_plot(t, s), out_dir, f"sobol_{s}", f"Sobol indices of {s} with 95% intervals.")
        elif sweep.kind == "morris":
            t, source = indices(sweep, s)
            (out_dir / "tables").mkdir(parents=True, exist_ok=True)
            t.to_csv(out_dir / "tables" / f"morris_{s}.csv")
            report.heading(f"Morris screening: {s}")
            report.paragraph(f"{sweep.data[s].attrs.get('long_name', s)}{units_text}; elementary effects per unit "
                             f"of each parameter's range (unit coordinates); from {source}.")
            report.table(pd.DataFrame({"parameter": t.index,
                                       "mu* [95% CI]": [format_interval(a, b, c) for a, b, c in zip(t.mu_star, t.mu_star_ci_low, t.mu_star_ci_high)],
                                       "mu": [format_interval(a, np.nan, np.nan) for a in t.mu],
                                       "sigma": [format_interval(a, np.nan, np.nan) for a in t.sigma]}),
                         numeric=("mu* [95% CI]", "mu", "sigma"))
            report.figure(figures.morris_plot(t, s, s_units), out_dir, f"morris_{s}", f"Morris mu* against sigma for {s}.")
        else:
            report.heading(f"Outputs: {s}")
            table = sweep.table()
            report.table(table.describe().T.loc[[s]].round(4).reset_index(names="statistic"))
    return report
