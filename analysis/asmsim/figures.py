"""Publication figures in one style, saved as PNG (300 dpi) and PDF.

Every function returns a matplotlib Figure; `save(fig, stem)` writes stem.png and stem.pdf.
The style: Okabe-Ito colours (distinguishable with colour-blindness and in greyscale by marker),
a sans-serif font at 9 pt, no top or right spines, axis labels with units.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import matplotlib

if "ipykernel" not in sys.modules:
    matplotlib.use("Agg")  # scripts and reports: files only, no display needed; notebooks keep inline
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.lines  # noqa: E402
import matplotlib.patches  # noqa: E402
import matplotlib.ticker  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import xarray as xr  # noqa: E402

from .files import as_experiment  # noqa: E402
from .summary import KEY_OUTCOMES, by_gender  # noqa: E402

# Okabe & Ito (2008) colour-blind safe palette, black first for the reference scenario.
COLOURS = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LINE_STYLES = ["-", "--", ":", "-."]

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.5,
    "axes.axisbelow": True,
    "lines.linewidth": 1.4,
    "legend.frameon": False,
    "pdf.fonttype": 42,  # TrueType in PDFs, so journals can edit the text
}
plt.rcParams.update(STYLE)

WIDTH_IN = 7.0  # a full page width in most journals


def colour(i: int) -> str:
    """colour(i) -> the i-th colour of the palette (cycling)."""
    return COLOURS[i % len(COLOURS)]


def title_and_units(ax, da: xr.DataArray, width: int = 40):
    """Long name as the panel title (wrapped), units as the y label ("share" for units 1)."""
    name = da.attrs.get("long_name", da.name or "")
    ax.set_title(textwrap.fill(name[:1].upper() + name[1:], width), loc="left")
    units = da.attrs.get("units", "")
    if units == "1":  # dimensionless: say what kind of number it is
        units = "Share" if "share" in name.lower() else "Index" if "index" in name.lower() else "Dimensionless"
    ax.set_ylabel(units)


def label(da: xr.DataArray, width: int = 38) -> str:
    """label(da, width=38) -> axis label "Long name (units)", wrapped to `width` characters."""
    name = da.attrs.get("long_name", da.name or "")
    name = name[:1].upper() + name[1:]
    units = da.attrs.get("units", "")
    text = f"{name} ({units})" if units and units != "1" else name
    return textwrap.fill(text, width)


FORMATS = ("png", "svg", "pdf")


def save(fig, stem, formats=("png", "pdf")) -> list[Path]:
    """save(fig, stem, formats=("png", "pdf")) -> [stem.png, stem.pdf]: writes each format and closes the figure.

    PNG at 300 dpi; SVG and PDF are vector (PDF with TrueType fonts, editable; SVG text as paths, so
    it looks the same without the fonts).
    """
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"figure formats {unknown} not in {FORMATS}")
    paths = [stem.with_suffix(f".{f}") for f in formats]
    for path in paths:
        fig.savefig(path, dpi=300 if path.suffix == ".png" else "figure",
                    metadata={"Date": None} if path.suffix == ".svg" else None)
    plt.close(fig)
    return paths


def _grid(n: int, columns: int = 2, height_in: float = 2.3):
    columns = min(columns, n)
    rows = int(np.ceil(n / columns))
    fig, axes = plt.subplots(rows, columns, figsize=(WIDTH_IN, height_in * rows + 0.4), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:n])


def _top_legend(fig, axes, title: str):
    """Title and one legend for all panels above them, so that no legend hides data."""
    handles, labels = {}, []
    for ax in axes:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in handles:
                handles[lab] = h
                labels.append(lab)
    rows = int(np.ceil(len(labels) / 4))
    top = 1 - (0.28 + 0.16 * rows) / fig.get_figheight()
    fig.suptitle(title, fontsize=9, y=0.995)
    fig.tight_layout(rect=(0, 0, 1, top))
    fig.legend([handles[lab] for lab in labels], labels, loc="upper center", ncol=min(4, len(labels)),
               bbox_to_anchor=(0.5, 1 - 0.25 / fig.get_figheight()))


def _scenario_ticks(ax, x, names):
    """Scenario names as tick labels, slanted when long so that they do not collide."""
    names = [str(n) for n in names]
    slant = max(len(n) for n in names) * len(names) > 40
    ax.set_xticks(x, names, rotation=20 if slant else 0, ha="right" if slant else "center")


def _month_axis(ax, ds: xr.Dataset):
    if np.issubdtype(ds.month.dtype, np.datetime64):
        locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_xlabel("Date")
    else:
        ax.set_xlabel("Month of the run")


def fan_chart(ds: xr.Dataset, outcomes=None, band: float = 0.90, columns: int = 2):
    """fan_chart(ds, outcomes=None, band=0.90, columns=2) -> Figure.

    One panel per outcome; for each scenario the median over replicates (line) and the central
    `band` of replicates (shaded; 5th to 95th percentile by default) month by month.
    """
    ds = as_experiment(ds)
    outcomes = [o for o in (outcomes or KEY_OUTCOMES[:4]) if o in ds]
    fig, axes = _grid(len(outcomes), columns)
    q_low, q_high = (1 - band) / 2, 1 - (1 - band) / 2
    x = ds.month.values
    many = ds.sizes["scenario"] > len(COLOURS)  # then colours repeat: line styles tell them apart
    for ax, name in zip(axes, outcomes):
        for i, scenario in enumerate(ds.scenario.values):
            da = ds[name].sel(scenario=scenario)
            if i == 0 or not many:  # with many scenarios, only the reference's band (the rest would be a blur)
                ax.fill_between(x, da.quantile(q_low, "replicate").values, da.quantile(q_high, "replicate").values,
                                color=colour(i), alpha=0.18, linewidth=0)
            ax.plot(x, da.median("replicate").values, color=colour(i), label=str(scenario),
                    linestyle=LINE_STYLES[(i // len(COLOURS)) % len(LINE_STYLES)], linewidth=1.4 if i == 0 else 1.0)
        title_and_units(ax, ds[name], width=40 if columns <= 2 else 28)
        _month_axis(ax, ds)
    shaded = f"{band:.0%} band of {ds.scenario.values[0]} (shaded)" if many else f"{band:.0%} band (shaded)"
    _top_legend(fig, axes, f"Median over {ds.sizes['replicate']} replicates (line) and {shaded}")
    return fig


def _interval_columns(table: pd.DataFrame) -> tuple[str, str]:
    for low, high in (("ci_low", "ci_high"), ("paired_ci_low", "paired_ci_high")):
        if low in table and high in table:
            return low, high
    raise KeyError("the table needs ci_low/ci_high or paired_ci_low/paired_ci_high columns")


ROW_IN = 0.17  # height of one scenario's row in forest plots (inches)


def _facets(n: int, max_columns: int = 5) -> tuple[int, int]:
    """(rows, columns) for n panels: as few rows as max_columns allows, then as few columns as those rows need."""
    rows = int(np.ceil(n / max_columns))
    return rows, int(np.ceil(n / rows))


def _scenario_rows(ax, scenarios):
    """Scenario names top to bottom on a shared y axis; returns their y positions."""
    y = np.arange(len(scenarios))[::-1]
    ax.set_yticks(y, [str(s) for s in scenarios])
    ax.set_ylim(-0.6, len(scenarios) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", labelsize=7)
    return y


def _interval_marks(ax, x, low, high, y, i: int = 0, size: float = 4.0, null: float = 0.0, marker: str | None = None):
    """Points with their intervals; filled where the interval excludes `null` (0), open where it
    does not, and "n/a" at the left edge where there is no value."""
    x, low, high = (np.asarray(v, dtype=float) for v in (x, low, high))
    finite = np.isfinite(x)
    bounded = finite & np.isfinite(low) & np.isfinite(high)
    clear = bounded & ((low > null) | (high < null))
    err = np.where(bounded, [x - low, high - x], 0.0)
    ax.errorbar(x[finite], np.asarray(y)[finite], xerr=err[:, finite], fmt="none", ecolor=colour(i),
                elinewidth=0.8, capsize=1.5)
    for mask, face in ((clear & finite, colour(i)), (~clear & finite, "white")):
        ax.plot(x[mask], np.asarray(y)[mask], marker or MARKERS[i % len(MARKERS)], color=colour(i), markerfacecolor=face,
                markersize=size, linestyle="none")
    for yi in np.asarray(y)[~finite]:
        ax.text(0.02, yi, "n/a", transform=ax.get_yaxis_transform(), fontsize=6, va="center", color="#777777")


def _wrapped_title(ax, text: str, width: int = 20):
    ax.set_title(textwrap.fill(text[:1].upper() + text[1:], width), loc="left", fontsize=7.5)


# Panel titles short enough for small multiples (the long names are in the tables).
SHORT_TITLES = {"poverty_headcount": "Poverty headcount", "poverty_headcount_female_head": "Poverty, women-headed",
                "mean_income_usd_per_capita": "Income per person",
                "mean_income_usd_per_capita_female_head": "Income per person, women-headed",
                "formal_share": "Licensed share of miners", "n_miners": "People working in mining",
                "mercury_released_kg": "Mercury released", "land_degraded_total_ha": "Degraded land",
                "fiscal_revenue_usd": "Royalties, fees and fines"}


def compact_number(value: float, _position=None) -> str:
    """compact_number(value) -> "1.2M", "35k", "0.015", "0": tick labels that fit narrow panels."""
    if value == 0:
        return "0"
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"


def _compact_x(ax, ticks: int = 3):
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(ticks, symmetric=False))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(compact_number))
    ax.tick_params(axis="x", labelsize=7)


def forest_plot(table: pd.DataFrame, outcomes=None, reference: str = "the reference", columns: int | None = None,
                long_names: dict | None = None, order=None):
    """forest_plot(table, outcomes=None, reference="the reference", columns=None, long_names=None, order=None) -> Figure.

    `table` is indexed by (scenario, outcome) with a `difference` column and an interval
    (ci_low/ci_high from summary.compare, or paired_ci_low/paired_ci_high from
    summary.comparison_table) and optionally `units`. Faceted by outcome (units differ): one small
    panel per outcome, wrapped into rows of at most 5 (or `columns`), all sharing one scenario axis,
    so a row reads as one scenario across outcomes and the height grows with the scenarios only.
    Sorted: scenarios top to bottom in `order` (e.g. `summary.ranked_table(...).index`, best
    first), else by their difference in the first outcome, largest first. A filled point: the 95%
    interval excludes zero; open: it does not; a dashed line marks zero.
    """
    low, high = _interval_columns(table)
    table = table[table.index.get_level_values("scenario") != reference]
    outcomes = [o for o in (outcomes or table.index.get_level_values("outcome").unique())
                if o in table.index.get_level_values("outcome")]
    scenarios = list(table.index.get_level_values("scenario").unique())
    if order is None:
        first = table.xs(outcomes[0], level="outcome")["difference"]
        order = list(first.sort_values(ascending=False, na_position="last", kind="stable").index)
    scenarios = [s for s in order if s in scenarios] + [s for s in scenarios if s not in order]
    rows, columns = _facets(len(outcomes), columns or 5)
    fig, axes = plt.subplots(rows, columns, sharey=True, squeeze=False,
                             figsize=(WIDTH_IN, rows * (ROW_IN * len(scenarios) + 0.95) + 0.3))
    for ax in axes.flat[len(outcomes):]:
        ax.set_visible(False)
    for ax, name in zip(axes.flat, outcomes):
        r = table.xs(name, level="outcome").reindex(scenarios)
        y = _scenario_rows(ax, scenarios)
        _interval_marks(ax, r["difference"], r[low], r[high], y, i=5, marker="o")
        ax.axvline(0, color="#555555", linewidth=0.8, linestyle="--")
        units = r["units"].dropna().iloc[0] if "units" in r and r["units"].notna().any() else ""
        _wrapped_title(ax, SHORT_TITLES.get(name) or (long_names or {}).get(name, name))
        ax.set_xlabel(units if units and units != "1" else "share or index", fontsize=7)
        _compact_x(ax)
    fig.suptitle(f"Difference from {reference} with paired 95% confidence intervals (filled: the interval "
                 "excludes zero)", fontsize=9)
    fig.tight_layout()
    return fig


GROUP_LABELS = {"wealth_quintile": ("Baseline wealth quintile", "wealth_quintile_", "Q"),
                "head_gender": ("Gender of the household head", "head_", ""),
                "role": ("Mining role", "role_", ""),
                "formal_status": ("Formal status", "formal_", ""),
                "mineral": ("Mineral", "mineral_", "")}


def group_forest_plot(groups: xr.Dataset, outcome: str = "income_usd_per_capita",
                      groupings=("wealth_quintile", "head_gender", "role"), order=None):
    """group_forest_plot(groups, outcome="income_usd_per_capita", groupings=(...), order=None) -> Figure.

    Subgroup forest plot (for whom) from `files.open_group_effects`: one panel per grouping of the
    households at baseline, scenarios on a shared axis (in `order`, else by the effect on all
    households, largest first), each group a point with its 95% interval, dodged within the
    scenario's row; the reference is left out and empty groups are skipped.
    """
    reference = groups.attrs.get("reference_scenario", str(groups.scenario.values[0]))
    scenarios = [str(s) for s in groups.scenario.values if str(s) != reference]
    effect = groups.group_effect.sel(household_outcome=outcome)
    if order is None:
        overall = effect.sel(group="all").to_series() if "all" in groups.group else effect.mean("group").to_series()
        order = list(overall.drop(reference, errors="ignore").sort_values(ascending=False, kind="stable").index)
    scenarios = [s for s in order if s in scenarios] + [s for s in scenarios if s not in order]
    households = groups.group_households
    if "scenario" in households.dims:
        households = households.max("scenario")
    groupings = [g for g in groupings if (groups.grouping == g).any()]
    row_in = 0.3 if max(int(((groups.grouping == g) & (households > 0)).sum()) for g in groupings) <= 3 else 0.34
    fig, axes = plt.subplots(1, len(groupings), sharey=True, squeeze=False,
                             figsize=(WIDTH_IN, row_in * len(scenarios) + 1.6))
    for ax, grouping in zip(axes.flat, groupings):
        members = [str(g) for g, k, h in zip(groups.group.values, groups.grouping.values, households.values)
                   if k == grouping and h > 0]
        y = _scenario_rows(ax, scenarios)
        half = min(0.3, 0.12 * (len(members) - 1))  # the groups dodged within the scenario's row
        offsets = np.linspace(half, -half, len(members))
        title, prefix, short = GROUP_LABELS.get(grouping, (grouping, "", ""))
        for j, group in enumerate(members):
            at = dict(group=group, household_outcome=outcome)
            values = [groups[v].sel(**at).sel(scenario=scenarios).values
                      for v in ("group_effect", "group_effect_ci_low", "group_effect_ci_high")]
            _interval_marks(ax, *values, y + offsets[j], i=j + 1, size=3.0)
        ax.axvline(0, color="#555555", linewidth=0.8, linestyle="--")
        ax.set_title(title, loc="left", fontsize=8)
        handles = [matplotlib.lines.Line2D([], [], marker=MARKERS[(j + 1) % len(MARKERS)], color=colour(j + 1),
                                           linestyle="none", markersize=3.5,
                                           label=short + g.removeprefix(prefix).replace("_", " "))
                   for j, g in enumerate(members)]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.06), ncol=3, fontsize=6.5,
                  handletextpad=0.1, columnspacing=0.6, borderaxespad=0)
        _compact_x(ax, 4)
        units = str(groups.units.sel(household_outcome=outcome).item()) if "units" in groups.coords else ""
        ax.set_xlabel(f"Difference ({units})" if units and units != "1" else "Difference", fontsize=7)
    name = outcome.replace("_usd_per_capita", " per person").replace("_", " ")
    fig.suptitle(f"{name[:1].upper()}{name[1:]}: effect by group at baseline, scenario minus {reference}, "
                 "95% intervals (Q1 poorest)", fontsize=9)
    fig.tight_layout()
    return fig


def quantile_plot(quantiles: xr.Dataset, order=None, columns: int = 5):
    """quantile_plot(quantiles, order=None, columns=5) -> Figure.

    Quantile treatment effects from `files.open_quantile_effects`: one small panel per scenario (in
    `order`, else as in the file; the reference left out), sharing both axes: the difference in
    each decile of income and of consumption per person (scenario minus reference) with its paired
    95% interval (shaded).
    """
    reference = quantiles.attrs.get("reference_scenario", str(quantiles.scenario.values[0]))
    scenarios = [str(s) for s in quantiles.scenario.values if str(s) != reference]
    if order is not None:
        scenarios = [s for s in order if s in scenarios] + [s for s in scenarios if s not in order]
    rows, columns = _facets(len(scenarios), columns)
    fig, axes = plt.subplots(rows, columns, sharex=True, sharey=True, squeeze=False,
                             figsize=(WIDTH_IN, 1.25 * rows + 0.75))
    for ax in axes.flat[len(scenarios):]:
        ax.set_visible(False)
    x = quantiles.percentile.values
    for ax, scenario in zip(axes.flat, scenarios):
        for j, outcome in enumerate(map(str, quantiles.quantile_outcome.values)):
            at = dict(scenario=scenario, quantile_outcome=outcome)
            ax.fill_between(x, quantiles.quantile_effect_ci_low.sel(**at).values,
                            quantiles.quantile_effect_ci_high.sel(**at).values, color=colour(5 - 4 * j), alpha=0.2,
                            linewidth=0)
            ax.plot(x, quantiles.quantile_effect.sel(**at).values, color=colour(5 - 4 * j), linewidth=1.0,
                    marker=MARKERS[j], markersize=2.5, label=outcome.replace("_usd_per_capita", " per person"))
        ax.axhline(0, color="#555555", linewidth=0.6, linestyle="--")
        ax.set_title(scenario, loc="left", fontsize=7)
        ax.tick_params(labelsize=6.5)
        ax.set_xticks([10, 50, 90])
    for k in range(min(columns, len(scenarios))):  # the lowest panel of each column carries the percentile axis
        lowest = axes[(len(scenarios) - 1 - k) // columns, k]
        lowest.xaxis.set_tick_params(labelbottom=True)
        lowest.set_xlabel("Percentile", fontsize=7)
    for ax in axes[:, 0]:
        ax.set_ylabel("USD/person/month", fontsize=7)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.suptitle(f"Quantile treatment effects: each decile, scenario minus {reference}, paired 95% intervals",
                 fontsize=9, y=0.995)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.36 / fig.get_figheight()))
    fig.legend(handles, labels, loc="upper center", ncol=2, bbox_to_anchor=(0.5, 1 - 0.2 / fig.get_figheight()))
    return fig


COST_PANELS = [("benefit_cost_ratio", "Benefit-cost ratio", 1.0),
               ("net_present_value_usd", "Net present value (USD)", None),
               ("pv_net_fiscal_cost_usd", "Net fiscal cost (USD)", None),
               ("usd_per_poverty_year_avoided", "Cost per poverty-year avoided (USD)", None)]


def cost_plot(costs: pd.DataFrame, order=None):
    """cost_plot(costs, order=None) -> Figure.

    The discounted cost-benefit (`summary.cost_benefit_table`): benefit-cost ratio, net present value,
    net fiscal cost and cost per poverty-year avoided, one panel each, scenarios on a shared axis in
    the table's order (ranked by benefit-cost ratio) or `order`, with 95% intervals; "n/a" where a
    ratio has no value (no programme cost, or no gain). The dashed line marks 1 for the ratio, 0 elsewhere.
    """
    panels = [p for p in COST_PANELS if p[0] in costs]
    scenarios = list(order) if order is not None else list(costs.index)
    t = costs.reindex(scenarios)
    fig, axes = plt.subplots(1, len(panels), sharey=True, squeeze=False,
                             figsize=(WIDTH_IN, ROW_IN * len(scenarios) + 1.1))
    for ax, (name, title, line) in zip(axes.flat, panels):
        y = _scenario_rows(ax, scenarios)
        _interval_marks(ax, t[name], t[f"{name}_ci_low"], t[f"{name}_ci_high"], y, i=5, null=line or 0.0, marker="o")
        ax.axvline(line or 0.0, color="#555555", linewidth=0.8, linestyle="--")
        _wrapped_title(ax, title, 22)
        _compact_x(ax)
    rate = costs.attrs.get("discount_rate_annual", float("nan"))
    at = f" at {rate:.0%}/yr" if np.isfinite(rate) else ""
    fig.suptitle(f"Discounted cost-benefit{at} with 95% intervals (filled: the interval excludes the line)",
                 fontsize=9)
    fig.tight_layout()
    return fig


def gender_plot(ds: xr.Dataset, months: int = 12, columns: int = 2):
    """gender_plot(ds, months=12, columns=2) -> Figure.

    Outcomes by gender of the household head (income, poverty, savings, debt): for each
    scenario, the mean over replicates for men- and women-headed households with 95% intervals.
    With more than 6 scenarios the bars lie down: one panel per outcome side by side, scenarios on
    a shared axis (their names would collide under vertical bars).
    """
    table = by_gender(ds, months).reset_index()
    table = table[table["head"] != "women - men"]
    outcomes = list(table["outcome"].unique())
    scenarios = list(table["scenario"].unique())
    if len(scenarios) > 6:
        return _gender_rows(table, outcomes, scenarios, months)
    fig, axes = _grid(len(outcomes), columns, height_in=2.6)
    width = 0.38
    for ax, name in zip(axes, outcomes):
        rows = table[table["outcome"] == name]
        x = np.arange(len(scenarios))
        for j, (head, hatch) in enumerate((("men", ""), ("women", "//"))):
            r = rows[rows["head"] == head].set_index("scenario").reindex(scenarios)
            ax.bar(x + (j - 0.5) * width, r["mean"], width, yerr=[r["mean"] - r["ci_low"], r["ci_high"] - r["mean"]],
                   color=colour(5) if head == "men" else colour(1), hatch=hatch, edgecolor="white",
                   capsize=2, error_kw={"linewidth": 0.8}, label=f"{head}-headed households")
        _scenario_ticks(ax, x, scenarios)
        ax.grid(axis="x", visible=False)
        units = rows["units"].iloc[0]
        ax.set_ylabel(f"{name[:1].upper()}{name[1:]} ({units})" if units != "1" else name[:1].upper() + name[1:])
    _top_legend(fig, axes, f"By gender of the household head: mean of the last {months} months, 95% intervals")
    return fig


def _gender_rows(table: pd.DataFrame, outcomes, scenarios, months: int):
    """gender_plot with horizontal bars: scenarios top to bottom on a shared axis, a panel per outcome."""
    fig, axes = plt.subplots(1, len(outcomes), sharey=True, squeeze=False,
                             figsize=(WIDTH_IN, 0.2 * len(scenarios) + 1.4))
    height = 0.4
    for ax, name in zip(axes.flat, outcomes):
        rows = table[table["outcome"] == name]
        y = _scenario_rows(ax, scenarios)
        for j, (head, hatch) in enumerate((("men", ""), ("women", "//"))):
            r = rows[rows["head"] == head].set_index("scenario").reindex(scenarios)
            ax.barh(y + (0.5 - j) * height, r["mean"], height, xerr=[r["mean"] - r["ci_low"], r["ci_high"] - r["mean"]],
                    color=colour(5) if head == "men" else colour(1), hatch=hatch, edgecolor="white",
                    capsize=1.5, error_kw={"linewidth": 0.6}, label=f"{head}-headed households")
        units = rows["units"].iloc[0]
        _wrapped_title(ax, f"{name} ({units})" if units != "1" else name, 24)
        _compact_x(ax)
    _top_legend(fig, list(axes.flat), f"By gender of the household head: mean of the last {months} months, "
                                      "95% intervals")
    return fig


def price_paths(ds: xr.Dataset, band: float = 0.90, paths: int = 3):
    """price_paths(ds, band=0.90, paths=3) -> Figure.

    One panel per mineral price (USD/g) of a mineral mined in the file: per scenario the median and the
    central `band` over replicates, and the first `paths` replicates as thin lines.
    """
    ds = as_experiment(ds)
    prices = [n for n in ds.data_vars if n.startswith("price_")]

    def mined(name):  # a mineral nobody mines in these scenarios is left out
        production = name.replace("price_", "production_").replace("_usd_per_g", "_g")
        return production not in ds or float(ds[production].max()) > 0

    names = [n for n in prices if mined(n)] or prices[:1]
    fig, axes = _grid(len(names), columns=min(3, len(names)), height_in=2.6)
    q_low, q_high = (1 - band) / 2, 1 - (1 - band) / 2
    x = ds.month.values
    for ax, name in zip(axes, names):
        # Scenarios with the same prices (common random numbers) are drawn once, labelled together.
        distinct: list[tuple[list[str], int, xr.DataArray]] = []
        for i, scenario in enumerate(ds.scenario.values):
            da = ds[name].sel(scenario=scenario)
            same = [d for d in distinct if np.array_equal(d[2].values, da.values, equal_nan=True)]
            if same:
                same[0][0].append(str(scenario))
            else:
                distinct.append(([str(scenario)], i, da))
        medians = []
        for scenarios, i, da in distinct:
            ax.fill_between(x, da.quantile(q_low, "replicate").values, da.quantile(q_high, "replicate").values,
                            color=colour(i), alpha=0.15, linewidth=0)
            for r in range(min(paths, ds.sizes["replicate"])):
                ax.plot(x, da.isel(replicate=r).values, color=colour(i), linewidth=0.5, alpha=0.6)
            medians += ax.plot(x, da.median("replicate").values, color=colour(i), label=", ".join(scenarios))
        ax.set_ylabel(f"Price ({ds[name].attrs.get('units', '')})")
        ax.set_title(name.removeprefix("price_").removesuffix("_usd_per_g").capitalize(), loc="left")
        _month_axis(ax, ds)
        if len(distinct) == 1 and ds.sizes["scenario"] > 1:  # one path for all: say so instead of listing them
            medians[0].set_label(f"all {ds.sizes['scenario']} scenarios")
            ax.legend(medians, [m.get_label() for m in medians], loc="upper left", fontsize=7)
        elif ds.sizes["scenario"] > 1:  # which scenarios share this price differs by panel
            ax.legend(medians, [textwrap.fill(m.get_label(), 34) for m in medians], loc="upper center",
                      bbox_to_anchor=(0.5, -0.3), fontsize=7)
    fig.suptitle(f"Price paths: median, {band:.0%} band and {paths} replicate paths", fontsize=9)
    fig.tight_layout()
    return fig


def sobol_plot(indices: pd.DataFrame, output: str | None = None):
    """sobol_plot(indices, output=None) -> Figure.

    `indices` indexed by parameter with columns S1, S1_ci_low, S1_ci_high, ST, ST_ci_low,
    ST_ci_high (sweeps.sobol_indices for one output). Horizontal bars, parameters sorted by ST,
    first-order and total indices side by side with their 95% intervals.
    """
    t = indices.sort_values("ST")
    y = np.arange(len(t))
    h = 0.38
    fig, ax = plt.subplots(figsize=(WIDTH_IN * 0.8, 0.32 * len(t) + 1.3))
    for j, (key, name) in enumerate((("S1", "first order S1"), ("ST", "total ST"))):
        ax.barh(y + (0.5 - j) * h, t[key], h, color=colour(5 if key == "S1" else 1),
                xerr=[t[key] - t[f"{key}_ci_low"], t[f"{key}_ci_high"] - t[key]], capsize=2,
                error_kw={"linewidth": 0.8}, label=name)
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.set_yticks(y, [str(p) for p in t.index])
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Sobol index (share of output variance)")
    ax.legend(loc="lower right")
    ax.set_title(textwrap.fill(f"Sobol indices{' of ' + output if output else ''}, 95% intervals", 60), loc="left")
    fig.tight_layout()
    return fig


def morris_plot(indices: pd.DataFrame, output: str | None = None, units: str = ""):
    """morris_plot(indices, output=None, units="") -> Figure.

    `indices` indexed by parameter with columns mu_star and sigma (and optionally
    mu_star_ci_low/mu_star_ci_high). Morris (1991) screening: mu* (mean absolute elementary
    effect: importance) against sigma (spread: interactions or non-linearity); the dashed line
    sigma = mu* separates mostly linear from mostly interacting parameters.
    """
    fig, ax = plt.subplots(figsize=(WIDTH_IN * 0.8, WIDTH_IN * 0.55))
    xerr = None
    if "mu_star_ci_low" in indices and "mu_star_ci_high" in indices:
        xerr = [indices["mu_star"] - indices["mu_star_ci_low"], indices["mu_star_ci_high"] - indices["mu_star"]]
    ax.errorbar(indices["mu_star"], indices["sigma"], xerr=xerr, fmt="o", color=colour(5), capsize=2,
                markersize=4, elinewidth=0.8)
    top = max(float(indices["mu_star"].max()), float(indices["sigma"].max())) * 1.1 or 1.0
    ax.plot([0, top], [0, top], color="#555555", linewidth=0.8, linestyle="--")
    # Labels staggered in height so that parameters with similar effects stay readable.
    for rank, (name, row) in enumerate(indices.sort_values("mu_star").iterrows()):
        ax.annotate(str(name), (row["mu_star"], row["sigma"]), xytext=(4, 3 + 9 * (rank % 3)),
                    textcoords="offset points", fontsize=7, arrowprops={"arrowstyle": "-", "color": "#999999",
                                                                        "linewidth": 0.5})
    ax.set_xlim(0, top * 1.25)  # room for the labels of the most important parameters
    ax.set_ylim(bottom=0)
    suffix = f" ({units})" if units and units != "1" else ""
    ax.set_xlabel(f"mu*, mean absolute elementary effect{suffix}")
    ax.set_ylabel(f"sigma, spread of elementary effects{suffix}")
    ax.set_title(textwrap.fill(f"Morris screening{' of ' + output if output else ''}", 60), loc="left")
    fig.tight_layout()
    return fig


# --- calibration (docs/calibration.md) and scenario discovery ---------------------------------

def _short(name: str, width: int = 28) -> str:
    """A parameter's name wrapped at its dots, for panel titles and axis labels."""
    return textwrap.fill(name.replace(".", ". "), width, break_long_words=False).replace(". ", ".")


def posterior_marginals(cal, table: pd.DataFrame | None = None, bins: int = 20, columns: int = 3):
    """posterior_marginals(cal, table=None) -> Figure: per parameter, the weighted histogram of the
    posterior (filled) over the prior's range [lower, upper] (the x axis), against the draws of
    generation 0 (outline: the prior), with the posterior mean and 90% interval marked. `table` is
    calibration.posterior_table(cal) (computed when None); a parameter it flags as not identified
    says so in its title."""
    from .calibration import posterior_table
    table = posterior_table(cal) if table is None else table
    p, g = cal.posterior, cal.generations
    fig, axes = _grid(len(cal.parameters), columns, height_in=1.9)
    for i, (ax, name) in enumerate(zip(axes, cal.parameters)):
        row = table.loc[name]
        edges = np.linspace(row.lower, row.upper, bins + 1)
        ax.hist(g.sample.values[0, :, i], bins=edges, weights=g.weight.values[0], density=True, histtype="step",
                color=colour(0), linewidth=1.0, label="prior (generation 0)")
        ax.hist(p.sample.values[:, i], bins=edges, weights=p.weight.values, density=True, color=colour(2), alpha=0.8,
                label="posterior (weighted)")
        ax.axvspan(row.q05, row.q95, color=colour(1), alpha=0.15, label="posterior 90% interval")
        ax.axvline(row["mean"], color=colour(1), linewidth=1.2, label="posterior mean")
        ax.set_xlim(row.lower, row.upper)
        units = row.units if row.units and row.units != "1" else ""
        ax.set_xlabel(units)
        flag = "" if row.identified else "\n(not identified)"
        ax.set_title(_short(name) + flag, loc="left", fontsize=8)
        ax.set_yticks([])
    _top_legend(fig, axes, "Marginal posteriors over the prior range")
    return fig


def pair_plot(cal, parameters=None, bins: int = 15):
    """pair_plot(cal, parameters=None) -> Figure: the posterior's pairs (at most 8 parameters; default
    the first 8): below the diagonal each particle as a point whose area is its weight, on the
    priors' ranges; on the diagonal the weighted histogram."""
    names = list(parameters) if parameters is not None else cal.parameters[:8]
    if len(names) > 8:
        raise ValueError(f"pair_plot shows at most 8 parameters ({len(names)} given)")
    p = cal.posterior
    index = [cal.parameters.index(n) for n in names]
    d = len(names)
    size = min(WIDTH_IN, max(4.5, 1.3 * d + 0.8))
    fig, axes = plt.subplots(d, d, figsize=(size, size), squeeze=False)
    w = p.weight.values
    area = 60 * w / w.max()
    for r in range(d):
        for c in range(d):
            ax = axes[r][c]
            i, j = index[r], index[c]
            lo_c, hi_c = float(p.lower.values[j]), float(p.upper.values[j])
            if c > r:
                ax.set_visible(False)
                continue
            if r == c:
                ax.hist(p.sample.values[:, i], bins=np.linspace(lo_c, hi_c, bins + 1), weights=w, color=colour(2))
                ax.set_yticks([])
            else:
                ax.scatter(p.sample.values[:, j], p.sample.values[:, i], s=area, color=colour(5), alpha=0.5,
                           linewidths=0)
                ax.set_ylim(float(p.lower.values[i]), float(p.upper.values[i]))
            ax.set_xlim(lo_c, hi_c)
            ax.tick_params(labelsize=6)
            if r == d - 1:
                ax.set_xlabel(_short(names[c], 16), fontsize=6)
            else:
                ax.set_xticklabels([])
            if c == 0 and r > 0:
                ax.set_ylabel(_short(names[r], 16), fontsize=6)
            elif r != c:
                ax.set_yticklabels([])
    fig.suptitle("Posterior pairs: each particle, its area proportional to its weight", fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    return fig


def target_fit_plot(cal, columns: int = 3, bins: int = 20):
    """target_fit_plot(cal) -> Figure: per target, the weighted distribution of the posterior
    particles' simulated values (histogram) against the observed value (line) +- its uncertainty
    (band), in the target's units."""
    t, p = cal.targets, cal.posterior
    fig, axes = _grid(len(cal.target_names), columns, height_in=1.9)
    w = p.weight.values
    for j, (ax, name) in enumerate(zip(axes, cal.target_names)):
        y = p.simulated.values[:, j]
        ok = np.isfinite(y)
        observed, u = float(t.observed.values[j]), float(t.uncertainty.values[j])
        low = min(np.min(y[ok]) if ok.any() else observed, observed - 2 * u)
        high = max(np.max(y[ok]) if ok.any() else observed, observed + 2 * u)
        if ok.any():
            ax.hist(y[ok], bins=np.linspace(low, high, bins + 1), weights=w[ok], density=True, color=colour(2),
                    alpha=0.8, label="simulated (posterior, weighted)")
        ax.axvspan(observed - u, observed + u, color=colour(1), alpha=0.2, label="observed +- uncertainty")
        ax.axvline(observed, color=colour(1), linewidth=1.4, label="observed")
        ax.set_title(textwrap.fill(name, 30), loc="left", fontsize=8)
        units = str(t.units.values[j])
        ax.set_xlabel(units if units and units != "1" else "")
        ax.set_yticks([])
        _compact_x(ax)
    _top_legend(fig, axes, "Fit of each target: posterior simulations against the observation")
    return fig


def generations_plot(cal):
    """generations_plot(cal) -> Figure: tolerance (generation 0 has none), acceptance rate and
    effective sample size by ABC-SMC generation, each from zero."""
    g = cal.generations
    x = g.generation.values
    fig, axes = plt.subplots(1, 3, figsize=(WIDTH_IN, 2.2), squeeze=False)
    panels = (("tolerance", "Tolerance (distance)"), ("acceptance_rate", "Acceptance rate"),
              ("ess", "Effective sample size"))
    for ax, (name, title) in zip(axes[0], panels):
        y = g[name].values.astype(float)
        ok = np.isfinite(y)
        ax.plot(x[ok], y[ok], marker="o", color=colour(5))
        ax.set_title(title, loc="left")
        ax.set_xlabel("Generation")
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.set_ylim(0, 1.05 if name == "acceptance_rate" else 1.08 * np.max(y[ok], initial=1.0))
    fig.tight_layout()
    return fig


def discovery_plot(X: pd.DataFrame, failed, box, title: str = ""):
    """discovery_plot(X, failed, box, title="") -> Figure: the points on the two parameters the box
    restricts most (by the share of the data's range it cuts away), failed ones filled, with the box.
    Points outside the box's bounds on the other parameters are faded, so that the rectangle's
    strong points are the box's."""
    failed = np.asarray(failed, bool)
    limits = box.limits
    span = (X.max() - X.min()).replace(0, 1)
    cut = 1 - (limits.upper - limits.lower) / span[limits.index]
    pair = list(cut.sort_values(ascending=False, kind="stable").index[:2])
    if len(pair) < 2:
        pair = (pair + [c for c in X.columns if c not in pair])[:2]
    others = [c for c in limits.index[limits.restricted] if c not in pair]
    near = np.ones(len(X), bool)
    for c in others:
        x = np.asarray(X[c], float)
        near &= (x >= limits.loc[c, "lower"]) & (x <= limits.loc[c, "upper"])
    fig, ax = plt.subplots(figsize=(WIDTH_IN * 0.55, WIDTH_IN * 0.45))
    a, b = (np.asarray(X[c], float) for c in pair)
    for shown, alpha, legend in ((near, 1.0, True), (~near, 0.2, False)):  # faded: outside the other bounds
        keep, hit = shown & ~failed, shown & failed
        ax.scatter(a[keep], b[keep], s=8, facecolors="none", edgecolors=colour(5), linewidths=0.6, alpha=alpha,
                   label="beats the baseline" if legend else "_faded")
        ax.scatter(a[hit], b[hit], s=8, color=colour(4), marker="s", linewidths=0, alpha=alpha,
                   label="fails" if legend else "_faded")
    la, lb = limits.loc[pair[0]], limits.loc[pair[1]]
    ax.add_patch(matplotlib.patches.Rectangle((la.lower, lb.lower), la.upper - la.lower, lb.upper - lb.lower,
                                              fill=False, edgecolor=colour(0), linewidth=1.4, label="box 1"))
    ax.set_xlabel(_short(pair[0], 40))
    ax.set_ylabel(_short(pair[1], 40))
    ax.set_title(textwrap.fill(title, 50), loc="left")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3)
    fig.tight_layout()
    return fig
