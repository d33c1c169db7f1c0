"""`asmsim calibrate` end to end (issue 15): the recovery calibration puts the known parameter
values inside the 90% credible intervals, its file opens in xarray as written and carries its
provenance, results do not depend on the thread count, and bad calibration or targets files are
refused with exit code 2 and an error naming file, line and key. A calibration killed with
kill -9 (a hook inside, or a signal from outside, under mpirun too) and resumed from its journal
writes the file an uninterrupted run writes, and two MPI ranks write the single process's file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

import h5py
import numpy as np
import pytest
import xarray as xr

from conftest import REPO, SCENARIOS, assert_groups_identical, partial_files, sigkill_when

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


def test_a_budget_below_one_generation_and_an_existing_output_are_refused(asmsim, tmp_path):
    r = asmsim("calibrate", RECOVERY, "-o", tmp_path / "o.h5", "--budget", "10", expect=2)
    assert "--budget" in r.stderr and "cannot fill generation 0" in r.stderr
    existing = tmp_path / "exists.h5"
    existing.write_text("keep")
    r = asmsim("calibrate", RECOVERY, "-o", existing, expect=2)
    assert "--overwrite" in r.stderr and existing.read_text() == "keep"
    r = asmsim("calibrate", RECOVERY, "-o", existing, "--resume", expect=2)
    assert "already complete" in r.stderr and existing.read_text() == "keep"


# --- journal, --resume and MPI ---------------------------------------------------------------

RUN_SPECIFIC = {"created_utc", "command_line"}  # the only attributes allowed to differ


def assert_files_identical(a, b) -> None:
    """Every group, dataset and attribute bit-identical, but /metadata@created_utc and @command_line;
    and h5diff (when installed) finds no difference either."""
    def collect(path):
        items = {}
        with h5py.File(path, "r") as f:
            def visit(name, obj):
                attrs = {k: v for k, v in obj.attrs.items() if not (name == "metadata" and k in RUN_SPECIFIC)}
                data = obj[()] if isinstance(obj, h5py.Dataset) else None
                if isinstance(data, np.ndarray) and data.dtype != object:
                    data = (data.dtype.str, data.shape, data.tobytes())
                elif isinstance(data, np.ndarray):
                    data = data.tolist()
                items[name] = (repr(sorted((k, repr(v)) for k, v in attrs.items())), data)
            visit("/", f)
            f.visititems(visit)
        return items
    ia, ib = collect(a), collect(b)
    assert sorted(ia) == sorted(ib), "the files hold different objects"
    for name in ia:
        assert ia[name] == ib[name], f"{name} differs between {a} and {b}"
    h5diff = shutil.which("h5diff")
    if h5diff:
        proc = subprocess.run([h5diff, "--exclude-attribute", "/metadata", str(a), str(b)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def calibrate_args(out, *extra):
    return ["calibrate", str(RECOVERY), "-o", str(out), "--budget", "400", "-q", *map(str, extra)]


def test_kill_9_then_resume_gives_the_uninterrupted_file(asmsim_bin, asmsim, tmp_path):
    whole = tmp_path / "whole.h5"
    asmsim(*calibrate_args(whole, "-t", 2), expect=0)
    out = tmp_path / "out.h5"
    journal = tmp_path / "out.h5.journal"
    # The hook SIGKILLs the process after its 150th journal record: in generation 1 (generation 0 is 100 particles).
    proc = subprocess.run([str(asmsim_bin), *calibrate_args(out, "-t", 2)], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, ASMSIM_CALIBRATE_KILL_AFTER="150"))
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert not out.exists() and journal.exists()
    # The journal is neither overwritten without --resume nor replayed into another calibration.
    r = asmsim(*calibrate_args(out), expect=2)
    assert "journal of an unfinished calibration" in r.stderr and "--resume" in r.stderr
    before = journal.read_bytes()
    r = asmsim("calibrate", RECOVERY, "-o", out, "--budget", "500", "--resume", expect=2)
    assert "out.h5.journal" in r.stderr and "budget (journal 400, now 500)" in r.stderr, r.describe()
    r = asmsim(*calibrate_args(out, "--resume", "--set", "simulation.months=23"), expect=2)
    assert "base scenario" in r.stderr, r.describe()
    assert journal.read_bytes() == before
    # Torn last record, as a kill in the middle of a write leaves it: dropped and run again.
    journal.write_bytes(before[:-7])
    r = asmsim("calibrate", RECOVERY, "-o", out, "--budget", "400", "--resume", "-t", "1", expect=0)
    assert "resuming with 149 simulations journaled" in r.stderr, r.stderr
    assert_files_identical(whole, out)
    assert not journal.exists() and partial_files(tmp_path) == []


def test_real_sigkill_then_resume_gives_the_uninterrupted_file(asmsim_bin, asmsim, tmp_path):
    # Larger simulations, so that the process is still working when it is killed from outside.
    extra = ("--set", "simulation.households=400", "-t", "2")
    whole = tmp_path / "whole.h5"
    asmsim(*calibrate_args(whole, *extra), expect=0)
    out = tmp_path / "out.h5"
    journal = tmp_path / "out.h5.journal"
    proc = subprocess.Popen([str(asmsim_bin), *calibrate_args(out, *extra)], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill it once about 40 simulations (84 bytes each) follow the header and identity record.
    start = []

    def ready():
        size = journal.stat().st_size if journal.exists() else 0
        if not start and size > 16:
            start.append(size)
        return bool(start) and size > start[0] + 40 * 84

    sigkill_when(proc, ready, "calibration")
    assert not out.exists()
    asmsim(*calibrate_args(out, *extra, "--resume"), expect=0)
    assert_files_identical(whole, out)
    assert not journal.exists()


def mpirun_or_skip():
    mpirun = shutil.which("mpirun")
    if mpirun is None:
        pytest.skip("mpirun not installed")
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    return mpirun, env


def test_mpirun_two_ranks_give_the_single_process_file(asmsim_bin, asmsim, tmp_path):
    mpirun, env = mpirun_or_skip()
    single = tmp_path / "single.h5"
    asmsim(*calibrate_args(single, "-t", 1), expect=0)
    ranks = tmp_path / "ranks.h5"
    proc = subprocess.run([mpirun, "-n", "2", str(asmsim_bin), *calibrate_args(ranks, "-t", 1)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_files_identical(single, ranks)
    assert not list(tmp_path.glob("ranks.h5.journal*"))


def test_kill_under_mpirun_then_resume(asmsim_bin, asmsim, tmp_path):
    mpirun, env = mpirun_or_skip()
    whole = tmp_path / "whole.h5"
    asmsim(*calibrate_args(whole, "-t", 2), expect=0)
    out = tmp_path / "out.h5"
    # Each rank SIGKILLs itself after 80 of its own simulations (generation 1); mpirun then stops both.
    proc = subprocess.run([mpirun, "-n", "2", str(asmsim_bin), *calibrate_args(out, "-t", 1)], cwd=REPO,
                          env=dict(env, ASMSIM_CALIBRATE_KILL_AFTER="80"), capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert not out.exists()
    journals = sorted(p.name for p in tmp_path.glob("out.h5.journal*"))
    assert journals == ["out.h5.journal.0", "out.h5.journal.1"], journals
    # The same journals resumed by one process (another rank count) give the same file too.
    alone = tmp_path / "alone.h5"
    for name in journals:
        shutil.copy(tmp_path / name, tmp_path / name.replace("out.h5", "alone.h5"))
    asmsim(*calibrate_args(alone, "-t", 2, "--resume"), expect=0)
    assert_files_identical(whole, alone)
    proc = subprocess.run([mpirun, "-n", "2", str(asmsim_bin), *calibrate_args(out, "-t", 1, "--resume")], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_files_identical(whole, out)
    assert not list(tmp_path.glob("out.h5.journal*"))


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
