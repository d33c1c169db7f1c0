"""Sensitivity sweeps end to end through the CLI: the analytic test models recover their known
indices, results do not depend on threads, MPI ranks, shards or interruptions (kill -9 and
--resume), failing points are recorded, and bad sweep files are refused with a located error.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pytest

from conftest import REPO, SCENARIOS, assert_groups_identical, partial_files, sigkill_when

SWEEPS = SCENARIOS / "sweeps"
PI = "3.141592653589793"

# Ishigami, a = 7, b = 0.1 (Sobol' and Levitan 1999).
ISHIGAMI_S1 = [0.3139, 0.4424, 0.0]
ISHIGAMI_ST = [0.5576, 0.4424, 0.2437]


def names(dataset) -> list[str]:
    return [v.decode() if isinstance(v, bytes) else str(v) for v in dataset[()]]


def analysis(path: Path) -> dict[str, np.ndarray]:
    with h5py.File(path, "r") as f:
        return {k: f["analysis"][k][()] for k in f["analysis"]}


def small_livelihood_sweep(folder: Path, design: str = 'kind = "sobol"\nsamples = 4\nrandomisations = 2', extra: str = "",
                           households: int = 100, months: int = 24) -> Path:
    """A Sobol' sweep of the livelihood model small enough for a test."""
    text = f"""
name = "small"
replicates = 2
seed = 11
{extra}

[model]
kind = "livelihood"
scenario = "{SCENARIOS / 'baseline.toml'}"
set = ["simulation.households={households}", "simulation.months={months}"]

[design]
{design}

[[parameters]]
name = "formalisation.licence_fee_usd"
distribution = "log_uniform"
min = 10
max = 500

[[parameters]]
name = "enforcement.inspection_rate_monthly"
min = 0.0
max = 0.1

[[parameters]]
name = "finance.mfi_rate_monthly"
min = 0.02
max = 0.08

[[outputs]]
name = "poverty_headcount"
statistic = "mean_last_months"
months = 12

[[outputs]]
name = "formal_share"
statistic = "at_month"
month = {months - 1}
"""
    path = folder / "small.toml"
    path.write_text(text)
    return path


def assert_same_results(a: Path, b: Path) -> None:
    for group in ("design", "results"):
        assert_groups_identical(a, b, group)
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        for group in ("analysis", "timeseries"):
            assert (group in fa) == (group in fb), f"/{group} in one file only"
        assert fa["metadata"].attrs["fingerprint"] == fb["metadata"].attrs["fingerprint"]
    with h5py.File(a, "r") as fa:
        if "analysis" in fa:
            assert_groups_identical(a, b, "analysis")
        if "timeseries" in fa:
            assert_groups_identical(a, b, "timeseries")


# --- analytic test models -------------------------------------------------------------------

def test_ishigami_recovers_analytic_indices_within_intervals(asmsim, tmp_path):
    out = tmp_path / "ishigami.h5"
    r = asmsim("sweep", SWEEPS / "ishigami.toml", "-o", out, "--threads", 2, expect=0)
    assert "x1" in r.stdout and "total ST" in r.stdout
    a = analysis(out)
    for i in range(3):
        for name, truth in (("S1", ISHIGAMI_S1[i]), ("ST", ISHIGAMI_ST[i])):
            est, low, high = a[name][0, i], a[name + "_low"][0, i], a[name + "_high"][0, i]
            assert low <= truth <= high, f"{name}[x{i + 1}] = {est:.4f} [{low:.4f}, {high:.4f}], truth {truth}"
            assert abs(est - truth) < 0.03, f"{name}[x{i + 1}] = {est:.4f}, truth {truth}"
            assert high - low < 0.1, f"{name}[x{i + 1}] interval too wide to mean anything"
    # The one interaction is x1-x3 (S13 = ST3 = 0.2437).
    assert abs(a["S2"][0, 0, 2] - 0.2437) < 0.05
    assert abs(a["S2"][0, 0, 1]) < 0.05 and abs(a["S2"][0, 1, 2]) < 0.05
    with h5py.File(out, "r") as f:
        assert f["results/value"].shape == (4096 * 8, 1, 1)
        assert (f["results/status"][()] == 0).all()
        assert f["metadata"].attrs["design"] == "sobol"
        assert "x1" in f["metadata"].attrs["sweep_toml"]
        assert f["analysis/S1"].attrs["long_name"]
    # Self-describing: xarray reads every group with named dimensions and coordinates.
    import xarray as xr
    st = xr.open_dataset(out, group="analysis", engine="h5netcdf").ST
    assert st.dims == ("statistic", "parameter")
    assert abs(float(st.sel(statistic="y", parameter="x3")) - 0.2437) < 0.03
    res = xr.open_dataset(out, group="results", engine="h5netcdf")
    assert res.value.dims == ("point", "replicate", "statistic")
    design = xr.open_dataset(out, group="design", engine="h5netcdf")
    assert list(design.parameter.values) == ["x1", "x2", "x3"]


def salib_reference(y, d, second_order):
    """SALib's sobol.analyze point estimates, written from its published formulas (SALib 1.4,
    src/SALib/analyze/sobol.py): Y is standardised over all outputs, rows of step = 2d + 2 (d + 2
    without second order) hold A = Y[0::step], AB_j = Y[1+j::step], BA_j = Y[1+d+j::step] and
    B = Y[step-1::step]; S1 = mean(B (AB - A)) / var([A, B]) (Saltelli et al. 2010),
    ST = 0.5 mean((A - AB)^2) / var([A, B]) (Jansen 1999), S2_jk = mean(BA_j AB_k - A B) / var([A, B])
    - S1_j - S1_k (Saltelli 2002). SALib itself is run by test_real_salib_gives_asmsim_s1_st_s2."""
    y = (y - y.mean()) / y.std()
    step = 2 * d + 2 if second_order else d + 2
    a, b = y[0::step], y[step - 1::step]
    ab = np.column_stack([y[1 + j::step] for j in range(d)])
    v = np.var(np.r_[a, b])
    s1 = np.mean(b[:, None] * (ab - a[:, None]), axis=0) / v
    st = 0.5 * np.mean((a[:, None] - ab) ** 2, axis=0) / v
    s2 = np.full((d, d), np.nan)
    if second_order:
        ba = np.column_stack([y[1 + d + j::step] for j in range(d)])
        for j in range(d):
            for k in range(j + 1, d):
                s2[j, k] = np.mean(ba[:, j] * ab[:, k] - a * b) / v - s1[j] - s1[k]
    return s1, st, s2


def test_salib_formulas_on_the_documented_order_give_asmsim_s1_st_s2(asmsim, tmp_path):
    # D4: the outputs of one randomisation, in point order, are what SALib's sobol.analyze reads;
    # on them SALib's estimators give asmsim's estimates of that randomisation to 1e-9.
    out = tmp_path / "ishigami.h5"
    asmsim("sweep", SWEEPS / "ishigami.toml", "-o", out, "-q", expect=0)
    with h5py.File(out, "r") as f:
        y = f["results/value"][:, :, 0].mean(axis=1)
        r = f["design/randomisation"][()]
        assert f["design"].attrs["block_order"].startswith("A, AB_1..AB_d, BA_1..BA_d")
        by = {name: f[f"analysis/{name}_by_randomisation"][0] for name in ("S1", "ST", "S2")}
        randomisations = int(f["design"].attrs["randomisations"])
    for k in range(randomisations):
        s1, st, s2 = salib_reference(y[r == k], 3, True)
        assert np.allclose(by["S1"][k], s1, rtol=0, atol=1e-9)
        assert np.allclose(by["ST"][k], st, rtol=0, atol=1e-9)
        assert np.allclose(by["S2"][k], s2, rtol=0, atol=1e-9, equal_nan=True)
    # The old order (B before the BA blocks) gives other numbers: the check can fail.
    first = y[r == 0].reshape(-1, 8)
    old = np.concatenate([first[:, :4], first[:, 7:], first[:, 4:7]], axis=1).ravel()
    assert not np.allclose(salib_reference(old, 3, True)[2], by["S2"][0], atol=1e-3, equal_nan=True)
    # The package's export is the same vector.
    import sys
    sys.path.insert(0, str(REPO / "analysis"))
    import asmsim as package
    assert np.array_equal(package.salib_outputs(package.open_sweep(out), "y", 0), y[r == 0])


def test_real_salib_gives_asmsim_s1_st_s2(asmsim, asmsim_bin, tmp_path):
    # Issue 16: SALib itself (SALib.analyze.sobol.analyze), run on each randomisation's outputs in
    # the documented order, gives asmsim's S1, ST and S2 to 1e-9 (Ishigami d = 3, G-function d = 6;
    # analysis/benchmarks/salib_check.py). Runs where `import SALib` works or ASMSIM_SALIB_SRC
    # names a SALib source tree (SALib is not packaged in Debian 12).
    import sys
    sys.path.insert(0, str(REPO / "analysis" / "benchmarks"))
    import salib_check
    try:
        _, sobol = salib_check.import_salib(os.environ.get("ASMSIM_SALIB_SRC"))
    except salib_check.SalibMissing as e:
        pytest.skip(f"SALib not available: {e}")
    files = salib_check.make_sweeps(str(asmsim_bin), tmp_path, seed=7, samples=64, randomisations=3)
    ishigami = tmp_path / "ishigami_doc.h5"
    asmsim("sweep", SWEEPS / "ishigami.toml", "-o", ishigami, "-q", expect=0)
    for path in [ishigami, *files]:
        asmsim("analyze", path, expect=0)
        diff = salib_check.compare_file(path, sobol, num_resamples=10)
        for k in ("S1", "ST", "S2", "S1_mean", "ST_mean", "S2_mean"):
            assert diff[k] <= 1e-9, f"{path.name}: {k} differs from SALib by {diff[k]:.3g}: {diff}"
    # The check can fail: exchanging two blocks (here BA_1 and B) before SALib reads them.
    swapped = salib_check.compare_file(ishigami, sobol, num_resamples=10, swap=(4, 7))
    assert min(swapped["S1"], swapped["S2"]) > 1e-3, swapped


def test_gfunction_recovers_analytic_indices(asmsim, tmp_path):
    out = tmp_path / "g.h5"
    asmsim("sweep", SWEEPS / "gfunction.toml", "-o", out, "-q", expect=0)
    a_coef = np.array([0, 1, 4.5, 9, 99, 99])
    vi = 1 / (3 * (1 + a_coef) ** 2)
    v = np.prod(1 + vi) - 1
    s1 = vi / v
    st = vi * np.prod(1 + vi) / (1 + vi) / v
    a = analysis(out)
    for i in range(6):
        for name, truth in (("S1", s1[i]), ("ST", st[i])):
            est, low, high = a[name][0, i], a[name + "_low"][0, i], a[name + "_high"][0, i]
            assert low - 0.005 <= truth <= high + 0.005, f"{name}[x{i + 1}] {est:.4f} [{low:.4f}, {high:.4f}] vs {truth:.4f}"
            assert abs(est - truth) < 0.03


def test_morris_ranks_gfunction_inputs_and_analyze_prints_table(asmsim, tmp_path):
    out = tmp_path / "m.h5"
    asmsim("sweep", SWEEPS / "gfunction_morris.toml", "-o", out, "-q", expect=0)
    mu_star = analysis(out)["mu_star"][0]
    assert all(mu_star[i] > mu_star[i + 1] for i in range(4)), mu_star
    assert mu_star[4] < 0.05 * mu_star[0]
    r = asmsim("analyze", out, "--bootstrap", 200, expect=0)
    rows = [line.split()[0] for line in r.stdout.splitlines() if line.strip().startswith("x")]
    assert rows[:4] == ["x1", "x2", "x3", "x4"], r.stdout
    assert analysis(out)["mu_star"][0].tolist() == mu_star.tolist()
    assert not partial_files(tmp_path)


def test_latin_hypercube_and_grid_have_no_indices(asmsim, tmp_path):
    sweep = tmp_path / "lhs.toml"
    sweep.write_text(f'[model]\nkind = "ishigami"\n[design]\nkind = "latin_hypercube"\nsamples = 20\n'
                     + "".join(f'[[parameters]]\nname = "x{i}"\nmin = -{PI}\nmax = {PI}\n' for i in (1, 2, 3)))
    out = tmp_path / "lhs.h5"
    asmsim("sweep", sweep, "-o", out, "-q", expect=0)
    with h5py.File(out, "r") as f:
        u = f["design/unit_sample"][()]
        assert u.shape == (20, 3)
        for j in range(3):
            assert sorted(np.floor(u[:, j] * 20).astype(int)) == list(range(20))
        assert "analysis" not in f
    r = asmsim("analyze", out, expect=2)
    assert "no sensitivity indices" in r.stderr


# --- reproducibility: threads, shards, MPI ---------------------------------------------------

def test_threads_do_not_change_results(asmsim, tmp_path):
    sweep = small_livelihood_sweep(tmp_path)
    one, two = tmp_path / "t1.h5", tmp_path / "t2.h5"
    asmsim("sweep", sweep, "-o", one, "--threads", 1, "-q", expect=0)
    asmsim("sweep", sweep, "-o", two, "--threads", 2, "-q", expect=0)
    assert_same_results(one, two)
    with h5py.File(one, "r") as f:
        v = f["results/value"][()]
        assert v.shape == (4 * 5 * 2, 2, 2)  # N (d + 2) R points
        assert np.isfinite(v).all()
        # Common random numbers: replicates differ from each other, the seed is recorded per point.
        assert not np.array_equal(v[:, 0, 0], v[:, 1, 0])
        assert (f["results/seed"][()] == 11).all()
        assert names(f["results/statistic"]) == ["poverty_headcount__mean_last_12_months", "formal_share__at_month_23"]
        assert f["results/value"].attrs["long_name"]


def test_shards_merged_equal_single_run(asmsim, tmp_path):
    sweep = small_livelihood_sweep(tmp_path, extra='\ntimeseries = ["poverty_headcount"]\n')
    whole = tmp_path / "whole.h5"
    asmsim("sweep", sweep, "-o", whole, "-q", expect=0)
    shards = [tmp_path / f"shard{i}.h5" for i in range(3)]
    for i, shard in enumerate(shards):
        asmsim("sweep", sweep, "-o", shard, "--shard", f"{i}/3", "-q", expect=0)
    with h5py.File(shards[1], "r") as f:
        status = f["results/status"][()]
        assert (status[1::3] == 0).all() and (status[0::3] == 2).all()
    merged = tmp_path / "merged.h5"
    asmsim("merge", shards[2], shards[0], shards[1], "-o", merged, "-q", expect=0)
    assert_same_results(whole, merged)
    r = asmsim("merge", shards[0], shards[1], "-o", tmp_path / "incomplete.h5", expect=2)
    assert "shard 2/3 is missing" in r.stderr


def test_mpirun_two_ranks_equals_single_process(asmsim, asmsim_bin, tmp_path):
    mpirun = shutil.which("mpirun")
    if mpirun is None:
        pytest.skip("mpirun not installed")
    sweep = small_livelihood_sweep(tmp_path)
    single = tmp_path / "single.h5"
    asmsim("sweep", sweep, "-o", single, "-q", expect=0)
    ranks = tmp_path / "ranks.h5"
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    proc = subprocess.run([mpirun, "-n", "2", str(asmsim_bin), "sweep", str(sweep), "-o", str(ranks),
                           "--threads", "1", "-q"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    if not ranks.exists():
        pytest.fail("mpirun finished without writing the file:\n" + proc.stderr)
    assert_same_results(single, ranks)
    assert not list(tmp_path.glob("ranks.h5.journal*"))


# --- interruptions ---------------------------------------------------------------------------

def test_resume_after_kill_hook_equals_uninterrupted(asmsim_bin, asmsim, tmp_path):
    sweep = small_livelihood_sweep(tmp_path)
    whole = tmp_path / "whole.h5"
    asmsim("sweep", sweep, "-o", whole, "-q", expect=0)
    out = tmp_path / "out.h5"
    env = dict(os.environ, ASMSIM_SWEEP_KILL_AFTER="17")
    proc = subprocess.run([str(asmsim_bin), "sweep", str(sweep), "-o", str(out), "--threads", "2", "-q"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()
    assert (tmp_path / "out.h5.journal").exists()
    # Without --resume the journal is not overwritten.
    r = asmsim("sweep", sweep, "-o", out, "-q", expect=2)
    assert "--resume" in r.stderr
    r = asmsim("sweep", sweep, "-o", out, "--resume", expect=0)
    assert "resuming with 17 points done" in r.stderr
    assert_same_results(whole, out)
    assert not (tmp_path / "out.h5.journal").exists()
    assert not partial_files(tmp_path)


def test_resume_after_real_sigkill_equals_uninterrupted(asmsim_bin, asmsim, tmp_path):
    # Larger runs so that the process is still working when it is killed.
    sweep = small_livelihood_sweep(tmp_path, households=400, months=60)
    whole = tmp_path / "whole.h5"
    asmsim("sweep", sweep, "-o", whole, "-q", expect=0)
    out = tmp_path / "out.h5"
    journal = tmp_path / "out.h5.journal"
    proc = subprocess.Popen([str(asmsim_bin), "sweep", str(sweep), "-o", str(out), "--threads", "2", "-q"],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill it once some points are in the journal (header 16 bytes, records ~100 bytes).
    sigkill_when(proc, lambda: journal.exists() and journal.stat().st_size > 16 + 5 * 80, "sweep")
    assert not out.exists()
    asmsim("sweep", sweep, "-o", out, "--resume", "-q", expect=0)
    assert_same_results(whole, out)


# --- failures and bad input ------------------------------------------------------------------

def test_failing_point_is_recorded_and_the_sweep_goes_on(asmsim, tmp_path):
    # Mineral weights all zero are rejected by the model: the grid's first points fail.
    sweep = tmp_path / "fail.toml"
    sweep.write_text(f"""
[model]
kind = "livelihood"
scenario = "{SCENARIOS / 'baseline.toml'}"
set = ["simulation.households=100", "simulation.months=12", "sites.share_cobalt=0", "sites.share_tin=0"]

[design]
kind = "grid"
levels = 3

[[parameters]]
name = "sites.share_gold"
min = 0.0
max = 1.0

[[outputs]]
name = "poverty_headcount"
statistic = "mean"
""")
    out = tmp_path / "fail.h5"
    r = asmsim("sweep", sweep, "-o", out, expect=0)
    assert "1 point(s) failed" in r.stderr
    with h5py.File(out, "r") as f:
        assert f["results/status"][()].tolist() == [1, 0, 0]
        errors = names(f["results/error"])
        assert "sum to zero" in errors[0] and errors[1] == "" and errors[2] == ""
        v = f["results/value"][()]
        assert np.isnan(v[0]).all() and np.isfinite(v[1:]).all()


BAD_SWEEPS = {
    "unknown_parameter": ('[model]\nkind = "livelihood"\nscenario = "{base}"\n[design]\nkind = "grid"\n'
                          '[[parameters]]\nname = "finance.mfi_rate_montly"\nmin = 0.01\nmax = 0.02\n'
                          '[[outputs]]\nname = "poverty_headcount"\n', 7, "finance.mfi_rate_montly", "did you mean"),
    "range_outside_schema": ('[model]\nkind = "livelihood"\nscenario = "{base}"\n[design]\nkind = "grid"\n'
                             '[[parameters]]\nname = "enforcement.inspection_rate_monthly"\nmin = 0.5\nmax = 1.5\n'
                             '[[outputs]]\nname = "poverty_headcount"\n', 7, "enforcement.inspection_rate_monthly", "valid range"),
    "sobol_not_power_of_two": ('[model]\nkind = "ishigami"\n[design]\nkind = "sobol"\nsamples = 100\n'
                               '[[parameters]]\nname = "x1"\nmin = 0\nmax = 1\n', 5, "design.samples", "try 64 or 128"),
    "unknown_output": ('[model]\nkind = "livelihood"\nscenario = "{base}"\n[design]\nkind = "grid"\n'
                       '[[parameters]]\nname = "finance.mfi_rate_monthly"\nmin = 0.01\nmax = 0.02\n'
                       '[[outputs]]\nname = "povety_headcount"\n', 11, "povety_headcount", "asmsim outputs"),
    "unknown_key": ('[model]\nkind = "ishigami"\n[design]\nkind = "sobol"\nsampels = 64\n', 5, "design.sampels", "allowed"),
    "odd_morris_levels": ('[model]\nkind = "ishigami"\n[design]\nkind = "morris"\nlevels = 5\n', 5, "design.levels", "even"),
    "one_randomisation": ('[model]\nkind = "ishigami"\n[design]\nkind = "sobol"\nsamples = 64\nrandomisations = 1\n',
                          6, "design.randomisations", "from 2"),
    "randomised_morris": ('[model]\nkind = "ishigami"\n[design]\nkind = "morris"\nrandomisations = 4\n',
                          5, "design.randomisations", "only the sobol design"),
}


@pytest.mark.parametrize("case", sorted(BAD_SWEEPS))
def test_bad_sweep_file_exits_2_with_location(asmsim, tmp_path, case):
    text, line, key, hint = BAD_SWEEPS[case]
    sweep = tmp_path / "bad.toml"
    sweep.write_text(text.format(base=SCENARIOS / "baseline.toml"))
    out = tmp_path / "out.h5"
    r = asmsim("sweep", sweep, "-o", out, expect=2)
    assert f"bad.toml:{line}" in r.stderr, r.stderr
    assert f"key '{key}'" in r.stderr, r.stderr
    assert hint in r.stderr, r.stderr
    assert not out.exists() and not (tmp_path / "out.h5.journal").exists()


def test_existing_output_is_not_overwritten(asmsim, tmp_path):
    out = tmp_path / "out.h5"
    out.write_bytes(b"precious")
    r = asmsim("sweep", SWEEPS / "gfunction_morris.toml", "-o", out, expect=2)
    assert "--overwrite" in r.stderr
    assert out.read_bytes() == b"precious"
