"""Sweep and shard files that are valid HDF5 but inconsistent (issue 18.4): hand-edited, damaged or
from another version. Each crafted variant of a small valid sweep or shard is given to `asmsim
analyze` or `asmsim merge`, which must stop with exit 2 (bad input: README's exit-code policy) and
'FILE: ...' naming the file and the dataset or attribute, without a crash, a sanitizer report or
an output left behind. Under AddressSanitizer 18 of 38 such files overflowed before these checks.

Run against a sanitizer build with ASMSIM_BIN=build-asan/bin/asmsim ASAN_OPTIONS=detect_leaks=0.

Run and comparison files, read only by the Python package, get the same treatment at the end: each
finding of tests/fuzz/fuzz_results_h5.py as a crafted case for `asmsim report` and the readers
(exit 1 for contents that contradict the file's own sizes, 2 for the wrong kind or version), and a
short fixed-seed pass of that fuzzer.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest

from conftest import REPO, SCENARIOS, partial_files

STR = h5py.string_dtype()


def tiny_sweep(folder: Path, design: str, name: str) -> Path:
    """A G-function sweep over three parameters: a few dozen points, run in well under a second."""
    path = folder / f"{name}.toml"
    path.write_text(f"""
name = "{name}"
seed = 3

[model]
kind = "gfunction"
a = [0, 1, 9]

[design]
{design}

[[parameters]]
name = "x1"
min = 0
max = 1

[[parameters]]
name = "x2"
min = 0
max = 1

[[parameters]]
name = "x3"
min = 0
max = 1
""")
    return path


SOBOL = 'kind = "sobol"\nsamples = 4\nrandomisations = 2'  # 4 x 2 x (3 + 2) = 40 points
MORRIS = 'kind = "morris"\ntrajectories = 4\nlevels = 4'   # 4 x (3 + 1) = 16 points
POINTS = {"sobol": 40, "morris": 16}


@pytest.fixture(scope="module")
def valid(asmsim, tmp_path_factory):
    """Valid files: a Sobol' and a Morris sweep, and the two shards of the Sobol' sweep."""
    folder = tmp_path_factory.mktemp("valid")
    sobol, morris = tiny_sweep(folder, SOBOL, "sobol"), tiny_sweep(folder, MORRIS, "morris")
    asmsim("sweep", sobol, "-o", folder / "sobol.h5", "-q", expect=0)
    asmsim("sweep", morris, "-o", folder / "morris.h5", "-q", expect=0)
    for i in range(2):
        asmsim("sweep", sobol, "-o", folder / f"shard{i}.h5", "--shard", f"{i}/2", "-q", expect=0)
    return folder


# --- the edits: each takes an open h5py.File and makes it inconsistent ----------------------

def replace(f, name, data, dtype=None):
    del f[name]
    f.create_dataset(name, data=data, dtype=dtype)


def shorten(name, by=1):
    def edit(f):
        data = f[name][()]
        replace(f, name, data[:len(data) - by], f[name].dtype)
    return edit


def set_values(name, values: dict):
    def edit(f):
        data = f[name][()]
        for index, value in values.items():
            data[index] = value
        f[name][...] = data
    return edit


def set_attr(obj, attr, value, dtype=None):
    def edit(f):
        if dtype is None:
            f[obj].attrs[attr] = value
        else:
            f[obj].attrs.create(attr, value, dtype=dtype)
    return edit


def delete(name):
    def edit(f):
        del f[name]
    return edit


def delete_attr(obj, attr):
    def edit(f):
        del f[obj].attrs[attr]
    return edit


def to_rank(name, rank):
    """The dataset as `rank` dimensions (rank 1: its values in one row; more: padded with axes of 2)."""
    def edit(f):
        data = f[name][()]
        dtype = f[name].dtype
        shaped = np.stack([data, data], axis=-1) if rank == data.ndim + 1 else data
        while shaped.ndim < rank:
            shaped = np.stack([shaped, shaped], axis=-1)
        replace(f, name, shaped, dtype)
    return edit


def as_floats(name):
    def edit(f):
        replace(f, name, f[name][()].astype(np.float64) + 0.5)
    return edit


# Each case: (file edited, the edit, what the message must contain besides the file's path).
ANALYZE = {
    "parameter_names_short": ("sobol", shorten("design/parameter"), "/design/parameter has 2 entries, expected 3"),
    "statistic_names_short": ("sobol", shorten("results/statistic"), "/results/statistic has 0 entries, expected 1"),
    "statistic_units_short": ("sobol", shorten("results/statistic_units"), "/results/statistic_units has 0 entries, expected 1"),
    "status_short": ("sobol", shorten("results/status"), "/results/status has 39 entries, expected 40"),
    "status_value": ("sobol", set_values("results/status", {5: 7}), "/results/status holds 7"),
    "value_short": ("sobol", shorten("results/value"), "/results/value has shape 39 x 1 x 1, expected 40 x 1 x 1"),
    "unit_sample_short": ("sobol", shorten("design/unit_sample"), "/design/unit_sample has 39 points, expected 40 (/metadata@points)"),
    "unit_sample_and_points_short": ("sobol", lambda f: [e(f) for e in (shorten("design/unit_sample"), delete_attr("metadata", "points"))],
                                     "/results/value has shape 40 x 1 x 1, expected 39 x 1 x 1"),
    "points_attribute": ("sobol", set_attr("metadata", "points", 41, "int64"), "/design/unit_sample has 40 points, expected 41"),
    "changed_short": ("morris", shorten("design/changed_parameter"), "/design/changed_parameter has 15 entries, expected 16"),
    "changed_too_large": ("morris", set_values("design/changed_parameter", {1: 3}), "/design/changed_parameter holds 3"),
    "changed_huge": ("morris", set_values("design/changed_parameter", {2: 2**31 - 1}), "/design/changed_parameter holds 2147483647"),
    "changed_negative": ("morris", set_values("design/changed_parameter", {1: -5}), "/design/changed_parameter holds -5"),
    "changed_missing_at_step": ("morris", set_values("design/changed_parameter", {1: -1}),
                                "/design/changed_parameter of point 1 is -1, expected a parameter index"),
    "changed_at_start": ("morris", set_values("design/changed_parameter", {4: 0}),
                         "/design/changed_parameter of point 4 is 0, expected -1"),
    "changed_floats": ("morris", as_floats("design/changed_parameter"), "/design/changed_parameter is not integers"),
    "morris_points": ("morris", lambda f: [edit(f) for edit in (
        shorten("design/unit_sample"), shorten("results/value"), shorten("results/status"), shorten("design/changed_parameter"),
        delete_attr("metadata", "points"))], "/design/unit_sample has 15 points, expected a multiple of 4"),
    "sobol_base_samples": ("sobol", set_attr("design", "base_samples", 5, "int64"),
                           "/design/unit_sample has 40 points, expected 50 (base_samples 5"),
    "sobol_second_order": ("sobol", set_attr("design", "second_order", 1, "int64"),
                           "/design/unit_sample has 40 points, expected 64"),
    "sobol_second_order_flag": ("sobol", set_attr("design", "second_order", 7, "int64"), "/design@second_order is 7, expected from 0 to 1"),
    "sobol_randomisations": ("sobol", set_attr("design", "randomisations", 3, "int64"), "expected 60"),
    "sobol_randomisations_zero": ("sobol", set_attr("design", "randomisations", 0, "int64"), "/design@randomisations is 0, expected from 1 to"),
    "base_samples_text": ("sobol", set_attr("design", "base_samples", "four", STR), "/design@base_samples is not one integer"),
    "base_samples_list": ("sobol", set_attr("design", "base_samples", [4, 4, 4, 4], "int64"), "/design@base_samples is not one integer"),
    "design_kind_list": ("sobol", set_attr("design", "kind", ["sobol", "morris"], STR), "/design@kind is not one text"),
    "design_kind_unknown": ("sobol", set_attr("design", "kind", "banana", STR), "/design@kind is 'banana'"),
    "text_2d": ("sobol", to_rank("design/parameter", 2), "/design/parameter has 2 dimensions, expected 1"),
    "text_rank5": ("sobol", to_rank("results/statistic_units", 5), "/results/statistic_units has 5 dimensions, expected 1"),
    "value_rank5": ("sobol", to_rank("results/value", 5), "/results/value has 5 dimensions, expected 3"),
    "unit_sample_rank5": ("sobol", to_rank("design/unit_sample", 5), "/design/unit_sample has 5 dimensions, expected 2"),
    "status_2d": ("sobol", to_rank("results/status", 2), "/results/status has 2 dimensions, expected 1"),
    "names_not_text": ("sobol", lambda f: replace(f, "design/parameter", [1, 2, 3]), "/design/parameter is not text"),
    "missing_status": ("sobol", delete("results/status"), "has no dataset /results/status"),
    "missing_design": ("sobol", delete("design"), "has no dataset /design/unit_sample"),
    "missing_attribute": ("sobol", delete_attr("design", "base_samples"), "has no attribute /design@base_samples"),
    "wrong_kind": ("sobol", set_attr("metadata", "file_kind", "run", STR), "an asmsim file, but not a sweep file (a run file)"),
    "unknown_kind": ("sobol", set_attr("metadata", "file_kind", "calibration?", STR), "not an asmsim file (/metadata@file_kind is 'calibration?'"),
    "newer_version": ("sobol", set_attr("metadata", "format_version", 99, "int64"), "written by a newer asmsim (file format version 99"),
    "version_text": ("sobol", set_attr("metadata", "format_version", "1", STR), "/metadata@format_version is not one integer"),
}

MERGE = {
    "shard_index_too_large": (1, set_attr("metadata", "shard", "2/2", STR), "/metadata@shard is '2/2'"),
    "shard_index_negative": (1, set_attr("metadata", "shard", "-1/2", STR), "/metadata@shard is '-1/2'"),
    "shard_count_differs": (1, set_attr("metadata", "shard", "1/3", STR), "is shard 1/3 but"),
    "shard_not_text": (1, set_attr("metadata", "shard", 1, "int64"), "/metadata@shard is not one text"),
    "fingerprint_list": (1, set_attr("metadata", "fingerprint", ["a", "b"], STR), "/metadata@fingerprint is not one text"),
    "fingerprint_differs": (1, set_attr("metadata", "fingerprint", "0123456789abcdef", STR), "belongs to a different sweep"),
    "error_short": (1, shorten("results/error"), "/results/error has 39 entries, expected 40"),
    "error_2d": (1, to_rank("results/error", 2), "/results/error has 2 dimensions, expected 1"),
    "status_short": (1, shorten("results/status"), "/results/status has 39 entries, expected 40"),
    "value_short": (1, shorten("results/value"), "/results/value has shape 39 x 1 x 1, expected 40 x 1 x 1"),
    "value_rank5": (1, to_rank("results/value", 5), "/results/value has 5 dimensions, expected 3"),
    "status_claims_other_shard": (1, set_values("results/status", {0: 0}),
                                  "/results/status of point 0 is 0, expected 2: not run by shard 1/2"),
    "status_drops_own_point": (1, set_values("results/status", {1: 2}), "/results/status of point 1 is 2, expected 0 or 1: shard 1/2"),
    "missing_error": (1, delete("results/error"), "has no dataset /results/error"),
    "wrong_kind": (1, set_attr("metadata", "file_kind", "comparison", STR), "an asmsim file, but not a sweep or a shard of one (a comparison file)"),
    "newer_version": (1, set_attr("metadata", "format_version", 2, "int64"), "written by a newer asmsim (file format version 2"),
    # The first shard's design is what the merged file copies.
    "first_parameter_names_short": (0, shorten("design/parameter"), "/design/parameter has 2 entries, expected 3"),
    "first_units_short": (0, shorten("results/statistic_units"), "/results/statistic_units has 0 entries, expected 1"),
    "first_base_samples": (0, set_attr("design", "base_samples", 3, "int64"), "expected 30"),
}


def craft(source: Path, target: Path, edit) -> Path:
    shutil.copy(source, target)
    with h5py.File(target, "r+") as f:
        edit(f)
    return target


# The wrong file for the command is bad input (exit 2); a file that contradicts its own sizes is a
# damaged results file (exit 1, issue 18.4). Neither may crash (a negative code).
WRONG_FILE = ("an asmsim file, but not", "not an asmsim file", "written by a newer asmsim", "given twice",
              "belongs to a different sweep", "is shard 1/3 but")


def assert_refused(result, path: Path, message: str, folder: Path) -> None:
    expected = 2 if any(sign in message for sign in WRONG_FILE) else 1
    assert result.returncode == expected, result.describe()
    assert f"{path}: " in result.stderr and message in result.stderr, f"expected '{path}: ... {message}'\n{result.describe()}"
    for sign in ("Traceback", "AddressSanitizer", "runtime error:", "HDF5: cannot", "HDF5-DIAG"):
        assert sign not in result.stderr, result.describe()
    assert partial_files(folder) == [], "a partial output was left behind"


def test_the_valid_files_are_accepted(asmsim, valid, tmp_path):
    """Without an edit every file is read: the refusals below come from the edits."""
    for name in ("sobol", "morris"):
        target = craft(valid / f"{name}.h5", tmp_path / f"{name}.h5", lambda f: None)
        asmsim("analyze", target, "--no-store", expect=0)
    asmsim("merge", valid / "shard0.h5", valid / "shard1.h5", "-o", tmp_path / "merged.h5", "-q", expect=0)
    with h5py.File(tmp_path / "merged.h5", "r") as f, h5py.File(valid / "sobol.h5", "r") as whole:
        assert f["metadata"].attrs["file_kind"] == "sweep" and f["metadata"].attrs["format_version"] == 1
        np.testing.assert_array_equal(f["results/value"][()], whole["results/value"][()])


@pytest.mark.parametrize("case", ANALYZE, ids=ANALYZE.keys())
def test_analyze_refuses_an_inconsistent_sweep(asmsim, valid, tmp_path, case):
    source, edit, message = ANALYZE[case]
    path = craft(valid / f"{source}.h5", tmp_path / f"{case}.h5", edit)
    before = path.read_bytes()
    assert_refused(asmsim("analyze", path), path, message, tmp_path)
    assert path.read_bytes() == before, "analyze changed the file it refused"


@pytest.mark.parametrize("case", MERGE, ids=MERGE.keys())
def test_merge_refuses_an_inconsistent_shard(asmsim, valid, tmp_path, case):
    which, edit, message = MERGE[case]
    shards = [valid / "shard0.h5", valid / "shard1.h5"]
    shards[which] = craft(shards[which], tmp_path / f"{case}.h5", edit)
    out = tmp_path / "out" / "merged.h5"
    assert_refused(asmsim("merge", *shards, "-o", out), shards[which], message, tmp_path)
    assert not out.exists() and not out.parent.exists(), "merge left an output behind"


@pytest.mark.parametrize("copy", [False, True], ids=["same_path", "copied_file"])
def test_merge_refuses_a_shard_given_twice(asmsim, valid, tmp_path, copy):
    twice = craft(valid / "shard0.h5", tmp_path / "again.h5", lambda f: None) if copy else valid / "shard0.h5"
    out = tmp_path / "out" / "merged.h5"
    assert_refused(asmsim("merge", valid / "shard0.h5", twice, valid / "shard1.h5", "-o", out), twice,
                   "shard 0/2 given twice", tmp_path)
    assert not out.exists()


def test_analyze_reads_a_file_without_kind_or_version(asmsim, valid, tmp_path):
    """Files written before /metadata@file_kind and @format_version existed are still read."""
    def strip(f):
        delete_attr("metadata", "file_kind")(f)
        delete_attr("metadata", "format_version")(f)
    path = craft(valid / "sobol.h5", tmp_path / "old.h5", strip)
    asmsim("analyze", path, "--no-store", expect=0)
    shard = craft(valid / "shard1.h5", tmp_path / "old_shard.h5", strip)
    asmsim("merge", valid / "shard0.h5", shard, "-o", tmp_path / "merged.h5", "-q", expect=0)


def test_run_and_comparison_files_say_their_kind(asmsim, tmp_path):
    run = tmp_path / "run.h5"
    asmsim("run", SCENARIOS / "baseline.toml", "-o", run, "-q", "-r", "1", "--set", "simulation.households=50",
           "--set", "simulation.months=3", expect=0)
    with h5py.File(run, "r") as f:
        assert f["metadata"].attrs["file_kind"] == "run" and f["metadata"].attrs["format_version"] == 1
    assert_refused(asmsim("analyze", run), run, "an asmsim file, but not a sweep file (a run file)", tmp_path)


def damage_first_chunk(source: Path, target: Path, dataset: str) -> Path:
    """A copy whose layout is intact but whose first compressed chunk of `dataset` is garbage."""
    shutil.copy(source, target)
    with h5py.File(target, "r") as f:
        chunk = f[dataset].id.get_chunk_info(0)
    data = bytearray(target.read_bytes())
    data[chunk.byte_offset:chunk.byte_offset + chunk.size] = b"\xa5" * chunk.size
    target.write_bytes(bytes(data))
    return target


def test_analyze_names_a_damaged_dataset(asmsim, valid, tmp_path):
    path = damage_first_chunk(valid / "sobol.h5", tmp_path / "damaged.h5", "results/value")
    assert_refused(asmsim("analyze", path), path, "/results/value cannot be read: truncated or damaged HDF5 file", tmp_path)


def test_merge_names_a_damaged_shard(asmsim, valid, tmp_path):
    shard = damage_first_chunk(valid / "shard1.h5", tmp_path / "damaged.h5", "results/status")
    out = tmp_path / "out" / "merged.h5"
    assert_refused(asmsim("merge", valid / "shard0.h5", shard, "-o", out), shard,
                   "/results/status cannot be read: truncated or damaged HDF5 file", tmp_path)
    assert not out.exists()


# --- run and comparison files: the Python readers and `asmsim report` (tests/fuzz/fuzz_results_h5.py) ---
# Each case is a finding of the mutation fuzzer (or a check added with its fixes): before the fixes
# the report ended in a traceback (or, for the dimension list, a segmentation fault in h5py).

sys.path.insert(0, str(REPO / "analysis"))
import asmsim as asmsim_py  # noqa: E402  (the fixture `asmsim` runs the binary)


@pytest.fixture(scope="module")
def results(asmsim_bin, tmp_path_factory):
    """The fuzzer's seed files: a run with a panel and a comparison of two scenarios, 2 replicates."""
    sys.path.insert(0, str(REPO / "tests" / "fuzz"))
    import fuzz_results_h5
    return fuzz_results_h5.make_seeds(asmsim_bin, tmp_path_factory.mktemp("results"))


def keep_dims(name, data_of):
    """Replaces dataset `name` by data_of(old values) of the same rank, its coordinates re-attached."""
    def edit(f):
        old = f[name]
        scales = [[s for s in old.dims[i].values()] for i in range(old.ndim)]
        data = data_of(old[()])
        del f[name]
        new = f.create_dataset(name, data=data)
        for axis, attached in enumerate(scales):
            for scale in attached:
                new.dims[axis].attach_scale(scale)
    return edit


RESULTS = {
    # (seed file, the edit, what the message must contain besides the file's path)
    "group_grouping_missing": ("comparison", delete("comparison/group_grouping"), "has no dataset /comparison/group_grouping"),
    "long_name_not_text": ("comparison", set_attr("timeseries/n_miners", "long_name", [-2, 1, 3], "int64"),
                           "/timeseries/n_miners@long_name is not one text"),
    "dimension_list_integer": ("comparison", set_attr("timeseries/mean_savings_usd_male_head", "DIMENSION_LIST", 1, "int64"),
                               "/timeseries/mean_savings_usd_male_head@DIMENSION_LIST is not one list of coordinates"),
    "no_coordinates": ("run", lambda f: replace(f, "timeseries/median_income_usd_per_capita",
                                                f["timeseries/median_income_usd_per_capita"][()]),
                       "/timeseries/median_income_usd_per_capita has no coordinate of /timeseries for dimension 0"),
    "variable_short": ("run", keep_dims("timeseries/gini_income", lambda v: v[:, :-1]),
                       "/timeseries/gini_income has shape 2 x 13, expected 2 x 14 (replicate, month)"),
    "units_short": ("comparison", keep_dims("comparison/outcome_units", lambda v: v[:-1]),
                    "/comparison/outcome_units has 8 entries, expected 9 (/comparison/outcome)"),
    "coordinate_2d": ("run", lambda f: [to_rank("timeseries/replicate", 2)(f), f["timeseries/replicate"].make_scale("replicate")],
                      "/timeseries/replicate has 2 dimensions, expected 1 (a coordinate)"),
    "variable_text": ("run", keep_dims("timeseries/gini_income", lambda v: v.astype(str).astype(object)),
                      "/timeseries/gini_income is not numbers"),
    "scenario_twice": ("comparison", set_values("timeseries/scenario", {1: "base"}), "/timeseries/scenario holds 'base' twice"),
    "reference_unknown": ("comparison", set_attr("metadata", "reference_scenario", "nowhere", STR),
                          "/metadata@reference_scenario is 'nowhere', not one of /timeseries/scenario"),
    "replicates_attribute": ("run", set_attr("metadata", "replicates", 3, "int64"),
                             "/timeseries/replicate has 2 entries, expected 3 (/metadata@replicates)"),
    "version_text": ("run", set_attr("metadata", "format_version", "1", STR), "/metadata@format_version is not one integer"),
    "newer_version": ("comparison", set_attr("metadata", "format_version", 99, "int64"),
                      "written by a newer asmsim (file format version 99; this asmsim reads up to 1)"),
    "unknown_kind": ("run", set_attr("metadata", "file_kind", "calibrated", STR),
                     "not an asmsim file (/metadata@file_kind is 'calibrated', expected run, comparison, sweep, "
                     "sweep_shard, calibration or uncertainty_comparison)"),
    "kind_not_text": ("run", set_attr("metadata", "file_kind", ["run", "run"], STR), "/metadata@file_kind is not one text"),
    "scenario_name_list": ("run", set_attr("metadata", "scenario_name", ["a", "b"], STR), "/metadata@scenario_name is not one text"),
}


@pytest.mark.parametrize("case", RESULTS, ids=RESULTS.keys())
def test_report_refuses_an_inconsistent_run_or_comparison(asmsim, results, tmp_path, case):
    source, edit, message = RESULTS[case]
    path = craft(results[source], tmp_path / f"{case}.h5", edit)
    out = tmp_path / "report"
    assert_refused(asmsim("report", path, "-o", out), path, message, tmp_path)
    assert not out.exists(), "report left a folder behind"
    # The readers say the same, with the package's own error (a ValueError naming the file).
    opener = asmsim_py.open_run if source == "run" else asmsim_py.open_experiment
    with pytest.raises(ValueError, match=re.escape(f"{path}: ")):
        opener(path)
        if source == "comparison":  # the report's other readers of a comparison
            asmsim_py.open_comparison(path)
            asmsim_py.open_group_effects(path)


def test_readers_name_the_wrong_kind_of_file(results):
    with pytest.raises(ValueError, match=re.escape(f"{results['comparison']}: an asmsim file, but not a run file (an experiment file)")):
        asmsim_py.open_households(results["comparison"])
    with pytest.raises(ValueError, match=re.escape(f"{results['run']}: an asmsim file, but not an experiment file (a run file)")):
        asmsim_py.open_comparison(results["run"])


def test_metadata_of_a_truncated_file_names_it(results, tmp_path):
    cut = tmp_path / "cut.h5"
    cut.write_bytes(results["run"].read_bytes()[:700_000])
    with pytest.raises(ValueError, match=re.escape(f"{cut}: truncated or damaged HDF5 file")):
        asmsim_py.metadata(cut)


def test_the_fuzzer_seed_files_are_reported(asmsim, results, tmp_path):
    for name, path in results.items():
        asmsim("report", path, "-o", tmp_path / name, expect=0)
        assert (tmp_path / name / "index.html").is_file()


def test_a_short_fixed_seed_fuzzing_pass_finds_nothing(results, tmp_path):
    """tests/fuzz/fuzz_results_h5.py with a fixed seed: the first 30 mutated run and comparison files
    given to every reader, inputs 0 and 20 also to the report; none may end in a finding. A fixed
    count, not a time budget, so that a slow or loaded machine runs the same inputs (about 2 minutes
    here; `make fuzz` runs the same fuzzer for longer, with other seeds)."""
    import fuzz_results_h5
    lines = []
    runs, findings = fuzz_results_h5.fuzz(results, seed=20261206, seconds=float("inf"), max_inputs=30, work=tmp_path,
                                          report_every=20, timeout=120, save=None, log=lines.append)
    assert runs == 30
    assert findings == [], "\n".join(lines)
