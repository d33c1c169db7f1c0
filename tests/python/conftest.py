"""Shared fixtures for the asmsim end-to-end tests.

The binary comes from the ASMSIM_BIN environment variable (set by `make test`), else
<repo>/build/bin/asmsim. Every run has the repository root as its working directory, so
scenario paths such as "scenarios/baseline.toml" work as they do for a user.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import h5py
import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
BASELINE = SCENARIOS / "baseline.toml"
GOLD_REPLAY = SCENARIOS / "gold_replay_1999_2024.toml"

# Small runs keep the whole suite fast.
SMALL = ["--set", "simulation.households=200", "--set", "simulation.months=24"]

# A run that takes longer than this is broken (they take well under a second).
RUN_TIMEOUT_S = 120


@dataclass
class Result:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    def describe(self) -> str:
        return (f"command: {' '.join(self.args)}\nexit code: {self.returncode}\n"
                f"--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}")


@pytest.fixture(scope="session")
def asmsim_bin() -> Path:
    given = os.environ.get("ASMSIM_BIN")
    path = Path(given) if given else REPO / "build" / "bin" / "asmsim"
    if not path.is_file() or not os.access(path, os.X_OK):
        source = "ASMSIM_BIN" if given else "the default location"
        pytest.fail(f"asmsim binary not found at {path} (from {source}); build it with `make build` "
                    f"or point ASMSIM_BIN at it", pytrace=False)
    return path.resolve()


@pytest.fixture(scope="session")
def asmsim(asmsim_bin):
    """asmsim(*args, expect=None) runs the CLI from the repository root and returns a Result.

    With expect=<int>, asserts the exit code and shows the whole output when it differs.
    """

    def run(*args, expect: int | None = None) -> Result:
        argv = [str(asmsim_bin), *[str(a) for a in args]]
        proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        result = Result(argv, proc.returncode, proc.stdout, proc.stderr)
        if expect is not None:
            assert result.returncode == expect, f"expected exit code {expect}\n{result.describe()}"
        return result

    return run


def read_group(path: Path, group: str) -> dict[str, np.ndarray]:
    """Every dataset of an HDF5 group, by name."""
    with h5py.File(path, "r") as f:
        return {name: f[group][name][()] for name in f[group]}


def assert_groups_identical(a: Path, b: Path, group: str) -> None:
    """Same dataset names, dtypes, shapes and bit-identical values (NaN included)."""
    da, db = read_group(a, group), read_group(b, group)
    assert sorted(da) == sorted(db), f"/{group}: datasets differ"
    assert da, f"/{group} holds no datasets"
    for name in da:
        x, y = da[name], db[name]
        assert x.dtype == y.dtype and x.shape == y.shape, f"/{group}/{name}: {x.dtype}{x.shape} vs {y.dtype}{y.shape}"
        if x.dtype == object:  # variable-length strings: compare the text, not the pointers
            assert x.tolist() == y.tolist(), f"/{group}/{name} differs between {a.name} and {b.name}"
        else:
            assert x.tobytes() == y.tobytes(), f"/{group}/{name} differs between {a.name} and {b.name}"


def partial_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if ".partial-" in p.name)


def sigkill_when(proc: subprocess.Popen, ready, what: str, timeout_s: float = 60) -> None:
    """Sends SIGKILL to `proc` as soon as `ready()` is true (polled every 2 ms), as kill -9 from
    outside would; skips the test when the process finished first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and proc.poll() is None and not ready():
        time.sleep(0.002)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    if not killed:
        pytest.skip(f"the {what} finished before it could be killed")
    assert proc.returncode == -signal.SIGKILL
