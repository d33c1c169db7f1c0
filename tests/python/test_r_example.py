"""The R example of docs/analysis.md runs as written (on a small run) and prints the numbers
Python computes. `make deps` installs R and hdf5r, so under `make test` and in CI (CI=true) a
missing R is a failure; run by hand without R, the test is skipped with the reason."""

import os
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from conftest import BASELINE, REPO, SMALL

sys.path.insert(0, str(REPO / "analysis"))
import asmsim as analysis  # noqa: E402  (the name asmsim is conftest's CLI fixture)


def r_example() -> str:
    text = (REPO / "docs" / "analysis.md").read_text()
    blocks = re.findall(r"```r\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1, "docs/analysis.md should hold one R example"
    return blocks[0]


def has_hdf5r() -> bool:
    if shutil.which("Rscript") is None:
        return False
    return subprocess.run(["Rscript", "-e", "library(hdf5r)"], capture_output=True).returncode == 0


def test_r_example_reads_a_run(asmsim, tmp_path):
    if not has_hdf5r():
        if os.environ.get("CI") or os.environ.get("ASMSIM_REQUIRE_R"):
            pytest.fail("Rscript with the hdf5r package is missing; `make deps` installs r-base-core and r-cran-hdf5r")
        pytest.skip("Rscript with the hdf5r package is not installed (`make deps` installs it)")
    out = tmp_path / "baseline.h5"
    asmsim("run", BASELINE, "-o", out, "--replicates", 3, "-q", *SMALL, expect=0)
    script = tmp_path / "example.R"
    script.write_text(r_example().replace("results/baseline.h5", str(out)))
    done = subprocess.run(["Rscript", str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    meta = analysis.metadata(out)
    assert f"asmsim {meta['asmsim_version']} commit {meta['git_commit']}" in done.stdout
    assert "units: 1" in done.stdout
    values = analysis.last_months(analysis.open_run(out).formal_share).values
    low, high = stats.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=stats.sem(values))
    match = re.search(r"formal share, last 12 months: (-?[\d.]+) \[(-?[\d.]+), (-?[\d.]+)\]", done.stdout)
    assert match, done.stdout
    assert np.allclose([float(g) for g in match.groups()], [values.mean(), low, high], atol=6e-4)
