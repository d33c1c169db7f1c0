"""Calibration files, uncertainty comparisons and scenario discovery in the analysis package
(issue 15.4-5; docs/calibration.md, "Report and scenario discovery").

- open_calibration on a real file written by `asmsim calibrate` (a tiny configuration, a few seconds)
  against h5py reads, and the report's calibration section with its figures;
- crafted variants of that file: the wrong kind or a newer version (ValueError), contents that
  contradict the file's own sizes or values (ResultsFileError), through the readers and `asmsim report`;
- open_uncertainty and discover_posterior on a file crafted with h5py in the agreed layout of
  `asmsim compare --posterior` (/work/wt/UNCERTAINTY_LAYOUT.md, docs/calibration.md);
- discover on a planted box, and the same with the labels shuffled (which must not find it);
- discover_sweep on two sweeps of the same design, and the report's scenario discovery section.
"""

from __future__ import annotations

import re
import shutil
import sys

import h5py
import numpy as np
import pandas as pd
import pytest

from conftest import REPO, SCENARIOS

sys.path.insert(0, str(REPO / "analysis"))
import asmsim as asmsim_py  # noqa: E402

STR = h5py.string_dtype()


# --- a real calibration file ----------------------------------------------------------------------

TARGETS = """name,output,group,months,aggregation,observed,uncertainty,source
gold_output,production_gold_g,,all,mean,1142.27,182.1,test
formal,formal_share,,last:6,mean,0.3,0.2,test
"""


@pytest.fixture(scope="module")
def calibration_file(asmsim, tmp_path_factory):
    """A tiny calibration: 2 parameters, 2 targets, 30 particles, 3 generations at most."""
    folder = tmp_path_factory.mktemp("calibration")
    (folder / "targets.csv").write_text(TARGETS)
    (folder / "tiny.toml").write_text(f"""
name = "tiny"
description = "Two parameters from two targets, small"
seed = 7
targets = "targets.csv"

[model]
scenario = "{SCENARIOS / 'baseline.toml'}"
set = ["simulation.households=60", "simulation.months=12"]

[method]
particles = 30
max_generations = 3
budget = 400

[[parameters]]
name = "production.gold.output_g_per_worker_day"
prior = "uniform"
min = 0.1
max = 1.0

[[parameters]]
name = "production.digger_share"
prior = "beta"
alpha = 2
beta = 2
min = 0.1
max = 0.9
""")
    out = folder / "tiny.h5"
    asmsim("calibrate", folder / "tiny.toml", "-o", out, "-t", "2", "-q", expect=0)
    return out


def test_open_calibration_reads_what_h5py_reads(calibration_file):
    cal = asmsim_py.open_calibration(calibration_file)
    assert asmsim_py.file_kind(calibration_file) == "calibration"
    kind, same = asmsim_py.open_any(calibration_file)
    assert kind == "calibration" and same.parameters == cal.parameters
    with h5py.File(calibration_file, "r") as f:
        sample, weight = f["posterior/sample"][()], f["posterior/weight"][()]
        names = [n.decode() if isinstance(n, bytes) else n for n in f["posterior/parameter"][()]]
        tolerance = f["generations/tolerance"][()]
        observed = f["targets/observed"][()]
        stored = {q: f[f"posterior/{q}"][()] for q in ("mean", "q05", "q50", "q95")}
        commit = f["metadata"].attrs["git_commit"]
    assert cal.parameters == names == ["production.gold.output_g_per_worker_day", "production.digger_share"]
    assert cal.target_names == ["gold_output", "formal"]
    np.testing.assert_array_equal(cal.posterior.sample.values, sample)
    np.testing.assert_array_equal(cal.posterior.weight.values, weight)
    np.testing.assert_array_equal(cal.generations.tolerance.values, tolerance)
    np.testing.assert_array_equal(cal.targets.observed.values, observed)
    assert cal.posterior.sample.dims == ("particle", "parameter") and cal.posterior.sizes["particle"] == 30
    assert np.isinf(cal.generations.tolerance.values[0])  # generation 0: drawn from the prior
    assert cal.posterior.attrs["git_commit"] == (commit.decode() if isinstance(commit, bytes) else commit)
    assert cal.meta["calibration_name"] == "tiny" and "targets_csv" in cal.meta
    # The package's weighted quantiles are asmsim's, exactly (the same definition and order of sums).
    table = asmsim_py.posterior_table(cal)
    np.testing.assert_allclose(table["mean"].values, stored["mean"], rtol=1e-12)  # summed in another order
    for column, q in (("q05", "q05"), ("median", "q50"), ("q95", "q95")):
        np.testing.assert_array_equal(table[column].values, stored[q])
    ratio = (table.q95 - table.q05) / (table.upper - table.lower)
    np.testing.assert_allclose(table.width_ratio, ratio)
    assert list(table.identified) == list(ratio <= 0.8)


def test_target_fit_table_matches_the_stored_fit(calibration_file):
    cal = asmsim_py.open_calibration(calibration_file)
    fit = asmsim_py.target_fit_table(cal)
    np.testing.assert_allclose(fit.simulated_mean, cal.targets.simulated_mean.values, rtol=1e-12)
    np.testing.assert_array_equal(fit.simulated_q05, cal.targets.simulated_q05.values)
    np.testing.assert_array_equal(fit.simulated_q95, cal.targets.simulated_q95.values)
    np.testing.assert_allclose(fit.z, (fit.simulated_mean - fit.observed) / fit.uncertainty)
    gens = asmsim_py.generations_table(cal)
    assert list(gens.index) == list(range(cal.generations.sizes["generation"]))
    assert (gens.acceptance_rate > 0).all() and (gens.acceptance_rate <= 1).all()


def test_weighted_quantile_is_the_smallest_value_reaching_q():
    values, weights = np.array([3.0, 1.0, 2.0, 4.0]), np.array([0.1, 0.4, 0.2, 0.3])
    # sorted 1 (0.4), 2 (0.6), 3 (0.7), 4 (1.0)
    assert asmsim_py.weighted_quantile(values, weights, 0.05) == 1.0
    assert asmsim_py.weighted_quantile(values, weights, 0.5) == 2.0
    assert asmsim_py.weighted_quantile(values, weights, 0.65) == 3.0
    assert asmsim_py.weighted_quantile(values, weights, 0.95) == 4.0


def image_count(html: str) -> int:
    return html.count('src="data:image/png;base64,')


def test_report_of_a_calibration_has_its_sections_and_figures(asmsim, calibration_file, tmp_path):
    out = tmp_path / "report"
    asmsim("report", calibration_file, "-o", out, expect=0)  # the binary runs python3 -m asmsim report
    html = (out / "index.html").read_text()
    for text in ("asmsim calibration: tiny", "<h2>Posterior</h2>", "<h2>Fit to the targets</h2>",
                 "<h2>Generations</h2>", "<h2>Provenance</h2>", "production.digger_share", "gold_output",
                 "90% interval", "width / prior", "calibration_toml (resolved)", "targets_csv (resolved)"):
        assert text in html, text
    assert image_count(html) == 4  # marginals, pairs, target fit, generations
    for stem in ("posterior_marginals", "pair_plot", "target_fit", "generations"):
        for ext in ("png", "pdf"):
            assert (out / "figures" / f"{stem}.{ext}").stat().st_size > 5_000, stem
    posterior = pd.read_csv(out / "tables" / "posterior.csv", index_col=0)
    cal = asmsim_py.open_calibration(calibration_file)
    np.testing.assert_allclose(posterior.q05.values, cal.posterior.q05.values, rtol=1e-12)  # through CSV text
    flagged = posterior.index[~posterior.identified].tolist()
    assert html.count("NOT IDENTIFIED") == len(flagged)
    assert (out / "tables" / "target_fit.csv").is_file() and (out / "tables" / "generations.csv").is_file()


def test_the_not_identified_flag_follows_the_width(calibration_file, tmp_path):
    """A posterior squeezed to a point of one parameter is identified; spread over its prior, not."""
    path = tmp_path / "edited.h5"
    shutil.copy(calibration_file, path)
    with h5py.File(path, "a") as f:
        sample = f["posterior/sample"][()]
        lower, upper = f["posterior/lower"][()], f["posterior/upper"][()]
        n = len(sample)
        sample[:, 0] = 0.5  # a point
        sample[:, 1] = np.linspace(lower[1], upper[1], n)  # the whole prior
        f["posterior/sample"][...] = sample
        f["posterior/weight"][...] = np.full(n, 1.0 / n)
    table = asmsim_py.posterior_table(asmsim_py.open_calibration(path))
    assert table.identified.tolist() == [True, False]
    assert table.width_ratio.iloc[0] == 0.0 and table.width_ratio.iloc[1] > 0.85


# --- crafted calibration files: kind, version, damage ---------------------------------------------

def set_attr(obj, name, value, dtype):
    def edit(f):
        del f[obj].attrs[name]
        f[obj].attrs.create(name, value, dtype=dtype)
    return edit


def set_values(name, change):
    def edit(f):
        data = f[name][()]
        change(data)
        f[name][...] = data
    return edit


def shorten(name):
    """Replaces a 1-d dataset by a shorter one, its dimension scale attached as before."""
    def edit(f):
        scale = f[name].dims[0][0]
        data = f[name][()][:-1]
        del f[name]
        f.create_dataset(name, data=data).dims[0].attach_scale(scale)
    return edit


CRAFTED = {
    "newer_version": (set_attr("metadata", "format_version", 99, "int64"), ValueError,
                      "written by a newer asmsim (file format version 99"),
    "kind_run": (set_attr("metadata", "file_kind", "run", STR), ValueError,
                 "an asmsim file, but not a calibration file (a run file)"),
    "kind_unknown": (set_attr("metadata", "file_kind", "calibrated", STR), ValueError,
                     "not an asmsim file (/metadata@file_kind is 'calibrated'"),
    "weights_sum": (set_values("posterior/weight", lambda w: w.__imul__(2)), asmsim_py.ResultsFileError,
                    "/posterior/weight sums to 2, expected 1"),
    "weight_negative": (set_values("posterior/weight", lambda w: w.__setitem__(0, -w[0])), asmsim_py.ResultsFileError,
                        "expected finite weights >= 0"),
    "weight_short": (shorten("posterior/weight"), asmsim_py.ResultsFileError,
                     "/posterior/weight has 29 entries, expected 30 (/posterior/particle)"),
    "bounds_reversed": (set_values("posterior/lower", lambda v: v.__setitem__(0, 5.0)), asmsim_py.ResultsFileError,
                        "/posterior/lower and /posterior/upper are not finite bounds"),
    "no_targets": (lambda f: f.__delitem__("targets"), asmsim_py.ResultsFileError, "has no group /targets"),
    "target_renamed": (set_values("targets/target", lambda v: v.__setitem__(0, b"other")), asmsim_py.ResultsFileError,
                       "/targets/target holds"),
}


@pytest.mark.parametrize("case", CRAFTED, ids=CRAFTED.keys())
def test_a_crafted_calibration_file_is_refused_by_reader_and_report(asmsim, calibration_file, tmp_path, case):
    edit, error, message = CRAFTED[case]
    path = tmp_path / f"{case}.h5"
    shutil.copy(calibration_file, path)
    with h5py.File(path, "a") as f:
        edit(f)
    with pytest.raises(error, match=re.escape(f"{path}: ")) as raised:
        asmsim_py.open_calibration(path)
    assert message in str(raised.value)
    if error is ValueError:  # the wrong kind or a newer version is not damage
        assert not isinstance(raised.value, asmsim_py.ResultsFileError)
    result = asmsim("report", path, "-o", tmp_path / "report")
    if case == "kind_run":  # the report takes it for the run it claims to be, which is damaged
        code, message = 1, "has no group /timeseries"
    else:
        code = 1 if error is asmsim_py.ResultsFileError else 2
    assert result.returncode == code, result.describe()
    assert str(path) in result.stderr and message in result.stderr, result.describe()
    assert not (tmp_path / "report").exists()


def test_open_calibration_refuses_other_kinds(calibration_file, tmp_path):
    path = tmp_path / "u.h5"
    write_uncertainty(path)
    with pytest.raises(ValueError, match=re.escape(f"{path}: an asmsim file, but not a calibration file "
                                                   "(an uncertainty comparison file)")):
        asmsim_py.open_calibration(path)
    with pytest.raises(ValueError, match=re.escape(f"{calibration_file}: an asmsim file, but not an uncertainty "
                                                   "comparison file (a calibration file)")):
        asmsim_py.open_uncertainty(calibration_file)


# --- an uncertainty comparison, crafted in the agreed layout --------------------------------------

def text_scale(group, name, labels):
    ds = group.create_dataset(name, data=np.array(labels, dtype=object), dtype=STR)
    ds.make_scale(name)
    return ds


def variable(group, name, data, scales, units="", long_name=""):
    ds = group.create_dataset(name, data=data)
    for axis, scale in enumerate(scales):
        ds.dims[axis].attach_scale(scale)
    ds.attrs["units"] = units
    ds.attrs["long_name"] = long_name or name
    return ds


def planted_failure(values):
    """The planted region: fee_waiver fails (poverty does not fall) where a < 0.3 and b > 0.6."""
    return (values[:, 0] < 0.3) & (values[:, 1] > 0.6)


def write_uncertainty(path, draws: int = 400, seed: int = 5, kind: str = "uncertainty_comparison"):
    """A posterior comparison in the layout of `asmsim compare --posterior` (docs/calibration.md):
    three parameters drawn uniformly; fee_waiver's effect on poverty (lower is better) is +0.01 in
    the planted region and -0.02 elsewhere; cash lowers poverty everywhere."""
    rng = np.random.default_rng(seed)
    values = rng.random((draws, 3))
    fails = planted_failure(values)
    poverty = np.where(fails, 0.01, -0.02) + rng.normal(0, 0.002, draws)
    income = np.where(fails, -1.0, 3.0)
    effect = np.zeros((draws, 2, 2))
    effect[:, 0, 0], effect[:, 0, 1] = poverty, income
    effect[:, 1, 0], effect[:, 1, 1] = -0.03, 5.0
    with h5py.File(path, "w") as f:
        m = f.create_group("metadata")
        for name, value in (("file_kind", kind), ("asmsim_version", "test"), ("git_commit", "abc123"),
                            ("created_utc", "2026-12-06T00:00:00Z"), ("command_line", "asmsim compare x --posterior c.h5"),
                            ("experiment_name", "crafted"), ("parameter_source", "posterior"),
                            ("calibration_file", "c.h5")):
            m.attrs.create(name, value, dtype=STR)
        m.attrs.create("format_version", 1, dtype="int64")
        g = f.create_group("uncertainty")
        draw = g.create_dataset("draw", data=np.arange(draws, dtype="int64"))
        draw.make_scale("draw")
        parameter = text_scale(g, "parameter", ["a", "b", "c"])
        intervention = text_scale(g, "intervention", ["fee_waiver", "cash"])
        outcome = text_scale(g, "outcome", ["poverty_headcount", "mean_income_usd_per_capita"])
        criterion = text_scale(g, "criterion", ["poverty_headcount", "net_present_value"])
        variable(g, "parameter_value", values, [draw, parameter], "", "value of each parameter in each draw")
        units = g.create_dataset("parameter_units", data=np.array(["1", "1", "1"], dtype=object), dtype=STR)
        units.dims[0].attach_scale(parameter)
        variable(g, "effect", effect, [draw, intervention, outcome], "", "effect, intervention minus baseline")
        direction = g.create_dataset("outcome_direction", data=np.array(["lower_is_better", "higher_is_better"],
                                                                         dtype=object), dtype=STR)
        direction.dims[0].attach_scale(outcome)
        mean = effect.mean(axis=0)
        for name, value in (("effect_mean", mean), ("effect_lower", np.quantile(effect, 0.05, axis=0)),
                            ("effect_upper", np.quantile(effect, 0.95, axis=0)),
                            ("stochastic_lower", mean - 0.001), ("stochastic_upper", mean + 0.001)):
            variable(g, name, value, [intervention, outcome])
        variable(g, "rank_probability", np.array([[0.1, 0.4], [0.9, 0.6]]), [intervention, criterion], "1")
        variable(g, "expected_rank", np.array([[1.9, 1.6], [1.1, 1.4]]), [intervention, criterion], "1")
        variable(g, "sensitivity", np.array([[0.5, 0.1], [0.4, 0.1], [0.0, 0.0]]), [parameter, criterion], "1")
    return path


def test_open_uncertainty_reads_the_agreed_layout(tmp_path):
    path = write_uncertainty(tmp_path / "u.h5")
    assert asmsim_py.file_kind(path) == "uncertainty"
    ds = asmsim_py.open_uncertainty(path)
    assert ds.effect.dims == ("draw", "intervention", "outcome") and ds.sizes["draw"] == 400
    assert list(map(str, ds.intervention.values)) == ["fee_waiver", "cash"]
    assert ds.attrs["parameter_source"] == "posterior" and ds.attrs["kind"] == "uncertainty"
    with h5py.File(path, "r") as f:
        np.testing.assert_array_equal(ds.parameter_value.values, f["uncertainty/parameter_value"][()])
    assert asmsim_py.open_any(path)[0] == "uncertainty"


UNCERTAINTY_DAMAGE = {
    "direction_unknown": (lambda f: f["uncertainty/outcome_direction"].__setitem__(0, "up"),
                          "/uncertainty/outcome_direction holds 'up', expected higher_is_better or lower_is_better"),
    "no_effect": (lambda f: f["uncertainty"].__delitem__("effect"), "has no dataset /uncertainty/effect"),
    "no_parameter_value": (lambda f: f["uncertainty"].__delitem__("parameter_value"),
                       "has no dataset /uncertainty/parameter_value"),
}


@pytest.mark.parametrize("case", UNCERTAINTY_DAMAGE, ids=UNCERTAINTY_DAMAGE.keys())
def test_a_damaged_uncertainty_file_is_a_results_file_error(tmp_path, case):
    path = write_uncertainty(tmp_path / f"{case}.h5")
    edit, message = UNCERTAINTY_DAMAGE[case]
    with h5py.File(path, "a") as f:
        edit(f)
    with pytest.raises(asmsim_py.ResultsFileError, match=re.escape(f"{path}: {message}")):
        asmsim_py.open_uncertainty(path)


def test_a_newer_uncertainty_file_is_refused_as_bad_input(tmp_path):
    path = write_uncertainty(tmp_path / "newer.h5")
    with h5py.File(path, "a") as f:
        set_attr("metadata", "format_version", 2, "int64")(f)
    with pytest.raises(ValueError, match="written by a newer asmsim") as raised:
        asmsim_py.open_uncertainty(path)
    assert not isinstance(raised.value, asmsim_py.ResultsFileError)


# --- scenario discovery --------------------------------------------------------------------------

TOLERANCE = 0.05  # bounds of the found box within this of the planted ones (500 uniform points)


def planted(n=500, seed=11):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.random((n, 3)), columns=["a", "b", "c"])
    return X, planted_failure(X.to_numpy())


def assert_planted_box(found):
    box = found.boxes[0]
    limits = box.limits
    assert limits.restricted.tolist() == [True, True, False], limits
    assert abs(limits.loc["a", "upper"] - 0.3) < TOLERANCE and abs(limits.loc["b", "lower"] - 0.6) < TOLERANCE, limits
    assert not limits.loc["a", "lower_restricted"] and not limits.loc["b", "upper_restricted"]
    assert box.coverage > 0.9 and box.density > 0.9


def test_discover_recovers_a_planted_box():
    X, failed = planted()
    found = asmsim_py.discover(X, failed)
    assert_planted_box(found)
    box = found.boxes[0]
    inside = box.contains(X)
    # The measures are what they say, recomputed from the box's bounds.
    assert box.points == inside.sum() and box.failed == failed[inside].sum()
    assert box.coverage == failed[inside].sum() / failed.sum()
    assert box.density == failed[inside].mean() and box.mass == inside.mean()
    assert found.base_rate == failed.mean()
    assert "a <= 0.2" in box.describe() and "b >= 0.6" in box.describe()
    table = found.table()
    assert set(table.parameter) == {"a", "b", "c"} and (table.box == 1).sum() == 3


def test_discover_does_not_find_the_box_with_shuffled_labels():
    X, failed = planted()
    shuffled = np.random.default_rng(3).permutation(failed)
    found = asmsim_py.discover(X, shuffled)
    with pytest.raises(AssertionError):
        assert found.boxes, "no box at all"
        assert_planted_box(found)
    assert all(b.coverage < 0.5 for b in found.boxes)


def test_discover_refuses_bad_input_and_prim():
    X, failed = planted(50)
    with pytest.raises(ValueError, match="one label per row"):
        asmsim_py.discover(X, failed[:-1])
    with pytest.raises(ValueError, match="must be booleans"):
        asmsim_py.discover(X, failed.astype(float))
    with pytest.raises(ImportError, match="only method='cart'"):
        asmsim_py.discover(X, failed, method="prim")
    none = asmsim_py.discover(X, np.zeros(len(X), bool))
    assert none.boxes == [] and none.failed == 0


def test_discover_posterior_finds_where_the_fee_waiver_fails(tmp_path):
    path = write_uncertainty(tmp_path / "u.h5")
    found = asmsim_py.discover_posterior(path, "fee_waiver", "poverty_headcount")
    assert_planted_box(found)
    assert "not lower than zero" in found.condition
    # income: higher is better; the fee waiver's effect is -1 exactly in the region
    assert_planted_box(asmsim_py.discover_posterior(path, "fee_waiver", "mean_income_usd_per_capita"))
    assert asmsim_py.discover_posterior(path, "cash", "poverty_headcount").boxes == []
    with pytest.raises(ValueError, match="no intervention 'nothing' \\(it has fee_waiver, cash\\)"):
        asmsim_py.discover_posterior(path, "nothing", "poverty_headcount")


def write_design_sweep(path, X, y, statistic):
    """A sweep file of an LHS-like design in the layout of docs/sensitivity.md (as test_analysis.write_sweep)."""
    from test_analysis import write_sweep
    n, d = X.shape
    write_sweep(path, "lhs", X, X, np.arange(n), np.zeros(n, int), np.full(n, -1), y, list(X.columns))
    with h5py.File(path, "a") as f:
        f["results/statistic"][0] = statistic
    return path


def test_discover_sweep_pairs_points_with_a_baseline_sweep(tmp_path):
    X, failed = planted()
    values = X.to_numpy()
    base_y = 0.4 + 0.1 * values[:, 2]
    with_y = base_y + np.where(failed, 0.01, -0.05)  # poverty: the intervention lowers it outside the region
    statistic = "poverty_headcount__mean_last_12_months"
    base = write_design_sweep(tmp_path / "base.h5", X, base_y, statistic)
    treated = write_design_sweep(tmp_path / "treated.h5", X, with_y, statistic)
    found = asmsim_py.discover_sweep(treated, statistic, baseline=base)
    assert_planted_box(found)
    assert "not lower than the baseline" in found.condition
    # A threshold instead: poverty above 0.45 happens where c > 0.5 (outside the region: 0.35 + 0.1 c).
    by_threshold = asmsim_py.discover_sweep(base, statistic, threshold=0.45)
    assert by_threshold.boxes[0].limits.restricted.tolist() == [False, False, True]
    other = write_design_sweep(tmp_path / "other.h5", X.iloc[::-1].reset_index(drop=True), base_y, statistic)
    with pytest.raises(ValueError, match="not the same design"):
        asmsim_py.discover_sweep(treated, statistic, baseline=other)
    with pytest.raises(ValueError, match="needs baseline= .* or threshold="):
        asmsim_py.discover_sweep(treated, statistic)


def test_report_of_a_sweep_and_of_an_uncertainty_file_has_scenario_discovery(tmp_path):
    X, failed = planted()
    statistic = "poverty_headcount__mean_last_12_months"
    base_y = 0.4 + 0.1 * X.c.to_numpy()
    base = write_design_sweep(tmp_path / "base.h5", X, base_y, statistic)
    treated = write_design_sweep(tmp_path / "treated.h5", X, base_y + np.where(failed, 0.01, -0.05), statistic)
    html = asmsim_py.write_report(treated, tmp_path / "sweep", baseline=base).read_text()
    assert "<h2>Scenario discovery</h2>" in html and "base.h5 (same design and seed" in html
    assert "a &lt;= 0.2" in html and "b &gt;= 0.6" in html
    assert (tmp_path / "sweep" / "figures" / "discovery_1.png").is_file()
    boxes = pd.read_csv(tmp_path / "sweep" / "tables" / "discovery.csv")
    assert set(boxes.columns) >= {"statistic", "box", "parameter", "lower", "upper", "coverage", "density", "mass"}
    alone = asmsim_py.write_report(treated, tmp_path / "alone").read_text()
    assert "worse half of the points" in alone
    with pytest.raises(ValueError, match="--baseline is for sweep files"):
        asmsim_py.write_report(write_uncertainty(tmp_path / "u0.h5"), tmp_path / "x", baseline=base)

    path = write_uncertainty(tmp_path / "u.h5")
    html = asmsim_py.write_report(path, tmp_path / "uncertainty").read_text()
    for text in ("asmsim posterior comparison: crafted", "<h2>Effects under parameter uncertainty</h2>",
                 "<h2>Rank probabilities</h2>", "<h2>Sensitivity of the ranking to each parameter</h2>",
                 "<h2>Scenario discovery</h2>", "<h2>Provenance</h2>", "none: it never fails",
                 "fee_waiver", "a &lt;= 0.2"):
        assert text in html, text
    assert image_count(html) == 1  # the fee waiver's box; cash never fails


def test_without_scikit_learn_the_report_skips_discovery_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)  # import sklearn now raises ImportError
    monkeypatch.setitem(sys.modules, "sklearn.tree", None)
    X, failed = planted(50)
    with pytest.raises(ImportError, match="python3-sklearn"):
        asmsim_py.discover(X, failed)
    html = asmsim_py.write_report(write_uncertainty(tmp_path / "u.h5"), tmp_path / "r").read_text()
    assert "<h2>Scenario discovery</h2>" in html and "Skipped: scenario discovery needs scikit-learn" in html
    assert "<h2>Rank probabilities</h2>" in html and image_count(html) == 0


def test_discover_sweep_on_two_sweeps_made_by_asmsim(asmsim, tmp_path):
    """The shipped pair of discovery sweeps, made small: the failures discover_sweep counts are the
    points where the subsidy's formal share (read with h5py) is not above the baseline's."""
    files = {}
    for name in ("discovery_baseline", "discovery_licence_fee_subsidy"):
        text = (SCENARIOS / "sweeps" / f"{name}.toml").read_text()
        text = text.replace('"../', f'"{SCENARIOS}/').replace("samples = 300", "samples = 40")
        text = text.replace("simulation.households=150", "simulation.households=40")
        (tmp_path / f"{name}.toml").write_text(text)
        files[name] = tmp_path / f"{name}.h5"
        asmsim("sweep", tmp_path / f"{name}.toml", "-o", files[name], "-t", "2", "-q", expect=0)
    statistic = "formal_share__mean_last_12_months"
    found = asmsim_py.discover_sweep(files["discovery_licence_fee_subsidy"], statistic,
                                     baseline=files["discovery_baseline"])

    def means(path):
        with h5py.File(path, "r") as f:
            names = [s.decode() if isinstance(s, bytes) else s for s in f["results/statistic"][()]]
            return f["results/value"][()][:, :, names.index(statistic)].mean(axis=1)

    effect = means(files["discovery_licence_fee_subsidy"]) - means(files["discovery_baseline"])
    assert found.points == 40 and found.failed == int(np.sum(effect <= 0))
    np.testing.assert_array_equal(found.labels, effect <= 0)
    for box in found.boxes:
        inside = box.contains(found.X)
        assert box.failed == found.labels[inside].sum() and box.density >= 0.5
    # The binary passes --baseline to the report: discovery is then paired point by point.
    asmsim("report", files["discovery_licence_fee_subsidy"], "-o", tmp_path / "paired",
           "--baseline", files["discovery_baseline"], expect=0)
    html = (tmp_path / "paired" / "index.html").read_text()
    assert "<h2>Scenario discovery</h2>" in html and "discovery_baseline.h5 (same design and seed" in html
    asmsim("report", files["discovery_licence_fee_subsidy"], "-o", tmp_path / "missing",
           "--baseline", tmp_path / "no_such.h5", expect=2)


def test_pair_plot_shows_at_most_eight_parameters(calibration_file):
    cal = asmsim_py.open_calibration(calibration_file)
    with pytest.raises(ValueError, match="at most 8 parameters \\(9 given\\)"):
        asmsim_py.figures.pair_plot(cal, [cal.parameters[0]] * 9)
    fig = asmsim_py.figures.pair_plot(cal)
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 3  # 2 x 2, the upper triangle hidden
