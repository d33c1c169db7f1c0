"""The Julia example of docs/analysis.md runs as written (on a small run) and prints the mean that
Python computes. Julia is not packaged in Debian 12, so this runs only where `julia` with HDF5.jl
is on the PATH, and is skipped otherwise (docs/analysis.md says so)."""

import re
import shutil
import subprocess
import sys

import pytest

from conftest import BASELINE, REPO, SMALL

sys.path.insert(0, str(REPO / "analysis"))
import asmsim as analysis  # noqa: E402  (the name asmsim is conftest's CLI fixture)


def julia_example() -> str:
    text = (REPO / "docs" / "analysis.md").read_text()
    blocks = re.findall(r"```julia\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1, "docs/analysis.md should hold one Julia example"
    return blocks[0]


def test_docs_hold_one_julia_example_reading_the_formal_share():
    example = julia_example()
    assert 'h5open("results/baseline.h5"' in example and "timeseries/formal_share" in example


def has_hdf5_jl() -> bool:
    if shutil.which("julia") is None:
        return False
    return subprocess.run(["julia", "-e", "using HDF5"], capture_output=True).returncode == 0


@pytest.mark.skipif(not has_hdf5_jl(), reason="julia with HDF5.jl is not installed (not packaged in Debian 12)")
def test_julia_example_reads_a_run(asmsim, tmp_path):
    out = tmp_path / "baseline.h5"
    asmsim("run", BASELINE, "-o", out, "--replicates", 3, "-q", *SMALL, expect=0)
    script = tmp_path / "example.jl"
    script.write_text(julia_example().replace("results/baseline.h5", str(out)))
    done = subprocess.run(["julia", str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    meta = analysis.metadata(out)
    assert f"asmsim {meta['asmsim_version']} commit {meta['git_commit']}" in done.stdout
    values = analysis.last_months(analysis.open_run(out).formal_share).values
    match = re.search(r"formal share, last 12 months \(mean over replicates\): ([\d.]+)", done.stdout)
    assert match, done.stdout
    assert abs(float(match.group(1)) - values.mean()) < 6e-4
