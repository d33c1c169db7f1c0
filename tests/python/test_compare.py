"""`asmsim compare`: scenarios under common random numbers, one file with a scenario dimension,
and a comparison table whose numbers can be recomputed from the time series."""

import h5py
import numpy as np
import xarray as xr

from conftest import SCENARIOS, partial_files


def small_scenario(tmp_path, name, body=""):
    """A small variant of the baseline, so the tests stay fast."""
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\nextends = "{SCENARIOS / "baseline.toml"}"\n'
                    f"[simulation]\nhouseholds = 300\nmonths = 36\n{body}")
    return path


def experiment(tmp_path, scenarios, replicates=6):
    path = tmp_path / "experiment.toml"
    listed = ", ".join(f'"{p}"' for p in scenarios)
    path.write_text(f'name = "test"\nscenarios = [{listed}]\nreplicates = {replicates}\n')
    return path


def test_same_scenario_twice_gives_identical_runs_and_zero_differences(asmsim, tmp_path):
    a = small_scenario(tmp_path, "a")
    b = small_scenario(tmp_path, "b", '[random]\nstream_group = "its_own"\n')  # forced to the reference's
    out = tmp_path / "cmp.h5"
    asmsim("compare", experiment(tmp_path, [a, b]), "-o", out, "-q", expect=0)
    ts = xr.open_dataset(out, group="timeseries", engine="h5netcdf")
    assert dict(ts.sizes) == {"scenario": 2, "replicate": 6, "month": 36, "role": 5}
    assert list(ts.scenario.values) == ["a", "b"]
    for name in ts.data_vars:  # common random numbers: identical draws, identical runs
        assert np.array_equal(ts[name].sel(scenario="a").values, ts[name].sel(scenario="b").values), name
    comparison = xr.open_dataset(out, group="comparison", engine="h5netcdf")
    assert np.all(comparison.difference.sel(scenario="b").values == 0.0)
    assert np.all(comparison.paired_ci_high.sel(scenario="b").values == 0.0)
    assert partial_files(tmp_path) == []


def test_comparison_matches_the_time_series_and_pairing_narrows_intervals(asmsim, tmp_path):
    base = small_scenario(tmp_path, "base")
    waiver = small_scenario(tmp_path, "waiver", "[formalisation]\nlicence_fee_usd = 0.0\n")
    out = tmp_path / "cmp.h5"
    result = asmsim("compare", experiment(tmp_path, [base, waiver], replicates=8), "-o", out,
                    "--rank-by", "formal_share", expect=0)
    assert "Ranked by formal_share" in result.stdout and "waiver" in result.stdout
    ts = xr.open_dataset(out, group="timeseries", engine="h5netcdf")
    comparison = xr.open_dataset(out, group="comparison", engine="h5netcdf")
    # Prices are shared: the scenarios differ by the licence fee only.
    assert np.array_equal(ts.price_gold_usd_per_g.sel(scenario="base").values,
                          ts.price_gold_usd_per_g.sel(scenario="waiver").values)
    for outcome in comparison.outcome.values:
        last_year = ts[outcome].isel(month=slice(-12, None)).mean("month")
        paired = (last_year.sel(scenario="waiver") - last_year.sel(scenario="base")).values
        stored = comparison.difference.sel(scenario="waiver", outcome=outcome).item()
        assert np.isclose(stored, paired.mean(), rtol=1e-9, atol=1e-12), outcome
        assert np.isclose(comparison["mean"].sel(scenario="base", outcome=outcome).item(),
                          last_year.sel(scenario="base").mean().item(), rtol=1e-9, atol=1e-12)
    # A free licence raises the formal share, clearly.
    assert comparison.paired_ci_low.sel(scenario="waiver", outcome="formal_share").item() > 0.0
    # Common random numbers pay off where shared shocks dominate (prices drive incomes): the paired
    # interval of the income difference is narrower than the unpaired one on the same runs.
    sel = dict(scenario="waiver", outcome="mean_income_usd_per_capita")
    paired_width = comparison.paired_ci_high.sel(**sel).item() - comparison.paired_ci_low.sel(**sel).item()
    unpaired_width = comparison.unpaired_ci_high.sel(**sel).item() - comparison.unpaired_ci_low.sel(**sel).item()
    assert paired_width < unpaired_width / 2
    with h5py.File(out) as f:
        meta = f["metadata"].attrs
        assert meta["reference_scenario"] == "base"
        assert "licence_fee_usd = 0.0" in meta["scenario_toml.waiver"]
        assert "scenarios = [" in meta["experiment_toml"]


def test_compare_refuses_to_overwrite_and_reports_bad_experiments(asmsim, tmp_path):
    a = small_scenario(tmp_path, "a")
    out = tmp_path / "keep.h5"
    out.write_bytes(b"keep")
    result = asmsim("compare", experiment(tmp_path, [a, a]), "-o", out)
    assert result.returncode != 0 and "--overwrite" in result.stderr
    assert out.read_bytes() == b"keep"
    lonely = tmp_path / "lonely.toml"
    lonely.write_text(f'scenarios = ["{a}"]\n')
    result = asmsim("compare", lonely, "-o", tmp_path / "x.h5")
    assert result.returncode == 2
    assert "lonely.toml:1" in result.stderr and "scenarios" in result.stderr
    longer = small_scenario(tmp_path, "longer", "")
    longer.write_text(longer.read_text().replace("months = 36", "months = 48"))
    result = asmsim("compare", experiment(tmp_path, [a, longer]), "-o", tmp_path / "y.h5")
    assert result.returncode == 2 and "simulation.months" in result.stderr
    assert not (tmp_path / "x.h5").exists() and not (tmp_path / "y.h5").exists()
    assert partial_files(tmp_path) == []


def test_set_applies_to_every_scenario(asmsim, tmp_path):
    # --set overrides every scenario's own value (here months 36 and households 300), and a bad key is
    # reported as --set #N with exit 2.
    a = small_scenario(tmp_path, "a")
    b = small_scenario(tmp_path, "b", "[prices.gold]\nvolatility_annual = 0.2\n")
    out = tmp_path / "cmp.h5"
    asmsim("compare", experiment(tmp_path, [a, b], replicates=2), "-o", out, "-q",
           "--set", "simulation.months=12", "--set", "simulation.households=120", expect=0)
    ts = xr.open_dataset(out, group="timeseries", engine="h5netcdf")
    assert ts.sizes["month"] == 12
    assert np.all(ts.n_households.values == 120)
    bad = asmsim("compare", experiment(tmp_path, [a, b], replicates=2), "-o", tmp_path / "bad.h5",
                 "--set", "simulation.houshold=3", expect=2)
    assert "--set #1" in bad.stderr and "simulation.households" in bad.stderr
    assert not (tmp_path / "bad.h5").exists()
