"""A self-contained HTML report of a run, an experiment, a sweep, a calibration or an uncertainty comparison.

`write_report(path, out_dir)` writes out_dir/index.html with the provenance of the file, summary
tables with 95% intervals and the figures, embedded as base64 PNG (or SVG, figure_format="svg") so
that the one HTML file can be mailed or archived alone (no external references: no scripts, styles,
fonts or images fetched). The figures are also kept in that format and as PDF in out_dir/figures/
and the tables as CSV in out_dir/tables/, for papers. Sections scale with the number of scenarios:
figures are small multiples on a shared scenario axis and tables longer than FOLD_ROWS are folded.
"""

from __future__ import annotations

import base64
import html
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from . import discovery, figures
from .calibration import generations_table, posterior_table, target_fit_table
from .files import (KIND_NAMES, ResultsFileError, file_kind, metadata, open_calibration, open_comparison, open_experiment,
                    open_group_effects, open_quantile_effects, open_run, open_uncertainty)
from .summary import (KEY_OUTCOMES, better_direction, by_gender, comparison_table, cost_benefit_table, format_interval,
                      ranked_table, scenario_table, summary_table)
from .sweeps import indices, open_sweep, second_order_table

PROVENANCE_KEYS = ["scenario_name", "scenario_description", "experiment_name", "experiment_description",
                   "sweep_name", "sweep_description", "calibration_name", "calibration_description", "method",
                   "particles", "budget", "simulations", "stop_reason", "targets_file", "parameter_source",
                   "calibration_file", "reference_scenario", "asmsim_version", "git_commit", "created_utc",
                   "command_line", "seed", "stream_group", "replicates"]

CSS = """
body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1rem 0; } figure img { width: 100%; height: auto; } figcaption { font-size: 0.85rem; color: #444; }
pre { background: #f6f6f6; padding: 0.6rem; font-size: 0.75rem; overflow-x: auto; }
.note { font-size: 0.85rem; color: #444; }
summary { cursor: pointer; font-size: 0.85rem; color: #333; margin: 0.3rem 0; }
"""


FOLD_ROWS = 20  # a table longer than this is folded (HTML <details>) under a one-line summary
MIME = {"png": "image/png", "svg": "image/svg+xml"}


class Report:
    """Report(title, figure_format="png") collects sections of HTML; `write(out_dir)` writes index.html atomically.

    Figures are embedded in `figure_format` (png, or svg: vector) and saved in it and as PDF.
    """

    def __init__(self, title: str, figure_format: str = "png"):
        if figure_format not in MIME:
            raise ValueError(f"figure format {figure_format!r} not in {sorted(MIME)}")
        self.title = title
        self.figure_format = figure_format
        self.parts: list[str] = []
        self.figure_count = 0

    def heading(self, text: str):
        self.parts.append(f"<h2>{html.escape(text)}</h2>")

    def paragraph(self, text: str, css_class: str = "note"):
        self.parts.append(f'<p class="{css_class}">{html.escape(text)}</p>')

    def table(self, df: pd.DataFrame, numeric=(), caption: str = "Table", fold_rows: int = FOLD_ROWS):
        """Adds a table; columns in `numeric` are right-aligned. A table of more than `fold_rows` rows
        is folded: a one-line summary (`caption` and the number of rows) that opens on a click."""
        df = df.reset_index() if any(n is not None for n in df.index.names) else df
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
        rows = []
        num = ' class="num"'
        for _, row in df.iterrows():
            cells = "".join(f"<td{num if c in numeric else ''}>{html.escape(str(v))}</td>" for c, v in row.items())
            rows.append(f"<tr>{cells}</tr>")
        table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if len(df) > fold_rows:
            table = (f"<details class=\"table\"><summary>{html.escape(caption)} ({len(df)} rows; click to open)"
                     f"</summary>{table}</details>")
        self.parts.append(table)

    def figure(self, fig, out_dir: Path, stem: str, caption: str):
        """Saves the figure in the report's format and as PDF under out_dir/figures and embeds the first."""
        shown, pdf = figures.save(fig, out_dir / "figures" / stem, formats=(self.figure_format, "pdf"))
        data = base64.b64encode(shown.read_bytes()).decode("ascii")
        self.figure_count += 1
        self.parts.append(
            f'<figure><img alt="{html.escape(caption)}" src="data:{MIME[self.figure_format]};base64,{data}">'
            f"<figcaption>Figure {self.figure_count}. {html.escape(caption)} "
            f"(figures/{shown.name}, figures/{pdf.name})</figcaption></figure>")

    def preformatted(self, summary: str, text: str):
        self.parts.append(f"<details><summary>{html.escape(summary)}</summary><pre>{html.escape(text)}</pre></details>")

    def html(self) -> str:
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(self.title)}</title><style>{CSS}</style></head><body>"
                f"<h1>{html.escape(self.title)}</h1>\n" + "\n".join(self.parts) + "\n</body></html>\n")

    def write(self, out_dir: Path) -> Path:
        path = out_dir / "index.html"
        partial = out_dir / f"index.html.partial-{os.getpid()}"
        partial.write_text(self.html(), encoding="utf-8")
        os.replace(partial, path)  # a complete file or none under the final name
        return path


def _provenance(report: Report, meta: dict, path):
    rows = [(k, meta[k]) for k in PROVENANCE_KEYS if k in meta and meta[k] != ""]
    report.heading("Provenance")
    report.paragraph(f"File: {Path(path).name}. Everything needed to rerun it exactly: the resolved scenarios "
                     "(below), the seed and the build.")
    report.table(pd.DataFrame(rows, columns=["attribute", "value"]))
    resolved = [key for key in sorted(meta) if str(meta[key]).strip() and
                (key == "scenario_toml" or key.startswith("scenario_toml.") or
                 key in ("experiment_toml", "sweep_toml", "calibration_toml", "targets_csv"))]
    if len(resolved) > 3:  # one line for all of them, each opening on its own inside
        report.parts.append(f"<details><summary>Resolved inputs ({len(resolved)} files)</summary>")
    for key in resolved:
        report.preformatted(f"{key} (resolved)", str(meta[key]))
    if len(resolved) > 3:
        report.parts.append("</details>")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _formatted_summary(table: pd.DataFrame, ds) -> pd.DataFrame:
    out = pd.DataFrame({
        "output": [_capitalised(ds[o].attrs.get("long_name", o)) for o in table.index.get_level_values("outcome")],
        "name": table.index.get_level_values("outcome"),
        "units": table["units"].values,
        "mean [95% CI]": [format_interval(m, lo, hi) for m, lo, hi in zip(table["mean"], table["ci_low"], table["ci_high"])],
        "replicates": table["n"].values,
    })
    if "scenario" in table.index.names and table.index.get_level_values("scenario").nunique() > 1:
        out.insert(0, "scenario", table.index.get_level_values("scenario"))
    return out


def _save_csv(df: pd.DataFrame, out_dir: Path, name: str):
    (out_dir / "tables").mkdir(parents=True, exist_ok=True)
    df.to_csv(out_dir / "tables" / f"{name}.csv")


def _timeseries_sections(report: Report, ds, out_dir: Path, outcomes, months: int):
    summary = summary_table(ds, outcomes, months)
    _save_csv(summary, out_dir, "summary")
    report.heading("Outcomes")
    report.paragraph(f"Mean over replicates of each run's mean over its last {months} months, with a 95% "
                     "Student-t interval over replicates (tables/summary.csv).")
    report.table(_formatted_summary(summary, ds), numeric=("mean [95% CI]", "replicates"),
                 caption="Every outcome of every scenario")
    report.figure(figures.fan_chart(ds, outcomes[:6], columns=3), out_dir, "fan_chart",
                  "Outcomes over time: median over replicates (line) and 90% band (shaded) per scenario.")
    gender = by_gender(ds, months)
    if len(gender):
        _save_csv(gender, out_dir, "by_gender")
        report.heading("By gender of the household head")
        g = gender.reset_index()
        g["mean [95% CI]"] = [format_interval(m, lo, hi) for m, lo, hi in zip(g["mean"], g["ci_low"], g["ci_high"])]
        cols = ["scenario", "outcome", "head", "units", "mean [95% CI]"]
        if g["scenario"].nunique() == 1:
            cols.remove("scenario")
        report.paragraph("Men- and women-headed households, and the gap (women minus men) with its interval "
                         "paired by replicate (tables/by_gender.csv).")
        report.table(g[cols], numeric=("mean [95% CI]",), caption="By gender of the household head")
        report.figure(figures.gender_plot(ds, months), out_dir, "by_gender",
                      f"Outcomes by gender of the household head (mean of the last {months} months, 95% intervals).")
    report.heading("Prices")
    report.figure(figures.price_paths(ds), out_dir, "price_paths",
                  "Mineral prices: median, 90% band and the first replicates' paths, per scenario.")


def _comparison_section(report: Report, path, ds, out_dir: Path, rank_by: str = "poverty_headcount"):
    comparison = open_comparison(path)
    table = comparison_table(comparison)
    _save_csv(table, out_dir, "comparison")
    reference = comparison.attrs.get("reference_scenario", str(comparison.scenario.values[0]))
    long_names = {o: ds[o].attrs.get("long_name", o) for o in table.index.get_level_values("outcome").unique() if o in ds}
    outcomes = list(table.index.get_level_values("outcome").unique())
    rank_by = rank_by if rank_by in outcomes else outcomes[0]
    ranked = ranked_table(comparison, rank_by)
    _save_csv(ranked, out_dir, "ranked")
    units = str(table.xs(rank_by, level="outcome")["units"].iloc[0]) if "units" in table else ""
    better = "lower" if better_direction(rank_by) < 0 else "higher"
    report.heading(f"Scenarios against {reference}, ranked")
    report.paragraph(f"Ranked by the effect on {long_names.get(rank_by, rank_by)} ({better} is better), best first, as "
                     f"`asmsim compare` prints it: scenario minus {reference}, the mean of the last 12 months, with "
                     "the 95% interval paired by replicate under common random numbers; * where it excludes zero. "
                     "BCR and NPV: the discounted cost-benefit (section Costs; tables/ranked.csv).")
    digits = 4 if units == "1" else None
    shown = pd.DataFrame({
        "rank": ranked["rank"].values, "scenario": ranked.index,
        f"effect ({units}) [95% CI]" if units and units != "1" else "effect [95% CI]":
            [format_interval(e, lo, hi, digits) + (" *" if star else "")
             for e, lo, hi, star in zip(ranked["effect"], ranked["ci_low"], ranked["ci_high"], ranked["excludes_zero"])]})
    if "benefit_cost_ratio" in ranked:
        shown["BCR"] = [format_interval(v, np.nan, np.nan, 2) for v in ranked["benefit_cost_ratio"]]
    if "net_present_value_usd" in ranked:
        shown["NPV (USD)"] = [format_interval(v, np.nan, np.nan, 0) for v in ranked["net_present_value_usd"]]
    report.table(shown, numeric=tuple(c for c in shown.columns if c != "scenario"), caption="Ranked scenarios",
                 fold_rows=40)
    report.figure(figures.forest_plot(table, reference=reference, long_names=long_names, order=list(ranked.index)),
                  out_dir, "forest_plot",
                  f"Differences from {reference} with paired 95% confidence intervals, one panel per outcome; "
                  f"scenarios in the order of the ranking (best first by {rank_by}).")
    _comparison_tables(report, comparison, table, reference, out_dir)
    return list(ranked.index)


def _comparison_tables(report: Report, comparison, table: pd.DataFrame, reference: str, out_dir: Path):
    """Every (scenario, outcome) row of /comparison and every row by scenario, folded."""
    statistic = comparison.attrs.get("statistic", "")
    report.paragraph(f"Every outcome from the file's /comparison group ({statistic}). Differences are scenario minus "
                     f"{reference}, paired by replicate under common random numbers; the unpaired (Welch) interval "
                     "shows what pairing gains (tables/comparison.csv).")
    t = table.reset_index()
    shown = pd.DataFrame({"scenario": t["scenario"], "outcome": t["outcome"], "units": t.get("units", "")})
    if "mean" in t:
        shown["mean"] = [format_interval(v, float("nan"), float("nan")) for v in t["mean"]]
    low, high = ("paired_ci_low", "paired_ci_high") if "paired_ci_low" in t else ("ci_low", "ci_high")
    is_reference = (t["scenario"] == reference).values
    if "difference" in t and low in t:
        shown["difference [paired 95% CI]"] = ["(reference)" if ref else format_interval(d, lo, hi)
                                               for ref, d, lo, hi in zip(is_reference, t["difference"], t[low], t[high])]
    if "unpaired_ci_low" in t:
        shown["unpaired 95% CI"] = ["" if ref else format_interval(d, lo, hi).split(" ", 1)[-1]
                                    for ref, d, lo, hi in zip(is_reference, t["difference"], t["unpaired_ci_low"],
                                                              t["unpaired_ci_high"])]
    known = {"mean", "difference", "paired_ci_low", "paired_ci_high", "unpaired_ci_low", "unpaired_ci_high", "units"}
    for extra in [c for c in table.columns if c not in known]:  # further rows (e.g. costs): shown as they are
        shown[extra] = [format_interval(v, float("nan"), float("nan")) for v in t[extra]]
    report.table(shown, numeric=tuple(c for c in shown.columns if c not in ("scenario", "outcome", "units")),
                 caption="Every outcome of every scenario")
    per_scenario = scenario_table(comparison)
    if len(per_scenario.columns):  # rows by scenario only, such as programme costs
        _save_csv(per_scenario, out_dir, "comparison_by_scenario")
        units = per_scenario.attrs["units"]
        shown = pd.DataFrame({f"{c} ({units[c]})" if units[c] else c: [format_interval(v, float("nan"), float("nan"))
                                                                        for v in per_scenario[c]]
                              for c in per_scenario.columns}, index=per_scenario.index)
        # As wide as the file has rows by scenario: always folded (the costs section shows the main ones).
        report.table(shown, numeric=tuple(shown.columns), fold_rows=0,
                     caption=f"Every row by scenario of /comparison, {len(shown.columns)} columns "
                             "(tables/comparison_by_scenario.csv)")


def _group_section(report: Report, path, out_dir: Path):
    """For whom (issue 16.2, 16.5): subgroup forest plot, quantile effects, and the group table folded."""
    try:
        groups = open_group_effects(path)
    except ResultsFileError:
        raise
    except ValueError:  # a file written before the group effects existed
        return
    quantiles = open_quantile_effects(path)
    _save_csv(groups.to_dataframe(dim_order=["scenario", "group", "household_outcome"]), out_dir, "group_effects")
    _save_csv(quantiles.to_dataframe(dim_order=["scenario", "percentile", "quantile_outcome"]), out_dir, "quantile_effects")
    reference = groups.attrs.get("reference_scenario", str(groups.scenario.values[0]))
    report.heading("For whom")
    report.paragraph(f"Households' means of the last 12 months, scenario minus {reference}, paired household by "
                     "household and pooled over replicates, with 95% intervals, by the households' characteristics "
                     "at baseline; then the effect on each decile of income and consumption per person. Every "
                     "grouping (also mineral, site and formal status), outcome and decile: tables/group_effects.csv, "
                     "tables/quantile_effects.csv.")
    overall = groups.group_effect.sel(group="all", household_outcome="income_usd_per_capita").to_series()
    order = list(overall.drop(reference, errors="ignore").sort_values(ascending=False, kind="stable").index)
    report.figure(figures.group_forest_plot(groups, "income_usd_per_capita", order=order), out_dir, "group_effects",
                  "Effect on income per person by baseline wealth quintile, gender of the household head and mining "
                  "role, 95% intervals (filled: the interval excludes zero); scenarios sorted by the effect on all "
                  "households, largest first.")
    report.figure(figures.quantile_plot(quantiles, order=order), out_dir, "quantile_effects",
                  "Quantile treatment effects: the difference in each decile of income and consumption per person, "
                  "with paired 95% intervals (shaded); scenarios in the order of the previous figure.")
    rows = []
    for scenario in order:
        for group, grouping, households in zip(map(str, groups.group.values), groups.grouping.values,
                                               groups.group_households.values):
            if grouping not in ("wealth_quintile", "role", "head_gender") or households == 0:
                continue
            row = {"scenario": scenario, "group": group, "households": f"{households:.0f}"}
            for outcome, label in (("income_usd_per_capita", "income"), ("consumption_usd_per_capita", "consumption")):
                at = dict(scenario=scenario, group=group, household_outcome=outcome)
                row[f"{label} (USD/person/month)"] = format_interval(
                    groups.group_effect.sel(**at).item(), groups.group_effect_ci_low.sel(**at).item(),
                    groups.group_effect_ci_high.sel(**at).item())
            at = dict(scenario=scenario, group=group, household_outcome="income_usd_per_capita")
            row["gain"] = f"{groups.share_higher.sel(**at).item():.2f}"
            row["lose"] = f"{groups.share_lower.sel(**at).item():.2f}"
            rows.append(row)
    shown = pd.DataFrame(rows)
    report.paragraph("Gain and lose: shares of the group's households whose income per person is higher and lower "
                     f"than in {reference}.")
    report.table(shown, numeric=tuple(c for c in shown.columns if c not in ("scenario", "group")),
                 caption="Effects by wealth quintile, gender of the head and role")


COST_COLUMNS = [("benefit_cost_ratio", "BCR", 1.0, 2),
                ("net_present_value_usd", "NPV", 1e3, 0),
                ("pv_cost_implementer_usd", "cost to implementer", 1e3, 0),
                ("pv_cost_government_usd", "cost to government", 1e3, 0),
                ("pv_net_fiscal_cost_usd", "net fiscal cost", 1e3, 0),
                ("usd_per_poverty_year_avoided", "USD per poverty-year avoided", 1.0, 0)]


def _cost_section(report: Report, path, out_dir: Path):
    """Costs (issue 16.3, 16.5): benefit-cost ratio, NPV, who pays, net fiscal cost, cost per poverty-year."""
    costs = cost_benefit_table(open_comparison(path))
    if not len(costs.columns):  # a file written before the discounted cost-benefit existed
        return
    _save_csv(costs, out_dir, "cost_benefit")
    rate = costs.attrs.get("discount_rate_annual", float("nan"))
    report.heading("Costs")
    report.paragraph(f"Present values over the run at {rate:.0%} a year (docs/model.md 7.17), with 95% intervals paired "
                     "by replicate (Fieller's for ratios; n/a without programme cost or gain). BCR: households' "
                     "consumption gained per dollar of programme cost; NPV: consumption gained minus net fiscal cost; "
                     "the programme cost split between the implementer and government; net fiscal cost: programme cost "
                     "minus the change in fiscal revenue. Ranked by BCR; money in USD thousand except the cost per "
                     "poverty-year (every value: tables/cost_benefit.csv).")
    shown = pd.DataFrame({"scenario": costs.index})
    for name, label, scale, digits in COST_COLUMNS:
        if name not in costs:
            continue
        heading = f"{label} (USD thousand)" if scale == 1e3 else label
        shown[heading] = [format_interval(v / scale, lo / scale, hi / scale, digits)
                          for v, lo, hi in zip(costs[name], costs[f"{name}_ci_low"], costs[f"{name}_ci_high"])]
    report.table(shown, numeric=tuple(c for c in shown.columns if c != "scenario"), caption="Cost-benefit", fold_rows=40)
    report.figure(figures.cost_plot(costs), out_dir, "cost_benefit",
                  "Discounted cost-benefit with 95% intervals (filled: the interval excludes the dashed line; open: it does not, or is unbounded), scenarios ranked by benefit-cost ratio.")


def write_report(path, out_dir, outcomes=None, months: int = 12, overwrite: bool = False,
                 figure_format: str = "png", baseline=None) -> Path:
    """write_report(path, out_dir, outcomes=None, months=12, overwrite=False, figure_format="png", baseline=None)
    -> Path of index.html.

    Reads a run, experiment, sweep, calibration or uncertainty comparison file and writes the report
    with its figures (in `figure_format`, png or svg (vector), embedded and saved, and as PDF) and
    tables (CSV). An existing index.html is replaced only with overwrite=True. `baseline` (sweeps
    only): a sweep of the same design without the intervention, for the scenario discovery section.
    """
    if figure_format not in MIME:
        raise ValueError(f"figure format {figure_format!r} not in {sorted(MIME)}")
    out_dir = Path(out_dir)
    if (out_dir / "index.html").exists() and not overwrite:
        raise FileExistsError(f"{out_dir / 'index.html'} exists; pass overwrite=True (--overwrite) to replace it")
    kind = file_kind(path)  # read (and checked) before any folder is created
    if baseline is not None and kind != "sweep":
        raise ValueError(f"{path}: --baseline is for sweep files (this is {KIND_NAMES[kind]})")
    if baseline is not None:
        file_kind(baseline)
    # The report is written into a partial folder beside out_dir and its files are moved in only
    # when all of them are written: a failure (a full disk, a signal) leaves an existing report as
    # it was and no folder of its own behind.
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    partial = out_dir.parent / f".{out_dir.name}.partial-{os.getpid()}"
    try:
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        index = _write_report(path, partial, kind, outcomes, months, figure_format, baseline)
        _move_into(partial, out_dir)
        return out_dir / index.relative_to(partial)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        if created:
            shutil.rmtree(out_dir, ignore_errors=True)
        raise


def _move_into(source: Path, target: Path) -> None:
    """Moves every file under source to the same place under target (replacing), index.html last."""
    files = sorted((p for p in source.rglob("*") if p.is_file()), key=lambda p: p.name == "index.html")
    for file in files:
        destination = target / file.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(file, destination)
    shutil.rmtree(source, ignore_errors=True)


def _write_report(path, out_dir, kind, outcomes, months, figure_format="png", baseline=None) -> Path:
    if kind in ("sweep", "calibration", "uncertainty"):
        if kind == "sweep":
            report = sweep_report(path, out_dir, figure_format)
            _sweep_discovery(report, path, out_dir, baseline)
        elif kind == "calibration":
            report = calibration_report(path, out_dir, figure_format)
        else:
            report = uncertainty_report(path, out_dir, figure_format)
        _provenance(report, metadata(path), path)
        return report.write(out_dir)
    ds = open_run(path) if kind == "run" else open_experiment(path)
    outcomes = [o for o in (outcomes or KEY_OUTCOMES) if o in ds]
    name = ds.attrs.get("scenario_name") or ds.attrs.get("experiment_name") or Path(path).stem
    report = Report(f"asmsim {kind}: {name}", figure_format)
    description = ds.attrs.get("scenario_description") or ds.attrs.get("experiment_description") or ""
    scenarios = list(map(str, ds.scenario.values)) if "scenario" in ds.dims else [name]
    lead = f"{description.rstrip('.')}. " if description else ""
    report.paragraph(f"{lead}Scenarios: {', '.join(scenarios)}; {ds.sizes['replicate']} replicates of "
                     f"{ds.sizes['month']} months each.", css_class="lead")
    if kind == "experiment":
        _comparison_section(report, path, ds, out_dir)
        _group_section(report, path, out_dir)
        _cost_section(report, path, out_dir)
    _timeseries_sections(report, ds, out_dir, outcomes, months)
    _provenance(report, ds.attrs, path)
    return report.write(out_dir)


def sweep_report(path, out_dir, figure_format: str = "png"):
    """sweep_report(path, out_dir, figure_format="png") -> Report for a sweep: design, indices per statistic, figures."""
    out_dir = Path(out_dir)
    sweep = open_sweep(path)
    report = Report(f"asmsim sweep: {sweep.meta.get('sweep_name', path)}", figure_format)
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
            _save_csv(t, out_dir, f"sobol_{s}")
            report.heading(f"Sobol indices: {s}")
            rows = int(t.attrs.get("base_rows_used", t.attrs.get("rows_used", 0)))
            r = t.attrs.get("randomisations", sweep.design.attrs.get("randomisations", 1))
            report.paragraph(f"{sweep.data[s].attrs.get('long_name', s)}{units_text}; {rows} base rows in {r} "
                             f"randomisations (scrambled Sobol' designs); 95% Student-t intervals over the "
                             f"randomisations; from {source}.")
            report.table(pd.DataFrame({"parameter": t.index,
                                       "S1 [95% CI]": [format_interval(a, b, c, 3) for a, b, c in zip(t.S1, t.S1_ci_low, t.S1_ci_high)],
                                       "ST [95% CI]": [format_interval(a, b, c, 3) for a, b, c in zip(t.ST, t.ST_ci_low, t.ST_ci_high)]}),
                         numeric=("S1 [95% CI]", "ST [95% CI]"))
            pairs = second_order_table(t)
            if len(pairs):
                _save_csv(pairs, out_dir, f"sobol_S2_{s}")
                report.paragraph("Second-order indices S2 of each pair of parameters (Saltelli 2002), ranked "
                                 f"(tables/sobol_S2_{s}.csv):")
                report.table(pd.DataFrame({"parameters": [f"{a} x {b}" for a, b in zip(pairs.parameter, pairs.parameter2)],
                                           "S2 [95% CI]": [format_interval(a, b, c, 3) for a, b, c in
                                                           zip(pairs.S2, pairs.S2_ci_low, pairs.S2_ci_high)]}),
                             numeric=("S2 [95% CI]",))
            report.figure(figures.sobol_plot(t, s), out_dir, f"sobol_{s}", f"Sobol indices of {s} with 95% intervals.")
        elif sweep.kind == "morris":
            t, source = indices(sweep, s)
            _save_csv(t, out_dir, f"morris_{s}")
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


# --- calibration files, uncertainty comparisons and scenario discovery ----------------------------

def _g(value: float, digits: int = 4) -> str:
    return f"{value:.{digits}g}" if np.isfinite(value) else "n/a"


def _g_interval(mean: float, low: float, high: float) -> str:
    return f"{_g(mean)} [{_g(low)}, {_g(high)}]"


PAIR_PLOT_MOST = 8  # parameters in the pair plot


def calibration_report(path, out_dir, figure_format: str = "png") -> Report:
    """calibration_report(path, out_dir, figure_format="png") -> Report of a calibration file: the
    posterior table (with the parameters the data do not identify flagged), marginal posteriors
    against the prior range, a pair plot, the fit of each target, the generations."""
    out_dir = Path(out_dir)
    cal = open_calibration(path)
    meta = cal.meta
    report = Report(f"asmsim calibration: {meta.get('calibration_name') or Path(path).stem}", figure_format)
    description = str(meta.get("calibration_description", "")).rstrip(".")
    gens = generations_table(cal)
    report.paragraph(f"{description + '. ' if description else ''}Method: {meta.get('method', 'abc_smc')}, "
                     f"{cal.posterior.sizes['particle']} particles, {len(gens)} generations, "
                     f"{meta.get('simulations', int(gens.simulations.sum()))} simulations; stopped: "
                     f"{meta.get('stop_reason', 'n/a')}; effective sample size of the posterior "
                     f"{_g(float(cal.posterior.attrs.get('ess', np.nan)), 3)}.", css_class="lead")
    table = posterior_table(cal)
    _save_csv(table, out_dir, "posterior")
    share = table.attrs["identified_width"]
    report.heading("Posterior")
    report.paragraph(f"Weighted posterior mean, median and 90% credible interval (5% and 95% weighted quantiles) of "
                     f"each calibrated parameter, with its prior. Not identified: the 90% interval spans more than "
                     f"{share:.0%} of the prior's range, so the targets say little about the parameter "
                     "(tables/posterior.csv).")
    shown = pd.DataFrame({
        "parameter": table.index, "units": table.units.values, "prior": table.prior.values,
        "prior range": [f"[{_g(lo)}, {_g(hi)}]" for lo, hi in zip(table.lower, table.upper)],
        "mean": [_g(v) for v in table["mean"]], "median": [_g(v) for v in table["median"]],
        "90% interval": [f"[{_g(lo)}, {_g(hi)}]" for lo, hi in zip(table.q05, table.q95)],
        "width / prior": [f"{v:.2f}" for v in table.width_ratio],
        "identified": ["yes" if v else "NOT IDENTIFIED" for v in table.identified]})
    report.table(shown, numeric=("mean", "median", "90% interval", "width / prior"), caption="Posterior", fold_rows=40)
    unidentified = list(table.index[~table.identified])
    if unidentified:
        report.paragraph(f"Not identified by these targets: {', '.join(unidentified)}.")
    report.figure(figures.posterior_marginals(cal, table), out_dir, "posterior_marginals",
                  "Marginal posteriors (weighted histograms, filled) on each prior's range (the x axis), against "
                  "generation 0's draws from the prior (outline); the posterior mean (line) and 90% interval (band).")
    names = list(table.index)
    if len(names) > PAIR_PLOT_MOST:
        names = list(table.sort_values("width_ratio", kind="stable").index[:PAIR_PLOT_MOST])
        report.paragraph(f"The pair plot shows the {PAIR_PLOT_MOST} parameters of {len(table)} that the data narrow "
                         "most (smallest width / prior).")
    if len(names) >= 2:
        report.figure(figures.pair_plot(cal, names), out_dir, "pair_plot",
                      "Posterior pairs: each particle of the last generation, its area proportional to its weight, "
                      "on the priors' ranges; weighted histograms on the diagonal. Correlated pairs are traded off "
                      "by the targets.")
    fit = target_fit_table(cal)
    _save_csv(fit, out_dir, "target_fit")
    report.heading("Fit to the targets")
    report.paragraph("Each target's observed value and uncertainty against the weighted mean and 90% interval of "
                     "the posterior particles' own simulations; z = (simulated mean - observed) / uncertainty "
                     "(tables/target_fit.csv).")
    report.table(pd.DataFrame({
        "target": fit.index, "output": fit.output.values, "units": fit.units.values,
        "observed +- uncertainty": [f"{_g(o)} +- {_g(u, 3)}" for o, u in zip(fit.observed, fit.uncertainty)],
        "simulated mean [90%]": [_g_interval(m, lo, hi) for m, lo, hi in
                                 zip(fit.simulated_mean, fit.simulated_q05, fit.simulated_q95)],
        "z": [f"{z:+.2f}" for z in fit.z]}),
        numeric=("observed +- uncertainty", "simulated mean [90%]", "z"), caption="Fit to the targets", fold_rows=40)
    report.figure(figures.target_fit_plot(cal), out_dir, "target_fit",
                  "Fit of each target: the weighted distribution of the posterior particles' simulated values "
                  "(histogram) against the observed value (line) and its uncertainty (band).")
    _save_csv(gens, out_dir, "generations")
    report.heading("Generations")
    report.paragraph("ABC-SMC generations: the tolerance (largest distance accepted; none for generation 0, drawn "
                     "from the prior), the acceptance rate and the effective sample size of the weights "
                     "(tables/generations.csv; docs/calibration.md, \"Algorithm\").")
    report.table(pd.DataFrame({"generation": gens.index, "tolerance": [_g(v) for v in gens.tolerance],
                               "acceptance rate": [f"{v:.3f}" for v in gens.acceptance_rate],
                               "ESS": [f"{v:.1f}" for v in gens.ess],
                               "simulations": [f"{v:d}" for v in gens.simulations]}),
                 numeric=("tolerance", "acceptance rate", "ESS", "simulations"), caption="Generations")
    report.figure(figures.generations_plot(cal), out_dir, "generations",
                  "Tolerance, acceptance rate and effective sample size by generation.")
    return report


def _discovery_rows(found, label: dict) -> list[dict]:
    best = found.boxes[0] if found.boxes else None
    return [label | {"points": found.points, "share failing": f"{found.base_rate:.2f}",
                     "region where it fails (box 1)": best.describe() if best else
                     "none: it never fails" if found.failed == 0 else "no box: no region where most points fail",
                     "coverage": f"{best.coverage:.2f}" if best else "", "density": f"{best.density:.2f}" if best else "",
                     "mass": f"{best.mass:.2f}" if best else "", "boxes": len(found.boxes)}]


DISCOVERY_TEXT = ("Scenario discovery (CART, scikit-learn's DecisionTreeClassifier, depth <= 3): the boxes of parameter "
                  "space in which most points fail. Coverage: the share of all failing points inside the box; density: "
                  "the share of the box's points that fail; mass: the share of all points inside it. Box 1 has the "
                  "largest coverage; every box and bound is in tables/{csv}.")


def _discovery_section(report: Report, out_dir: Path, cases, csv: str, lead: str = "", figures_most: int = 3):
    """cases: [(label dict, thunk returning a Discovery)], run here, so that without scikit-learn the
    section says so and is skipped instead of failing the report."""
    report.heading("Scenario discovery")
    if lead:
        report.paragraph(lead)
    try:
        results = [(label, run()) for label, run in cases]
    except ImportError as error:
        report.paragraph(f"Skipped: {error}.")
        return
    report.paragraph(DISCOVERY_TEXT.format(csv=f"{csv}.csv"))
    rows, tables = [], []
    for label, found in results:
        rows.extend(_discovery_rows(found, label))
        t = found.table()
        for key, value in reversed(label.items()):
            t.insert(0, key, value)
        tables.append(t)
    _save_csv(pd.concat(tables, ignore_index=True), out_dir, csv)
    report.table(pd.DataFrame(rows), numeric=("points", "share failing", "coverage", "density", "mass", "boxes"),
                 caption="Scenario discovery", fold_rows=40)
    drawn = 0
    for label, found in results:
        if not found.boxes or drawn >= figures_most:
            continue
        text = ", ".join(str(v) for v in label.values())
        report.figure(figures.discovery_plot(found.X, found.labels, found.boxes[0], found.condition), out_dir,
                      f"discovery_{drawn + 1}",
                      f"{text}: points that fail (filled) and that do not (open) on the two parameters box 1 "
                      f"restricts most, with box 1 ({found.boxes[0].describe()}); faded: outside its bounds on "
                      "the other parameters.")
        drawn += 1


def _sweep_discovery(report: Report, path, out_dir: Path, baseline=None, most: int = 4):
    """Scenario discovery of a sweep: with `baseline` (a sweep of the same design without the
    intervention) a point fails where the statistic is not better than the baseline's at that point;
    without, where it is in the worse half of the points (not better than their median)."""
    sweep = open_sweep(path)
    base = open_sweep(baseline) if baseline is not None else None
    cases = []
    for s in sweep.statistics[:most]:
        if base is not None:
            options = {"baseline": base}
        else:
            y = sweep.point_means(s)
            options = {"threshold": float(np.nanmedian(y)) if np.isfinite(y).any() else float("nan")}
        cases.append(({"statistic": s}, lambda s=s, options=options: discovery.discover_sweep(sweep, s, **options)))
    if base is not None:
        lead = (f"A point fails where the statistic (mean over replicates) is not better than at the same point of the "
                f"baseline sweep {Path(str(baseline)).name} (same design and seed: common random numbers).")
    else:
        lead = ("No baseline sweep was given (python3 -m asmsim report --baseline BASE.h5), so a point \"fails\" where "
                "the statistic is in the worse half of the points (not better than their median): the regions below "
                "are where the outcome is poor, not where an intervention fails to beat a baseline.")
    if len(sweep.statistics) > most:
        lead += f" The first {most} of {len(sweep.statistics)} statistics are shown."
    _discovery_section(report, out_dir, cases, "discovery", lead=lead)


def uncertainty_report(path, out_dir, figure_format: str = "png") -> Report:
    """uncertainty_report(path, out_dir, figure_format="png") -> Report of a posterior (or prior)
    comparison: effects with combined and stochastic-only intervals, rank probabilities, and
    scenario discovery of where each intervention fails to beat the baseline."""
    out_dir = Path(out_dir)
    ds = open_uncertainty(path)
    source = ds.attrs.get("parameter_source", "parameter")
    name = ds.attrs.get("experiment_name") or Path(path).stem
    report = Report(f"asmsim {source} comparison: {name}", figure_format)
    interventions = [str(v) for v in ds.intervention.values]
    outcomes = [str(v) for v in ds.outcome.values]
    calibration = ds.attrs.get("calibration_file", "")
    report.paragraph(f"{ds.sizes['draw']} {source} draws of {ds.sizes['parameter']} parameters"
                     f"{' from ' + str(calibration) if calibration else ''}; interventions: {', '.join(interventions)}.",
                     css_class="lead")
    if "effect_mean" in ds:
        report.heading("Effects under parameter uncertainty")
        rows = []
        for i in interventions:
            for o in outcomes:
                at = dict(intervention=i, outcome=o)
                row = {"intervention": i, "outcome": o,
                       "effect [combined interval]": _g_interval(*(float(ds[v].sel(**at)) if v in ds else np.nan
                                                                   for v in ("effect_mean", "effect_lower", "effect_upper")))}
                if "stochastic_lower" in ds:
                    row["stochastic-only interval"] = (f"[{_g(float(ds.stochastic_lower.sel(**at)))}, "
                                                       f"{_g(float(ds.stochastic_upper.sel(**at)))}]")
                rows.append(row)
        shown = pd.DataFrame(rows)
        _save_csv(shown, out_dir, "effects")
        report.paragraph("Intervention minus baseline; the combined interval covers parameter and stochastic "
                         "uncertainty, the stochastic-only one the replicates at fixed parameters (tables/effects.csv).")
        report.table(shown, numeric=tuple(c for c in shown.columns if c not in ("intervention", "outcome")),
                     caption="Effects", fold_rows=40)
    if "rank_probability" in ds:
        report.heading("Rank probabilities")
        rows = []
        for i in interventions:
            for c in map(str, ds.criterion.values):
                row = {"intervention": i, "criterion": c,
                       "P(first)": f"{float(ds.rank_probability.sel(intervention=i, criterion=c)):.2f}"}
                if "expected_rank" in ds:
                    row["expected rank"] = f"{float(ds.expected_rank.sel(intervention=i, criterion=c)):.2f}"
                rows.append(row)
        shown = pd.DataFrame(rows)
        _save_csv(shown, out_dir, "rank_probability")
        report.table(shown, numeric=("P(first)", "expected rank"), caption="Rank probabilities", fold_rows=40)
    if "sensitivity" in ds and ds.sensitivity.dims == ("parameter", "criterion"):
        report.heading("Sensitivity of the ranking to each parameter")
        table = ds.sensitivity.to_pandas()
        table.columns = [str(c) for c in table.columns]
        _save_csv(table, out_dir, "sensitivity")
        report.paragraph(f"{ds.sensitivity.attrs.get('long_name', 'sensitivity')} "
                         f"({ds.sensitivity.attrs.get('description', 'as stored in /uncertainty/sensitivity')}; "
                         "tables/sensitivity.csv).")
        shown = table.applymap(lambda v: _g(float(v), 3)).reset_index(names="parameter")
        report.table(shown, numeric=tuple(table.columns), caption="Sensitivity", fold_rows=40)
    outcome = next((o for o in ("poverty_headcount", "mean_income_usd_per_capita") if o in outcomes), outcomes[0])
    direction = str(ds.outcome_direction.values[outcomes.index(outcome)])
    cases = [({"intervention": i, "outcome": outcome}, lambda i=i: discovery.discover_posterior(ds, i, outcome))
             for i in interventions]
    better = "lower" if direction == "lower_is_better" else "higher"
    _discovery_section(report, out_dir, cases, "discovery",
                       lead=f"A {source} draw fails where the intervention's effect on {outcome} is not {better} than "
                            "zero (intervention minus baseline, mean over the draw's replicates). "
                            "`asmsim.discover_posterior(path, intervention, outcome)` gives any other outcome.")
    return report
