"""`asmsim compare --posterior/--prior` end to end (issue 15.3): the uncertainty comparison file
has the agreed layout (/work docs: docs/outputs.md, "Uncertainty comparison file") and opens in
xarray as written; rank probabilities sum to 1 per criterion and follow from the stored per-draw
values; where a calibrated parameter drives an effect the combined interval is wider than the
stochastic-only one; the result does not depend on the thread count; bad input exits 2 naming
file and key.

The posterior is crafted with h5py in the layout `asmsim calibrate` writes (docs/calibration.md,
"Output file"), so that a calibrated parameter clearly drives one intervention's effect: the cash
transfer's monthly amount, spread over 0-40 USD, against technical assistance, which it does not
touch and whose effect on income the transfer's matches at about 20 USD a month.
"""

from __future__ import annotations

import h5py
import numpy as np
import pytest
import xarray as xr
from scipy.stats import spearmanr

from conftest import SCENARIOS, assert_groups_identical, partial_files

TRANSFER = "interventions.cash_transfer.transfer_usd_month"
DIGGER = "production.digger_share"
SMALL = ["--set", "simulation.households=150", "--set", "simulation.months=18"]
HEADER = "name,output,group,months,aggregation,observed,uncertainty,source\n"


@pytest.fixture(scope="module")
def version(asmsim_bin, tmp_path_factory) -> str:
    """The running binary's asmsim_version, from a tiny run file."""
    import subprocess
    out = tmp_path_factory.mktemp("version") / "run.h5"
    subprocess.run([str(asmsim_bin), "run", str(SCENARIOS / "baseline.toml"), "-o", str(out), "-q",
                    "--set", "simulation.households=10", "--set", "simulation.months=2"],
                   check=True, capture_output=True)
    with h5py.File(out, "r") as f:
        return f["metadata"].attrs["asmsim_version"]


def craft_posterior(path, version, names=(TRANSFER, DIGGER), sample=None, weight=None, kind="calibration",
                    format_version=1):
    rng = np.random.default_rng(5)
    n = 40
    if sample is None:
        sample = np.column_stack([np.linspace(0.0, 40.0, n), rng.uniform(0.44, 0.46, n)])[:, :len(names)]
    if weight is None:
        weight = np.full(len(sample), 1.0 / len(sample))
    text = h5py.string_dtype()
    with h5py.File(path, "w") as f:
        meta = f.create_group("metadata")
        meta.attrs["file_kind"] = kind
        meta.attrs["format_version"] = np.int64(format_version)
        meta.attrs["asmsim_version"] = version
        post = f.create_group("posterior")
        post.create_dataset("parameter", data=np.array(names, dtype=object), dtype=text)
        post.create_dataset("parameter_units", data=np.array(["USD/month", "1"][:len(names)], dtype=object), dtype=text)
        post.create_dataset("sample", data=np.asarray(sample, dtype=float))
        post.create_dataset("weight", data=np.asarray(weight, dtype=float))
    return path


@pytest.fixture(scope="module")
def experiment(tmp_path_factory):
    folder = tmp_path_factory.mktemp("experiment")
    path = folder / "e.toml"
    path.write_text('name = "transfer_or_savings"\nscenarios = [\n'
                    f'  "{SCENARIOS / "baseline.toml"}",\n'
                    f'  "{SCENARIOS / "interventions" / "cash_transfer.toml"}",\n'
                    f'  "{SCENARIOS / "interventions" / "technical_assistance.toml"}",\n]\nreplicates = 2\n')
    return path


@pytest.fixture(scope="module")
def compared(asmsim_bin, experiment, version, tmp_path_factory):
    """The same comparison on 1 and 2 threads."""
    import subprocess
    folder = tmp_path_factory.mktemp("compared")
    posterior = craft_posterior(folder / "posterior.h5", version)
    outs = {}
    for threads in (1, 2):
        out = folder / f"t{threads}.h5"
        proc = subprocess.run([str(asmsim_bin), "compare", str(experiment), "--posterior", str(posterior), "--draws", "16",
                               "-r", "3", "-t", str(threads), "-o", str(out), *SMALL],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        outs[threads] = (out, proc)
    return posterior, outs


def test_layout_opens_in_xarray_as_agreed(compared):
    posterior, outs = compared
    out, proc = outs[1]
    with h5py.File(out, "r") as f:
        meta = f["metadata"].attrs
        assert meta["file_kind"] == "uncertainty_comparison"
        assert meta["parameter_source"] == "posterior"
        assert meta["calibration_file"] == str(posterior)
        assert meta["format_version"] == 1 and meta["asmsim_version"] and meta["command_line"]
        assert meta["experiment_toml"].startswith('name = "transfer_or_savings"')
    with xr.open_dataset(out, group="uncertainty", engine="h5netcdf") as u:
        assert u.draw.values.tolist() == list(range(16))
        assert u.parameter.values.tolist() == [TRANSFER, DIGGER]
        assert u.intervention.values.tolist() == ["cash_transfer", "technical_assistance"]
        assert "mean_income_usd_per_capita" in u.outcome.values.tolist()
        assert u.criterion.values.tolist() == u.outcome.values.tolist() + ["net_present_value", "benefit_cost_ratio"]
        assert u.parameter_value.dims == ("draw", "parameter")
        assert u.effect.dims == ("draw", "intervention", "outcome")
        for name in ("effect_mean", "effect_lower", "effect_upper", "stochastic_lower", "stochastic_upper"):
            assert u[name].dims == ("intervention", "outcome"), name
            # Mixed units, as in the comparison file: named by the outcome_units variable.
            assert "(units: outcome_units)" in u[name].attrs["long_name"], name
        for name in ("rank_probability", "expected_rank"):
            assert u[name].dims == ("intervention", "criterion"), name
            assert u[name].attrs["units"] == "1" and u[name].attrs["long_name"], name
        assert u.sensitivity.dims == ("parameter", "criterion")
        assert u.parameter_units.values.tolist() == ["USD/month", "1"]
        assert u.outcome_direction.sel(outcome="poverty_headcount").item() == "lower_is_better"
        assert u.outcome_direction.sel(outcome="mean_income_usd_per_capita").item() == "higher_is_better"
        # Each draw's parameters are a particle of the posterior.
        with h5py.File(posterior, "r") as f:
            sample = f["posterior/sample"][()]
        assert np.array_equal(u.parameter_value.values, sample[u.particle.values])
        assert np.allclose(u.effect.mean("draw"), u.effect_mean)
    assert "Probability of ranking first" in proc.stdout and "combined 95%" in proc.stdout
    assert "draw-replicates done" in proc.stderr


def test_rank_probabilities_sum_to_one_and_follow_the_draws(compared):
    out = compared[1][1][0]
    with xr.open_dataset(out, group="uncertainty", engine="h5netcdf") as u:
        assert np.allclose(u.rank_probability.sum("intervention"), 1.0)
        assert np.allclose(u.expected_rank.sum("intervention"), 1 + 2)
        # Recomputed from the stored per-draw values; tied interventions split first place.
        for criterion in u.criterion.values:
            value = u.criterion_value.sel(criterion=criterion).values  # draw x intervention
            higher = u.criterion_direction.sel(criterion=criterion).item() == "higher_is_better"
            first = np.zeros(value.shape[1])
            for row in value:
                best = np.nanmax(row) if higher else np.nanmin(row)
                winners = row == best
                first[winners] += 1.0 / winners.sum() / len(value)
            assert np.allclose(u.rank_probability.sel(criterion=criterion), first), criterion


def test_combined_interval_is_wider_where_the_parameter_drives_the_effect(compared):
    out = compared[1][1][0]
    with xr.open_dataset(out, group="uncertainty", engine="h5netcdf") as u:
        income = u.sel(outcome="mean_income_usd_per_capita")
        width = income.effect_upper - income.effect_lower
        stochastic = income.stochastic_upper - income.stochastic_lower
        transfer = "cash_transfer"
        # The transfer's effect on income grows with its amount: a wide combined interval...
        assert float(width.sel(intervention=transfer)) > 3 * float(stochastic.sel(intervention=transfer))
        assert u.effect_correlation.sel(parameter=TRANSFER, intervention=transfer,
                                        criterion="mean_income_usd_per_capita").item() > 0.9
        # ... and the ranking on income turns on it, not on the (narrow) digger share.
        assert u.winner.sel(criterion="mean_income_usd_per_capita").item() == transfer
        sens = u.sensitivity.sel(criterion="mean_income_usd_per_capita")
        assert float(sens.sel(parameter=TRANSFER)) > 0.5
        assert float(sens.sel(parameter=TRANSFER)) > float(sens.sel(parameter=DIGGER))
        # Every combined interval is at least as wide as the stochastic one.
        all_width = (u.effect_upper - u.effect_lower).values
        all_stochastic = (u.stochastic_upper - u.stochastic_lower).values
        assert np.all(all_width >= all_stochastic - 1e-12)


def test_sensitivity_is_the_spearman_correlation_with_the_winner_ranking_first(compared):
    out = compared[1][1][0]
    with xr.open_dataset(out, group="uncertainty", engine="h5netcdf") as u:
        for criterion in u.criterion.values:
            rank = u["rank"].sel(criterion=criterion)
            wins = (rank.sel(intervention=u.winner.sel(criterion=criterion).item()) == rank.min("intervention")).values
            for parameter in u.parameter.values:
                x = u.parameter_value.sel(parameter=parameter).values
                expected = 0.0 if wins.all() or not wins.any() else abs(spearmanr(x, wins).correlation)
                assert u.sensitivity.sel(parameter=parameter, criterion=criterion).item() == pytest.approx(expected), \
                    (criterion, parameter)


def test_thread_count_does_not_change_the_result(compared):
    outs = compared[1]
    assert_groups_identical(outs[1][0], outs[2][0], "uncertainty")


def test_prior_draws_from_the_calibration_config(asmsim, experiment, tmp_path):
    (tmp_path / "targets.csv").write_text(HEADER + "share,formal_share,,last:6,mean,0.1,0.05,x\n")
    config = tmp_path / "c.toml"
    config.write_text(f'name = "p"\ntargets = "targets.csv"\n[model]\nscenario = "{SCENARIOS / "baseline.toml"}"\n'
                      f'[[parameters]]\nname = "{TRANSFER}"\nprior = "uniform"\nmin = 10.0\nmax = 30.0\n')
    out = tmp_path / "prior.h5"
    asmsim("compare", experiment, "--prior", config, "--draws", "3", "-r", "2", "-o", out, "-q", *SMALL, expect=0)
    with xr.open_dataset(out, group="uncertainty", engine="h5netcdf") as u:
        values = u.parameter_value.sel(parameter=TRANSFER).values
        assert np.all((values >= 10.0) & (values <= 30.0)) and len(set(values)) == 3
        assert np.all(u.particle.values == -1)
        assert np.allclose(u.rank_probability.sum("intervention"), 1.0)
    with h5py.File(out, "r") as f:
        assert f["metadata"].attrs["parameter_source"] == "prior"


def bad_posterior(tmp_path, version, case):
    path = tmp_path / f"{case}.h5"
    if case == "unknown_parameter":
        return craft_posterior(path, version, names=("production.digger_shares",),
                               sample=np.full((4, 1), 0.4)), "/posterior/parameter[0]", "did you mean 'production.digger_share'?"
    if case == "other_version":
        return craft_posterior(path, "0.0.1"), "/metadata@asmsim_version", "--other-version"
    if case == "other_format":
        return craft_posterior(path, version, format_version=0), "/metadata@format_version", "rerun asmsim calibrate"
    if case == "not_calibration":
        return craft_posterior(path, version, kind="comparison"), "/metadata@file_kind", "not a calibration file"
    if case == "out_of_range":
        return (craft_posterior(path, version, names=(DIGGER,), sample=np.array([[0.4], [1.5]])),
                "/posterior/sample[1, 0]", "production.digger_share = 1.5")
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["unknown_parameter", "other_version", "other_format", "not_calibration", "out_of_range"])
def test_bad_posterior_exits_2_naming_file_and_key(asmsim, experiment, version, tmp_path, case):
    path, key, text = bad_posterior(tmp_path, version, case)
    out = tmp_path / "out.h5"
    r = asmsim("compare", experiment, "--posterior", path, "--draws", "2", "-o", out, *SMALL, expect=2)
    assert f"{path}:" in r.stderr and f"key '{key}'" in r.stderr and text in r.stderr, r.describe()
    assert not out.exists() and partial_files(tmp_path) == []


def test_other_version_is_accepted_on_request(asmsim, experiment, version, tmp_path):
    path = craft_posterior(tmp_path / "old.h5", "0.0.1", names=(DIGGER,), sample=np.full((3, 1), 0.45))
    out = tmp_path / "out.h5"
    asmsim("compare", experiment, "--posterior", path, "--other-version", "--draws", "1", "-r", "2", "-o", out, "-q",
           *SMALL, expect=0)
    assert out.exists()


def test_draws_below_one_and_a_prior_outside_the_range_exit_2(asmsim, experiment, tmp_path):
    out = tmp_path / "out.h5"
    r = asmsim("compare", experiment, "--prior", "whatever.toml", "--draws", "0", "-o", out, expect=2)
    assert "key '--draws': must be at least 1 (got 0)" in r.stderr, r.describe()
    r = asmsim("compare", experiment, "--draws", "3", "-o", out, expect=2)
    assert "key '--draws': applies only with --posterior or --prior" in r.stderr, r.describe()
    r = asmsim("compare", experiment, "--prior", "whatever.toml", "--format", "csv", "-o", out, expect=2)
    assert "key '--format': does not apply with --posterior or --prior" in r.stderr, r.describe()
    (tmp_path / "targets.csv").write_text(HEADER + "share,formal_share,,last:6,mean,0.1,0.05,x\n")
    config = tmp_path / "c.toml"
    config.write_text(f'name = "p"\ntargets = "targets.csv"\n[model]\nscenario = "{SCENARIOS / "baseline.toml"}"\n'
                      f'[[parameters]]\nname = "{DIGGER}"\nprior = "uniform"\nmin = -0.5\nmax = 0.9\n')
    r = asmsim("compare", experiment, "--prior", config, "--draws", "2", "-o", out, *SMALL, expect=2)
    assert f"{config}:" in r.stderr and f"key '{DIGGER}.min'" in r.stderr and "leave the valid range" in r.stderr, r.describe()
    assert not out.exists() and partial_files(tmp_path) == []
