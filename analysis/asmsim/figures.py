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
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import xarray as xr  # noqa: E402

from .files import as_experiment  # noqa: E402
from .summary import KEY_OUTCOMES, by_gender  # noqa: E402

# Okabe & Ito (2008) colour-blind safe palette, black first for the reference scenario.
COLOURS = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

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


def save(fig, stem) -> list[Path]:
    """save(fig, stem) -> [stem.png, stem.pdf]: writes both (PNG at 300 dpi) and closes the figure."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [stem.with_suffix(".png"), stem.with_suffix(".pdf")]
    fig.savefig(paths[0], dpi=300)
    fig.savefig(paths[1])
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
    for ax, name in zip(axes, outcomes):
        for i, scenario in enumerate(ds.scenario.values):
            da = ds[name].sel(scenario=scenario)
            ax.fill_between(x, da.quantile(q_low, "replicate").values, da.quantile(q_high, "replicate").values,
                            color=colour(i), alpha=0.18, linewidth=0)
            ax.plot(x, da.median("replicate").values, color=colour(i), label=str(scenario))
        title_and_units(ax, ds[name])
        _month_axis(ax, ds)
    _top_legend(fig, axes, f"Median over {ds.sizes['replicate']} replicates (line) and {band:.0%} band (shaded)")
    return fig


def _interval_columns(table: pd.DataFrame) -> tuple[str, str]:
    for low, high in (("ci_low", "ci_high"), ("paired_ci_low", "paired_ci_high")):
        if low in table and high in table:
            return low, high
    raise KeyError("the table needs ci_low/ci_high or paired_ci_low/paired_ci_high columns")


def forest_plot(table: pd.DataFrame, outcomes=None, reference: str = "the reference", columns: int = 2,
                long_names: dict | None = None):
    """forest_plot(table, outcomes=None, reference="the reference", columns=2, long_names=None) -> Figure.

    `table` is indexed by (scenario, outcome) with a `difference` column and an interval
    (ci_low/ci_high from summary.compare, or paired_ci_low/paired_ci_high from
    summary.comparison_table) and optionally `units`. One panel per outcome (units differ), one
    row per scenario: the difference from the reference and its interval; a line marks zero.
    """
    low, high = _interval_columns(table)
    table = table[table.index.get_level_values("scenario") != reference]
    outcomes = [o for o in (outcomes or table.index.get_level_values("outcome").unique())
                if o in table.index.get_level_values("outcome")]
    scenarios = list(table.index.get_level_values("scenario").unique())
    fig, axes = _grid(len(outcomes), columns, height_in=0.45 * len(scenarios) + 0.9)
    for ax, name in zip(axes, outcomes):
        rows = table.xs(name, level="outcome").reindex(scenarios)
        y = np.arange(len(scenarios))[::-1]
        for i, (yi, (_, row)) in enumerate(zip(y, rows.iterrows())):
            ax.errorbar(row["difference"], yi, xerr=[[row["difference"] - row[low]], [row[high] - row["difference"]]],
                        fmt=MARKERS[(i + 1) % len(MARKERS)], color=colour(i + 1), capsize=3, markersize=5)
        ax.axvline(0, color="#555555", linewidth=0.8, linestyle="--")
        ax.set_yticks(y, scenarios)
        ax.set_ylim(-0.6, len(scenarios) - 0.4)
        ax.grid(axis="y", visible=False)
        units = rows["units"].iloc[0] if "units" in rows else ""
        title = (long_names or {}).get(name, name)
        ax.set_title(textwrap.fill(title[:1].upper() + title[1:], 40), loc="left")
        ax.set_xlabel(f"Difference ({units})" if units and units != "1" else "Difference")
    fig.suptitle(f"Difference from {reference} with 95% confidence intervals", fontsize=9)
    fig.tight_layout()
    return fig


def gender_plot(ds: xr.Dataset, months: int = 12, columns: int = 2):
    """gender_plot(ds, months=12, columns=2) -> Figure.

    Outcomes by gender of the household head (income, poverty, savings, debt): for each
    scenario, the mean over replicates for men- and women-headed households with 95% intervals.
    """
    table = by_gender(ds, months).reset_index()
    table = table[table["head"] != "women - men"]
    outcomes = list(table["outcome"].unique())
    scenarios = list(table["scenario"].unique())
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
        if ds.sizes["scenario"] > 1:  # which scenarios share this price differs by panel
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
