"""Inputs that are not asmsim results (issue 18.4): `analyze`, `merge` and `report` on a text file,
an empty file, a foreign HDF5 file, a truncated asmsim file and a directory each stop with a
message that names the file and says what is wrong, and `report` creates no folder."""

import h5py
import pytest

from conftest import BASELINE

BAD = {
    "text": ("text.h5", "not an HDF5 file"),
    "empty": ("empty.h5", "empty file, not an HDF5 file"),
    "foreign": ("foreign.h5", "not an asmsim file"),
    "truncated": ("truncated.h5", "truncated or damaged HDF5 file"),
    "directory": ("folder", "a directory"),
}


@pytest.fixture(scope="module")
def bad_files(asmsim, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("foreign")
    (tmp / "text.h5").write_text("these are not results\n")
    (tmp / "empty.h5").write_bytes(b"")
    with h5py.File(tmp / "foreign.h5", "w") as f:
        f["x"] = [1, 2, 3]
    run = tmp / "run.h5"
    asmsim("run", BASELINE, "-o", run, "-q", "--set", "simulation.households=50", "--set", "simulation.months=6",
           "-r", "1", expect=0)
    (tmp / "truncated.h5").write_bytes(run.read_bytes()[:3000])
    (tmp / "folder").mkdir()
    return tmp


@pytest.mark.parametrize("command", ["analyze", "merge", "report"])
@pytest.mark.parametrize("case", BAD, ids=BAD.keys())
def test_a_file_that_is_not_asmsim_results_is_named_and_refused(asmsim, bad_files, tmp_path, command, case):
    name, message = BAD[case]
    path = bad_files / name
    if command == "analyze":
        result = asmsim("analyze", path)
    elif command == "merge":
        result = asmsim("merge", path, path, "-o", tmp_path / "merged.h5")
    else:
        result = asmsim("report", path, "-o", tmp_path / "report")
    assert result.returncode == 2, result.describe()  # bad input (the exit-code policy: README)
    assert str(path) in result.stderr and message in result.stderr, result.describe()
    assert "HDF5: cannot" not in result.stderr, result.describe()
    assert list(tmp_path.iterdir()) == [], "an output (or an empty report folder) was left behind"


def test_merge_of_a_run_file_says_it_is_not_a_sweep(asmsim, bad_files, tmp_path):
    run = bad_files / "run.h5"
    result = asmsim("merge", run, run, "-o", tmp_path / "merged.h5")
    assert result.returncode == 2 and f"{run}: an asmsim file, but not a sweep or a shard" in result.stderr, result.describe()
