"""The summary table of `asmsim compare` (issue 16.4): ranked by the chosen outcome (best first),
at most 100 columns, one line per scenario with the effect, its paired interval and a marker of
whether the interval excludes zero; the same table as markdown or CSV; one replicate shows no
interval and says why."""

import csv
import io
import re

import pytest
import xarray as xr

from conftest import SCENARIOS

NAMES = ["mercury_free_support", "technical_assistance", "savings_groups", "cash_transfer"]


@pytest.fixture(scope="module")
def experiment(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("table")
    paths = []
    for name, extends in [("baseline", SCENARIOS / "baseline.toml")] + [
            (n, SCENARIOS / "interventions" / f"{n}.toml") for n in NAMES]:
        path = tmp / f"{name}.toml"
        body = f"[interventions.{name}]\nstart_month = 6\n" if name != "baseline" else ""
        path.write_text(f'name = "{name}"\nextends = "{extends}"\n[simulation]\nhouseholds = 300\nmonths = 36\n{body}')
        paths.append(path)
    # A name longer than the scenario column.
    long = tmp / "long.toml"
    long.write_text(f'name = "a_scenario_name_much_longer_than_the_column"\nextends = "{paths[2]}"\n')
    paths.append(long)
    path = tmp / "experiment.toml"
    path.write_text('name = "table"\nscenarios = [' + ", ".join(f'"{p}"' for p in paths) + "]\nreplicates = 5\n")
    return path


def rows(stdout):
    """The table's rows in text format: lines that start with a rank."""
    return [line for line in stdout.splitlines() if re.match(r"^\s*\d+\s{2}\S", line)]


def test_table_is_ranked_best_first_fits_100_columns_and_marks_intervals(asmsim, experiment, tmp_path):
    out = tmp_path / "t.h5"
    result = asmsim("compare", experiment, "-o", out, "--rank-by", "mercury_released_kg", expect=0)
    # Every line but the last ("Wrote <the path given>") fits 100 columns.
    assert max(len(line) for line in result.stdout.splitlines() if not line.startswith("Wrote")) <= 100, result.stdout
    table = rows(result.stdout)
    assert len(table) == len(NAMES) + 1  # one line per scenario, the reference is not ranked
    c = xr.open_dataset(out, group="comparison", engine="h5netcdf")
    d = c.difference.sel(outcome="mercury_released_kg")
    expected = sorted(NAMES + ["a_scenario_name_much_longer_than_the_column"], key=lambda s: (float(d.sel(scenario=s)), s))  # ties: by name
    shown = [line.split()[1] for line in table]
    assert [s[:23] for s in shown] == [s[:23] for s in expected]  # less mercury is better: lowest first
    assert shown[0] == "mercury_free_support"
    # The marker: * exactly where the paired interval excludes zero.
    for line in table:
        name = [s for s in expected if s[:23] == line.split()[1][:23]][0]
        low = float(c.paired_ci_low.sel(scenario=name, outcome="mercury_released_kg"))
        high = float(c.paired_ci_high.sel(scenario=name, outcome="mercury_released_kg"))
        assert (" * " in line) == (low > 0 or high < 0), line
    assert any(" * " in line for line in table)  # mercury-free support clearly cuts mercury


def test_ranking_follows_the_chosen_outcome_and_direction(asmsim, experiment, tmp_path):
    out = tmp_path / "t.h5"
    result = asmsim("compare", experiment, "-o", out, "--rank-by", "mean_income_usd_per_capita", expect=0)
    c = xr.open_dataset(out, group="comparison", engine="h5netcdf")
    d = c.difference.sel(outcome="mean_income_usd_per_capita")
    effects = [float(d.sel(scenario=[s for s in c.scenario.values if s[:23] == line.split()[1][:23]][0]))
               for line in rows(result.stdout)]
    assert effects == sorted(effects, reverse=True)  # more income is better: highest first
    assert asmsim("compare", experiment, "-o", tmp_path / "x.h5", "--rank-by", "no_such_outcome").returncode != 0


def test_markdown_and_csv_write_the_same_table(asmsim, experiment, tmp_path):
    text = asmsim("compare", experiment, "-o", tmp_path / "a.h5", expect=0).stdout
    markdown = asmsim("compare", experiment, "-o", tmp_path / "b.h5", "--format", "markdown", expect=0).stdout
    sheet = asmsim("compare", experiment, "-o", tmp_path / "c.h5", "--format", "csv", expect=0).stdout
    records = list(csv.DictReader(io.StringIO(sheet)))
    md_rows = [line for line in markdown.splitlines() if re.match(r"^\| \d+ \|", line)]
    text_rows = rows(text)
    assert len(records) == len(md_rows) == len(text_rows) == len(NAMES) + 1
    for record, md, txt in zip(records, md_rows, text_rows):
        cells = [x.strip() for x in md.strip("|").split("|")]
        assert cells[0] == record["rank"] == txt.split()[0]
        assert cells[1] == record["scenario"] and record["scenario"][:23] == txt.split()[1][:23]
        assert float(cells[2]) == pytest.approx(float(record["effect"]), rel=1e-3)
        assert (cells[4] == "*") == (record["excludes_zero"] == "true") == (" * " in txt)
    assert all(r["outcome"] == "poverty_headcount" for r in records)  # the default ranking outcome
    assert markdown.splitlines()[0].startswith("Ranked by `poverty_headcount`")


def test_one_replicate_shows_no_interval_and_says_why(asmsim, experiment, tmp_path):
    result = asmsim("compare", experiment, "-o", tmp_path / "one.h5", "-r", "1", expect=0)
    assert "one replicate: no interval is shown" in result.stdout
    table = rows(result.stdout)
    assert table and all("n/a" in line and " * " not in line and "[" not in line for line in table)
    assert "+/- 0" not in result.stdout and "± 0" not in result.stdout
    sheet = asmsim("compare", experiment, "-o", tmp_path / "one2.h5", "-r", "1", "--format", "csv", expect=0)
    assert "one replicate" in sheet.stderr
    assert all(r["ci_low"] == "" and r["excludes_zero"] == "" for r in csv.DictReader(io.StringIO(sheet.stdout)))
