"""Tables of a calibration file (`asmsim calibrate`, docs/calibration.md): the posterior by
parameter, the fit of each target, the generations.

Quantiles are weighted as asmsim computes them: the smallest value whose cumulative weight reaches
q. A parameter is flagged "not identified" when its posterior 90% interval is wider than
`IDENTIFIED_WIDTH` (0.8) of its prior's range: the data narrowed it by less than a fifth.

This module reads files and computes; it imports only `files` (docs/analysis.md, "Layers").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .files import Calibration

IDENTIFIED_WIDTH = 0.8  # posterior 90% width / prior width above which a parameter is "not identified"


def weighted_quantile(values, weights, q: float) -> float:
    """weighted_quantile(values, weights, q) -> the smallest value whose cumulative weight reaches q
    (of the total weight), as asmsim's /posterior/q05, q50, q95."""
    values, weights = np.asarray(values, float), np.asarray(weights, float)
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])  # summed in order, as asmsim does
    index = min(int(np.searchsorted(cumulative, q * cumulative[-1], side="left")), len(values) - 1)
    return float(values[order][index])


def weighted_mean(values, weights) -> float:
    values, weights = np.asarray(values, float), np.asarray(weights, float)
    return float(np.sum(values * weights) / np.sum(weights))


def posterior_table(cal: Calibration, identified_width: float = IDENTIFIED_WIDTH) -> pd.DataFrame:
    """posterior_table(cal, identified_width=0.8) -> DataFrame by parameter.

    Columns: units, prior, lower, upper (the prior's bounds), mean, median, q05, q95 (weighted, from
    /posterior/sample and /posterior/weight), width_ratio = (q95 - q05) / (upper - lower) and
    identified = width_ratio <= identified_width.
    """
    p = cal.posterior
    weights = p.weight.values
    rows = []
    for i, name in enumerate(cal.parameters):
        x = p.sample.values[:, i]
        lower, upper = float(p.lower.values[i]), float(p.upper.values[i])
        q05, q95 = weighted_quantile(x, weights, 0.05), weighted_quantile(x, weights, 0.95)
        ratio = (q95 - q05) / (upper - lower)
        rows.append({"parameter": name, "units": str(p.parameter_units.values[i]), "prior": str(p.prior.values[i]),
                     "lower": lower, "upper": upper, "mean": weighted_mean(x, weights),
                     "median": weighted_quantile(x, weights, 0.5), "q05": q05, "q95": q95,
                     "width_ratio": ratio, "identified": bool(ratio <= identified_width)})
    table = pd.DataFrame(rows).set_index("parameter")
    table.attrs["identified_width"] = identified_width
    table.attrs["ess"] = float(p.attrs.get("ess", np.nan))
    return table


def target_fit_table(cal: Calibration) -> pd.DataFrame:
    """target_fit_table(cal) -> DataFrame by target: output, units, observed, uncertainty, the
    posterior's simulated mean and 90% interval (weighted, from /posterior/simulated), z = (mean -
    observed) / uncertainty, and covered: whether observed +- uncertainty overlaps that interval."""
    t, p = cal.targets, cal.posterior
    weights = p.weight.values
    rows = []
    for j, name in enumerate(cal.target_names):
        y = p.simulated.values[:, j]
        ok = np.isfinite(y)
        mean = weighted_mean(y[ok], weights[ok]) if ok.any() else np.nan
        q05 = weighted_quantile(y[ok], weights[ok], 0.05) if ok.any() else np.nan
        q95 = weighted_quantile(y[ok], weights[ok], 0.95) if ok.any() else np.nan
        observed, uncertainty = float(t.observed.values[j]), float(t.uncertainty.values[j])
        rows.append({"target": name, "output": str(t.output.values[j]), "units": str(t.units.values[j]),
                     "observed": observed, "uncertainty": uncertainty, "simulated_mean": mean,
                     "simulated_q05": q05, "simulated_q95": q95, "z": (mean - observed) / uncertainty,
                     "covered": bool(q05 <= observed + uncertainty and q95 >= observed - uncertainty)})
    return pd.DataFrame(rows).set_index("target")


def generations_table(cal: Calibration) -> pd.DataFrame:
    """generations_table(cal) -> DataFrame by generation: tolerance, acceptance_rate, ess,
    simulations (and proposals, failed when stored)."""
    g = cal.generations
    columns = [c for c in ("tolerance", "acceptance_rate", "ess", "simulations", "proposals", "failed") if c in g]
    table = pd.DataFrame({c: g[c].values for c in columns}, index=pd.Index(g.generation.values, name="generation"))
    return table
