"""Scenario discovery: the regions of parameter space in which an intervention fails to beat the
baseline (Bryant and Lempert 2010, "Thinking inside the box", Technological Forecasting and Social
Change 77:34-49), from a sweep or from a posterior (or prior) comparison.

`discover(X, failed)` fits a CART classification tree (scikit-learn's DecisionTreeClassifier;
Breiman et al. 1984) to the points labelled failed or not, and returns each leaf in which most
points failed as a box: the bounds of each parameter, with the three measures of scenario
discovery:

- coverage: the share of all failed points that lie in the box;
- density: the share of the box's points that failed;
- mass: the share of all points that lie in the box.

scikit-learn is optional (Debian: python3-sklearn, installed by `make deps`): without it,
`discover` raises ImportError saying so, and the report skips its section with a note. PRIM (the
EMA Workbench's implementation) is not packaged in Debian and is not vendored here, so only
"cart" is implemented; method="prim" raises ImportError saying so (docs/calibration.md, "Report and
scenario discovery").

Imports `files`, `sweeps` and `summary` (layer 2 of docs/analysis.md, "Layers").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .files import open_uncertainty
from .summary import better_direction
from .sweeps import Sweep, open_sweep

METHODS = ("cart", "prim")
SKLEARN_MISSING = ("scenario discovery needs scikit-learn (Debian: apt-get install python3-sklearn, or `make deps`); "
                   "it is optional, so the rest of the package works without it")


@dataclass
class Box:
    """A region of parameter space: `limits` (DataFrame by parameter: lower, upper, restricted),
    and coverage, density, mass, points and failed (see the module's docstring)."""
    limits: pd.DataFrame
    coverage: float
    density: float
    mass: float
    points: int
    failed: int

    def contains(self, X: pd.DataFrame) -> np.ndarray:
        """contains(X) -> bool array: which rows of X lie in the box (bounds inclusive)."""
        inside = np.ones(len(X), bool)
        for name, row in self.limits.iterrows():
            x = np.asarray(X[name], float)
            inside &= (x >= row.lower) & (x <= row.upper)
        return inside

    def describe(self, digits: int = 4) -> str:
        """describe() -> "a <= 0.3 and b >= 0.6": the restricted bounds (the others span the data)."""
        parts = []
        for name, row in self.limits[self.limits.restricted].iterrows():
            low, high = row.lower_restricted, row.upper_restricted
            if low and high:
                parts.append(f"{row.lower:.{digits}g} <= {name} <= {row.upper:.{digits}g}")
            elif low:
                parts.append(f"{name} >= {row.lower:.{digits}g}")
            else:
                parts.append(f"{name} <= {row.upper:.{digits}g}")
        return " and ".join(parts) if parts else "everywhere"


@dataclass
class Discovery:
    """The result of `discover`: `boxes` (largest coverage first), `base_rate` (share failed over all
    points), `points`, `failed`, `parameters`, `method`, `condition` (what "failed" means)."""
    method: str
    boxes: list[Box]
    base_rate: float
    points: int
    failed: int
    parameters: list[str]
    condition: str = ""
    dropped: int = 0  # points left out: a parameter or the outcome not finite
    settings: dict = field(default_factory=dict)
    X: pd.DataFrame | None = None      # the points used (rows kept), for figures
    labels: np.ndarray | None = None   # their failed labels

    def summary(self) -> pd.DataFrame:
        """summary() -> DataFrame by box: region (text), coverage, density, mass, points, failed."""
        return pd.DataFrame([{"box": i + 1, "region": b.describe(), "coverage": b.coverage, "density": b.density,
                              "mass": b.mass, "points": b.points, "failed": b.failed} for i, b in enumerate(self.boxes)],
                            columns=["box", "region", "coverage", "density", "mass", "points", "failed"])

    def table(self) -> pd.DataFrame:
        """table() -> DataFrame by (box, parameter): lower, upper, restricted and the box's measures."""
        frames = []
        for i, b in enumerate(self.boxes):
            t = b.limits[["lower", "upper", "restricted"]].copy()
            t["coverage"], t["density"], t["mass"] = b.coverage, b.density, b.mass
            t.insert(0, "box", i + 1)
            frames.append(t.reset_index())
        if not frames:
            return pd.DataFrame(columns=["box", "parameter", "lower", "upper", "restricted", "coverage", "density", "mass"])
        return pd.concat(frames, ignore_index=True)


def _tree_class():
    try:
        from sklearn.tree import DecisionTreeClassifier
    except ImportError:
        raise ImportError(SKLEARN_MISSING) from None
    return DecisionTreeClassifier


def _check_inputs(X, failed) -> tuple[pd.DataFrame, np.ndarray, int]:
    if not isinstance(X, pd.DataFrame):
        raise TypeError("X must be a pandas DataFrame with one column per parameter")
    failed = np.asarray(failed)
    if failed.ndim != 1 or len(failed) != len(X):
        raise ValueError(f"failed has shape {failed.shape}, expected ({len(X)},): one label per row of X")
    if failed.dtype.kind != "b":
        raise ValueError(f"failed must be booleans (got {failed.dtype})")
    try:
        values = X.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ValueError("X must hold numbers only (one column per parameter)") from None
    keep = np.all(np.isfinite(values), axis=1)
    return X[keep].astype(float), failed[keep], int(np.sum(~keep))


def discover(X: pd.DataFrame, failed, method: str = "cart", max_depth: int = 3, min_leaf: int | None = None,
             min_density: float = 0.5, condition: str = "", random_state: int = 0) -> Discovery:
    """discover(X, failed, method="cart", max_depth=3, min_leaf=None, min_density=0.5) -> Discovery.

    X: one row per point (a sweep's design point or a posterior draw), one column per parameter;
    failed: bool per row (the intervention fails to beat the baseline there). Rows with a value that
    is not finite are left out (`Discovery.dropped`). A CART tree of depth at most `max_depth`, with
    at least `min_leaf` points a leaf (default: 2% of the points, at least 5), is fitted; every leaf
    whose density (share failed) is at least `min_density` becomes a box, bounded by the tree's
    splits and, where a parameter is not split, by the data's range (`restricted` False). Boxes are
    sorted by coverage, largest first. With no failed point (or none left), no box.
    """
    if method not in METHODS:
        raise ValueError(f"method {method!r} not in {METHODS}")
    if method == "prim":
        raise ImportError("method='prim' needs a maintained PRIM implementation (the EMA Workbench's); it is not "
                          "packaged in Debian and not vendored in asmsim, so only method='cart' is available")
    X, failed, dropped = _check_inputs(X, failed)
    parameters = [str(c) for c in X.columns]
    n, n_failed = len(X), int(np.sum(failed))
    result = Discovery(method, [], n_failed / n if n else float("nan"), n, n_failed, parameters, condition, dropped,
                       {"max_depth": max_depth, "min_density": min_density}, X.reset_index(drop=True), failed)
    if n == 0 or n_failed == 0:
        return result
    min_leaf = min_leaf if min_leaf is not None else max(5, math.ceil(0.02 * n))
    result.settings["min_leaf"] = min_leaf
    Tree = _tree_class()
    values = X.to_numpy()
    tree = Tree(max_depth=max_depth, min_samples_leaf=min_leaf, random_state=random_state).fit(values, failed)
    data_low, data_high = values.min(axis=0), values.max(axis=0)
    t = tree.tree_
    leaf_of = tree.apply(values)

    def walk(node, low, high, low_set, high_set):
        if t.children_left[node] == -1:  # a leaf
            inside = leaf_of == node
            points, hits = int(inside.sum()), int(np.sum(failed[inside]))
            if points and hits / points >= min_density:
                limits = pd.DataFrame({"lower": low, "upper": high, "lower_restricted": low_set,
                                       "upper_restricted": high_set},
                                      index=pd.Index(parameters, name="parameter"))
                limits["restricted"] = limits.lower_restricted | limits.upper_restricted
                result.boxes.append(Box(limits, hits / n_failed, hits / points, points / n, points, hits))
            return
        f, threshold = t.feature[node], t.threshold[node]
        # sklearn sends x <= threshold left; the box's bound is the split value itself.
        high_left, high_set_left = high.copy(), high_set.copy()
        high_left[f], high_set_left[f] = min(high[f], threshold), True
        walk(t.children_left[node], low, high_left, low_set, high_set_left)
        low_right, low_set_right = low.copy(), low_set.copy()
        low_right[f], low_set_right[f] = max(low[f], threshold), True
        walk(t.children_right[node], low_right, high, low_set_right, high_set)

    walk(0, data_low.astype(float).copy(), data_high.astype(float).copy(), np.zeros(len(parameters), bool),
         np.zeros(len(parameters), bool))
    result.boxes.sort(key=lambda b: (-b.coverage, -b.density))
    return result


def _direction(name: str, direction) -> int:
    if direction is None:
        return better_direction(name.split("__")[0])
    if direction in ("higher_is_better", "higher", 1, +1):
        return +1
    if direction in ("lower_is_better", "lower", -1):
        return -1
    raise ValueError(f"direction {direction!r}: expected 'higher_is_better' or 'lower_is_better'")


def design_frame(sweep: Sweep) -> pd.DataFrame:
    """design_frame(sweep) -> DataFrame, one row per point, one column per parameter (its value)."""
    X = sweep.design.value.to_pandas()
    X.columns = [str(c) for c in X.columns]
    return X.reset_index(drop=True)


def discover_sweep(sweep, statistic: str, baseline=None, threshold: float | None = None, direction=None,
                   **options) -> Discovery:
    """discover_sweep(sweep, statistic, baseline=None, threshold=None, direction=None, **options) -> Discovery.

    `sweep`: a sweep file (or an open Sweep) in which the intervention is on. A point fails when its
    `statistic` (mean over replicates) is not better than
    - with `baseline` (a second sweep file, or Sweep, of the same design and seed with the
      intervention off, so that point p of both ran under common random numbers): the baseline's
      value at the same point (the effect is <= 0, or >= 0 when lower is better);
    - with `threshold`: that value (e.g. the baseline scenario's mean from `asmsim run`).
    Better is higher unless `direction` says "lower_is_better"; by default it comes from the
    output's name (the part before "__": poverty, mercury and the like are better lower). Points
    that failed to run (NaN) are left out. `options` go to `discover`.
    """
    sweep = sweep if isinstance(sweep, Sweep) else open_sweep(sweep)
    if statistic not in sweep.statistics:
        raise ValueError(f"{sweep.path}: no statistic {statistic!r} (the sweep has {', '.join(sweep.statistics)})")
    sign = _direction(statistic, direction)
    y = sweep.point_means(statistic)
    better = "lower" if sign < 0 else "higher"
    if baseline is not None:
        base = baseline if isinstance(baseline, Sweep) else open_sweep(baseline)
        if base.parameters != sweep.parameters or base.design.value.shape != sweep.design.value.shape or \
                not np.array_equal(base.design.value.values, sweep.design.value.values):
            raise ValueError(f"{base.path}: not the same design as {sweep.path} (parameters and points must be "
                             "equal, so that point p of both is paired)")
        if statistic not in base.statistics:
            raise ValueError(f"{base.path}: no statistic {statistic!r}")
        effect = y - base.point_means(statistic)
        condition = (f"{statistic}: the intervention's value is not {better} than the baseline sweep's at the same "
                     f"point ({base.path})")
    elif threshold is not None:
        effect = y - float(threshold)
        condition = f"{statistic} is not {better} than {threshold:.6g}"
    else:
        raise ValueError("discover_sweep needs baseline= (a sweep of the same design without the intervention) or "
                         "threshold= (the value to beat)")
    X = design_frame(sweep)
    ok = np.isfinite(effect)
    failed = sign * effect <= 0
    found = discover(X[ok].reset_index(drop=True), failed[ok], condition=condition, **options)
    found.dropped += int(np.sum(~ok))
    return found


def discover_posterior(path_or_ds, intervention: str, outcome: str, **options) -> Discovery:
    """discover_posterior(path, intervention, outcome, **options) -> Discovery.

    From an uncertainty comparison (`asmsim compare --posterior/--prior`): draw d fails when the
    intervention's effect on `outcome` in /uncertainty/effect is not better than zero, in the
    direction of /uncertainty/outcome_direction (effect <= 0 when higher is better, >= 0 when lower
    is better); X is /uncertainty/parameter_value. `options` go to `discover`.
    """
    ds = path_or_ds if not isinstance(path_or_ds, (str, bytes)) and hasattr(path_or_ds, "effect") \
        else open_uncertainty(path_or_ds)
    where = ds.attrs.get("path", "the uncertainty comparison")
    for dim, label in (("intervention", intervention), ("outcome", outcome)):
        labels = [str(v) for v in ds[dim].values]
        if label not in labels:
            raise ValueError(f"{where}: no {dim} {label!r} (it has {', '.join(labels)})")
    index = [str(v) for v in ds.outcome.values].index(outcome)
    direction = str(ds.outcome_direction.values[index])
    sign = _direction(outcome, direction)
    effect = ds.effect.sel(intervention=intervention, outcome=outcome).values.astype(float)
    X = ds.parameter_value.to_pandas()
    X.columns = [str(c) for c in X.columns]
    X = X.reset_index(drop=True)
    ok = np.isfinite(effect)
    better = "lower" if sign < 0 else "higher"
    condition = (f"{intervention}: effect on {outcome} not {better} than zero "
                 f"({ds.attrs.get('parameter_source', 'parameter')} draws)")
    found = discover(X[ok].reset_index(drop=True), (sign * effect <= 0)[ok], condition=condition, **options)
    found.dropped += int(np.sum(~ok))
    return found
