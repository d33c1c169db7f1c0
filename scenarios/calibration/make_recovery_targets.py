#!/usr/bin/env python3
"""Writes recovery_targets.csv: the targets of recovery.toml simulated from known parameter values.

Runs the base scenario of recovery.toml at the true values with REPLICATES replicates (seed 99, not
the calibration's seed); each target's observed value is its mean over the replicates and its
uncertainty the standard deviation between replicates (the noise of one simulation, which is what
the calibration compares each proposal's single simulation with).

    ASMSIM_BIN=build/bin/asmsim python3 scenarios/calibration/make_recovery_targets.py
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent
TRUTH = {"production.gold.output_g_per_worker_day": 0.4, "production.digger_share": 0.45}
TARGETS = [  # name, output, statistic description
    ("gold_output", "production_gold_g"),
    ("gold_miners", "n_miners_gold"),
    ("gold_income_per_miner", "mining_income_usd_per_miner_gold"),
]
REPLICATES = 20


def main() -> int:
    asmsim = os.environ.get("ASMSIM_BIN", str(HERE.parents[1] / "build" / "bin" / "asmsim"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "truth.h5"
        args = [asmsim, "run", str(HERE.parent / "baseline.toml"), "-o", str(out), "-q", "--seed", "99",
                "-r", str(REPLICATES), "--set", "simulation.households=100", "--set", "simulation.months=24"]
        for key, value in TRUTH.items():
            args += ["--set", f"{key}={value}"]
        subprocess.run(args, check=True)
        with h5py.File(out, "r") as f:
            rows = []
            for name, output in TARGETS:
                per_replicate = f["timeseries"][output][()].mean(axis=1)  # mean over all months
                rows.append((name, output, float(per_replicate.mean()), float(per_replicate.std(ddof=1))))
    truth = ", ".join(f"{k} = {v}" for k, v in TRUTH.items())
    with open(HERE / "recovery_targets.csv", "w") as csv:
        csv.write(f"# Simulated by make_recovery_targets.py at {truth}\n")
        csv.write("# (seed 99, 20 replicates: observed = mean, uncertainty = sd between replicates)\n")
        csv.write("name,output,group,months,aggregation,observed,uncertainty,source\n")
        for name, output, mean, sd in rows:
            csv.write(f"{name},{output},,all,mean,{mean:.6g},{sd:.4g},\"simulated, make_recovery_targets.py\"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
