"""Summary tables with confidence intervals, and scenario comparisons.

The statistic of a run is, unless said otherwise, the mean of an output over the last 12 months
(the statistic `asmsim compare` uses in /comparison). Intervals are Student-t over replicates:
replicates are independent runs, so their statistics are independent draws. Differences between
scenarios of an experiment are paired by replicate (common random numbers: replicate r of every
scenario drew the same random numbers), which removes the shared noise; the unpaired (Welch)
interval is given beside it to show what pairing gains.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr
from scipy import stats

from .files import as_experiment

# Outcomes shown when none are asked for: the ones a paper on ASM livelihoods reports first.
KEY_OUTCOMES = ["n_miners", "formal_share", "mean_income_usd_per_capita", "poverty_headcount",
                "gini_income", "mean_debt_usd", "mean_savings_usd", "mercury_released_kg",
                "new_injuries", "fiscal_revenue_usd"]

# Outcomes by the gender of the household head: (label, men-headed, women-headed).
GENDER_PAIRS = [("income per capita", "mean_income_usd_per_capita_male_head", "mean_income_usd_per_capita_female_head"),
                ("poverty headcount", "poverty_headcount_male_head", "poverty_headcount_female_head"),
                ("savings", "mean_savings_usd_male_head", "mean_savings_usd_female_head"),
                ("debt", "mean_debt_usd_male_head", "mean_debt_usd_female_head")]


def t_interval(values, level: float = 0.95) -> tuple[float, float, float, int]:
    """t_interval(values, level=0.95) -> (mean, low, high, n): Student-t interval of the mean.

    Non-finite values are dropped; with fewer than two values the bounds are NaN.
    """
    x = np.asarray(values, dtype=float).ravel()
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return float("nan"), float("nan"), float("nan"), 0
    mean = float(x.mean())
    if n < 2:
        return mean, float("nan"), float("nan"), n
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * x.std(ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half, n


def welch_interval(a, b, level: float = 0.95) -> tuple[float, float, float]:
    """welch_interval(a, b, level=0.95) -> (difference, low, high) of mean(a) - mean(b), unpaired."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    diff = float(a.mean() - b.mean())
    if len(a) < 2 or len(b) < 2:
        return diff, float("nan"), float("nan")
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = np.sqrt(va + vb)
    if se == 0:
        return diff, diff, diff
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    half = float(stats.t.ppf(0.5 + level / 2, df) * se)
    return diff, diff - half, diff + half


def last_months(da: xr.DataArray, months: int = 12) -> xr.DataArray:
    """last_months(da, months=12) -> DataArray without `month`: the mean over the last months."""
    return da.isel(month=slice(-months, None)).mean("month")


def _outcomes(ds: xr.Dataset, outcomes) -> list[str]:
    names = [o for o in (outcomes or KEY_OUTCOMES) if o in ds.data_vars]
    missing = [o for o in (outcomes or []) if o not in ds.data_vars]
    if missing:
        raise KeyError(f"outputs not in this file: {missing}")
    return names


def summary_table(ds: xr.Dataset, outcomes=None, months: int = 12, level: float = 0.95) -> pd.DataFrame:
    """summary_table(ds, outcomes=None, months=12, level=0.95) -> DataFrame indexed by (scenario, outcome).

    Columns: mean, ci_low, ci_high (Student-t over replicates of the mean of the last `months`
    months), sd (between replicates), n (replicates), units. Works on a run or an experiment.
    """
    ds = as_experiment(ds)
    rows = []
    for scenario in ds.scenario.values:
        for name in _outcomes(ds, outcomes):
            values = last_months(ds[name].sel(scenario=scenario), months).values
            mean, low, high, n = t_interval(values, level)
            finite = values[np.isfinite(values)]
            rows.append({"scenario": str(scenario), "outcome": name, "mean": mean, "ci_low": low, "ci_high": high,
                         "sd": float(finite.std(ddof=1)) if n > 1 else float("nan"), "n": n,
                         "units": ds[name].attrs.get("units", "")})
    return pd.DataFrame(rows).set_index(["scenario", "outcome"])


def compare(ds: xr.Dataset, outcomes=None, reference: str | None = None, months: int = 12,
            level: float = 0.95) -> pd.DataFrame:
    """compare(ds, outcomes=None, reference=None, months=12, level=0.95) -> DataFrame by (scenario, outcome).

    Each scenario of an experiment against the reference (default: the file's reference, the first
    scenario). Columns: reference_mean, scenario_mean, difference (mean of replicate-wise
    differences), ci_low/ci_high (paired Student-t), unpaired_ci_low/unpaired_ci_high (Welch),
    relative_difference (difference / reference_mean), units. The reference itself is left out.
    """
    if "scenario" not in ds.dims or ds.sizes["scenario"] < 2:
        raise ValueError("compare needs an experiment with at least two scenarios")
    reference = reference or ds.attrs.get("reference_scenario") or str(ds.scenario.values[0])
    rows = []
    for scenario in ds.scenario.values:
        if str(scenario) == reference:
            continue
        for name in _outcomes(ds, outcomes):
            ref = last_months(ds[name].sel(scenario=reference), months).values
            alt = last_months(ds[name].sel(scenario=scenario), months).values
            diff, low, high, n = t_interval(alt - ref, level)
            _, ulow, uhigh = welch_interval(alt, ref, level)
            ref_mean = float(np.nanmean(ref))
            rows.append({"scenario": str(scenario), "outcome": name, "reference_mean": ref_mean,
                         "scenario_mean": float(np.nanmean(alt)), "difference": diff, "ci_low": low, "ci_high": high,
                         "unpaired_ci_low": ulow, "unpaired_ci_high": uhigh,
                         "relative_difference": diff / ref_mean if ref_mean != 0 else float("nan"), "n": n,
                         "units": ds[name].attrs.get("units", "")})
    return pd.DataFrame(rows).set_index(["scenario", "outcome"])


def comparison_table(comparison: xr.Dataset) -> pd.DataFrame:
    """comparison_table(comparison) -> DataFrame indexed by (scenario, outcome) from /comparison.

    Generic: every variable with dims (scenario, outcome) becomes a column, plus `units` (from
    `outcome_units`); whatever rows and outcomes the file holds are kept.
    """
    columns = [name for name, v in comparison.data_vars.items() if set(v.dims) == {"scenario", "outcome"}]
    table = comparison[columns].to_dataframe()[columns]
    if "outcome_units" in comparison:
        units = pd.Series([str(u) for u in comparison.outcome_units.values], index=comparison.outcome.values)
        table["units"] = table.index.get_level_values("outcome").map(units)
    table.index = table.index.set_levels([lvl.astype(str) for lvl in table.index.levels])
    return table


def scenario_table(comparison: xr.Dataset) -> pd.DataFrame:
    """scenario_table(comparison) -> DataFrame indexed by scenario: the /comparison variables that
    have only a `scenario` dimension (for example programme costs), with their units in
    `table.attrs["units"]`; empty when there are none."""
    names = [n for n, v in comparison.data_vars.items() if v.dims == ("scenario",) and v.dtype.kind in "fiu"]
    table = pd.DataFrame({n: comparison[n].values for n in names},
                         index=pd.Index([str(s) for s in comparison.scenario.values], name="scenario"))
    table.attrs["units"] = {n: comparison[n].attrs.get("units", "") for n in names}
    return table


def household_differences(panel: xr.Dataset, outcome: str, reference: str | None = None) -> xr.DataArray:
    """household_differences(panel, outcome, reference=None) -> DataArray (scenario, replicate, household, month).

    Each household's outcome in every scenario minus the same household's in the reference scenario
    (default: the file's reference), from an experiment's /panel (`open_panel`): paired by household
    and replicate under common random numbers. The reference's own row is exactly 0.
    """
    if "scenario" not in panel.dims:
        raise ValueError("household_differences needs an experiment's panel (with a scenario dimension)")
    reference = reference or panel.attrs.get("reference_scenario") or str(panel.scenario.values[0])
    x = panel[outcome]
    out = x - x.sel(scenario=reference)
    out.attrs = {"units": x.attrs.get("units", ""), "long_name": f"{outcome}, scenario minus {reference}"}
    return out


def by_gender(ds: xr.Dataset, months: int = 12, level: float = 0.95) -> pd.DataFrame:
    """by_gender(ds, months=12, level=0.95) -> DataFrame indexed by (scenario, outcome, head).

    For each outcome measured by the gender of the household head (income per capita, poverty,
    savings, debt): mean and Student-t interval for men- and women-headed households, and the
    women-minus-men gap with its interval paired by replicate (same run, same shocks).
    """
    ds = as_experiment(ds)
    rows = []
    for scenario in ds.scenario.values:
        for label, male, female in GENDER_PAIRS:
            if male not in ds or female not in ds:
                continue
            m = last_months(ds[male].sel(scenario=scenario), months).values
            f = last_months(ds[female].sel(scenario=scenario), months).values
            units = ds[male].attrs.get("units", "")
            for head, values in (("men", m), ("women", f), ("women - men", f - m)):
                mean, low, high, n = t_interval(values, level)
                rows.append({"scenario": str(scenario), "outcome": label, "head": head, "mean": mean,
                             "ci_low": low, "ci_high": high, "n": n, "units": units})
    return pd.DataFrame(rows).set_index(["scenario", "outcome", "head"])


def format_interval(mean: float, low: float, high: float, digits: int | None = None) -> str:
    """format_interval(mean, low, high, digits=None) -> "12.3 [11.0, 13.6]" with sensible digits."""
    if not np.isfinite(mean):
        return "n/a"
    if digits is None:
        scale = max(abs(mean), abs(high - low) if np.isfinite(high - low) else 0)
        digits = 0 if scale >= 100 else 1 if scale >= 10 else 2 if scale >= 1 else 3
    if not np.isfinite(low):
        return f"{mean:,.{digits}f}"
    return f"{mean:,.{digits}f} [{low:,.{digits}f}, {high:,.{digits}f}]"


# Outcomes for which less is better (as `asmsim compare --rank-by`; n_miners: fewer people exposed
# to mining's hazards ranks first, as in the framework's aims); more is better for the others.
LOWER_IS_BETTER = {"poverty_headcount", "poverty_headcount_female_head", "n_miners", "mercury_released_kg",
                   "land_degraded_total_ha"}


def better_direction(outcome: str) -> int:
    """better_direction(outcome) -> -1 when a lower value is better (poverty, mercury...), else +1."""
    return -1 if outcome in LOWER_IS_BETTER else +1


def _interval(ds: xr.Dataset, name: str, **at) -> tuple[float, float, float]:
    """(value, ci_low, ci_high) of `name` and its `_ci_low`/`_ci_high` companions (NaN when absent)."""
    def get(n):
        return float(ds[n].sel(**at).item()) if n in ds else float("nan")
    return get(name), get(f"{name}_ci_low"), get(f"{name}_ci_high")


def ranked_table(comparison: xr.Dataset, rank_by: str = "poverty_headcount") -> pd.DataFrame:
    """ranked_table(comparison, rank_by="poverty_headcount") -> DataFrame indexed by scenario, best first.

    The table `asmsim compare` prints (issue 16.4): each scenario but the reference, ranked by its
    effect on `rank_by` (an outcome of /comparison, or `net_present_value_usd` or
    `benefit_cost_ratio`) in the better direction, scenarios without a value last, ties by name.
    Columns: rank, effect, ci_low, ci_high (paired 95%), excludes_zero, and benefit_cost_ratio and
    net_present_value_usd with their intervals when the file holds them.
    """
    reference = comparison.attrs.get("reference_scenario", str(comparison.scenario.values[0]))
    outcomes = [str(o) for o in comparison.outcome.values]
    rows = []
    for scenario in map(str, comparison.scenario.values):
        if scenario == reference:
            continue
        if rank_by in outcomes:
            at = dict(scenario=scenario, outcome=rank_by)
            effect = float(comparison.difference.sel(**at).item())
            low, high = float(comparison.paired_ci_low.sel(**at).item()), float(comparison.paired_ci_high.sel(**at).item())
        elif rank_by in comparison:
            effect, low, high = _interval(comparison, rank_by, scenario=scenario)
        else:
            raise KeyError(f"cannot rank by {rank_by!r}: not an outcome of /comparison ({', '.join(outcomes)}) "
                           "nor net_present_value_usd or benefit_cost_ratio")
        row = {"scenario": scenario, "effect": effect, "ci_low": low, "ci_high": high,
               "excludes_zero": bool(np.isfinite(low) and np.isfinite(high) and (low > 0 or high < 0))}
        for name in ("benefit_cost_ratio", "net_present_value_usd"):
            if name in comparison:
                row[name], row[f"{name}_ci_low"], row[f"{name}_ci_high"] = _interval(comparison, name, scenario=scenario)
        rows.append(row)
    direction = better_direction(rank_by)
    rows.sort(key=lambda r: (not np.isfinite(r["effect"]),
                             -direction * r["effect"] if np.isfinite(r["effect"]) else 0.0, r["scenario"]))
    table = pd.DataFrame(rows).set_index("scenario")
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table.attrs.update(rank_by=rank_by, reference=reference, direction=direction)
    return table


# The discounted cost-benefit of /comparison (docs/outputs.md), in the order the report shows it.
COST_BENEFIT = ["benefit_cost_ratio", "net_present_value_usd", "pv_programme_cost_usd", "pv_cost_implementer_usd",
                "pv_cost_government_usd", "pv_fiscal_revenue_change_usd", "pv_net_fiscal_cost_usd",
                "pv_consumption_benefit_usd", "poverty_years_avoided", "usd_per_poverty_year_avoided"]


def cost_benefit_table(comparison: xr.Dataset) -> pd.DataFrame:
    """cost_benefit_table(comparison) -> DataFrame indexed by scenario, ranked by benefit-cost ratio.

    The reference left out; for each of COST_BENEFIT the file holds, the value and its 95% interval
    (`_ci_low`, `_ci_high`: paired Student-t, Fieller's for ratios, NaN when unbounded). Scenarios
    without a ratio (no programme cost) come last, by net present value. Units in `table.attrs["units"]`.
    Empty (no columns) for a file written before the discounted cost-benefit existed.
    """
    reference = comparison.attrs.get("reference_scenario", str(comparison.scenario.values[0]))
    names = [n for n in COST_BENEFIT if n in comparison]
    scenarios = [str(s) for s in comparison.scenario.values if str(s) != reference]
    columns = {}
    for name in names:
        values = [_interval(comparison, name, scenario=s) for s in scenarios]
        for k, suffix in enumerate(("", "_ci_low", "_ci_high")):
            columns[name + suffix] = [v[k] for v in values]
    table = pd.DataFrame(columns, index=pd.Index(scenarios, name="scenario"))
    if names:
        bcr = table.get("benefit_cost_ratio", pd.Series(np.nan, index=table.index))
        npv = table.get("net_present_value_usd", pd.Series(0.0, index=table.index))
        order = sorted(scenarios, key=lambda s: (not np.isfinite(bcr[s]), -np.nan_to_num(bcr[s]),
                                                 -np.nan_to_num(npv[s]), s))
        table = table.loc[order]
    table.attrs["units"] = {n: comparison[n].attrs.get("units", "") for n in names}
    table.attrs["discount_rate_annual"] = comparison.attrs.get("discount_rate_annual", float("nan"))
    return table
