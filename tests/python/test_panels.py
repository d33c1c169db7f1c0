"""Household panels (/panel) and the subgroup and quantile effects of `asmsim compare` (issue 16,
points 1 and 2; docs/outputs.md, "/panel" and "Experiment files")."""

import sys

import h5py
import numpy as np
import pytest
import xarray as xr

from conftest import REPO, SCENARIOS

sys.path.insert(0, str(REPO / "analysis"))
import asmsim as asmsim_py  # noqa: E402  (the fixture `asmsim` runs the binary)

OUTCOMES = ["income_usd_per_capita", "consumption_usd_per_capita", "poor", "savings_usd", "debt_usd", "licensed",
            "injuries"]
GROUPINGS = ["all", "wealth_quintile", "role", "head_gender", "mineral", "site", "formal_status"]


def scenario(tmp_path, name, body=""):
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\nextends = "{SCENARIOS / "baseline.toml"}"\n'
                    f"[simulation]\nhouseholds = 200\nmonths = 30\nsites = 5\n{body}")
    return path


@pytest.fixture(scope="module")
def experiment_file(asmsim, tmp_path_factory):
    """The cash transfer against the baseline, 4 replicates, with a full panel."""
    d = tmp_path_factory.mktemp("panels")
    base = scenario(d, "baseline")
    cash = scenario(d, "cash", "[interventions.cash_transfer]\ncoverage = 0.3\nstart_month = 6\n")
    exp = d / "exp.toml"
    exp.write_text(f'name = "panels"\nscenarios = ["{base}", "{cash}"]\nreplicates = 4\n')
    out = d / "exp.h5"
    result = asmsim("compare", exp, "-o", out, "--set", 'outputs.panel_months="all"', "--by", "role", expect=0)
    return out, result


def test_run_panel_layout_units_chunks_and_sample(asmsim, tmp_path):
    out = tmp_path / "run.h5"
    asmsim("run", SCENARIOS / "baseline.toml", "-o", out, "-r", "2", "--set", "simulation.households=300",
           "--set", "simulation.months=24", "--set", 'outputs.panel_months="0, 11, 23"',
           "--set", "outputs.panel_households=40", expect=0)
    panel = xr.open_dataset(out, group="panel", engine="h5netcdf")
    assert dict(panel.sizes) == {"replicate": 2, "household": 40, "month": 3}
    assert list(panel.month.values) == [0, 11, 23]
    rows = panel.household.values
    assert len(set(rows)) == 40 and np.all(np.diff(rows) > 0) and rows.max() < 300
    for name in OUTCOMES:
        assert panel[name].dims == ("replicate", "household", "month"), name
    for name, var in panel.data_vars.items():
        assert var.attrs.get("units", "").strip() and var.attrs.get("long_name", "").strip(), name
    assert panel.baseline_role.dims == ("replicate", "household")
    # The panel's last month is the /households state at the end of the run.
    hh = xr.open_dataset(out, group="households", engine="h5netcdf")
    np.testing.assert_array_equal(panel.savings_usd.sel(month=23).values, hh.savings_usd.values[:, rows])
    np.testing.assert_array_equal(panel.baseline_size_persons.values >= 1, True)
    with h5py.File(out, "r") as f:
        d = f["panel/income_usd_per_capita"]
        assert d.chunks is not None and d.compression == "gzip"
    # Without outputs.panel_months nothing is written.
    plain = tmp_path / "plain.h5"
    asmsim("run", SCENARIOS / "baseline.toml", "-o", plain, "--set", "simulation.households=50",
           "--set", "simulation.months=3", expect=0)
    with h5py.File(plain, "r") as f:
        assert "panel" not in f
    with pytest.raises(ValueError, match="no household panel"):
        asmsim_py.open_panel(plain)


def test_panel_identical_with_one_and_two_threads(asmsim, tmp_path):
    files = []
    for threads in ("1", "2"):
        out = tmp_path / f"t{threads}.h5"
        asmsim("run", SCENARIOS / "baseline.toml", "-o", out, "-r", "3", "-t", threads, "--set",
               "simulation.households=150", "--set", "simulation.months=12", "--set", 'outputs.panel_months="all"',
               expect=0)
        files.append(out)
    a, b = (xr.open_dataset(f, group="panel", engine="h5netcdf") for f in files)
    for name in a.data_vars:
        np.testing.assert_array_equal(a[name].values, b[name].values, err_msg=name)


def test_bad_panel_month_is_an_input_error(asmsim, tmp_path):
    bad = asmsim("run", SCENARIOS / "baseline.toml", "-o", tmp_path / "x.h5", "--set", "simulation.months=12",
                 "--set", 'outputs.panel_months="3, 12"')
    assert bad.returncode == 2 and "outputs.panel_months" in bad.stderr


def test_experiment_panel_pairs_households_across_scenarios(experiment_file):
    out, _ = experiment_file
    panel = asmsim_py.open_panel(out)
    assert dict(panel.sizes) == {"scenario": 2, "replicate": 4, "household": 200, "month": 30}
    # Baseline characteristics are the same household's in both scenarios (recorded before any programme).
    for name in [v for v in panel.data_vars if v.startswith("baseline_")]:
        np.testing.assert_array_equal(panel[name].sel(scenario="baseline").values, panel[name].sel(scenario="cash").values)
    d = asmsim_py.household_differences(panel, "income_usd_per_capita")
    assert np.all(d.sel(scenario="baseline").values == 0.0)
    assert np.all(d.sel(scenario="cash", month=slice(0, 5)).values == 0.0)  # before the programme starts
    gained = (d.sel(scenario="cash", month=6) > 0).mean().item()
    assert 0.2 < gained < 0.5  # about the 30% paid


def last_year(panel, outcome):
    return panel[outcome].isel(month=slice(-12, None)).mean("month")


def test_group_effects_match_the_panel_and_add_up(experiment_file):
    out, _ = experiment_file
    panel = asmsim_py.open_panel(out)
    g = asmsim_py.open_group_effects(out)
    assert set(np.unique(g.grouping.values)) == set(GROUPINGS)
    assert list(g.household_outcome.values) == OUTCOMES
    role = g.where(g.grouping == "role", drop=True)
    assert [str(x) for x in role.group.values] == ["role_none", "role_processor", "role_digger", "role_skilled",
                                                   "role_pit_manager", "role_sponsor"]
    # Recomputed from the panel: each household's mean of the last 12 months, paired, pooled per group.
    for outcome in ("income_usd_per_capita", "consumption_usd_per_capita", "poor"):
        diff = (last_year(panel, outcome).sel(scenario="cash") - last_year(panel, outcome).sel(scenario="baseline"))
        quintile = panel.baseline_wealth_quintile.sel(scenario="baseline")
        for q in range(1, 6):
            expected = diff.where(quintile == q).sum().item() / (quintile == q).sum().item()
            got = g.group_effect.sel(scenario="cash", group=f"wealth_quintile_{q}", household_outcome=outcome).item()
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-12), (outcome, q)
        overall = g.group_effect.sel(scenario="cash", group="all", household_outcome=outcome).item()
        assert overall == pytest.approx(diff.mean().item(), rel=1e-9, abs=1e-12)
        # The interval of "all" is the paired t interval of the replicate means (same size every replicate).
        lo, hi = asmsim_py.t_interval(diff.mean("household").values)[1:3]
        assert g.group_effect_ci_low.sel(scenario="cash", group="all", household_outcome=outcome).item() == \
            pytest.approx(lo, rel=1e-6, abs=1e-12)
        assert g.group_effect_ci_high.sel(scenario="cash", group="all", household_outcome=outcome).item() == \
            pytest.approx(hi, rel=1e-6, abs=1e-12)
        # Weighted by group size, every grouping's effects add up to the overall effect.
        for grouping in GROUPINGS:
            part = g.where(g.grouping == grouping, drop=True)
            w = part.group_households
            eff = part.group_effect.sel(scenario="cash", household_outcome=outcome)
            keep = w > 0
            total = float((w.where(keep) * eff.where(keep)).sum() / w.where(keep).sum())
            assert total == pytest.approx(overall, rel=1e-9, abs=1e-12), (outcome, grouping)
    # Shares that gain and lose: from the households' paired differences.
    diff = last_year(panel, "income_usd_per_capita").sel(scenario="cash") - \
        last_year(panel, "income_usd_per_capita").sel(scenario="baseline")
    ref = np.abs(last_year(panel, "income_usd_per_capita").sel(scenario="baseline"))
    tol = 1e-9 * np.maximum(1.0, ref)
    higher = g.share_higher.sel(scenario="cash", group="all", household_outcome="income_usd_per_capita").item()
    assert higher == pytest.approx(float((diff > tol).mean()), abs=1e-12)
    assert g.share_lower.sel(scenario="baseline").max().item() == 0.0


def test_quantile_effects_match_numpy(experiment_file):
    out, _ = experiment_file
    panel = asmsim_py.open_panel(out)
    q = asmsim_py.open_quantile_effects(out)
    assert list(q.percentile.values) == [10, 20, 30, 40, 50, 60, 70, 80, 90]
    assert q.quantile_effect.attrs["units"] == "USD/person/month"
    for outcome in ("income_usd_per_capita", "consumption_usd_per_capita"):
        stat = last_year(panel, outcome)
        deciles = np.quantile(stat.values, np.arange(1, 10) / 10, axis=-1)  # (decile, scenario, replicate)
        effect = deciles[:, 1, :] - deciles[:, 0, :]
        np.testing.assert_allclose(q.quantile_effect.sel(scenario="cash", quantile_outcome=outcome).values,
                                   effect.mean(axis=1), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(q.quantile_value.sel(scenario="baseline", quantile_outcome=outcome).values,
                                   deciles[:, 0, :].mean(axis=1), rtol=1e-9, atol=1e-12)


def test_compare_by_prints_the_groups(experiment_file, asmsim, tmp_path):
    _, result = experiment_file
    assert "Effects by role at baseline" in result.stdout
    for label in ("role_none", "role_digger"):
        assert label in result.stdout
    bad = asmsim("compare", SCENARIOS / "experiments" / "variants.toml", "-o", tmp_path / "x.h5", "--by", "colour")
    assert bad.returncode != 0 and "--by" in bad.stderr


def test_group_effects_open_with_plain_xarray(experiment_file):
    out, _ = experiment_file
    c = xr.open_dataset(out, group="comparison", engine="h5netcdf")
    assert c.group_effect.dims == ("scenario", "group", "household_outcome")
    assert c.quantile_effect.dims == ("scenario", "percentile", "quantile_outcome")
    assert c.group_households.attrs["units"] == "households"
    assert c.group_households.sel(group="all").item() == 200


def test_compare_needs_the_same_households_and_panel_in_every_scenario(asmsim, tmp_path):
    """Household row h must be the same household everywhere: a scenario with other households or
    another panel is refused, naming the key."""
    base = scenario(tmp_path, "base")
    for body, key in (("[simulation]\nhouseholds = 150\n", "simulation.households"),
                      ('[outputs]\npanel_months = "0, 1"\n', "outputs.panel_months")):
        other = tmp_path / "other.toml"
        other.write_text(f'name = "other"\nextends = "{base}"\n{body}')
        exp = tmp_path / "exp.toml"
        exp.write_text(f'name = "x"\nscenarios = ["{base}", "{other}"]\nreplicates = 2\n')
        bad = asmsim("compare", exp, "-o", tmp_path / "x.h5", "--overwrite")
        assert bad.returncode == 2 and key in bad.stderr, bad.describe()


def test_report_shows_who_gains(experiment_file, tmp_path):
    out, _ = experiment_file
    index = asmsim_py.write_report(out, tmp_path / "report")
    text = index.read_text()
    assert "For whom" in text and "wealth_quintile_1" in text and "role_digger" in text
    table = (tmp_path / "report" / "tables" / "group_effects.csv").read_text().splitlines()
    assert table[0].startswith("scenario,group,household_outcome") and len(table) > 2 * 20 * 7
    assert (tmp_path / "report" / "tables" / "quantile_effects.csv").is_file()
