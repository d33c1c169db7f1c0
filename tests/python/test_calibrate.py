"""`asmsim calibrate` end to end (issue 15): the recovery calibration puts the known parameter
values inside the 90% credible intervals, its file opens in xarray as written and carries its
provenance, results do not depend on the thread count, and bad calibration or targets files are
refused with exit code 2 and an error naming file, line and key.
"""

from __future__ import annotations

import signal
import subprocess
import time

import h5py
import numpy as np
import pytest
import xarray as xr

from conftest import REPO, SCENARIOS, assert_groups_identical, partial_files

RECOVERY = SCENARIOS / "calibration" / "recovery.toml"
TRUTH = {"production.gold.output_g_per_worker_day": 0.4, "production.digger_share": 0.45}
HEADER = "name,output,group,months,aggregation,observed,uncertainty,source\n"


@pytest.fixture(scope="module")
def recovery(asmsim_bin, tmp_path_factory):
    out = tmp_path_factory.mktemp("calibrate") / "recovery.h5"
    proc = subprocess.run([str(asmsim_bin), "calibrate", str(RECOVERY), "-o", str(out), "-t", "2", "--budget", "1500"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out, proc


def test_recovery_puts_the_truth_in_the_90_percent_intervals(recovery):
    out, proc = recovery
    with xr.open_dataset(out, group="posterior", engine="h5netcdf") as post:
        for name, truth in TRUTH.items():
            p = post.sel(parameter=name)
            assert float(p.q05) <= truth <= float(p.q95), f"{name}: {truth} outside [{float(p.q05)}, {float(p.q95)}]"
            # and the data taught something: the interval is narrower than the prior's bounds
            assert float(p.q95 - p.q05) < 0.8 * float(p.upper - p.lower), name
        assert float(post.weight.sum()) == pytest.approx(1.0)
        assert post.attrs["ess"] == pytest.approx(1.0 / float((post.weight ** 2).sum()))
    assert "Posterior after" in proc.stdout


def test_calibration_file_layout_and_provenance(recovery):
    out, _ = recovery
    with h5py.File(out, "r") as f:
        meta = f["metadata"].attrs
        assert meta["file_kind"] == "calibration"
        assert meta["calibration_toml"] == RECOVERY.read_text()
        assert meta["targets_csv"] == (RECOVERY.parent / "recovery_targets.csv").read_text()
        assert meta["git_commit"] and meta["asmsim_version"]
        assert "simulation.households = 100" in meta["scenario_toml"] or "households = 100" in meta["scenario_toml"]
        assert meta["simulations"] <= 1500
    with xr.open_dataset(out, group="generations", engine="h5netcdf") as gen:
        tol = gen.tolerance.values
        assert np.isinf(tol[0]) and np.all(np.diff(tol[1:]) < 0), tol
        assert np.allclose(gen.weight.sum("particle"), 1.0)
        ess = 1.0 / (gen.weight ** 2).sum("particle")
        assert np.allclose(gen.ess, ess)
        assert np.all((gen.acceptance_rate > 0) & (gen.acceptance_rate <= 1))
        assert gen.sample.dims == ("generation", "particle", "parameter")
    with xr.open_dataset(out, group="targets", engine="h5netcdf") as t:
        assert list(t.target.values) == ["gold_output", "gold_miners", "gold_income_per_miner"]
        assert np.all(t.simulated_q05 <= t.simulated_mean) and np.all(t.simulated_mean <= t.simulated_q95)
        assert np.all(np.abs(t.simulated_mean - t.observed) < 2 * t.uncertainty)
        assert t.units.sel(target="gold_output").item() == "g/month"
    with xr.open_dataset(out, group="posterior", engine="h5netcdf") as post:
        assert post.sample.dims == ("particle", "parameter")
        assert post.simulated.dims == ("particle", "target")


def test_thread_count_does_not_change_the_result(asmsim, tmp_path):
    outs = []
    for threads in (1, 2):
        out = tmp_path / f"t{threads}.h5"
        asmsim("calibrate", RECOVERY, "-o", out, "-t", threads, "--budget", "400", "-q", expect=0)
        outs.append(out)
    for group in ("posterior", "generations", "targets"):
        assert_groups_identical(outs[0], outs[1], group)


def write_case(tmp_path, parameters: str, targets: str) -> str:
    (tmp_path / "targets.csv").write_text(targets)
    config = tmp_path / "c.toml"
    config.write_text(f'name = "bad"\ntargets = "targets.csv"\n[model]\nscenario = "{SCENARIOS / "baseline.toml"}"\n'
                      'set = ["simulation.households=20", "simulation.months=12"]\n' + parameters)
    return str(config)


GOOD_PARAMETER = '[[parameters]]\nname = "production.digger_share"\nprior = "uniform"\nmin = 0.1\nmax = 0.9\n'
CASES = {"unknown parameter", "inverted bounds", "unknown output", "malformed line", "bad uncertainty", "unknown prior"}
GOOD_TARGETS = HEADER + "share,formal_share,,last:6,mean,0.1,0.05,x\n"


@pytest.mark.parametrize("case, parameters, targets, where, key", [
    ("unknown parameter", GOOD_PARAMETER.replace("digger_share", "diger_share"), GOOD_TARGETS,
     "c.toml:7:", "key 'production.diger_share': not a model parameter (did you mean 'production.digger_share'?)"),
    ("inverted bounds", GOOD_PARAMETER.replace("min = 0.1\nmax = 0.9", "min = 0.9\nmax = 0.1"), GOOD_TARGETS,
     "c.toml:10:", "key 'production.digger_share.max': max"),
    ("unknown output", GOOD_PARAMETER, GOOD_TARGETS + "n,n_minerz,,all,mean,10,1,x\n",
     "targets.csv:3:3:", "key 'output': 'n_minerz' is not an output of the model"),
    ("malformed line", GOOD_PARAMETER, GOOD_TARGETS + "n,n_miners,,all,mean,10\n",
     "targets.csv:3:", "expected 8 fields"),
    ("bad uncertainty", GOOD_PARAMETER, GOOD_TARGETS + "n,n_miners,,all,mean,10,-1,x\n",
     "targets.csv:3:", "key 'uncertainty': '-1' is not a positive number"),
    ("unknown prior", GOOD_PARAMETER.replace('"uniform"', '"cauchy"'), GOOD_TARGETS,
     "c.toml:8:", "key 'parameters.prior': 'cauchy' is not allowed (choose one of beta | gamma | lognormal | normal | uniform)"),
], ids=lambda v: v if v in CASES else "")
def test_bad_input_is_located_and_exits_2(asmsim, tmp_path, case, parameters, targets, where, key):
    config = write_case(tmp_path, parameters, targets)
    out = tmp_path / "out.h5"
    r = asmsim("calibrate", config, "-o", out, "--budget", "50", expect=2)
    assert where in r.stderr, r.describe()
    assert key in r.stderr, r.describe()
    assert not out.exists() and partial_files(tmp_path) == []


def test_resume_and_a_budget_below_one_generation_are_refused(asmsim, tmp_path):
    r = asmsim("calibrate", RECOVERY, "-o", tmp_path / "o.h5", "--resume", expect=2)
    assert "cannot be resumed yet" in r.stderr
    r = asmsim("calibrate", RECOVERY, "-o", tmp_path / "o.h5", "--budget", "10", expect=2)
    assert "--budget" in r.stderr and "cannot fill generation 0" in r.stderr
    existing = tmp_path / "exists.h5"
    existing.write_text("keep")
    r = asmsim("calibrate", RECOVERY, "-o", existing, expect=2)
    assert "--overwrite" in r.stderr and existing.read_text() == "keep"


def test_sigterm_leaves_no_partial_file_and_keeps_the_existing_output(asmsim_bin, tmp_path):
    out = tmp_path / "out.h5"
    out.write_bytes(b"earlier")
    proc = subprocess.Popen([str(asmsim_bin), "calibrate", str(RECOVERY), "-o", str(out), "--overwrite", "-t", "1",
                             "--budget", "100000", "--set", "simulation.households=400"],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    if proc.poll() is not None:
        pytest.skip("the calibration finished before the signal could be sent")
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert partial_files(tmp_path) == []
    assert out.read_bytes() == b"earlier"


def test_validate_checks_calibration_files(asmsim, tmp_path):
    r = asmsim("validate", RECOVERY, expect=0)
    assert r.stdout.startswith("ok  ") and "calibration recovery, 2 parameters, 3 targets" in r.stdout
    config = write_case(tmp_path, GOOD_PARAMETER, GOOD_TARGETS + "n,n_minerz,,all,mean,10,1,x\n")
    r = asmsim("validate", config, expect=2)
    assert "targets.csv:3:3: key 'output': 'n_minerz' is not an output of the model" in r.stderr, r.describe()
