"""A full disk (issue 18.1): run, compare and params on a small full filesystem exit 1 with a
message that names the output and says the disk is full, remove their partial files and keep an
existing output; a sweep keeps its journal so that it can be resumed. Needs root to mount a 512 kB
tmpfs (CI runs as root); skipped with a message otherwise."""

import os
import subprocess

import pytest

from conftest import BASELINE, SCENARIOS, partial_files

EXISTING = b"an earlier result\n"
BIG = ["--set", "simulation.households=5000", "-r", "2", "-q"]


@pytest.fixture
def full_disk(tmp_path):
    folder = tmp_path / "small_fs"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_run_and_compare_on_a_full_disk(asmsim, full_disk):
    out = full_disk / "run.h5"
    out.write_bytes(EXISTING)
    r = asmsim("run", BASELINE, "-o", out, "--overwrite", *BIG, expect=1)
    assert f"{out}: no space left on device" in r.stderr, r.describe()
    assert "Segmentation" not in r.stderr
    assert out.read_bytes() == EXISTING and partial_files(full_disk) == []
    experiment = full_disk.parent / "exp.toml"
    experiment.write_text(f'name = "x"\nscenarios = ["{BASELINE}", "{BASELINE}"]\n')
    r = asmsim("compare", experiment, "-o", full_disk / "cmp.h5", *BIG, expect=1)
    assert f"{full_disk / 'cmp.h5'}: no space left on device" in r.stderr, r.describe()
    assert partial_files(full_disk) == [] and not (full_disk / "cmp.h5").exists()


def test_params_and_sweep_on_a_full_disk(asmsim, full_disk):
    filler = full_disk / "filler"
    filler.write_bytes(b"\0" * (500 * 1024))  # leave almost nothing
    r = asmsim("params", "-o", full_disk / "params.txt", expect=1)
    assert f"{full_disk / 'params.txt'}: no space left on device (needed about" in r.stderr, r.describe()
    assert not (full_disk / "params.txt").exists() and partial_files(full_disk) == []
    r = asmsim("sweep", SCENARIOS / "sweeps" / "ishigami.toml", "-o", full_disk / "sw.h5", "-q", expect=1)
    assert f"{full_disk / 'sw.h5'}: no space left on device (needed about" in r.stderr, r.describe()
    assert not (full_disk / "sw.h5").exists() and partial_files(full_disk) == []


def test_report_on_a_full_disk_leaves_no_folder(asmsim, full_disk):
    run = full_disk.parent / "run.h5"
    asmsim("run", BASELINE, "-o", run, "-q", "-r", "2", "--set", "simulation.households=200",
           "--set", "simulation.months=24", expect=0)
    (full_disk / "filler").write_bytes(b"\0" * (480 * 1024))
    r = asmsim("report", run, "-o", full_disk / "report")
    assert r.returncode == 1, r.describe()
    assert not (full_disk / "report").exists()


def test_run_that_cannot_fit_is_refused_before_it_starts(asmsim, full_disk):
    out = full_disk / "big.h5"
    r = asmsim("run", BASELINE, "-o", out, "-q", "--set", "simulation.households=100000", expect=1)
    assert f"{out}: no space left on device (needed about" in r.stderr, r.describe()
    assert "MB free" in r.stderr or "kB free" in r.stderr
    assert not out.exists() and partial_files(full_disk) == []


def test_merge_and_analyze_on_a_full_disk_keep_existing_files(asmsim, full_disk):
    from test_sweep import small_livelihood_sweep
    sweep = small_livelihood_sweep(full_disk.parent)
    shards = [full_disk.parent / f"shard{i}.h5" for i in range(2)]
    for i, shard in enumerate(shards):
        asmsim("sweep", sweep, "-o", shard, "--shard", f"{i}/2", "-q", expect=0)
    (full_disk / "filler").write_bytes(b"\0" * (500 * 1024))
    merged = full_disk / "merged.h5"
    merged.write_bytes(EXISTING)
    r = asmsim("merge", *shards, "-o", merged, "--overwrite", "-q", expect=1)
    assert f"{merged}: no space left on device" in r.stderr, r.describe()
    assert merged.read_bytes() == EXISTING and partial_files(full_disk) == []
    # analyze rewrites a sweep file through a copy: on a full disk the file stays as it was.
    (full_disk / "filler").unlink()
    whole = full_disk / "whole.h5"
    asmsim("merge", *shards, "-o", whole, "-q", expect=0)
    before = whole.read_bytes()
    free = os.statvfs(full_disk).f_bavail * os.statvfs(full_disk).f_frsize
    (full_disk / "filler").write_bytes(b"\0" * max(0, free - 8192))
    r = asmsim("analyze", whole, expect=1)
    assert f"{whole}: no space left on device" in r.stderr, r.describe()
    assert whole.read_bytes() == before and partial_files(full_disk) == []


def test_sweep_that_fills_the_disk_while_assembling(asmsim, full_disk, tmp_path):
    """The estimate passes (a 42-point sweep needs a few kB of data) but the HDF5 file's own
    layout does not fit: the failure comes at the write, with the same message, and the journal
    stays so that --resume can finish once there is space."""
    sweep = tmp_path / "morris.toml"
    sweep.write_text((SCENARIOS / "sweeps" / "gfunction_morris.toml").read_text().replace(
        "trajectories = 100", "trajectories = 6"))
    free = os.statvfs(full_disk).f_bavail * os.statvfs(full_disk).f_frsize
    (full_disk / "filler").write_bytes(b"\0" * max(0, free - 12 * 1024))
    out = full_disk / "sw.h5"
    r = asmsim("sweep", sweep, "-o", out, "-q", expect=1)
    assert f"{out}: no space left on device" in r.stderr, r.describe()
    assert "Segmentation" not in r.stderr
    assert not out.exists() and partial_files(full_disk) == []
    assert (full_disk / "sw.h5.journal").exists()
    (full_disk / "filler").unlink()
    asmsim("sweep", sweep, "-o", out, "-q", "--resume", expect=0)
    assert out.exists() and not (full_disk / "sw.h5.journal").exists()
