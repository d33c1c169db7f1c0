"""A report that scales (issue 16, point 5; docs/analysis.md, "The HTML report").

The framework experiment (15 scenarios) and a 22-scenario one, run small: the report has the ranked
table and the For whom and Costs sections, its forest plots are sorted and faceted (their height
grows with the scenarios, not with scenarios x outcomes), long tables are folded, and figures can
be vector. The rendered height itself is measured with Chromium by
analysis/benchmarks/report_height.py; here a Chromium-free estimate from the embedded figures'
sizes and the visible table rows bounds it.
"""

import base64
import csv
import io
import re
import struct
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from conftest import REPO, SCENARIOS

sys.path.insert(0, str(REPO / "analysis"))
import asmsim as asmsim_py  # noqa: E402  (the fixture `asmsim` runs the binary)
from asmsim import figures  # noqa: E402
from asmsim.report import FOLD_ROWS, Report  # noqa: E402
from asmsim.summary import cost_benefit_table, ranked_table  # noqa: E402

SMALL = ["--set", "simulation.households=150", "--set", "simulation.months=24", "-r", "3", "-q", "--overwrite"]
DISPLAY_WIDTH_PX = 960  # the report's column (max-width 60rem), which every figure fills


@pytest.fixture(scope="module")
def framework_file(asmsim, tmp_path_factory):
    """The framework experiment (the baseline and 14 scenarios) with the table `compare` printed."""
    out = tmp_path_factory.mktemp("framework") / "framework.h5"
    done = asmsim("compare", SCENARIOS / "experiments" / "framework.toml", "-o", out, *SMALL, "--format", "csv",
                  expect=0)
    return out, list(csv.DictReader(io.StringIO(done.stdout)))


@pytest.fixture(scope="module")
def many_file(asmsim, tmp_path_factory):
    """22 scenarios: the framework's 15 and seven cash transfers of other sizes."""
    folder = tmp_path_factory.mktemp("many")
    framework = (SCENARIOS / "experiments" / "framework.toml").read_text()
    paths = [str((SCENARIOS / "experiments" / p).resolve()) for p in re.findall(r'"(\.\./[^"]+\.toml)"', framework)]
    for k in range(7):
        variant = folder / f"cash_{k}.toml"
        variant.write_text(f'name = "cash_transfer_{5 * (k + 1)}usd"\nextends = "{SCENARIOS / "interventions" / "cash_transfer.toml"}"\n'
                           f"[interventions.cash_transfer]\ntransfer_usd_month = {5.0 * (k + 1)}\n")
        paths.append(str(variant))
    experiment = folder / "many.toml"
    experiment.write_text('name = "many"\nscenarios = [' + ", ".join(f'"{p}"' for p in paths) + "]\nreplicates = 3\n")
    out = folder / "many.h5"
    asmsim("compare", experiment, "-o", out, *SMALL, expect=0)
    assert len(asmsim_py.open_comparison(out).scenario) == 22
    return out


@pytest.fixture(scope="module")
def framework_report(framework_file, tmp_path_factory):
    """The framework experiment's report folder (PNG figures)."""
    out = tmp_path_factory.mktemp("framework_report") / "report"
    asmsim_py.write_report(framework_file[0], out)
    return out


def visible(html: str) -> str:
    """The page as it opens: folded parts (<details>) removed."""
    return re.sub(r"<details.*?</details>", "", html, flags=re.S)


def estimated_height_px(html: str, row_px: int = 25) -> float:
    """Embedded PNG figures at the column's width plus the visible table rows; the real page is about
    a fifth taller (headings, paragraphs, captions): 5,786 estimated for 7,264 measured."""
    height = 0.0
    for data in re.findall(r'src="data:image/png;base64,([^"]+)"', html):
        width, tall = struct.unpack(">II", base64.b64decode(data[:64])[16:24])  # the PNG's IHDR
        height += DISPLAY_WIDTH_PX * tall / width
    return height + row_px * visible(html).count("<tr>")


def test_report_has_the_ranked_table_for_whom_and_costs(framework_file, framework_report):
    printed = framework_file[1]
    html = (framework_report / "index.html").read_text()
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings[:3] == ["Scenarios against baseline, ranked", "For whom", "Costs"], headings
    # The ranked table lists the scenarios in the order `asmsim compare` printed them.
    ranked_section = html.split("<h2>Scenarios against baseline, ranked</h2>")[1].split("<figure>")[0]
    shown = re.findall(r"<tr><td class=\"num\">\d+</td><td>([^<]+)</td>", ranked_section)
    assert shown == [row["scenario"] for row in printed]
    for stem in ("forest_plot", "group_effects", "quantile_effects", "cost_benefit"):
        for ext in ("png", "pdf"):
            assert (framework_report / "figures" / f"{stem}.{ext}").stat().st_size > 5_000
    for table in ("ranked", "cost_benefit", "group_effects", "quantile_effects"):
        assert (framework_report / "tables" / f"{table}.csv").stat().st_size > 0
    costs = html.split("<h2>Costs</h2>")[1].split("<figure>")[0]
    for column in ("BCR", "NPV (USD thousand)", "cost to implementer (USD thousand)",
                   "cost to government (USD thousand)", "net fiscal cost (USD thousand)",
                   "USD per poverty-year avoided"):
        assert f"<th>{column}</th>" in costs, column


def test_framework_report_is_short(framework_report):
    """The page at a third of its 26,280 px before issue 16.5: an estimate well under 8,700 px, and
    no table of more than FOLD_ROWS rows open (the full tables are there, folded)."""
    html = (framework_report / "index.html").read_text()
    assert estimated_height_px(html) < 6_500, estimated_height_px(html)
    open_tables = re.findall(r"<table>.*?</table>", visible(html), flags=re.S)
    assert open_tables and all(t.count("<tr>") <= FOLD_ROWS + 1 for t in open_tables)
    folded = re.findall(r'<details class="table"><summary>(.*?)</summary>', html)
    assert any(s.startswith("Every outcome of every scenario (135 rows") for s in folded), folded


def test_long_tables_fold_and_short_ones_do_not():
    report = Report("t")
    rows = np.arange(FOLD_ROWS + 1)
    report.table(asmsim_py.summary.pd.DataFrame({"x": rows[:FOLD_ROWS]}), caption="short")
    report.table(asmsim_py.summary.pd.DataFrame({"x": rows}), caption="long")
    short, long = report.parts
    assert "<details" not in short
    assert long.startswith('<details class="table"><summary>long (21 rows') and long.endswith("</details>")


def test_forest_plot_is_sorted_and_faceted(many_file):
    comparison = asmsim_py.open_comparison(many_file)
    table = asmsim_py.comparison_table(comparison)
    ranked = ranked_table(comparison)
    effects = ranked["effect"].to_numpy()
    assert np.all(np.diff(effects[np.isfinite(effects)]) >= 0)  # poverty: lowest (best) first
    fig = figures.forest_plot(table, reference="baseline", order=list(ranked.index))
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == 9  # one per outcome
    assert len({round(ax.get_position().x0, 3) for ax in panels}) == 5  # faceted: five panels a row
    # Height grows with the scenarios only: 21 rows of 0.17 in on each of 2 panel rows (one panel
    # per outcome stacked, as before, was 9 x 21 x 0.45 in tall).
    assert fig.get_figheight() < 10
    labels = [t.get_text() for t in panels[0].get_yticklabels()]
    assert labels == list(ranked.index)  # top to bottom; y ticks run bottom-up, so reversed twice
    unsorted = figures.forest_plot(table, reference="baseline")  # default: by the first outcome, largest first
    first = table.xs("poverty_headcount", level="outcome").drop("baseline")["difference"]
    labels = [t.get_text() for t in unsorted.axes[0].get_yticklabels()]
    assert [first[s] for s in labels] == sorted(first.values, reverse=True)
    figures.plt.close("all")


def test_for_whom_and_cost_figures_of_many_scenarios(many_file, tmp_path):
    groups = asmsim_py.open_group_effects(many_file)
    fig = figures.group_forest_plot(groups)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in panels] == ["Baseline wealth quintile", "Gender of the household head",
                                                           "Mining role"]
    overall = groups.group_effect.sel(group="all", household_outcome="income_usd_per_capita").drop_sel(
        scenario="baseline").to_series()
    labels = [t.get_text() for t in panels[0].get_yticklabels()]
    assert [overall[s] for s in labels] == sorted(overall.values, reverse=True)
    quantiles = figures.quantile_plot(asmsim_py.open_quantile_effects(many_file))
    assert sum(ax.get_visible() for ax in quantiles.axes) == 21  # a panel per scenario but the reference
    costs = cost_benefit_table(asmsim_py.open_comparison(many_file))
    bcr = costs["benefit_cost_ratio"].to_numpy()
    finite = np.isfinite(bcr)
    assert np.all(np.diff(bcr[finite]) <= 0) and not np.any(np.diff(finite.astype(int)) > 0)  # NaN last
    assert costs.loc["cash_transfer_20usd", "pv_cost_government_usd"] == pytest.approx(
        float(asmsim_py.open_comparison(many_file).pv_cost_government_usd.sel(scenario="cash_transfer_20usd")))
    fig = figures.cost_plot(costs)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == list(costs.index)
    figures.plt.close("all")
    html = asmsim_py.write_report(many_file, tmp_path / "report").read_text()  # renders whole, with 22 scenarios
    # The headline tables stay open with 21 rows; the long ones are folded.
    open_part = visible(html)
    assert "<h2>Costs</h2>" in open_part and "cash_transfer_35usd</td>" in open_part.split("<h2>Costs</h2>")[1]
    assert "cash_transfer_35usd</td>" in open_part.split("<h2>For whom</h2>")[0]


def test_vector_figures_on_request(asmsim, framework_file, tmp_path):
    out = tmp_path / "svg"
    asmsim("report", framework_file[0], "-o", out, "--figure-format", "svg", expect=0)
    html = (out / "index.html").read_text()
    assert "data:image/png" not in html and html.count("data:image/svg+xml;base64,") == 7
    for stem in ("forest_plot", "cost_benefit"):
        assert ET.parse(out / "figures" / f"{stem}.svg").getroot().tag.endswith("svg")
        assert (out / "figures" / f"{stem}.pdf").read_bytes()[:5] == b"%PDF-"
        assert not (out / "figures" / f"{stem}.png").exists()
    bad = asmsim("report", framework_file[0], "-o", tmp_path / "x", "--figure-format", "jpg")
    assert bad.returncode != 0 and "png" in bad.stderr and not (tmp_path / "x").exists()
